//! Goldens: committed files that a test's output must equal, on `expectorate`, the one
//! mechanism for every golden of this crate (the text goldens under `tests/snapshots/` and the
//! committed crate `tests/calls-2018/`).
//!
//! A test whose output differs fails with a diff of the golden against the output. Review the
//! change, then accept it by rerunning with `EXPECTORATE=overwrite`, e.g.
//! `EXPECTORATE=overwrite cargo test -p docspec-codegen --test it`, and commit the rewritten
//! files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Where the text goldens are: `tests/snapshots/<module>__<name>.<ext>`.
pub fn snapshot_path(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(file)
}

/// Fails the test with a diff unless `actual` is the content of `tests/snapshots/<file>`.
/// Trailing whitespace is not compared: the golden ends with exactly one newline.
#[track_caller]
pub fn assert_snapshot(file: &str, actual: &str) {
    let text = format!("{}\n", actual.trim_end());
    expectorate::assert_contents(snapshot_path(file), &text);
}

/// Whether this run accepts new output (`EXPECTORATE=overwrite`) rather than checking it.
pub fn overwriting() -> bool {
    std::env::var_os("EXPECTORATE").is_some_and(|v| v == "overwrite")
}
