// `book-get.md` documents `$select` only: there is no typed `$filter` on its call (the generic
// `query_param` still sends one).
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/shelf", endpoints = ["get_book"] }
}

async fn read(shelves: &shelf::Graph) -> docspec_runtime::Result<shelf::Book> {
    shelves.get_book("oak-3", "b-0192").filter("pageCount gt 100").await
}

fn main() {
    let _ = read;
}
