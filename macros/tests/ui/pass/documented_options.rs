// The options a page documents are methods of its call: `book-get.md` documents `$select`,
// `shelf-post-books.md` the `Prefer` header. The permissions table is data.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/shelf", endpoints = ["add_book", "get_book"] }
}

async fn read(shelves: &shelf::Graph) -> docspec_runtime::Result<shelf::Book> {
    shelves.get_book("oak-3", "b-0192").select(&["title", "pageCount"]).await
}

async fn add(shelves: &shelf::Graph, book: &shelf::Book) -> docspec_runtime::Result<shelf::Book> {
    shelves.add_book("oak-3", "brass-7", book).prefer("return=minimal").await
}

fn main() {
    use docspec_runtime::Operation;
    let _ = (read, add);
    let _: docspec_runtime::Permissions = shelf::ops::GetBook::PERMISSIONS;
}
