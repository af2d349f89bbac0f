// One endpoint selected: its call and the types it returns are there.
mod shelf {
    docspec_macros::api! {
        docs = "tests/fixtures/shelf",
        endpoints = ["GET /shelves/{id}/books/{book-id}"],
    }
}

async fn read(client: docspec_runtime::Client) -> docspec_runtime::Result<shelf::Book> {
    let shelves = shelf::Graph::new(client);
    let options = docspec_runtime::QueryOptions::default().top(1);
    // Optional inputs are chained; `.await` sends, as `.send().await` does.
    shelves.get_book("oak-3", "b-0192").options(&options).await
}

fn main() {
    let book = shelf::Book {
        title: Some("A Field Guide to Lichens".to_string()),
        ..Default::default()
    };
    assert_eq!(book.page_count, None);
    let _ = read;
}
