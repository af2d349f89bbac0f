//! Compile-time behaviour of `api!` as a user sees it: errors that point into the markdown,
//! and a selection that compiles to a typed function.

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[test]
fn ui() {
    // trybuild compiles the cases from a copy of this crate under target/; docs paths in the
    // cases stay relative to this crate (see the crate docs on `DOCSPEC_MANIFEST_DIR`).
    std::env::set_var("DOCSPEC_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    // trybuild builds its crate (and all its dependencies, for the host and the target) with
    // cargo's default dev profile, whose debug info no case reads: without it the test takes
    // a fifth less time, and 0.7 GB of disk instead of 1.8.
    std::env::set_var("CARGO_PROFILE_DEV_DEBUG", "false");
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
