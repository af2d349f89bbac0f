//! The generated crate compiles warning-free (`#![deny(warnings)]`) against the real runtime,
//! a user's code type-checks against it, and its models round-trip JSON.
//!
//! Each fixture becomes a crate under `CARGO_TARGET_TMPDIR` (see `support/scratch_crate.rs`,
//! which adds the `#![deny(warnings)]` the generated `lib.rs` leaves out), built with
//! `--offline` into one shared target dir there.

use crate::scratch_crate::{cargo, write_denying_warnings, write_if_changed};
use docspec_codegen::emit::{self, Options};
use docspec_codegen::model::Api;
use std::path::PathBuf;

fn fixture(name: &str) -> Api {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Writes the crate generated from `fixture` as package `crate_name`, with `usage` as its
/// integration test, and returns its folder.
fn write_crate(fixture_name: &str, crate_name: &str, usage: &str) -> PathBuf {
    let opts = Options {
        crate_name: crate_name.to_string(),
        ..Options::default()
    };
    let generated = emit::crate_files(&fixture(fixture_name), &opts);
    let dir = write_denying_warnings("emit_compile", crate_name, &generated.files);
    let usage_path = format!(
        "{}/tests/fixtures/usage/{usage}",
        env!("CARGO_MANIFEST_DIR")
    );
    let usage_text = std::fs::read_to_string(&usage_path).unwrap();
    write_if_changed(&dir.join("tests/usage.rs"), &usage_text);
    dir
}

#[test]
fn calls_crate_builds_without_warnings_and_round_trips() {
    let dir = write_crate("calls", "graph-calls-fixture", "calls_usage.rs");
    cargo(&dir, &["test"]);
}

#[test]
fn messy_crate_still_builds_without_warnings() {
    let dir = write_crate("messy", "graph-messy-fixture", "messy_usage.rs");
    cargo(&dir, &["check", "--tests"]);
}
