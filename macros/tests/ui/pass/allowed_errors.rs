// `add book` has errors (a broken link, invalid example JSON) and is selected, with everything
// else; `allow_errors = true` builds what the pages still say, as for docs one cannot fix.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/several", allow_errors = true }
}

fn main() {
    let _ = shelf::Graph::get_book;
    let _ = shelf::Graph::add_book;
    let _ = shelf::Book::default();
}
