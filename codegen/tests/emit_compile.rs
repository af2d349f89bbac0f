//! The generated crate compiles warning-free (`#![deny(warnings)]`) against the real runtime,
//! a user's code type-checks against it, and its models round-trip JSON.
//!
//! Each fixture becomes a crate under `CARGO_TARGET_TMPDIR`, built with `--offline` into one
//! shared target dir there, so only the first run compiles the runtime's dependencies.

use docspec_codegen::emit::{self, Options, RuntimeDep};
use docspec_codegen::model::Api;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> Api {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

/// Writes the crate generated from `fixture` as package `crate_name`, with `usage` as its
/// integration test, and returns its folder.
fn write_crate(fixture_name: &str, crate_name: &str, usage: &str) -> PathBuf {
    let runtime = workspace().join("runtime");
    let opts = Options {
        crate_name: crate_name.to_string(),
        runtime_dep: RuntimeDep::Path(runtime.display().to_string()),
        ..Options::default()
    };
    let generated = emit::crate_files(&fixture(fixture_name), &opts);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("emit_compile")
        .join(crate_name);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    for (path, text) in &generated.files {
        let text = match path.as_str() {
            // Its own workspace: the folder sits inside this repository's target/.
            "Cargo.toml" => format!("{text}\n[workspace]\n"),
            "src/lib.rs" => text.replacen('\n', "\n#![deny(warnings)]\n", 1),
            _ => text.clone(),
        };
        write_if_changed(&dir.join(path), &text);
    }
    let usage_path = format!(
        "{}/tests/fixtures/usage/{usage}",
        env!("CARGO_MANIFEST_DIR")
    );
    let usage_text = std::fs::read_to_string(&usage_path).unwrap();
    write_if_changed(&dir.join("tests/usage.rs"), &usage_text);
    // Same versions as the workspace, so `--offline` finds everything in the local cache.
    if let Ok(lock) = std::fs::read_to_string(workspace().join("Cargo.lock")) {
        if !dir.join("Cargo.lock").exists() {
            write_if_changed(&dir.join("Cargo.lock"), &lock);
        }
    }
    dir
}

/// Unchanged files keep their mtime, so cargo's rebuild is incremental.
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap();
    }
}

fn cargo(dir: &Path, args: &[&str]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("emit_compile_target");
    let out = Command::new(cargo)
        .args(args)
        .args(["--offline", "--quiet"])
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .current_dir(dir)
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
