// Misspelled argument names are reported on the name, with the ones that exist.
mod shelf {
    docspec_macros::api! { doc = "tests/fixtures/shelf" }
}

fn main() {}
