//! The request functions a user calls, generated from a hand-built model of the calls API.

use crate::fixtures::*;
use docspec_codegen::emit::{self, Options};
use docspec_codegen::model::{Parameter, RequestBody, TypeRef};

fn requests() -> syn::File {
    let out = emit::crate_files(&fixture("calls"), &Options::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    parse(&out.files["src/requests.rs"])
}

fn signature(file: &syn::File, name: &str) -> String {
    let f = find_fn(file, name).unwrap_or_else(|| panic!("no fn {name}: {:?}", fn_names(file)));
    text(&f.sig)
}

fn body(file: &syn::File, name: &str) -> String {
    text(&find_fn(file, name).unwrap().block)
}

#[test]
fn create_participant_posts_the_participant_to_the_encoded_call() {
    let file = requests();
    assert_eq!(
        signature(&file, "create_participant"),
        "async fn create_participant (client : & :: docspec_runtime :: Client , call_id : & str , \
         body : & crate :: models :: Participant) -> :: docspec_runtime :: Result < crate :: models :: Participant >"
    );
    let b = body(&file, "create_participant");
    assert!(
        b.contains(":: docspec_runtime :: reqwest :: Method :: POST"),
        "{b}"
    );
    assert!(
        b.contains(":: std :: format ! (\"/app/calls/{}/participants\" , :: docspec_runtime :: encode_segment (call_id))"),
        "{b}"
    );
    assert!(b.contains(". json (& body) ?"), "{b}");
    assert!(b.contains(". send_json ()"), "{b}");
    let doc = docs(&find_fn(&file, "create_participant").unwrap().attrs);
    for wanted in [
        "Create participant",
        "Adds a participant to a call.",
        "`POST /app/calls/{id}/participants`",
        "`create_participant_for_application`",
        "application: Calls.JoinGroupCall.All",
        "Source: api/call_post_participants.md",
    ] {
        assert!(doc.contains(wanted), "{wanted:?} not in\n{doc}");
    }
}

#[test]
fn alternative_path_is_its_own_function_with_its_own_ids() {
    let file = requests();
    assert_eq!(
        signature(&file, "create_participant_for_application"),
        "async fn create_participant_for_application (client : & :: docspec_runtime :: Client , \
         application_id : & str , call_id : & str , body : & crate :: models :: Participant) \
         -> :: docspec_runtime :: Result < crate :: models :: Participant >"
    );
    let b = body(&file, "create_participant_for_application");
    assert!(
        b.contains("\"/applications/{}/calls/{}/participants\" , :: docspec_runtime :: encode_segment (application_id) , :: docspec_runtime :: encode_segment (call_id)"),
        "{b}"
    );
}

#[test]
fn get_takes_query_options_and_collections_page_and_stream() {
    let file = requests();
    assert_eq!(
        signature(&file, "get_participant"),
        "async fn get_participant (client : & :: docspec_runtime :: Client , call_id : & str , \
         participant_id : & str , options : & :: docspec_runtime :: QueryOptions) \
         -> :: docspec_runtime :: Result < crate :: models :: Participant >"
    );
    assert!(body(&file, "get_participant").contains(". options (options)"));
    assert!(signature(&file, "list_participants").ends_with(
        ":: docspec_runtime :: Result < :: docspec_runtime :: Page < crate :: models :: Participant > >"
    ));
    assert!(body(&file, "list_participants").contains(". send_page ()"));
    let stream = signature(&file, "list_participants_stream");
    assert!(
        stream.starts_with("fn list_participants_stream"),
        "{stream}"
    );
    assert!(stream.ends_with(":: docspec_runtime :: PageStream < crate :: models :: Participant >"));
    assert!(body(&file, "list_participants_stream").contains(". into_stream ()"));
    // Only GET pages on: no stream twin for anything else.
    assert!(find_fn(&file, "create_participant_stream").is_none());
}

#[test]
fn status_codes_decide_the_return_type() {
    let file = requests();
    assert!(signature(&file, "delete_call").ends_with(":: docspec_runtime :: Result < () >"));
    assert!(body(&file, "delete_call").contains(". send_empty ()"));
    assert!(signature(&file, "call_answer")
        .ends_with(":: docspec_runtime :: Result < :: docspec_runtime :: Accepted >"));
    assert!(body(&file, "call_answer").contains(". send_accepted ()"));
}

#[test]
fn parameter_table_bodies_get_a_struct() {
    let out = emit::crate_files(&fixture("calls"), &Options::default());
    let models = parse(&out.files["src/models.rs"]);
    let requests = parse(&out.files["src/requests.rs"]);
    assert!(
        signature(&requests, "call_answer").contains("body : & crate :: models :: CallAnswerBody")
    );
    let s = find_struct(&models, "CallAnswerBody").expect("struct CallAnswerBody");
    assert_eq!(
        fields(s),
        [
            ("callback_uri".to_string(), ":: std :: string :: String".to_string()),
            (
                "accepted_modalities".to_string(),
                ":: std :: option :: Option < :: std :: vec :: Vec < Modality > >".to_string()
            ),
            (
                "additional_properties".to_string(),
                ":: docspec_runtime :: serde_json :: Map < :: std :: string :: String , :: docspec_runtime :: serde_json :: Value >".to_string()
            ),
        ]
    );
}

#[test]
fn single_module_output_names_models_without_a_prefix() {
    let out = emit::tokens(&fixture("calls"), &Options::default());
    let file = parse(&emit::render_file(&out.tokens, "docspec-macros"));
    assert!(signature(&file, "create_participant").contains("body : & Participant"));
    assert!(find_struct(&file, "Participant").is_some());
}

#[test]
fn patch_bodies_send_only_what_the_caller_set() {
    // The same table as `call_answer`'s (a required `callbackUri`), on a PATCH: a plain
    // `String` field would send `"callbackUri": ""` whenever the caller did not set it, and
    // overwrite the stored value (`user-update` would send `accountEnabled: false`).
    let mut api = fixture("calls");
    let mut update = api
        .endpoints
        .iter()
        .find(|e| e.name == "call_answer")
        .cloned()
        .expect("call_answer in the fixture");
    update.name = "call_update".to_string();
    update.title = "Update call".to_string();
    update.method = "PATCH".to_string();
    if let Some(RequestBody::Parameters { parameters }) = &mut update.request_body {
        assert!(parameters.iter().any(|p| p.required));
        parameters.push(Parameter {
            name: "isEnabled".to_string(),
            ty: TypeRef::single("Boolean".to_string()),
            description: None,
            required: true,
        });
    }
    api.endpoints.push(update);
    let out = emit::crate_files(&api, &Options::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let models = parse(&out.files["src/models.rs"]);
    let s = find_struct(&models, "UpdateCallBody").expect("struct UpdateCallBody");
    let patched = fields(s);
    assert_eq!(
        patched[..3],
        [
            (
                "callback_uri".to_string(),
                ":: std :: option :: Option < :: std :: string :: String >".to_string()
            ),
            (
                "accepted_modalities".to_string(),
                ":: std :: option :: Option < :: std :: vec :: Vec < Modality > >".to_string()
            ),
            (
                "is_enabled".to_string(),
                ":: std :: option :: Option < bool >".to_string()
            ),
        ]
    );
    for field in s.fields.iter().take(3) {
        let attrs = serde_attrs(field);
        assert!(
            attrs.contains("skip_serializing_if"),
            "{:?}: {attrs}",
            field.ident
        );
    }
    // POST keeps the required field plain: there, the docs' `required` is the caller's duty.
    let post = find_struct(&models, "CallAnswerBody").expect("struct CallAnswerBody");
    assert_eq!(
        fields(post)[0].1,
        ":: std :: string :: String",
        "POST bodies are unchanged"
    );
}
