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
    write_crate_with(fixture_name, crate_name, usage, Options::default())
}

/// [`write_crate`] with `opts` (whose crate name is replaced). The usage test names the crate
/// `graph_calls_fixture`, rewritten to `crate_name`'s.
fn write_crate_with(fixture_name: &str, crate_name: &str, usage: &str, opts: Options) -> PathBuf {
    let opts = Options {
        crate_name: crate_name.to_string(),
        ..opts
    };
    let generated = emit::crate_files(&fixture(fixture_name), &opts);
    let dir = write_denying_warnings("emit_compile", crate_name, &generated.files);
    let usage_path = format!(
        "{}/tests/fixtures/usage/{usage}",
        env!("CARGO_MANIFEST_DIR")
    );
    let usage_text = std::fs::read_to_string(&usage_path)
        .unwrap()
        .replace("graph_calls_fixture", &crate_name.replace('-', "_"));
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

/// One endpoint selected, as the macro and the build script select: the crate compiles
/// warning-free without the types only navigation properties reach, and their JSON survives.
#[test]
fn selected_crate_keeps_unselected_navigation_properties_as_json() {
    let opts = Options {
        selection: Some(vec!["call_get".to_string()]),
        ..Options::default()
    };
    let dir = write_crate_with(
        "calls",
        "graph-calls-selected-fixture",
        "selected_usage.rs",
        opts,
    );
    cargo(&dir, &["test"]);
}

/// Models split into crates of their own (what whole beta gets so cargo builds it in
/// parallel): the same API at the same paths, so the same usage test passes unchanged.
#[test]
fn split_models_crate_keeps_the_api() {
    let opts = Options {
        model_crates: Some(3),
        ..Options::default()
    };
    let name = "graph-calls-split-fixture";
    let generated = emit::crate_files(
        &fixture("calls"),
        &Options {
            crate_name: name.into(),
            ..opts.clone()
        },
    );
    for k in 1..=3 {
        let part = format!("parts/models-{k}/src/lib.rs");
        assert!(generated.files.contains_key(&part), "no {part}");
        assert!(generated.files["Cargo.toml"].contains(&format!(
            "{name}-models-{k} = {{ path = \"parts/models-{k}\" }}"
        )));
    }
    assert!(generated.files["src/models.rs"].contains("pub use graph_calls_split_fixture_models_"));
    let dir = write_crate_with("calls", name, "calls_usage.rs", opts);
    cargo(&dir, &["test"]);
}
