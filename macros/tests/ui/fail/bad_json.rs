// The request example of `add book` is not valid JSON: an error pointing at the line in the
// page, with no opt-in needed.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/bad_json" }
}

fn main() {}
