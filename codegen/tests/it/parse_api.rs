//! API pages of the corpus, read into endpoints.

use crate::corpus;
use crate::golden;

use docspec_codegen::model::RequestBody;
use docspec_codegen::parse::{parse_page, PageKind, ParsedPage};

/// Parses `rel` (under the corpus) with its file name relative to `root` (under the corpus).
fn page(root: &str, rel: &str) -> Option<ParsedPage> {
    let base = corpus::dir("")?.join(root);
    let bytes = std::fs::read(base.join(rel)).expect("corpus page readable");
    Some(parse_page(rel, &bytes))
}

/// The page as pretty JSON, with the docs' prose and sample values redacted: goldens record
/// what the parser understood (structure, names, types, statuses, paths), never the corpus's
/// sentences, which must not be copied into the project.
fn pretty(p: &ParsedPage) -> String {
    let mut v = serde_json::to_value(p).unwrap();
    redact(&mut v, None);
    serde_json::to_string_pretty(&v).unwrap()
}

fn redact(v: &mut serde_json::Value, key: Option<&str>) {
    use serde_json::Value;
    match v {
        Value::String(s) if matches!(key, Some("description" | "raw_body" | "sample")) => {
            *s = format!("[{} chars]", s.chars().count());
        }
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if k == "body" {
                    redact_leaves(child);
                } else {
                    redact(child, Some(k));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| redact(i, key)),
        _ => {}
    }
}

/// Keeps a JSON body's shape (keys, arrays, numbers, booleans) and hides its strings.
fn redact_leaves(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::String(s) => *s = format!("[{} chars]", s.chars().count()),
        Value::Object(map) => map.values_mut().for_each(redact_leaves),
        Value::Array(items) => items.iter_mut().for_each(redact_leaves),
        _ => {}
    }
}

#[test]
fn create_participant_page() {
    let Some(p) = page("calls-2018", "api/call_post_participants.md") else {
        return;
    };
    golden::assert_snapshot("parse_api__call_post_participants.json", &pretty(&p));
    assert_eq!(p.kind, PageKind::Api);
    let e = p.endpoint.as_ref().expect("endpoint");
    assert_eq!(e.method, "POST");
    assert_eq!(e.title, "Create participant");
    assert_eq!(
        e.paths,
        vec![
            "/app/calls/{id}/participants",
            "/applications/{id}/calls/{id}/participants"
        ]
    );
    let auth = e
        .headers
        .iter()
        .find(|h| h.name == "Authorization")
        .unwrap();
    assert!(auth.required);
    match &e.request_body {
        Some(RequestBody::Type { ty }) => {
            assert_eq!(ty.name, "participant");
            assert!(!ty.collection);
            assert_eq!(ty.link.as_deref(), Some("resources/participant.md"));
        }
        other => panic!("expected a typed body, got {other:?}"),
    }
    assert_eq!(e.responses.len(), 1);
    assert_eq!(e.responses[0].status, 201);
    assert_eq!(
        e.responses[0].ty.as_ref().map(|t| t.name.as_str()),
        Some("participant")
    );
    // The description is the line after the blockquote note (a lazy continuation line).
    let text = std::fs::read_to_string(
        corpus::dir("")
            .unwrap()
            .join("calls-2018/api/call_post_participants.md"),
    )
    .unwrap();
    assert_eq!(e.description.as_deref(), text.lines().nth(3).map(str::trim));
    assert_eq!(e.examples.len(), 1);
    let ex = &e.examples[0];
    assert_eq!(ex.name.as_deref(), Some("create_participant_from_call"));
    let req = ex.request.as_ref().unwrap();
    let resp = ex.response.as_ref().unwrap();
    assert_eq!(req.method, "POST");
    assert_eq!(resp.status, Some(201));
    assert!(resp.truncated);
    assert_eq!(
        resp.odata_type.as_deref(),
        Some("microsoft.graph.participant")
    );
    // Bodies equal the JSON in the file, found independently here.
    let text = std::fs::read_to_string(
        corpus::dir("")
            .unwrap()
            .join("calls-2018/api/call_post_participants.md"),
    )
    .unwrap();
    let bodies: Vec<serde_json::Value> = text
        .split("```")
        .filter_map(|chunk| chunk.find("\n{").map(|i| &chunk[i..]))
        .filter_map(|j| serde_json::from_str(j.trim()).ok())
        .collect();
    assert_eq!(bodies.len(), 2);
    assert_eq!(
        req.body.as_ref().map(|b| b.value()).as_ref(),
        Some(&bodies[0])
    );
    assert_eq!(
        resp.body.as_ref().map(|b| b.value()).as_ref(),
        Some(&bodies[1])
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
}

/// Parses a corpus page, holds it as pretty JSON to the golden
/// `tests/snapshots/parse_api__<name>.json`, and returns it.
fn golden(root: &str, rel: &str, name: &str) -> Option<ParsedPage> {
    let p = page(root, rel)?;
    golden::assert_snapshot(&format!("parse_api__{name}.json"), &pretty(&p));
    Some(p)
}

const V1: &str = "graph-2021-07/api-reference/v1.0";

#[test]
fn sdk_tabs_msgraph_interactive_and_user_principal_name() {
    let Some(p) = golden(V1, "api/user-get.md", "user_get") else {
        return;
    };
    let e = p.endpoint.as_ref().unwrap();
    assert_eq!(e.method, "GET");
    assert_eq!(e.paths, vec!["/users/{id | userPrincipalName}", "/me"]);
    assert_eq!(e.path_params.len(), 1);
    assert_eq!(e.path_params[0].name, "id | userPrincipalName");
    assert_eq!(e.path_params[0].segment.as_deref(), Some("users"));
    assert!(e
        .permissions
        .delegated_work
        .contains(&"User.Read".to_string()));
    assert_eq!(
        e.permissions.delegated_personal,
        vec!["User.Read", "User.ReadWrite"]
    );
    assert_eq!(e.request_body, None);
    let statuses: Vec<u16> = e.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![200, 202]);
    assert_eq!(e.responses[0].ty.as_ref().unwrap().name, "user");
    // Three HTTP examples; the C#/JavaScript/... tabs contribute nothing.
    assert_eq!(e.examples.len(), 3);
    for ex in &e.examples {
        let req = ex.request.as_ref().expect("request");
        assert_eq!(req.method, "GET");
        assert!(req.url.starts_with("https://graph.microsoft.com/v1.0/"));
        assert_eq!(ex.response.as_ref().and_then(|r| r.status), Some(200));
        assert!(ex.response.as_ref().unwrap().body.is_some());
    }
    assert_eq!(e.examples[0].name.as_deref(), Some("get_user_1"));
}

