//! Structs and enums generated from a hand-built model of the calls API.

use crate::fixtures::*;
use docspec_codegen::emit::{self, Options};

fn models() -> syn::File {
    let out = emit::crate_files(&fixture("calls"), &Options::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    parse(&out.files["src/models.rs"])
}

#[test]
fn participant_struct_flattens_inherited_properties_and_keeps_unknown_ones() {
    let file = models();
    let s = find_struct(&file, "Participant").expect("struct Participant");
    let names: Vec<String> = fields(s).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "id", // from entity, first
            "info",
            "is_in_lobby",
            "is_muted",
            "media_streams",
            "metadata",
            "recording_info",
            "additional_properties",
        ]
    );
    assert_eq!(field_type(s, "info").unwrap(), "Option < ParticipantInfo >");
    assert_eq!(
        field_type(s, "media_streams").unwrap(),
        "Option < Vec < MediaStream > >"
    );
    assert_eq!(
        field_type(s, "additional_properties").unwrap(),
        "rt :: serde_json :: Map < String , rt :: serde_json :: Value >"
    );
    // Every member but the kept ones is written by its wire name, optional ones only when set;
    // `additional_properties` holds the rest and is written after them.
    let members = serde_members(&file, "Participant");
    assert_eq!(members.len(), names.len() - 1, "{members:?}");
    assert!(members.contains(&(
        "isMuted".to_string(),
        "is_muted".to_string(),
        "optional".to_string()
    )));
    assert!(members.iter().all(|(_, _, how)| how == "optional"));
    let source = text(&file);
    assert!(source.contains("object :: end (map , & self . additional_properties)"));
    let doc = docs(&s.attrs);
    assert!(doc.contains("Source: resources/participant.md"), "{doc}");
    assert!(
        doc.contains("Someone, or something, taking part in a call."),
        "{doc}"
    );
    let derive = s
        .attrs
        .iter()
        .find(|a| a.path().is_ident("derive"))
        .map(text)
        .unwrap();
    for wanted in ["Clone", "Debug", "Default", "PartialEq"] {
        assert!(derive.contains(wanted), "{derive}");
    }
    // Serde is written through the runtime's `object`, not derived.
    assert!(source.contains("impl rt :: object :: Object for Participant"));
    assert!(source.contains("const MEMBERS : & 'static [& 'static str] = & [\"id\" , \"info\""));
}

/// The attributes as one token string.
fn attrs_text(attrs: &[syn::Attribute]) -> String {
    attrs.iter().map(text).collect::<Vec<_>>().join(" ")
}

/// The methods of `impl <name>` in `file`.
fn methods<'a>(file: &'a syn::File, name: &str) -> Vec<&'a syn::ImplItemFn> {
    file.items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Impl(i) if i.trait_.is_none() && text(&i.self_ty) == name => Some(i),
            _ => None,
        })
        .flat_map(|i| &i.items)
        .filter_map(|i| match i {
            syn::ImplItem::Fn(f) => Some(f),
            _ => None,
        })
        .collect()
}

#[test]
fn every_struct_gets_new_and_one_must_use_setter_per_property() {
    let file = models();
    let participant = methods(&file, "Participant");
    let names: Vec<String> = participant
        .iter()
        .map(|f| f.sig.ident.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "new",
            "id",
            "info",
            "is_in_lobby",
            "is_muted",
            "media_streams",
            "metadata",
            "recording_info",
        ]
    );
    for f in &participant {
        let attrs = attrs_text(&f.attrs);
        assert!(attrs.contains("must_use"), "{}: {attrs}", f.sig.ident);
        assert!(
            !docs(&f.attrs).is_empty(),
            "{} is undocumented",
            f.sig.ident
        );
    }
    let sig = |name: &str| {
        let f = participant.iter().find(|f| f.sig.ident == name).unwrap();
        (text(&f.sig), text(&f.block))
    };
    let (muted, body) = sig("is_muted");
    assert_eq!(
        muted,
        "fn is_muted (mut self , value : impl Into < bool >) -> Self"
    );
    assert!(body.contains("self . is_muted = Some (value . into ())"));
    let (streams, body) = sig("media_streams");
    assert!(
        streams.contains("impl IntoIterator < Item = impl Into < MediaStream > >"),
        "{streams}"
    );
    assert!(body.contains("collect ()"), "{body}");
    // `is_muted(self, ..)` is a setter, not a predicate: clippy's naming convention is off.
    let muted = participant
        .iter()
        .find(|f| f.sig.ident == "is_muted")
        .unwrap();
    assert!(attrs_text(&muted.attrs).contains("clippy :: wrong_self_convention"));
    let info = participant.iter().find(|f| f.sig.ident == "info").unwrap();
    assert!(
        docs(&info.attrs).contains("Who the participant is"),
        "{}",
        docs(&info.attrs)
    );
    // Required fields are set as they are, without `Some`.
    let answer = methods(&file, "AnswerCallBody");
    let uri = answer
        .iter()
        .find(|f| f.sig.ident == "callback_uri")
        .unwrap();
    assert!(text(&uri.block).contains("self . callback_uri = value . into ()"));
}

