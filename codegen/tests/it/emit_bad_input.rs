//! Odd and broken models still give valid code, with diagnostics naming what was changed.

use crate::fixtures::*;
use docspec_codegen::diag::Diagnostic;
use docspec_codegen::emit::{self, Options};

struct Messy {
    models: syn::File,
    requests: syn::File,
    diagnostics: Vec<Diagnostic>,
}

fn messy() -> Messy {
    let out = emit::crate_files(&fixture("messy"), &Options::default());
    Messy {
        models: parse(&out.files["src/models.rs"]),
        requests: parse(&out.files["src/requests.rs"]),
        diagnostics: out.diagnostics,
    }
}

fn has_diag(diags: &[Diagnostic], code: &str, needle: &str) -> bool {
    diags
        .iter()
        .any(|d| d.code == code && d.message.contains(needle))
}

#[test]
fn unusable_names_are_replaced_and_reported() {
    let m = messy();
    let s = find_struct(&m.models, "ResultType").expect("`Result` is renamed, not shadowed");
    let names: Vec<String> = fields(s).into_iter().map(|(n, _)| n).collect();
    for wanted in [
        "r#type",
        "odata_type",
        "display_name",
        "display_name_2",
        "field_5",
        "field_6",
        "field_123",
        "self_",
        "additional_properties_2",
        "field_3d_model",
        "r#async",
        "additional_properties",
    ] {
        assert!(
            names.iter().any(|n| n == wanted),
            "{wanted} not in {names:?}"
        );
    }
    for (code, needle) in [
        ("DS0601", "`---` has no letters or digits"),
        ("DS0601", "`123` starts with a digit"),
        ("DS0602", "`DisplayName` would be named `display_name`"),
        ("DS0602", "`additionalProperties`"),
    ] {
        assert!(
            has_diag(&m.diagnostics, code, needle),
            "{code} {needle}: {:#?}",
            m.diagnostics
        );
    }
    let d = m
        .diagnostics
        .iter()
        .find(|d| d.message.contains("`---`"))
        .unwrap();
    assert_eq!(d.file, "resources/messy.md");
}

#[test]
fn colliding_type_names_are_numbered_in_model_order() {
    let m = messy();
    let types = type_names(&m.models);
    for wanted in ["Call", "Call2", "OptionType", "ResultType"] {
        assert!(
            types.iter().any(|t| t == wanted),
            "{wanted} not in {types:?}"
        );
    }
    assert!(has_diag(
        &m.diagnostics,
        "DS0602",
        "type `call` would be named `Call`"
    ));
    let upper = find_struct(&m.models, "Call").unwrap();
    assert!(
        field_type(upper, "upper").is_some(),
        "`Call` sorts before `call`"
    );
}

#[test]
fn recursive_fields_are_boxed_and_collections_are_not() {
    let m = messy();
    let folder = find_struct(&m.models, "Folder").unwrap();
    assert_eq!(
        field_type(folder, "parent").unwrap(),
        "Option < Box < Folder > >"
    );
    assert_eq!(
        field_type(folder, "children").unwrap(),
        "Option < Vec < Folder > >"
    );
    let a = find_struct(&m.models, "NodeA").unwrap();
    let b = find_struct(&m.models, "NodeB").unwrap();
    assert!(field_type(a, "b").unwrap().contains("Box < NodeB >"));
    // `NodeC` derives from `NodeA`, so a `nodeA` value is the enum that may hold either.
    assert!(field_type(b, "a").unwrap().contains("Box < AnyNodeA >"));
    assert_eq!(field_type(b, "leaf").unwrap(), "Option < Leaf >");
    // The enum holds the heir by value, which puts it in the cycle too: its field is boxed.
    let c = find_struct(&m.models, "NodeC").unwrap();
    assert_eq!(field_type(c, "b").unwrap(), "Option < Box < NodeB > >");
    let names: Vec<String> = fields(c).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["b", "label", "extra", "additional_properties"]);
    assert_eq!(field_type(c, "label").unwrap(), "Option < i32 >");
}

