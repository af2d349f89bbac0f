//! The calls a user makes (methods of the generated client and their request builders),
//! generated from a hand-built model of the calls API.

use crate::fixtures::*;
use docspec_codegen::emit::{self, Options};
use docspec_codegen::model::{
    Api, Endpoint, Example, ExampleResponse, Parameter, RequestBody, Response, TypeRef,
};

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

/// The `ops` module: one marker type per operation.
fn ops(file: &syn::File) -> String {
    file.items
        .iter()
        .find_map(|i| match i {
            syn::Item::Mod(m) if m.ident == "ops" => Some(text(m)),
            _ => None,
        })
        .expect("a `pub mod ops`")
}

/// The runtime traits (`supports::X`) operation `op` implements, sorted.
fn grants(ops: &str, op: &str) -> Vec<String> {
    let mut out: Vec<String> = ops
        .split("impl rt :: supports :: ")
        .skip(1)
        .filter_map(|rest| {
            let (tr, after) = rest.split_once(" for ")?;
            let (target, _) = after.split_once(' ')?;
            (target == op).then(|| tr.to_string())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn create_participant_is_one_call_on_the_client_taking_a_path_and_the_body() {
    let file = requests();
    assert!(find_struct(&file, "Graph").is_some());
    assert_eq!(
        signature(&file, "create_participant"),
        "fn create_participant (& self , path : CreateParticipantPath < '_ > , \
         body : & crate :: models :: Participant) -> rt :: Call < crate :: models :: Participant , ops :: CreateParticipant >"
    );
    let b = body(&file, "create_participant");
    assert!(b.contains("rt :: Method :: POST"), "{b}");
    assert!(b.contains("path . to_path ()"), "{b}");
    assert!(
        b.contains("rt :: Call :: with_json (& self . client"),
        "{b}"
    );
    let doc = docs(&find_fn(&file, "create_participant").unwrap().attrs);
    for wanted in [
        "Create participant",
        "Adds a participant to a call.",
        "`POST /app/calls/{id}/participants`",
        "`POST /applications/{id}/calls/{id}/participants`",
        "[`CreateParticipantPath`]",
        "[`Participant`](crate::models::Participant)",
        "Answers [`Participant`](crate::models::Participant)",
        "Least privileged permissions: `Calls.JoinGroupCall.All` (application)",
        "the whole table: [`ops::CreateParticipant`]",
        "Source: api/call_post_participants.md",
    ] {
        assert!(doc.contains(wanted), "{wanted:?} not in\n{doc}");
    }
    // The marker carries the permissions table as data.
    let ops = ops(&file);
    assert!(
        ops.contains("pub enum CreateParticipant { }")
            && ops.contains("impl rt :: Operation for CreateParticipant"),
        "{ops}"
    );
    assert!(ops.contains("\"Calls.JoinGroupCall.All\""), "{ops}");
}

#[test]
fn documented_query_options_are_granted_and_only_those() {
    use docspec_codegen::model::QuerySupport;
    let mut api = fixture("calls");
    for e in &mut api.endpoints {
        e.query_options = match e.name.as_str() {
            "call_list_participants" => {
                QuerySupport::Listed(vec!["$filter".into(), "$TOP".into(), "$apply".into()])
            }
            "participant_get" => QuerySupport::All,
            _ => QuerySupport::Unsaid,
        };
    }
    let out = emit::crate_files(&api, &Options::default());
    let file = parse(&out.files["src/requests.rs"]);
    let ops = ops(&file);
    assert_eq!(grants(&ops, "ListParticipants"), ["Filter", "Top"]);
    // "Supports the OData query parameters" on one item: `$select` and `$expand`.
    assert_eq!(grants(&ops, "GetParticipant"), ["Expand", "Select"]);
    assert!(grants(&ops, "CreateParticipant").is_empty());
    let doc = docs(&find_fn(&file, "list_participants").unwrap().attrs);
    assert!(
        doc.contains("Options: [`filter`](rt::Call::filter), [`top`](rt::Call::top)."),
        "{doc}"
    );
    assert!(
        doc.contains("The page also documents `$apply` (`query_param`)"),
        "{doc}"
    );
}

#[test]
fn alternative_paths_are_variants_carrying_their_own_ids() {
    let file = requests();
    let e = find_enum(&file, "CreateParticipantPath").expect("enum CreateParticipantPath");
    let variants: Vec<String> = e
        .variants
        .iter()
        .map(|v| {
            let fields: Vec<String> = v
                .fields
                .iter()
                .map(|f| format!("{}: {}", text(&f.ident), text(&f.ty)))
                .collect();
            format!("{} {{ {} }}", v.ident, fields.join(", "))
        })
        .collect();
    assert_eq!(
        variants,
        [
            "App { call_id: & 'a str }",
            "Application { application_id: & 'a str, call_id: & 'a str }"
        ]
    );
    let to_path = text(&file);
    assert!(
        to_path.contains("rt :: fill_path (\"/app/calls/{}/participants\" , & [call_id])"),
        "{to_path}"
    );
    assert!(
        to_path
            .contains("\"/applications/{}/calls/{}/participants\" , & [application_id , call_id]"),
        "{to_path}"
    );
    // Each variant's docs name its path, each id the placeholder it fills.
    let app = docs(&e.variants[1].attrs);
    assert!(
        app.contains("`POST /applications/{id}/calls/{id}/participants`"),
        "{app}"
    );
    let field = e.variants[1].fields.iter().next().unwrap();
    assert!(docs(&field.attrs).contains("Fills `{id}` in `/applications/{id}`"));
}

#[test]
fn gets_take_ids_and_collections_answer_pages() {
    let file = requests();
    assert_eq!(
        signature(&file, "get_participant"),
        "fn get_participant (& self , call_id : & str , participant_id : & str) -> rt :: Call < crate :: models :: Participant , ops :: GetParticipant >"
    );
    let doc = docs(&find_fn(&file, "get_participant").unwrap().attrs);
    assert!(
        doc.contains("`participant_id` fills `{id}` in `/app/calls/{id}/participants/{id}`"),
        "{doc}"
    );
    assert!(signature(&file, "list_participants").ends_with(
        "rt :: Call < rt :: Page < crate :: models :: Participant > , ops :: ListParticipants >"
    ));
    let doc = docs(&find_fn(&file, "list_participants").unwrap().attrs);
    assert!(doc.contains("[`.stream()`](rt::Call::stream)"), "{doc}");
}

#[test]
fn status_codes_decide_the_answer() {
    let file = requests();
    assert!(signature(&file, "delete_call").contains("rt :: Call < rt :: NoContent"));
    assert!(signature(&file, "answer_call").contains("rt :: Call < rt :: Accepted"));
}

#[test]
fn an_answer_the_docs_say_may_be_empty_is_an_option() {
    // Planner's updates answer `204`, or `200` and the object when asked: the page lists both.
    let mut api = fixture("calls");
    let invite = endpoint_mut(&mut api, "participant_invite");
    invite.responses.push(Response {
        status: 204,
        ty: None,
        headers: Vec::new(),
    });
    // An update whose text says `200` and the object while its example answers `204`; a
    // `$value` path elsewhere makes the emitter copy the endpoints (the copy must keep what
    // the examples answer).
    endpoint_mut(&mut api, "participant_get")
        .examples
        .push(Example {
            name: None,
            request: None,
            response: Some(ExampleResponse::with_status(204)),
        });
    endpoint_mut(&mut api, "call_get")
        .paths
        .push("/app/calls/{id}/$value".to_string());
    let out = emit::crate_files(&api, &Options::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let file = parse(&out.files["src/requests.rs"]);
    assert!(
        signature(&file, "invite_participant")
            .contains("rt :: Call < Option < crate :: models :: CommsOperation >"),
        "{}",
        signature(&file, "invite_participant")
    );
    let doc = docs(&find_fn(&file, "invite_participant").unwrap().attrs);
    assert!(
        doc.contains("`None` when it answers `204 No Content`"),
        "{doc}"
    );
    assert!(signature(&file, "get_participant")
        .contains("rt :: Call < Option < crate :: models :: Participant >"));
    // A collection, or a page that documents one answer, keeps its type.
    assert!(signature(&file, "get_call").contains("rt :: Call < crate :: models :: Call ,"));
    assert!(signature(&file, "list_participants").contains("rt :: Page <"));
}

fn endpoint_mut<'a>(api: &'a mut Api, name: &str) -> &'a mut Endpoint {
    api.endpoints
        .iter_mut()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("{name} in the fixture"))
}

#[test]
fn documented_headers_are_arguments_when_required_and_methods_when_optional() {
    let mut api = fixture("calls");
    let e = api
        .endpoints
        .iter_mut()
        .find(|e| e.name == "call_answer")
        .expect("call_answer in the fixture");
    let header = |name: &str, required: bool| docspec_codegen::model::Header {
        name: name.to_string(),
        description: format!("{name} header."),
        required,
    };
    e.headers = vec![
        header("Authorization", true),
        header("Content-Type", true),
        header("Content-Length", true),
        header("If-Match", true),
        header("Prefer: outlook.timezone", false),
        header("X-Tenant", false),
    ];
    let out = emit::crate_files(&api, &Options::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let file = parse(&out.files["src/requests.rs"]);
    let sig = signature(&file, "answer_call");
    assert!(
        sig.contains("if_match : & str , body : & crate :: models :: AnswerCallBody"),
        "{sig}"
    );
    assert!(
        !sig.contains("authorization") && !sig.contains("content_type"),
        "{sig}"
    );
    assert!(body(&file, "answer_call").contains(". header (\"If-Match\" , if_match)"));
    // An optional header the runtime knows is granted; one it does not is documented.
    assert_eq!(grants(&ops(&file), "AnswerCall"), ["Prefer"]);
    let doc = docs(&find_fn(&file, "answer_call").unwrap().attrs);
    assert!(
        doc.contains("`if_match`: the `If-Match` header (required)"),
        "{doc}"
    );
    assert!(doc.contains("[`prefer`](rt::Call::prefer)"), "{doc}");
    assert!(doc.contains("the `X-Tenant` header (`header`)"), "{doc}");
}

#[test]
fn parameter_table_bodies_get_a_struct() {
    let out = emit::crate_files(&fixture("calls"), &Options::default());
    let models = parse(&out.files["src/models.rs"]);
    let requests = parse(&out.files["src/requests.rs"]);
    assert!(
        signature(&requests, "answer_call").contains("body : & crate :: models :: AnswerCallBody")
    );
    let s = find_struct(&models, "AnswerCallBody").expect("struct AnswerCallBody");
    assert_eq!(
        fields(s),
        [
            ("callback_uri".to_string(), "String".to_string()),
            (
                "accepted_modalities".to_string(),
                "Option < Vec < Modality > >".to_string()
            ),
            (
                "additional_properties".to_string(),
                "rt :: serde_json :: Map < String , rt :: serde_json :: Value >".to_string()
            ),
        ]
    );
}

#[test]
fn single_module_output_names_models_without_a_prefix() {
    let out = emit::tokens(&fixture("calls"), &Options::default());
    let file = parse(&emit::render_file(&out.tokens, "docspec-macros"));
    assert!(signature(&file, "create_participant").contains("body : & Participant"));
    assert!(docs(&find_fn(&file, "create_participant").unwrap().attrs)
        .contains("[`Participant`](Participant)"));
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
    if let Some(RequestBody::Parameters { parameters, .. }) = &mut update.request_body {
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
            ("callback_uri".to_string(), "Option < String >".to_string()),
            (
                "accepted_modalities".to_string(),
                "Option < Vec < Modality > >".to_string()
            ),
            ("is_enabled".to_string(), "Option < bool >".to_string()),
        ]
    );
    let written = serde_members(&models, "UpdateCallBody");
    for (wire, _, how) in written.iter().take(3) {
        assert_eq!(how, "optional", "{wire} is sent only when set");
    }
    // POST keeps the required field plain: there, the docs' `required` is the caller's duty.
    let post = find_struct(&models, "AnswerCallBody").expect("struct AnswerCallBody");
    assert_eq!(fields(post)[0].1, "String", "POST bodies are unchanged");
}

#[test]
fn overloads_of_a_function_are_calls_of_their_own() {
    // `delta` and `delta(token='{token}')` on one page: the second takes the token, and is
    // named after what it adds, instead of a numbered variant of one path enum.
    let mut api = fixture("calls");
    endpoint_mut(&mut api, "call_list_participants").paths = vec![
        "/app/calls/{id}/participants/delta".to_string(),
        "/app/calls/{id}/participants/delta(token='{token}')".to_string(),
    ];
    let out = emit::crate_files(&api, &Options::default());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let file = parse(&out.files["src/requests.rs"]);
    let plain = signature(&file, "list_participants");
    assert!(!plain.contains("token"), "{plain}");
    let with = signature(&file, "list_participants_with_token");
    assert!(with.contains("token : & str"), "{with}");
    assert!(
        with.contains("rt :: Page < crate :: models :: Participant >"),
        "{with}"
    );
    let doc = docs(
        &find_fn(&file, "list_participants_with_token")
            .unwrap()
            .attrs,
    );
    assert!(
        doc.contains("The overload of [`Graph::list_participants`] that also passes `token`."),
        "{doc}"
    );

    // Selected alone (as `api!` selects), the overload names the call it overloads without a
    // link: rustdoc would find no `Graph::list_participants` to link to.
    let alone = Options {
        selection: Some(vec!["list_participants_with_token".to_string()]),
        ..Options::default()
    };
    let out = emit::crate_files(&api, &alone);
    let file = parse(&out.files["src/requests.rs"]);
    assert!(find_fn(&file, "list_participants").is_none());
    let doc = docs(
        &find_fn(&file, "list_participants_with_token")
            .unwrap()
            .attrs,
    );
    assert!(
        doc.contains("The overload of `Graph::list_participants` that also passes `token`."),
        "{doc}"
    );
}
