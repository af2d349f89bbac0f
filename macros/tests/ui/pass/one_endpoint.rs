// One endpoint selected: its typed function and the types it returns are there.
mod shelf {
    docspec_macros::api! {
        docs = "tests/fixtures/shelf",
        endpoints = ["GET /shelves/{id}/books/{book-id}"],
    }
}

async fn read(client: &docspec_runtime::Client) -> docspec_runtime::Result<shelf::Book> {
    let options = docspec_runtime::QueryOptions::default();
    shelf::get_book(client, "oak-3", "b-0192", &options).await
}

fn main() {
    let book = shelf::Book {
        title: Some("A Field Guide to Lichens".to_string()),
        ..Default::default()
    };
    assert_eq!(book.page_count, None);
    let _ = read;
}
