//! The whole Graph v1.0 reference (July 2021, ~3,900 API pages), and the whole beta reference
//! (~5,000 API pages, the version the create-participant page comes from), each through the
//! real `docspec` binary, then `cargo check` on the crate it writes, warning-free: the
//! generator must produce a client that compiles for every page of the real docs, not just
//! for the pages we picked.
//!
//! The crate and its target dir live under `CARGO_TARGET_TMPDIR`, so a rerun only recompiles
//! what changed (the dependencies are built once). Figures (size, generation time, check
//! time) are printed, never asserted.

use crate::v1;
use std::path::Path;
use std::time::Instant;

/// (files, lines) of the `.rs` files under `dir/src` and `dir/parts` (the model crates).
fn size(dir: &Path) -> (usize, usize) {
    let mut files = 0;
    let mut lines = 0;
    let mut todo = vec![dir.join("src"), dir.join("parts")];
    while let Some(d) = todo.pop() {
        for path in std::fs::read_dir(&d)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
        {
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files += 1;
                lines += std::fs::read_to_string(&path).map_or(0, |t| t.lines().count());
            }
        }
    }
    (files, lines)
}

#[test]
fn the_whole_v1_reference_generates_a_crate_that_compiles() {
    if let Some(docs) = v1::docs() {
        generates_a_crate_that_compiles(&docs, "v1.0", "generate_v1", "graph-v1");
    }
}

#[test]
fn the_whole_beta_reference_generates_a_crate_that_compiles() {
    if let Some(docs) = v1::beta_docs() {
        generates_a_crate_that_compiles(&docs, "beta", "generate_beta", "graph-beta");
    }
}

/// Generates `docs` into the crate `name` under the folder `dir` of `CARGO_TARGET_TMPDIR`, and
/// checks it: it compiles, with no warning.
fn generates_a_crate_that_compiles(docs: &Path, version: &str, dir: &str, name: &str) {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join(dir);
    let out = tmp.join(name);
    let (stderr, generation) = v1::generate(docs, &out);

    // The folder sits inside this repository (target/tmp), so it must declare itself a
    // workspace root or cargo would look for it in ours.
    let manifest = out.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("generated Cargo.toml");
    if !text.contains("\n[workspace]") {
        text.push_str("\n[workspace]\n");
        std::fs::write(&manifest, text).expect("write Cargo.toml");
    }
    v1::lock_like_workspace(&out);

    let started = Instant::now();
    // Default features only: `--all-features` also checks the contract-test module, which
    // passes too but takes minutes more on every change of the emitter's output.
    let checked = v1::cargo(
        &out,
        &tmp.join("target"),
        ["check", "--offline", "--message-format", "short"],
    );
    let check = started.elapsed();
    let diagnostics = String::from_utf8_lossy(&checked.stderr);
    let errors: Vec<&str> = diagnostics
        .lines()
        .filter(|l| l.contains("error") || l.contains("warning"))
        .take(40)
        .collect();
    assert!(
        checked.status.success(),
        "the generated {version} crate does not compile; first problems:\n{}",
        errors.join("\n")
    );

    let (files, lines) = size(&out);
    let warnings = diagnostics
        .lines()
        .filter(|l| l.contains(": warning"))
        .count();
    assert_eq!(
        warnings,
        0,
        "the generated {version} crate has compiler warnings:\n{}",
        errors.join("\n")
    );
    let notes = stderr.lines().filter(|l| l.starts_with("warning")).count();
    eprintln!(
        "{version}: {files} files, {lines} lines; docspec generate {:.2?} ({notes} doc warnings); \
         cargo check {:.2?} ({warnings} compiler warnings)",
        generation, check
    );
}