#[test]
fn setters_never_shadow_methods_and_keep_raw_identifiers() {
    let out = emit::crate_files(&fixture("messy"), &Options::default());
    let file = parse(&out.files["src/models.rs"]);
    let names: Vec<String> = methods(&file, "SetterNames")
        .iter()
        .map(|f| f.sig.ident.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "new",
            "set_new_2", // `new`: `set_new` is the setter of `setNew`
            "set_clone",
            "set_default",
            "set_new",
            "is_on",
            "to_text",
            "from_text",
            "as_text",
            "next",
            "add",
            "not",
            "value",
            "r#for",
            "parents",
            "required",
        ]
    );
    let result: Vec<String> = methods(&file, "ResultType")
        .iter()
        .map(|f| f.sig.ident.to_string())
        .collect();
    assert!(result.iter().any(|n| n == "r#type"), "{result:?}");
    assert!(result.iter().any(|n| n == "self_"), "{result:?}");
    // A boxed field boxes the value it is given.
    let folder = methods(&file, "Folder");
    let parent = folder.iter().find(|f| f.sig.ident == "parent").unwrap();
    assert!(
        text(&parent.sig).contains("Into < Folder >"),
        "{}",
        text(&parent.sig)
    );
    assert!(text(&parent.block).contains("Box :: new (value . into ())"));
}

#[test]
fn required_properties_are_not_options_and_other_types_map_to_rust() {
    let file = models();
    let call = find_struct(&file, "Call").unwrap();
    assert_eq!(field_type(call, "callback_uri").unwrap(), "String");
    assert_eq!(
        field_type(call, "created_date_time").unwrap(),
        "Option < rt :: types :: DateTimeOffset >"
    );
    let identity = find_struct(&file, "Identity").unwrap();
    assert_eq!(
        field_type(identity, "tenant_id").unwrap(),
        "Option < rt :: types :: Uuid >"
    );
    let result = find_struct(&file, "ResultInfo").unwrap();
    assert_eq!(field_type(result, "code").unwrap(), "Option < i32 >");
}

#[test]
fn enums_keep_wire_names_and_a_catch_all() {
    let file = models();
    let e = find_enum(&file, "MediaDirection").expect("enum MediaDirection");
    let variants: Vec<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
    assert_eq!(
        variants,
        [
            "Inactive",
            "SendOnly",
            "ReceiveOnly",
            "SendReceive",
            "UnknownValue"
        ]
    );
    let source = text(&file);
    // as_str and From<&str> spell the wire names.
    assert!(source.contains("Self :: SendOnly => \"sendOnly\""));
    assert!(source.contains("\"sendOnly\" => Self :: SendOnly"));
    // Serialize/Deserialize are not derived but implemented through as_str/From<&str> by the
    // runtime's macro, so unknown values round-trip.
    let derive = e
        .attrs
        .iter()
        .find(|a| a.path().is_ident("derive"))
        .map(text)
        .unwrap();
    assert!(!derive.contains("Serialize"), "{derive}");
    assert!(source.contains("rt :: string_enum_impls ! (MediaDirection)"));
}

