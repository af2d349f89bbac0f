//! The whole Graph v1.0 reference (July 2021) through the real `docspec` binary: the steps
//! shared by `corpus_v1/contract_v1.rs` (the crate it writes builds warning-free and replays
//! the docs' examples) and `corpus_v1/features_v1.rs` (areas of it compile alone). Both build
//! what they generate as a workspace of its own under `CARGO_TARGET_TMPDIR`, in a target dir
//! that outlives the run, so a rerun only recompiles what changed.
//!
//! The including binary (`corpus_v1/main.rs`) declares `corpus` and `scratch_crate` (from this
//! folder) next to this module.

#![allow(dead_code)]

use crate::corpus;
use crate::scratch_crate::{self, workspace};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The v1.0 docs, or `None` (after a notice) when the corpus is absent and not required.
pub fn docs() -> Option<PathBuf> {
    corpus::dir("graph-2021-07/api-reference/v1.0")
}

/// The beta docs (the seed's own version, about twice v1.0), or `None` as for [`docs`].
pub fn beta_docs() -> Option<PathBuf> {
    corpus::dir("graph-2021-07/api-reference/beta")
}

/// Runs `docspec generate` on `docs` into `out` (on the workspace's runtime; the crate is
/// named after the folder, `graph-v1`), failing the test unless it wrote the crate. Returns
/// generate's stderr (its diagnostics) and how long it took.
pub fn generate(docs: &Path, out: &Path) -> (String, Duration) {
    generate_with(docs, out, &[])
}

/// [`generate`] with `extra` arguments (`--features-by-area`).
pub fn generate_with(docs: &Path, out: &Path, extra: &[&str]) -> (String, Duration) {
    let name = out
        .file_name()
        .and_then(OsStr::to_str)
        .expect("the crate's folder has a name");
    let started = Instant::now();
    let generated = Command::new(env!("CARGO_BIN_EXE_docspec"))
        .arg("generate")
        .args(extra)
        .arg("--docs")
        .arg(docs)
        .arg("--out")
        .arg(out)
        .args(["--crate-name", name])
        .arg("--runtime")
        .arg(workspace().join("runtime"))
        .current_dir(workspace())
        .output()
        .expect("run docspec generate");
    let generation = started.elapsed();
    let stderr = String::from_utf8_lossy(&generated.stderr).into_owned();
    // The real docs have a few broken pages (invalid example JSON, API pages without a
    // request): `generate` reports them and exits 1, but still writes the rest.
    let finished = match generated.status.code() {
        Some(0) => true,
        Some(1) => stderr.contains("in the docs; generated what could be generated"),
        _ => false,
    };
    assert!(
        finished && out.join("src/lib.rs").is_file(),
        "docspec generate failed on {} ({}):\n{}",
        docs.display(),
        generated.status,
        tail(&stderr, 60)
    );
    (stderr, generation)
}

/// Gives `dir` the workspace's `Cargo.lock` unless it has one: the same versions, so
/// `--offline` finds everything in the local registry cache.
pub fn lock_like_workspace(dir: &Path) {
    if !dir.join("Cargo.lock").exists() {
        std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock"))
            .expect("copy Cargo.lock");
    }
}

/// Runs `cargo ARGS` in `dir` with target dir `target` (see
/// [`scratch_crate::cargo_command`]); its output.
pub fn cargo(
    dir: &Path,
    target: &Path,
    args: impl IntoIterator<Item = impl AsRef<OsStr>>,
) -> Output {
    scratch_crate::cargo_command(dir, target)
        .args(args)
        .output()
        .expect("run cargo")
}

/// (files, lines) of the `.rs` files under `dir/src` and `dir/parts` (the model crates).
pub fn size(dir: &Path) -> (usize, usize) {
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

/// The compiler's errors and warnings in the stderr of `cargo --message-format short` (its
/// `file:line:col: error...` and `...: warning...` lines), in order.
pub fn compiler_problems(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": error") || l.contains(": warning"))
        .collect()
}

/// The last `n` lines of `text`.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
