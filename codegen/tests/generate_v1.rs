//! The whole Graph v1.0 reference (July 2021, ~3,900 API pages) through the real `docspec`
//! binary, then `cargo check` on the crate it writes: the generator must produce a client
//! that compiles for every page of the real docs, not just for the pages we picked.
//!
//! The crate and its target dir live under `CARGO_TARGET_TMPDIR`, so a rerun only recompiles
//! what changed (the dependencies are built once). Figures (size, generation time, check
//! time) are printed, never asserted.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

/// The v1.0 docs, or `None` (after a notice) when the corpus is absent and not required.
fn v1_docs() -> Option<PathBuf> {
    let dir = workspace().join("../shared/corpus/graph-2021-07/api-reference/v1.0");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("DOCSPEC_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!(
            "DOCSPEC_REQUIRE_CORPUS=1 but the corpus is not at {}",
            dir.display()
        );
    }
    eprintln!("notice: corpus not found at {}; skipping", dir.display());
    None
}

/// (files, lines) of the `.rs` files under `dir/src`.
fn size(dir: &Path) -> (usize, usize) {
    let mut files = 0;
    let mut lines = 0;
    let mut todo = vec![dir.join("src")];
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
    let Some(docs) = v1_docs() else {
        return;
    };
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generate_v1");
    let out = tmp.join("graph-v1");
    let runtime = workspace().join("runtime");

    let started = Instant::now();
    let generated = Command::new(env!("CARGO_BIN_EXE_docspec"))
        .arg("generate")
        .arg("--docs")
        .arg(&docs)
        .arg("--out")
        .arg(&out)
        .args(["--crate-name", "graph-v1"])
        .arg("--runtime")
        .arg(&runtime)
        .current_dir(workspace())
        .output()
        .expect("run docspec generate");
    let generation = started.elapsed();
    let stderr = String::from_utf8_lossy(&generated.stderr);
    // The real docs have a few broken pages (invalid example JSON, API pages without a
    // request): `generate` reports them and exits 1, but still writes the rest.
    let finished = match generated.status.code() {
        Some(0) => true,
        Some(1) => stderr.contains("in the docs; generated what could be generated"),
        _ => false,
    };
    assert!(
        finished && out.join("src/lib.rs").is_file(),
        "docspec generate failed on v1.0 ({}):\n{}",
        generated.status,
        tail(&stderr, 60)
    );

    // The folder sits inside this repository (target/tmp), so it must declare itself a
    // workspace root or cargo would look for it in ours.
    let manifest = out.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("generated Cargo.toml");
    if !text.contains("\n[workspace]") {
        text.push_str("\n[workspace]\n");
        std::fs::write(&manifest, text).expect("write Cargo.toml");
    }
    // The workspace's versions, so `--offline` finds everything in the local registry cache.
    if !out.join("Cargo.lock").exists() {
        std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock"))
            .expect("copy Cargo.lock");
    }

    let started = Instant::now();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let checked = Command::new(cargo)
        // Default features only: `--all-features` also checks the contract-test module, which
        // passes too but takes minutes more on every change of the emitter's output.
        .args(["check", "--offline", "--message-format", "short"])
        .env("CARGO_TARGET_DIR", tmp.join("target"))
        .env_remove("RUSTFLAGS")
        .current_dir(&out)
        .output()
        .expect("run cargo check");
    let check = started.elapsed();
    let diagnostics = String::from_utf8_lossy(&checked.stderr);
    let errors: Vec<&str> = diagnostics
        .lines()
        .filter(|l| l.contains("error") || l.contains("warning"))
        .take(40)
        .collect();
    assert!(
        checked.status.success(),
        "the generated v1.0 crate does not compile; first problems:\n{}",
        errors.join("\n")
    );

    let (files, lines) = size(&out);
    let warnings = diagnostics
        .lines()
        .filter(|l| l.contains(": warning"))
        .count();
    let notes = stderr.lines().filter(|l| l.starts_with("warning")).count();
    eprintln!(
        "v1.0: {files} files, {lines} lines; docspec generate {:.2?} ({notes} doc warnings); \
         cargo check {:.2?} ({warnings} compiler warnings)",
        generation, check
    );
}

/// The last `n` lines of `text`.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