#[test]
fn function_parameter_path_and_redirect() {
    let Some(p) = golden(
        V1,
        "api/reportroot-getemailactivityusercounts.md",
        "reportroot_getemailactivityusercounts",
    ) else {
        return;
    };
    let e = p.endpoint.as_ref().unwrap();
    assert_eq!(
        e.paths,
        vec!["/reports/getEmailActivityUserCounts(period='{period_value}')"]
    );
    assert_eq!(e.path_params[0].name, "period_value");
    assert!(
        e.permissions.delegated_personal.is_empty(),
        "Not supported."
    );
    assert_eq!(e.responses.len(), 1);
    assert_eq!(e.responses[0].status, 302);
    assert_eq!(e.responses[0].headers, vec!["Location"]);
    let resp = e.examples[0].response.as_ref().unwrap();
    assert_eq!(resp.status, Some(302));
    assert!(resp.headers.iter().any(|(k, _)| k == "Location"));
    assert_eq!(
        e.examples.len(),
        1,
        "the CSV behind the redirect is not an example"
    );
}

#[test]
fn accepted_with_nested_request_body_table() {
    let Some(p) = golden(V1, "api/driveitem-copy.md", "driveitem_copy") else {
        return;
    };
    let e = p.endpoint.as_ref().unwrap();
    assert_eq!(e.paths.len(), 5);
    assert_eq!(e.responses[0].status, 202);
    match &e.request_body {
        Some(RequestBody::Parameters { parameters, .. }) => {
            let names: Vec<&str> = parameters.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(names, vec!["parentReference", "name"]);
            assert_eq!(
                parameters[0].ty.link.as_deref(),
                Some("resources/itemreference.md")
            );
            assert!(parameters.iter().all(|p| !p.required), "both Optional.");
        }
        other => panic!("expected parameters, got {other:?}"),
    }
    let ex = &e.examples[0];
    assert_eq!(ex.response.as_ref().unwrap().status, Some(202));
    assert!(ex.request.as_ref().unwrap().body.is_some());
}

