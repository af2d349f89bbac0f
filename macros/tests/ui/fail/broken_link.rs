// The request body links to a resource page that is not in the docs. Only the broken link is
// an error; that the type is then unknown is a warning, which does not show.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/broken_link" }
}

fn main() {}
