// A header the page marks required is an argument of the call: leaving it out does not
// compile (`Shelf-Key` of `POST /shelves/{id}/books`).
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/shelf", endpoints = ["add_book"] }
}

async fn add(shelves: &shelf::Graph, book: &shelf::Book) {
    let _ = shelves.add_book("oak-3", book).await;
}

fn main() {
    let _ = add;
}
