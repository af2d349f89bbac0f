// The body is an argument of the call: a request cannot be built without it.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/shelf", endpoints = ["add_book"] }
}

async fn add(shelves: &shelf::Graph) {
    let _ = shelves.add_book("oak-3", "brass-7").await;
}

fn main() {
    let _ = add;
}
