//! The generated `contract` module (cargo feature `contract`): one dispatch arm per request
//! function, each taking the body the function takes, and the whole crate still compiling
//! warning-free with the feature on, for the odd shapes of the messy fixture (string and
//! collection bodies, unknown methods, repeated paths, awkward placeholder names).

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

fn generate(name: &str, crate_name: &str) -> std::collections::BTreeMap<String, String> {
    let opts = Options {
        crate_name: crate_name.to_string(),
        runtime_dep: RuntimeDep::Path(workspace().join("runtime").display().to_string()),
        ..Options::default()
    };
    emit::crate_files(&fixture(name), &opts).files
}

/// The text of the arm for `(page, index)`, up to the next arm, without whitespace (so
/// line breaks the formatter chooses do not matter).
fn arm(contract: &str, page: &str, index: usize) -> Option<String> {
    let start = contract.find(&format!("(\"{page}\", {index}usize) =>"))?;
    let rest = &contract[start..];
    let end = rest[1..].find("(\"").map_or(rest.len(), |e| e + 1);
    Some(rest[..end].split_whitespace().collect())
}

#[test]
fn one_arm_per_function_with_the_body_it_takes() {
    let files = generate("messy", "graph-messy-contract");
    let lib = &files["src/lib.rs"];
    assert!(
        lib.contains("#[cfg(feature = \"contract\")]\npub mod contract;"),
        "{lib}"
    );
    assert!(files["Cargo.toml"].contains("[features]\ncontract = []\n"));
    let contract = &files["src/contract.rs"];

    let string_body = arm(contract, "do_thing_b", 0).expect("string body arm");
    assert!(
        string_body.contains("letbody:::std::string::String"),
        "{string_body}"
    );
    assert!(
        string_body.contains("no_query(call)?"),
        "POST takes no query options"
    );
    let vec_body = arm(contract, "post_calls", 0).expect("collection body arm");
    assert!(vec_body.contains("letbody:::std::vec::Vec<"), "{vec_body}");
    // Every path of an endpoint has its arm, the third naming its one id.
    let third = arm(contract, "nodes", 2).expect("third path of nodes");
    assert!(third.contains("args::<1usize"), "{third}");
    assert!(
        third.contains("&call.query"),
        "GET passes the query options: {third}"
    );
    // `{}`, two `{id}`s and names that would shadow the dispatch's own all count.
    let odd = arm(contract, "odd_params", 0).expect("odd_params arm");
    assert!(odd.contains("args::<7usize"), "{odd}");
    // No function, no arm: MERGE is not generated, and a path-less page has no function.
    assert!(arm(contract, "merge", 0).is_none());
    assert!(arm(contract, "no_paths", 0).is_none());
    // Empty answers and accepted ones come back as they go on the wire.
    let delete = arm(contract, "no_response_delete", 0).expect("delete arm");
    assert!(
        delete.contains("Ok(::std::option::Option::None)"),
        "{delete}"
    );
    let calls = generate("calls", "graph-calls-contract");
    let answer = arm(&calls["src/contract.rs"], "call_answer", 0).expect("202 arm");
    assert!(answer.contains("Ok(accepted.body)"), "{answer}");
}

/// Unchanged files keep their mtime, so cargo's rebuild is incremental.
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn messy_crate_builds_without_warnings_with_the_contract_feature() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("emit_contract")
        .join("graph-messy-contract");
    for (path, text) in generate("messy", "graph-messy-contract") {
        let text = match path.as_str() {
            // Its own workspace: the folder sits inside this repository's target/.
            "Cargo.toml" => format!("{text}\n[workspace]\n"),
            "src/lib.rs" => text.replacen('\n', "\n#![deny(warnings)]\n", 1),
            _ => text,
        };
        write_if_changed(&dir.join(path), &text);
    }
    if !dir.join("Cargo.lock").exists() {
        std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    // emit_compile's target dir: same profile and dependencies, so they are built once.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("emit_compile_target");
    let out = Command::new(cargo)
        .args(["check", "--features", "contract", "--offline", "--quiet"])
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .current_dir(&dir)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo check --features contract failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
