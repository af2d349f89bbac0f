// The docs folder is not there.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/no-such-folder" }
}

fn main() {}
