//! `generated/` is what `docspec generate` makes of `docs/`, and `docspec check` notices when
//! it no longer is.
//!
//! Runs the built `docspec` binary the way CI and a contributor would: once on the real
//! workspace, and once on a copy whose docs are edited, to see check fail, name the stale
//! file, and pass again after `generate`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DOCSPEC: &str = env!("CARGO_BIN_EXE_docspec");

/// The workspace root: `docs/` and `generated/` live here.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| panic!("codegen/ has no parent folder"))
}

fn docspec(cwd: &Path, args: &[&str]) -> Output {
    Command::new(DOCSPEC)
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap_or_else(|e| panic!("cannot run docspec: {e}"))
}

fn describe(out: &Output) -> String {
    format!(
        "exit {}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Copies `from` into `to` recursively, leaving out build output.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("mkdir {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            if entry.file_name() != "target" {
                copy_tree(&path, &target);
            }
        } else {
            std::fs::copy(&path, &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", path.display()));
        }
    }
}

/// Copies what `generated/` is made from (`docs/`, the hand-written crate doc its
/// `Cargo.toml` records) and `generated/` itself into `root`, at the same relative places.
fn copy_inputs_and_crate(root: &Path) {
    let ws = workspace();
    copy_tree(&ws.join("docs"), &root.join("docs"));
    copy_tree(&ws.join("generated"), &root.join("generated"));
    std::fs::create_dir_all(root.join("examples")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    std::fs::copy(
        ws.join("examples/graph-calls.md"),
        root.join("examples/graph-calls.md"),
    )
    .unwrap_or_else(|e| panic!("copy examples/graph-calls.md: {e}"));
}

/// The arguments that point `check`/`generate` at the copy in the current folder. The
/// runtime path is the one the real `generate` derives for `generated/` (the workspace's
/// `runtime/` seen from it), so the copied `Cargo.toml` is not reported stale for living
/// outside a workspace.
const COPY_ARGS: [&str; 6] = [
    "--docs",
    "docs",
    "--out",
    "generated",
    "--runtime",
    "../runtime",
];

fn with_copy_args(command: &str) -> Vec<&str> {
    let mut args = vec![command];
    args.extend(COPY_ARGS);
    args
}

/// Appends `addition` to the description cell of the first row of the properties table of
/// the resource page `page`, returning the edited row.
fn edit_first_property(page: &Path, addition: &str) -> String {
    let text =
        std::fs::read_to_string(page).unwrap_or_else(|e| panic!("read {}: {e}", page.display()));
    let mut in_properties = false;
    let mut edited = None;
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with("## ") {
            in_properties = line.trim() == "## Properties";
        }
        let is_row = line.starts_with('|') && line.trim_end().ends_with('|');
        let is_header_or_rule = line.contains("---") || line.contains("| Property |");
        if in_properties && edited.is_none() && is_row && !is_header_or_rule {
            let body = line.trim_end().trim_end_matches('|').trim_end();
            let row = format!("{body} {addition} |");
            edited = Some(row.clone());
            lines.push(row);
        } else {
            lines.push(line.to_string());
        }
    }
    let edited = edited.unwrap_or_else(|| panic!("{} has no properties table row", page.display()));
    std::fs::write(page, lines.join("\n") + "\n")
        .unwrap_or_else(|e| panic!("write {}: {e}", page.display()));
    edited
}

#[test]
fn generated_crate_is_up_to_date_with_docs() {
    let out = docspec(&workspace(), &["check"]);
    assert!(
        out.status.success(),
        "generated/ is stale; run `cargo run -p docspec-codegen --bin docspec -- generate`\n{}",
        describe(&out)
    );
}

#[test]
fn check_names_the_stale_file_after_a_docs_edit_until_regenerated() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let root = tmp.path();
    copy_inputs_and_crate(root);

    let before = docspec(root, &with_copy_args("check"));
    assert!(
        before.status.success(),
        "the untouched copy should be up to date\n{}",
        describe(&before)
    );

    let addition = "Edited by the staleness test.";
    let row = edit_first_property(&root.join("docs/resources/participant.md"), addition);
    let stale = docspec(root, &with_copy_args("check"));
    let report = String::from_utf8_lossy(&stale.stdout).into_owned();
    assert!(
        !stale.status.success(),
        "check passed after editing `{row}`\n{}",
        describe(&stale)
    );
    assert!(
        report
            .lines()
            .any(|l| l == "stale: generated/src/models.rs"),
        "check should name generated/src/models.rs\n{}",
        describe(&stale)
    );
    assert!(
        !report.contains("Cargo.toml"),
        "only the models changed\n{}",
        describe(&stale)
    );

    let generate = docspec(root, &with_copy_args("generate"));
    assert!(generate.status.success(), "{}", describe(&generate));
    let models = std::fs::read_to_string(root.join("generated/src/models.rs"))
        .unwrap_or_else(|e| panic!("read models.rs: {e}"));
    assert!(
        models.contains(addition),
        "the regenerated models lack the edited description"
    );

    let after = docspec(root, &with_copy_args("check"));
    assert!(after.status.success(), "{}", describe(&after));
}

