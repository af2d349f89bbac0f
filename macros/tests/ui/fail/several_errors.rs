// Every error is reported, each at its place in the pages, not only the first.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/several" }
}

fn main() {}
