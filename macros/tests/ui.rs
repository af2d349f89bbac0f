//! Compile-time behaviour of `api!` as a user sees it: errors that point into the markdown,
//! and a selection that compiles to a typed function.

#[test]
fn ui() {
    // trybuild compiles the cases from a copy of this crate under target/; docs paths in the
    // cases stay relative to this crate (see the crate docs on `DOCSPEC_MANIFEST_DIR`).
    std::env::set_var("DOCSPEC_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
