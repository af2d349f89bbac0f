//! Building a generated crate the way a user's project would, outside this workspace, with
//! `#![deny(warnings)]` added: shared by the tests that check that generated code compiles
//! warning-free (`it/emit_compile.rs`, `it/emit_contract.rs`, `it/golden_calls_2018.rs`), and the
//! workspace root for the tests that build outside it (`corpus_v1/contract_v1.rs`,
//! `corpus_v1/features_v1.rs`).
//!
//! The generated `lib.rs` does not deny warnings itself (a future compiler lint would break
//! users' builds), so the tests add the attribute to their copy. Each crate gets its own folder
//! under `CARGO_TARGET_TMPDIR`, but every crate a test only checks (`cargo check`), in `it`
//! and in `corpus_v1`, checks into one target dir there ([`check_target`]), so the runtime's
//! dependencies are checked once for all of them. Within a binary those tests run on parallel
//! threads; cargo's lock on that target dir makes their checks take turns.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

/// Writes `files` (paths relative to the crate root, as `emit::crate_files` returns them) as a
/// standalone crate in `CARGO_TARGET_TMPDIR/<group>/<name>`, adjusted to build there: its own
/// `[workspace]`, the runtime depended on by the workspace's absolute path, and
/// `#![deny(warnings)]` at the top of `src/lib.rs` (and the same in each model crate under
/// `parts/`). Returns the crate folder.
pub fn write_denying_warnings(
    group: &str,
    name: &str,
    files: &BTreeMap<String, String>,
) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let runtime = workspace().join("runtime");
    for (path, text) in files {
        // The crate, and the model crates under `parts/` when the models were split.
        let text = match path.as_str() {
            // Its own workspace: the folder sits inside this repository's target/. The parts
            // sit inside the crate's folder, so they are members of it.
            "Cargo.toml" => format!("{}\n[workspace]\n", with_runtime_at(text, &runtime)),
            p if p.ends_with("/Cargo.toml") => with_runtime_at(text, &runtime),
            p if p == "src/lib.rs" || p.ends_with("/src/lib.rs") => {
                format!("#![deny(warnings)]\n{text}")
            }
            _ => text.clone(),
        };
        write_if_changed(&dir.join(path), &text);
    }
    // Same versions as the workspace, so `--offline` finds everything in the local cache.
    if !dir.join("Cargo.lock").exists() {
        if let Ok(lock) = std::fs::read_to_string(workspace().join("Cargo.lock")) {
            write_if_changed(&dir.join("Cargo.lock"), &lock);
        }
    }
    dir
}

/// `manifest` with its `docspec-runtime` dependency pointing at `runtime`.
fn with_runtime_at(manifest: &str, runtime: &Path) -> String {
    let path = runtime.display().to_string().replace('\\', "/");
    let mut found = false;
    let lines: Vec<String> = manifest
        .lines()
        .map(|line| {
            if line.starts_with("docspec-runtime =") {
                found = true;
                format!("docspec-runtime = {{ path = {path:?} }}")
            } else {
                line.to_string()
            }
        })
        .collect();
    assert!(found, "no docspec-runtime dependency in\n{manifest}");
    lines.join("\n") + "\n"
}

/// Every file under `root` (relative `/`-separated path -> text), leaving out build output and
/// lock files.
pub fn read_tree(root: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for path in entries.map(|e| e.expect("directory entry").path()) {
            let name = path.file_name().unwrap_or_default();
            if path.is_dir() {
                if name != "target" {
                    todo.push(path);
                }
                continue;
            }
            if name == "Cargo.lock" {
                continue;
            }
            let rel = path
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            files.insert(rel, text);
        }
    }
    files
}

/// Unchanged files keep their mtime, so cargo's rebuild is incremental.
pub fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A `cargo` command (the one running the tests) in `dir` with target dir `target`, the
/// caller's `RUSTFLAGS` left out, no incremental caches (each generated crate is built once
/// per generation, so they would only cost time: a fresh check of whole beta took 55 s with
/// them, 47 s without) and no debug info, which no test reads (a fresh `it` built 910 MB of
/// it).
pub fn cargo_command(dir: &Path, target: &Path) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    command
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .env_remove("RUSTFLAGS")
        .current_dir(dir);
    command
}

/// The one target dir of the generated crates the tests check (`cargo check`, with
/// [`cargo_command`]'s settings): `it`'s and `corpus_v1`'s, so whichever runs first checks the
/// runtime's dependencies (40 s on 2 cores) and the other finds them. Builds (`cargo build`)
/// make other artifacts and keep target dirs of their own.
pub fn check_target() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("check_target")
}

/// Runs `cargo ARGS --offline --quiet` in `dir` with [`check_target`], failing the test with
/// cargo's output when it fails.
pub fn cargo(dir: &Path, args: &[&str]) {
    let out = cargo_command(dir, &check_target())
        .args(args)
        .args(["--offline", "--quiet"])
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {args:?} failed in {}:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