#[test]
fn parameter_table_with_required_text() {
    let Some(p) = golden(V1, "api/user-sendmail.md", "user_sendmail") else {
        return;
    };
    let e = p.endpoint.as_ref().unwrap();
    assert_eq!(
        e.paths,
        vec!["/me/sendMail", "/users/{id | userPrincipalName}/sendMail"]
    );
    let Some(RequestBody::Parameters { parameters, .. }) = &e.request_body else {
        panic!("expected parameters")
    };
    assert_eq!(parameters[0].name, "message");
    assert!(parameters[0].required);
    assert_eq!(parameters[1].name, "saveToSentItems");
    assert_eq!(parameters[1].ty.name, "Boolean");
    assert!(!parameters[1].required);
    assert_eq!(e.responses[0].status, 202);
    assert!(e.headers.iter().all(|h| h.required));
}

#[test]
fn calls_2018_answer_merges_split_bodies_and_skips_notifications() {
    let Some(p) = golden("calls-2018", "api/call_answer.md", "call_answer") else {
        return;
    };
    let e = p.endpoint.as_ref().unwrap();
    assert_eq!(e.responses[0].status, 202);
    assert!(matches!(
        e.request_body,
        Some(RequestBody::Parameters { .. })
    ));
    for ex in &e.examples {
        let req = ex.request.as_ref().expect("each example has a request");
        assert!(
            !req.url.contains("bot.contoso.com"),
            "notifications are not examples"
        );
        assert!(
            req.body.is_some(),
            "the JSON fence after the headers is the body"
        );
        assert_eq!(ex.response.as_ref().and_then(|r| r.status), Some(202));
    }
    assert_eq!(e.examples.len(), 3);
}

#[test]
fn calls_2018_collection_response() {
    let Some(p) = golden(
        "calls-2018",
        "api/call_list_participants.md",
        "call_list_participants",
    ) else {
        return;
    };
    let e = p.endpoint.as_ref().unwrap();
    let ty = e.responses[0].ty.as_ref().unwrap();
    assert_eq!(
        (e.responses[0].status, ty.name.as_str(), ty.collection),
        (200, "participant", true)
    );
    let body = e.examples[0]
        .response
        .as_ref()
        .unwrap()
        .body
        .as_ref()
        .unwrap();
    assert!(body.value()["value"].is_array());
}

/// `DOCSPEC_PAGE=corpus-relative/path.md cargo test -p docspec-codegen --test it
/// parse_api::dump_page -- --ignored --nocapture` prints what a page parses into (for studying the parser on one page).
#[test]
#[ignore]
fn dump_page() {
    let Ok(rel) = std::env::var("DOCSPEC_PAGE") else {
        return;
    };
    let Some(root) = corpus::dir("") else { return };
    let bytes = std::fs::read(root.join(&rel)).expect("page readable");
    let name = rel
        .split("/api/")
        .last()
        .map(|s| format!("api/{s}"))
        .unwrap_or(rel.clone());
    println!("{}", pretty(&parse_page(&name, &bytes)));
}

/// A page of our own: a `$ref` write whose body section names a resource, and an example
/// with a blank line between the request line and its headers.
const REF_PAGE: &str = r#"---
doc_type: apiPageType
---
# Add crew member

Adds a sailor to a boat's crew.

## HTTP request

```http
POST /boats/{id}/crew/$ref
```

## Request body

Provide a JSON representation of a [sailor](../resources/sailor.md).

## Response

Returns `204 No Content`.

## Example

### Request

```http
POST https://graph.microsoft.com/v1.0/boats/7/crew/$ref

Content-type: application/json

{ "@odata.id": "https://graph.microsoft.com/v1.0/sailors/9" }
```

### Response

```http
HTTP/1.1 204 No Content
```
"#;

