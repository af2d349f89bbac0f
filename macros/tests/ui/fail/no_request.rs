// A page whose front matter says it is an API page, without an `## HTTP request` section:
// it defines no endpoint, which is an error.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/no_request" }
}

fn main() {}
