//! The committed crate `tests/calls-2018/` (package `calls-2018-golden`, a workspace member)
//! is exactly what `docspec generate` writes for the calls-2018 corpus:
//!
//! ```text
//! docspec generate --docs ../shared/corpus/calls-2018 --out codegen/tests/calls-2018 \
//!     --crate-name calls-2018-golden --runtime ../../../runtime
//! ```
//!
//! The crate's `Cargo.toml` records those inputs (`[package.metadata.docspec]`), so
//! `docspec generate --out codegen/tests/calls-2018` alone does the same.
//!
//! Every file is a golden (`expectorate`, as all goldens of this crate: see
//! `support/golden.rs`), so any change to the emitter's output shows up here as a diff to
//! review. Accept it with
//! `EXPECTORATE=overwrite cargo test -p docspec-codegen --test it golden_calls_2018::` (or the
//! command above), which also removes generated sources the generator no longer writes.
//! Hand-written files next to the generated ones (`tests/`, `benches/`) are not the
//! generator's business and are left alone.

use crate::corpus;
use crate::golden;
use crate::scratch_crate;

use docspec_codegen::emit::{self, Options, Provenance, RuntimeDep};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the golden crate is committed.
const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/calls-2018");

/// What `docspec generate` with the arguments above produces, in memory.
fn generate(docs: &Path) -> BTreeMap<String, String> {
    let loaded = docspec_codegen::load(&[docs]);
    let api = loaded.api(None).expect("calls-2018 resolves to an API");
    let opts = Options {
        crate_name: "calls-2018-golden".to_string(),
        // Relative to the crate folder, as `--runtime ../../../runtime` writes it.
        runtime_dep: RuntimeDep::Path("../../../runtime".to_string()),
        command: "docspec generate".to_string(),
        // What the CLI records: the corpus folder as seen from the crate folder.
        provenance: Some(Provenance {
            docs: "../../../../shared/corpus/calls-2018".to_string(),
            ..Provenance::default()
        }),
        ..Options::default()
    };
    // `docspec generate` writes these files whatever the diagnostics (it exits 1 on errors,
    // such as the broken `chatinfo.md` link of calls-2018, after writing what it could).
    emit::crate_files(api, &opts).files
}

/// Generated `.rs` files under `src/` that the generator no longer produces (the files
/// `docspec check` reports as `extra`).
fn stale_sources(root: &Path, expected: &BTreeMap<String, String>) -> Vec<PathBuf> {
    let mut stale = Vec::new();
    let mut todo = vec![root.join("src")];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                todo.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(root)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let generated = std::fs::read_to_string(&path)
                .is_ok_and(|t| t.starts_with(&emit::header("docspec generate")));
            if rel.ends_with(".rs") && generated && !expected.contains_key(&rel) {
                stale.push(path);
            }
        }
    }
    stale.sort();
    stale
}

#[test]
fn committed_crate_is_what_docspec_generate_writes() {
    let Some(docs) = corpus::dir("calls-2018") else {
        return;
    };
    let expected = generate(&docs);
    for file in [
        "Cargo.toml",
        "rustfmt.toml",
        "src/lib.rs",
        "src/models.rs",
        "src/requests.rs",
    ] {
        assert!(
            expected.contains_key(file),
            "the generator no longer writes {file}"
        );
    }
    let root = Path::new(GOLDEN);
    let overwrite = golden::overwriting();
    // Every file is compared (or, with EXPECTORATE=overwrite, rewritten) before the test fails,
    // so one run shows every diff.
    let mut problems = Vec::new();
    for (rel, text) in &expected {
        let path = root.join(rel);
        if overwrite {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
        }
        let compared = std::panic::catch_unwind(|| expectorate::assert_contents(&path, text));
        if compared.is_err() {
            problems.push(format!("differs: {rel} (diff above)"));
        }
    }
    for path in stale_sources(root, &expected) {
        if overwrite {
            std::fs::remove_file(&path).unwrap();
            eprintln!("removed stale golden: {}", path.display());
        } else {
            problems.push(format!("extra: {}", path.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "the committed calls-2018 crate differs from the generator's output; review the \
         change, then rerun with EXPECTORATE=overwrite to accept it:\n{}",
        problems.join("\n")
    );
}

#[test]
fn generated_library_denies_warnings() {
    // The generated lib.rs leaves `#![deny(warnings)]` out, so that a lint a future compiler
    // adds cannot break users' builds. Warning-freedom is still a checked property: a copy of
    // the committed crate, with the attribute added, must build with every feature on.
    let golden = scratch_crate::read_tree(Path::new(GOLDEN));
    let lib = golden.get("src/lib.rs").expect("the golden has a lib.rs");
    assert!(
        !lib.lines().any(|l| l.trim().starts_with("#![deny(")),
        "generated src/lib.rs must not deny lints itself:\n{lib}"
    );
    let dir =
        scratch_crate::write_denying_warnings("golden_calls_2018", "calls-2018-golden", &golden);
    scratch_crate::cargo(&dir, &["check", "--all-features"]);
}

#[test]
fn docspec_check_agrees_that_the_committed_crate_is_up_to_date() {
    // The CLI and the library must not drift apart: `docspec check` run the way the module
    // docs say must accept what the test above accepts.
    let Some(docs) = corpus::dir("calls-2018") else {
        return;
    };
    if golden::overwriting() {
        eprintln!("notice: EXPECTORATE=overwrite; the golden is being rewritten, not checked");
        return;
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_docspec"))
        .arg("check")
        .arg("--docs")
        .arg(&docs)
        .args(["--out", "codegen/tests/calls-2018"])
        .args(["--crate-name", "calls-2018-golden"])
        .args(["--runtime", "../../../runtime"])
        .current_dir(workspace)
        .output()
        .expect("run docspec check");
    assert!(
        up_to_date(&out),
        "docspec check disagrees:\n{}",
        describe(&out)
    );
    // Without the flags, from what the crate's Cargo.toml records.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_docspec"))
        .args(["check", "--out", "codegen/tests/calls-2018"])
        .current_dir(workspace)
        .output()
        .expect("run docspec check");
    assert!(
        up_to_date(&out),
        "docspec check --out alone disagrees:\n{}",
        describe(&out)
    );
}

/// Whether `docspec check` found every file as generated. Judged from its report rather than
/// its exit status, which also fails on errors in the corpus's docs (a real broken link there
/// is not the golden's business).
fn up_to_date(out: &std::process::Output) -> bool {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    stdout.trim().is_empty()
        && stderr
            .lines()
            .any(|l| l == "codegen/tests/calls-2018 is up to date")
}

/// `docspec`'s output, with only the end of its (long, warning-laden) stderr.
fn describe(out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut tail: Vec<&str> = stderr.lines().rev().take(5).collect();
    tail.reverse();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        tail.join("\n")
    )
}
