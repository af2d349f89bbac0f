// Only what is selected is generated: `add_book` is not.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/shelf", endpoints = ["get_book"] }
}

async fn add(shelves: &shelf::Graph, book: &shelf::Book) {
    let _ = shelves.add_book("oak-3", "brass-7", book).await;
}

fn main() {
    let _ = add;
}