#[test]
fn runtime_path_is_configurable() {
    let opts = Options {
        runtime_path: "crate::rt".to_string(),
        ..Options::default()
    };
    let out = emit::tokens(&fixture("calls"), &opts);
    let source = out.tokens.to_string();
    assert!(source.contains("crate :: rt :: serde :: Serialize"));
    assert!(source.contains("crate :: rt :: object :: deserialize (d)"));
    assert!(!source.contains("docspec_runtime"));
}

#[test]
fn selection_emits_only_what_the_endpoints_reach() {
    let opts = Options {
        selection: Some(vec!["create_participant".to_string()]),
        ..Options::default()
    };
    let out = emit::tokens(&fixture("calls"), &opts);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let file = parse(&emit::render_file(&out.tokens, "test"));
    let mut types = type_names(&file);
    types.sort();
    assert_eq!(
        types,
        [
            "CreateParticipantPath",
            "EndpointType",
            "Graph",
            "Identity",
            "IdentitySet",
            "MediaDirection",
            "MediaStream",
            "Modality",
            "Participant",
            "ParticipantInfo",
            "RecordingInfo",
            "RecordingStatus",
        ]
    );
    assert_eq!(
        fn_names(&file),
        ["create_participant"],
        "one call, whatever the paths"
    );
    // A page name selects too, and names do not depend on the selection.
    let by_page = Options {
        selection: Some(vec!["participant_invite".to_string()]),
        ..Options::default()
    };
    let file = parse(&emit::render_file(
        &emit::tokens(&fixture("calls"), &by_page).tokens,
        "test",
    ));
    assert_eq!(fn_names(&file), ["invite_participant"]);
    assert!(find_struct(&file, "InviteParticipantBody").is_some());
    assert!(find_struct(&file, "CommsOperation").is_some());
    assert!(find_struct(&file, "Participant").is_none());
}

/// A selection does not follow navigation properties: `call_get` alone leaves `participant`
/// and `commsOperation` out, and `Call` has no field for them (their JSON stays in
/// `additional_properties`, and the docs say so); an endpoint answering `participant` makes
/// `participants` a typed field again.
#[test]
fn selection_leaves_navigation_properties_to_unselected_types_out() {
    let emitted = |selection: &[&str]| {
        let opts = Options {
            selection: Some(selection.iter().map(|s| s.to_string()).collect()),
            ..Options::default()
        };
        let out = emit::tokens(&fixture("calls"), &opts);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        parse(&emit::render_file(&out.tokens, "test"))
    };
    let file = emitted(&["call_get"]);
    let call = find_struct(&file, "Call").expect("struct Call");
    let names: Vec<String> = fields(call).into_iter().map(|(n, _)| n).collect();
    assert!(!names.contains(&"participants".to_string()), "{names:?}");
    assert!(!names.contains(&"operations".to_string()), "{names:?}");
    assert!(
        names.contains(&"callback_uri".to_string()),
        "structural ones stay: {names:?}"
    );
    assert!(find_struct(&file, "Participant").is_none());
    assert!(find_struct(&file, "CommsOperation").is_none());
    let doc = docs(&call.attrs);
    assert!(
        doc.contains("`participants`, `operations`") && doc.contains("additional_properties"),
        "{doc}"
    );
    let members = serde_members(&file, "Call");
    assert!(members.iter().all(|(wire, _, _)| wire != "participants"));

    let file = emitted(&["call_get", "call_list_participants"]);
    let call = find_struct(&file, "Call").expect("struct Call");
    assert_eq!(
        field_type(call, "participants").as_deref(),
        Some("Option < Vec < Participant > >")
    );
    assert_eq!(field_type(call, "operations"), None);
    assert!(docs(&call.attrs).contains("leaves out, kept as JSON"));
    assert!(docs(&call.attrs).contains("`operations`"));
    assert!(!docs(&call.attrs).contains("`participants`"));

    // Everything selected: every navigation property is a field, and no docs line about it.
    let file = models();
    let call = find_struct(&file, "Call").expect("struct Call");
    assert!(field_type(call, "operations").is_some());
    assert!(!docs(&call.attrs).contains("leaves out"));
}

