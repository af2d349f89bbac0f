// The request example of `add book` is not valid JSON. The parser reports it as a warning,
// which `deny_warnings` turns into an error pointing at the line in the page.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/bad_json", deny_warnings = true }
}

fn main() {}
