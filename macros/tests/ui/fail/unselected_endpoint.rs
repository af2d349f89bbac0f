// Only what is selected is generated: `add_book` is not.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/shelf", endpoints = ["get_book"] }
}

async fn add(client: &docspec_runtime::Client, book: &shelf::Book) {
    let _ = shelf::add_book(client, "oak-3", book).await;
}

fn main() {
    let _ = add;
}
