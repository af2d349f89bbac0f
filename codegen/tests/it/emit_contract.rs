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

/// The text of the function the arm for `(page, index)` calls, without whitespace (so line
/// breaks the formatter chooses do not matter).
fn arm(contract: &str, page: &str, index: usize) -> Option<String> {
    let start = contract.find(&format!("(\"{page}\", {index}) =>"))?;
    let rest = contract[start..]
        .split_once("=>")?
        .1
        .trim_start_matches([' ', '\n', '{']);
    let name = rest.trim_start().split('(').next()?;
    let f = contract.find(&format!("\nfn {name}<"))?;
    let body = &contract[f + 1..];
    let end = body[1..].find("\nfn ").map_or(body.len(), |e| e + 1);
    Some(body[..end].split_whitespace().collect())
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
    // Every arm builds the typed call in a closure the runtime's `send` makes the call with,
    // turning each kind of answer (none, accepted, a model) back into JSON (its `Replayed`
    // tests); nothing in the arm awaits.
    let delete = arm(contract, "no_response_delete", 0).expect("delete arm");
    assert!(delete.starts_with("fn"), "{delete}");
    assert!(delete.contains("send(||{"), "{delete}");
    assert!(delete.contains("Ok(Graph::new(client.clone())"), "{delete}");
    let flat: String = contract.split_whitespace().collect();
    assert_eq!(
        flat.matches("asyncmove").count(),
        1,
        "only the unknown endpoint's error is an async block"
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