#[test]
fn reference_body_and_headers_after_a_blank_line() {
    let p = parse_page("api/boat-post-crew.md", REF_PAGE.as_bytes());
    let e = p.endpoint.as_ref().expect("an endpoint");
    let Some(RequestBody::Parameters { parameters, .. }) = &e.request_body else {
        panic!(
            "a `$ref` body is one `@odata.id` parameter: {:?}",
            e.request_body
        );
    };
    let members: Vec<(&str, &str, bool, bool)> = parameters
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.ty.name.as_str(),
                p.ty.collection,
                p.required,
            )
        })
        .collect();
    assert_eq!(members, vec![("@odata.id", "String", false, true)]);
    assert_eq!(e.examples.len(), 1);
    let req = e.examples[0].request.as_ref().unwrap();
    assert_eq!(
        req.headers,
        vec![("Content-type".to_string(), "application/json".to_string())]
    );
    assert_eq!(req.raw_body, None);
    assert_eq!(
        req.body.as_ref().map(|b| b.value()),
        Some(serde_json::json!({"@odata.id": "https://graph.microsoft.com/v1.0/sailors/9"}))
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);

    // The same page as a DELETE of a reference has no body.
    let delete = REF_PAGE
        .replace(
            "POST /boats/{id}/crew/$ref",
            "DELETE /boats/{id}/crew/{sid}/$ref",
        )
        .replace(
            "Provide a JSON representation of a [sailor](../resources/sailor.md).",
            "None.",
        );
    let p = parse_page("api/boat-delete-crew.md", delete.as_bytes());
    assert_eq!(p.endpoint.as_ref().unwrap().request_body, None);
}

#[test]
fn corpus_reference_bodies() {
    for rel in [
        "api/group-post-members.md",
        "api/user-post-manager.md",
        "api/application-post-owners.md",
        "api/printershare-post-allowedusers.md",
    ] {
        let Some(p) = page(V1, rel) else { return };
        let e = p.endpoint.as_ref().unwrap();
        let Some(RequestBody::Parameters { parameters, .. }) = &e.request_body else {
            panic!("{rel}: {:?}", e.request_body);
        };
        let names: Vec<&str> = parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec!["@odata.id"], "{rel}");
        // group-post-members also shows a PATCH of the group: not a `$ref` example.
        let requests = e.examples.iter().filter_map(|x| x.request.as_ref());
        let writes: Vec<_> = requests.filter(|r| r.method == e.method).collect();
        assert!(!writes.is_empty(), "{rel}");
        for req in writes {
            let body = req.body.as_ref();
            let body = body.map(|b| b.value());
            assert!(
                body.as_ref().is_some_and(|b| b["@odata.id"].is_string()),
                "{rel}: {body:?}"
            );
        }
    }
    // A `$ref` page with a table of its own keeps the table.
    let Some(p) = page(
        V1,
        "api/certificatebasedauthconfiguration-post-certificatebasedauthconfiguration.md",
    ) else {
        return;
    };
    let Some(RequestBody::Parameters { parameters, .. }) = &p.endpoint.unwrap().request_body else {
        panic!("expected the table");
    };
    assert_eq!(parameters[0].name, "certificateAuthorities");
}

#[test]
fn corpus_headers_after_a_blank_line() {
    let Some(p) = page(V1, "api/intune-apps-mobileapp-assign.md") else {
        return;
    };
    let req = p.endpoint.as_ref().unwrap().examples[0]
        .request
        .clone()
        .unwrap();
    let names: Vec<&str> = req.headers.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, vec!["Content-type", "Content-length"]);
    assert!(req.raw_body.is_none());
    assert!(req.body.unwrap().value()["mobileAppAssignments"].is_array());

    let Some(p) = page(V1, "api/event-delta.md") else {
        return;
    };
    let req = p.endpoint.as_ref().unwrap().examples[0]
        .request
        .clone()
        .unwrap();
    assert_eq!(
        req.headers,
        vec![("Prefer".to_string(), "odata.maxpagesize=2".to_string())]
    );
    assert!(req.body.is_none() && req.raw_body.is_none());
}

#[test]
fn permissions_under_prerequisites() {
    let Some(p) = page(V1, "api/intune-androidforwork-devicemanagement-get.md") else {
        return;
    };
    let e = p.endpoint.as_ref().unwrap();
    assert_eq!(
        e.permissions.delegated_work,
        [
            "DeviceManagementConfiguration.Read.All",
            "DeviceManagementConfiguration.ReadWrite.All"
        ]
    );
    assert!(
        e.permissions.delegated_personal.is_empty(),
        "Not supported."
    );
    assert_eq!(e.permissions.application, e.permissions.delegated_work);
}
