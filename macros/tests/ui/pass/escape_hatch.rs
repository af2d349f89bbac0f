// What the docs do not describe can still be sent: any query parameter or header, and query
// options, on any call.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/shelf", endpoints = ["add_book", "get_book"] }
}

async fn add(shelves: &shelf::Graph, book: &shelf::Book) -> docspec_runtime::Result<shelf::Book> {
    shelves
        .add_book("oak-3", "brass-7", book)
        .prefer("return=representation")
        .query_param("dryRun", "true")
        .header("X-Trace", "42")
        .options(&docspec_runtime::QueryOptions::default().param("$format", "json"))
        .send()
        .await
}

async fn read(shelves: &shelf::Graph) -> docspec_runtime::Result<shelf::Book> {
    shelves.get_book("oak-3", "b-0192").query_param("$select", "title").await
}

fn main() {
    let _ = (add, read);
}
