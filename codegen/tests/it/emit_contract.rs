//! The generated `contract` module (cargo feature `contract`): one dispatch arm per request
//! function, each taking the body the function takes, and the whole crate still compiling
//! warning-free with the feature on, for the odd shapes of the messy fixture (string and
//! collection bodies, unknown methods, repeated paths, awkward placeholder names).

use crate::fixtures::fixture;
use crate::scratch_crate::{self, workspace};
use docspec_codegen::emit::{self, Options, RuntimeDep};

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
    let start = contract.find(&format!("(\"{page}\", {index}) =>"))?;
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
    assert!(string_body.contains("letbody:String"), "{string_body}");
    assert!(
        string_body.contains("no_query(call)?"),
        "POST takes no query options"
    );
    let vec_body = arm(contract, "post_calls", 0).expect("collection body arm");
    assert!(vec_body.contains("letbody:Vec<"), "{vec_body}");
    // Every path of an endpoint has its arm, the third naming its one id.
    let third = arm(contract, "nodes", 2).expect("third path of nodes");
    assert!(third.contains("args::<1>"), "{third}");
    assert!(
        third.contains("&call.query"),
        "GET passes the query options: {third}"
    );
    // `{}`, two `{id}`s and names that would shadow the dispatch's own all count.
    let odd = arm(contract, "odd_params", 0).expect("odd_params arm");
    assert!(odd.contains("args::<7>"), "{odd}");
    // No function, no arm: MERGE is not generated, and a path-less page has no function.
    assert!(arm(contract, "merge", 0).is_none());
    assert!(arm(contract, "no_paths", 0).is_none());
    // Every arm ends by sending the typed call through the runtime, which turns each kind of
    // answer (none, accepted, a model) back into JSON (its `Replayed` tests).
    let delete = arm(contract, "no_response_delete", 0).expect("delete arm");
    assert!(
        delete.contains("send(Graph::new(client.clone())"),
        "{delete}"
    );
    assert!(delete.contains("no_query(call)?"), "{delete}");
    // The helpers the arms call are imported by name, and only those (the crate denies
    // warnings, unused imports included).
    let helpers = contract
        .lines()
        .find(|l| l.starts_with("use rt::contract::{"))
        .expect("helpers imported");
    for used in ["args", "body", "no_query", "send"] {
        assert!(helpers.contains(used), "{helpers}");
    }
}

#[test]
fn messy_crate_builds_without_warnings_with_the_contract_feature() {
    let files = generate("messy", "graph-messy-contract");
    let dir =
        scratch_crate::write_denying_warnings("emit_contract", "graph-messy-contract", &files);
    scratch_crate::cargo(&dir, &["check", "--features", "contract"]);
}