#[test]
fn hand_written_tests_in_the_generated_crate_are_not_reported() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let root = tmp.path();
    copy_inputs_and_crate(root);
    let tests = root.join("generated/tests");
    std::fs::create_dir_all(&tests).unwrap_or_else(|e| panic!("mkdir tests: {e}"));
    std::fs::write(tests.join("roundtrip.rs"), "#[test]\nfn t() {}\n")
        .unwrap_or_else(|e| panic!("write test: {e}"));

    let out = docspec(root, &with_copy_args("check"));
    assert!(out.status.success(), "{}", describe(&out));
    let generate = docspec(root, &with_copy_args("generate"));
    assert!(generate.status.success(), "{}", describe(&generate));
    assert!(
        tests.join("roundtrip.rs").exists(),
        "generate removed a hand-written test"
    );
}

#[test]
fn plain_generate_reproduces_the_crate_from_what_its_manifest_records() {
    // `generated/` was made with `--crate-doc ../examples/graph-calls.md`; its Cargo.toml
    // records that, so a contributor's bare `docspec generate` must give the same bytes, crate
    // docs included, rather than silently dropping them.
    let ws = workspace();
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let root = tmp.path();
    copy_inputs_and_crate(root);
    std::fs::write(root.join("Cargo.toml"), "[workspace]\n")
        .unwrap_or_else(|e| panic!("write Cargo.toml: {e}"));
    // The file that carries the crate doc has to be written again from the record.
    std::fs::remove_file(root.join("generated/src/lib.rs"))
        .unwrap_or_else(|e| panic!("remove lib.rs: {e}"));

    let generate = docspec(root, &["generate"]);
    assert!(generate.status.success(), "{}", describe(&generate));
    let names = [
        "Cargo.toml",
        "rustfmt.toml",
        "src/lib.rs",
        "src/models.rs",
        "src/requests.rs",
    ];
    for name in names {
        let committed = std::fs::read(ws.join("generated").join(name))
            .unwrap_or_else(|e| panic!("read generated/{name}: {e}"));
        let regenerated = std::fs::read(root.join("generated").join(name))
            .unwrap_or_else(|e| panic!("read regenerated {name}: {e}"));
        assert!(
            committed == regenerated,
            "plain `docspec generate` changed generated/{name}\n{}",
            describe(&generate)
        );
    }
    let lib = std::fs::read_to_string(root.join("generated/src/lib.rs"))
        .unwrap_or_else(|e| panic!("read lib.rs: {e}"));
    assert!(
        lib.contains(".create_participant(CreateParticipantPath::App { call_id }, &participant)"),
        "the crate doc from examples/graph-calls.md is missing:\n{lib}"
    );
    let check = docspec(root, &["check"]);
    assert!(check.status.success(), "{}", describe(&check));
}