#[test]
fn unknown_selection_is_an_error() {
    let opts = Options {
        selection: Some(vec!["create_participant".into(), "no_such_thing".into()]),
        ..Options::default()
    };
    let out = emit::tokens(&fixture("calls"), &opts);
    let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["DS0701"]);
    assert!(out.diagnostics[0].message.contains("no_such_thing"));
    assert!(docspec_codegen::diag::has_errors(&out.diagnostics));
}

#[test]
fn generation_is_byte_identical_for_identical_input() {
    let api = fixture("calls");
    let first = emit::crate_files(&api, &Options::default());
    let second = emit::crate_files(&api.clone(), &Options::default());
    assert_eq!(first.files, second.files);
    let messy = fixture("messy");
    assert_eq!(
        emit::crate_files(&messy, &Options::default()).files,
        emit::crate_files(&messy, &Options::default()).files
    );
}

#[test]
fn every_file_has_the_do_not_edit_header_naming_the_command() {
    let out = emit::crate_files(&fixture("calls"), &Options::default());
    assert_eq!(
        out.files.keys().collect::<Vec<_>>(),
        [
            "Cargo.toml",
            "rustfmt.toml",
            "src/contract.rs",
            "src/lib.rs",
            "src/models.rs",
            "src/requests.rs"
        ]
    );
    for (path, text) in &out.files {
        let first = text.lines().next().unwrap_or("");
        assert!(
            first.contains("@generated by docspec generate") && first.contains("do not edit"),
            "{path}: {first}"
        );
    }
    let lib = parse(&out.files["src/lib.rs"]);
    assert!(text(&lib).contains("pub use models :: *"));
    assert!(text(&lib).contains("pub use requests :: *"));
}

#[test]
fn rustfmt_leaves_the_generated_files_alone() {
    // `cargo fmt --check` over a workspace holding the crate must not fail on prettyplease's
    // layout, which `docspec check` compares byte for byte.
    let out = emit::crate_files(&fixture("calls"), &Options::default());
    let config = &out.files["rustfmt.toml"];
    assert!(
        config
            .lines()
            .any(|l| l.trim() == "disable_all_formatting = true"),
        "{config}"
    );
}

#[test]
fn crate_doc_is_appended_verbatim_after_the_generated_summary() {
    let intro = "\n# Quick start\n\n```rust,no_run\n# fn main() {}\nlet x = [1];\n```\n\n";
    let opts = Options {
        crate_doc: Some(intro.to_string()),
        ..Options::default()
    };
    let out = emit::crate_files(&fixture("calls"), &opts);
    let lib = &out.files["src/lib.rs"];
    let plain = &emit::crate_files(&fixture("calls"), &Options::default()).files["src/lib.rs"];
    let summary_end = plain
        .find("(or `.await`).\n")
        .expect("the summary ends by showing a call")
        + "(or `.await`).\n".len();
    let mut expected = plain[..summary_end].to_string();
    expected.push_str(
        "//!\n//! # Quick start\n//!\n//! ```rust,no_run\n//! # fn main() {}\n//! let x = [1];\n//! ```\n",
    );
    expected.push_str(&plain[summary_end..]);
    assert_eq!(lib, &expected);
    // Crate docs (`//!`), not item docs: the module still parses with the text inside.
    let file = parse(lib);
    assert!(docs(&file.attrs).contains("let x = [1];"));
}

/// What a build script writes is the macro's items laid out as one file, with the same
/// diagnostics, whether everything is selected or one endpoint.
#[test]
fn one_file_is_the_tokens_formatted_whole() {
    for selection in [None, Some(vec!["create_participant".to_string()])] {
        let opts = Options {
            selection,
            ..Options::default()
        };
        let api = fixture("calls");
        let file = emit::file(&api, &opts);
        let tokens = emit::tokens(&api, &opts);
        assert_eq!(file.text, emit::render_file(&tokens.tokens, &opts.command));
        assert!(
            file.text.contains("pub struct Participant {"),
            "{}",
            file.text
        );
        assert_eq!(file.diagnostics, tokens.diagnostics);
        assert_eq!(file.pages, tokens.pages);
    }
}
