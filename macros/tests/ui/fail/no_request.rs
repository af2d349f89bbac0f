// An API page without an `## HTTP request` section defines no endpoint.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/no_request", deny_warnings = true }
}

fn main() {}
