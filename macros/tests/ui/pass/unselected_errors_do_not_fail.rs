// `add book` has errors (a broken link, invalid example JSON), but only `get book` is
// selected: its page and the types it reaches are fine, so the build goes on.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/several", endpoints = ["get_book"] }
}

fn main() {
    let _ = shelf::Graph::get_book;
    let _ = shelf::Book::default();
}
