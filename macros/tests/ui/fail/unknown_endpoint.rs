// Selections that match nothing, each reported on its own entry with the closest names.
mod shelf {
    docspec_macros::api! {
        docs = "tests/fixtures/shelf",
        endpoints = ["add_bok", "get_book", "DELETE /shelves/{id}/books/{book-id}"],
    }
}

fn main() {}
