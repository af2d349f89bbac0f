//! Compile-time errors of `api!` as a user sees them, pointing into the markdown: trybuild
//! goldens. Selections that compile are `api.rs`'s, compiled with the workspace's tests: with
//! only cases that fail, trybuild checks its crates rather than building and linking them.

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[test]
fn ui() {
    // trybuild compiles the cases from a copy of this crate under target/; docs paths in the
    // cases stay relative to this crate (see the crate docs on `DOCSPEC_MANIFEST_DIR`).
    std::env::set_var("DOCSPEC_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    // trybuild checks its crate (and all its dependencies, for the host and the target) with
    // cargo's default dev profile, whose debug info no case reads (the proc macro and what it
    // runs on are built): without it the test took a fifth less time, and 0.7 GB of disk
    // instead of 1.8.
    std::env::set_var("CARGO_PROFILE_DEV_DEBUG", "false");
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
}
