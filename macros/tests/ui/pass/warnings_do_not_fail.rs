// The same broken example as `fail/bad_json.rs`: only a warning, so the build goes on.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/bad_json", endpoints = ["add_book"] }
}

fn main() {
    let _ = shelf::add_book;
}
