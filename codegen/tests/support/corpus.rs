//! Where the read-only Graph corpus is, and what to do when it is not there: shared by every
//! test, benchmark and example of this crate that reads it.
//!
//! The corpus sits next to the workspace (`../shared/corpus` from its root) and is not part of
//! the project, so a checkout without it still passes: the reader prints a notice and skips.
//! With `DOCSPEC_REQUIRE_CORPUS=1` (CI, where it must be there) skipping would hide a missing
//! corpus behind green tests, so the reader fails instead.

#![allow(dead_code)]

use std::path::PathBuf;

/// Where the corpus is expected, whether or not it is there.
pub fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus"))
}

/// Whether the corpus must be there (`DOCSPEC_REQUIRE_CORPUS=1`).
pub fn required() -> bool {
    std::env::var("DOCSPEC_REQUIRE_CORPUS").as_deref() == Ok("1")
}

/// The folder `rel` of the corpus (`""` for the corpus itself) when it is there, else `Err`
/// with where it was looked for.
fn find(rel: &str) -> Result<PathBuf, PathBuf> {
    let dir = if rel.is_empty() {
        root()
    } else {
        root().join(rel)
    };
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(dir)
    }
}

/// For tests: the folder `rel` of the corpus (`""` for the corpus itself), or `None` after a
/// notice when it is absent. Fails the test when the corpus is required.
pub fn dir(rel: &str) -> Option<PathBuf> {
    match find(rel) {
        Ok(dir) => Some(dir),
        Err(dir) if required() => panic!(
            "DOCSPEC_REQUIRE_CORPUS=1 but the corpus is not at {}",
            dir.display()
        ),
        Err(dir) => {
            eprintln!("notice: corpus not found at {}; skipping", dir.display());
            None
        }
    }
}

/// For benchmarks (a `main` whose panics read as a crash): as [`dir`], but a required corpus
/// that is absent ends the process with status 1 and a message instead of a panic.
pub fn dir_or_exit(rel: &str) -> Option<PathBuf> {
    match find(rel) {
        Ok(dir) => Some(dir),
        Err(dir) if required() => {
            eprintln!(
                "error: DOCSPEC_REQUIRE_CORPUS=1 but the corpus is not at {}",
                dir.display()
            );
            std::process::exit(1);
        }
        Err(dir) => {
            eprintln!(
                "notice: corpus not found at {}; nothing to measure",
                dir.display()
            );
            None
        }
    }
}