#[test]
fn cyclic_inheritance_and_unresolved_types_still_generate() {
    let m = messy();
    let x = find_struct(&m.models, "LoopX").unwrap();
    let names: Vec<String> = fields(x).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["y", "x", "additional_properties"]);
    let r = find_struct(&m.models, "ResultType").unwrap();
    assert_eq!(
        field_type(r, "ghost").unwrap(),
        "Option < rt :: serde_json :: Value >"
    );
    assert_eq!(
        field_type(r, "ghosts").unwrap(),
        "Option < Vec < rt :: serde_json :: Value > >"
    );
    // A required instant has no Default, so it stays optional; a required enum does not.
    assert_eq!(field_type(r, "kind").unwrap(), "Weird");
    assert!(field_type(r, "when").unwrap().starts_with("Option"));
}

#[test]
fn enum_members_that_collide_or_repeat_stay_distinct() {
    let m = messy();
    let e = find_enum(&m.models, "Weird").unwrap();
    let variants: Vec<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
    assert_eq!(
        variants,
        [
            "Value1",
            "Value123",
            "UnknownValue2",
            "AB",
            "AB2",
            "Dup",
            "Self_",
            "Type",
            "UnknownValue"
        ]
    );
    let empty = find_enum(&m.models, "Empty").unwrap();
    assert_eq!(empty.variants.len(), 1);
}

#[test]
fn duplicate_and_odd_endpoints_get_distinct_calls() {
    let m = messy();
    let fns = fn_names(&m.requests);
    for wanted in [
        "do_thing",
        "do_b_thing", // the second `Do thing`, told apart by its page name (`do_thing_b`)
        "punct",
        "r#type",
        "list_nodes",
        "list_nodes_stream",
        "odd_params",
    ] {
        assert!(fns.iter().any(|f| f == wanted), "{wanted} not in {fns:?}");
    }
    assert!(!fns.iter().any(|f| f.contains("merge")), "{fns:?}");
    // Collisions are told apart by path or page, never by a number.
    assert!(
        !fns.iter()
            .any(|f| f.ends_with(|c: char| c.is_ascii_digit())),
        "{fns:?}"
    );
    // One call per endpoint, whatever its paths: `List nodes` has three (two the same), which
    // its path enum tells apart.
    assert!(
        !fns.iter()
            .any(|f| f.starts_with("list_nodes_") && f != "list_nodes_stream"),
        "{fns:?}"
    );
    let variants: Vec<String> = find_enum(&m.requests, "ListNodesPath")
        .expect("enum ListNodesPath")
        .variants
        .iter()
        .map(|v| v.ident.to_string())
        .collect();
    assert_eq!(variants, ["Path1", "Path2", "Group"]);
    // A GET with a body pages too (a body that fails to encode is the stream's first item).
    assert!(fns.iter().any(|f| f == "get_with_body"), "{fns:?}");
    let sig = text(&find_fn(&m.requests, "get_with_body").unwrap().sig.output);
    assert!(sig.contains("Call < rt :: Page <"), "{sig}");
    assert!(has_diag(
        &m.diagnostics,
        "DS0602",
        "`Do thing` would be named `do_thing`"
    ));
    assert!(has_diag(&m.diagnostics, "DS0601", "`MERGE`"));
    let odd = find_fn(&m.requests, "odd_params").unwrap();
    let params: Vec<String> = odd
        .sig
        .inputs
        .iter()
        .map(|i| match i {
            syn::FnArg::Typed(t) => text(&t.pat),
            syn::FnArg::Receiver(_) => String::new(),
        })
        .collect();
    assert_eq!(
        params,
        // `self` first; then the ids: `body` and `path` are the call's own argument names.
        ["", "param_2", "x_id", "id", "client", "body_2", "options", "path_2"]
    );
    // A `{` without `}` is sent as written.
    assert!(find_fn(&m.requests, "r#type").is_some());
    assert!(text(&m.requests).contains("\"/odd/{broken\""));
}
