// The request body links to a resource page that is not in the docs.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/broken_link", deny_warnings = true }
}

fn main() {}
