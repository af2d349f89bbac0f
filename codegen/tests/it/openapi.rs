//! `docspec openapi`: the export of `docs/` and of the v1.0 corpus is valid against the
//! official OpenAPI 3.1 and 3.0 schemas (`tests/fixtures/openapi/`, checked with the
//! `jsonschema` crate), and says what the docs say.

use crate::corpus;
use docspec_codegen::openapi::{document, Spec};
use docspec_codegen::Api;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs");
const SCHEMAS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/openapi");

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The first errors of `doc` against the official schema of `spec`.
fn schema_errors(doc: &Value, spec: Spec) -> Vec<String> {
    let (file, options) = match spec {
        Spec::V3_1 => ("schema-3.1.json", jsonschema::draft202012::options()),
        Spec::V3_0 => ("schema-3.0.json", jsonschema::draft4::options()),
    };
    let schema = read_json(&Path::new(SCHEMAS).join(file));
    let validator = options
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    validator
        .iter_errors(doc)
        .take(20)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Panics with the first errors unless `doc` is a valid document of `spec`: against the
/// official schema of its version and, for 3.1, every component schema against JSON Schema
/// 2020-12 (which the 3.1 document schema leaves unchecked).
fn assert_valid(doc: &Value, spec: Spec) {
    let errors = schema_errors(doc, spec);
    assert!(
        errors.is_empty(),
        "not a valid OpenAPI {} document:\n{}",
        spec.version(),
        errors.join("\n")
    );
    if spec == Spec::V3_1 {
        for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
            if let Err(e) = jsonschema::meta::validate(schema) {
                panic!("components.schemas.{name} is not JSON Schema 2020-12: {e}");
            }
        }
    }
    // The typed models of each version read it.
    let text = doc.to_string();
    match spec {
        Spec::V3_1 => {
            if let Err(e) = oas3::from_json(&text) {
                panic!("oas3 cannot read the 3.1 document: {e}");
            }
        }
        Spec::V3_0 => {
            if let Err(e) = serde_json::from_str::<openapiv3::OpenAPI>(&text) {
                panic!("openapiv3 cannot read the 3.0 document: {e}");
            }
        }
    }
    // Path parameters: each placeholder of a key declared once on its path item, and only
    // those; operation ids unique.
    let mut ids = std::collections::HashSet::new();
    for (key, item) in doc["paths"].as_object().unwrap() {
        let mut placeholders: Vec<&str> = key
            .split('{')
            .skip(1)
            .map(|rest| rest.split('}').next().unwrap())
            .collect();
        let mut declared: Vec<&str> = item["parameters"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        placeholders.sort_unstable();
        declared.sort_unstable();
        assert_eq!(placeholders, declared, "{key}");
        for (method, op) in item.as_object().unwrap() {
            if let Some(id) = op.get("operationId") {
                assert!(
                    ids.insert(id.clone()),
                    "{method} {key}: operationId {id} twice"
                );
            }
        }
    }
    // Every `$ref` points at a component that is there.
    let mut refs = Vec::new();
    collect_refs(doc, &mut refs);
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for r in refs {
        let name = r.strip_prefix("#/components/schemas/").unwrap();
        assert!(schemas.contains_key(name), "dangling $ref {r}");
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

fn docs_api() -> Api {
    let loaded = docspec_codegen::load(&[DOCS]);
    loaded.api(None).unwrap().clone()
}

/// Paths, operations, schemas and skipped entries of a document.
fn counts(doc: &Value) -> (usize, usize, usize, usize) {
    let paths = doc["paths"].as_object().unwrap();
    let operations = paths
        .values()
        .flat_map(|item| item.as_object().unwrap().keys())
        .filter(|k| !matches!(k.as_str(), "parameters" | "description" | "summary"))
        .count();
    let schemas = doc["components"]["schemas"].as_object().unwrap().len();
    let skipped = doc["x-docspec-skipped"].as_array().unwrap().len();
    (paths.len(), operations, schemas, skipped)
}

#[test]
fn docs_export_is_valid_openapi_3_1_and_3_0() {
    let api = docs_api();
    for spec in [Spec::V3_1, Spec::V3_0] {
        let (doc, diags) = document(&api, spec);
        assert_eq!(doc["openapi"], spec.version());
        assert_valid(&doc, spec);
        assert!(diags.is_empty(), "{diags:#?}");
        let (paths, operations, schemas, skipped) = counts(&doc);
        eprintln!(
            "docs/ as OpenAPI {}: {paths} paths, {operations} operations, {schemas} schemas, \
             {skipped} skipped",
            spec.version()
        );
        assert_eq!(
            operations,
            api.endpoints.iter().map(|e| e.paths.len()).sum::<usize>()
        );
        assert_eq!(schemas, api.types.len());
    }
}

#[test]
fn the_official_schemas_reject_what_is_not_openapi() {
    // So that the validation above means something.
    let api = docs_api();
    for spec in [Spec::V3_1, Spec::V3_0] {
        let (doc, _) = document(&api, spec);
        let mut broken = doc.clone();
        broken.as_object_mut().unwrap().remove("info");
        assert!(!schema_errors(&broken, spec).is_empty());
        let mut broken = doc.clone();
        broken["paths"]["/app/calls"]["post"]["responses"] = serde_json::json!({"200": {}});
        assert!(
            !schema_errors(&broken, spec).is_empty(),
            "a response needs a description"
        );
    }
    let (mut doc, _) = document(&api, Spec::V3_0);
    doc["components"]["schemas"]["participant"]["type"] = serde_json::json!(["object", "null"]);
    assert!(
        !schema_errors(&doc, Spec::V3_0).is_empty(),
        "3.0 has no type arrays"
    );
}

#[test]
fn create_participant_sends_a_participant_and_answers_201() {
    let (doc, _) = document(&docs_api(), Spec::V3_1);
    let op = &doc["paths"]["/app/calls/{id}/participants"]["post"];
    assert_eq!(op["operationId"], "call-post-participants");
    assert_eq!(op["summary"], "Create participant");
    let body = &op["requestBody"]["content"]["application/json"];
    assert_eq!(body["schema"]["$ref"], "#/components/schemas/participant");
    assert!(body["examples"]["create-participant"]["value"].is_object());
    let created = &op["responses"]["201"]["content"]["application/json"];
    assert_eq!(
        created["schema"]["$ref"],
        "#/components/schemas/participant"
    );
    assert!(created["examples"]
        .as_object()
        .is_some_and(|e| !e.is_empty()));
    let perms = &op["x-docspec-permissions"];
    assert_eq!(perms["application"][0], "Calls.InitiateGroupCall.All");
    assert_eq!(perms["delegatedWork"], serde_json::json!([]));
    assert_eq!(
        op["security"],
        serde_json::json!([{"microsoftIdentity": ["Calls.InitiateGroupCall.All"]}])
    );
    let flows = &doc["components"]["securitySchemes"]["microsoftIdentity"]["flows"];
    assert!(flows["clientCredentials"]["scopes"]["Calls.InitiateGroupCall.All"].is_string());
    // Authorization and Content-Type are not parameters in OpenAPI.
    let params = op["parameters"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    assert!(params.iter().all(|p| p["in"] != "header"
        || !["authorization", "content-type"]
            .contains(&p["name"].as_str().unwrap().to_ascii_lowercase().as_str())));
    // The page's second path: suffixed id, repeated `{id}` renamed and said so.
    let item = &doc["paths"]["/applications/{id}/calls/{call-id}/participants"];
    assert_eq!(item["post"]["operationId"], "call-post-participants-2");
    assert!(item["description"]
        .as_str()
        .unwrap()
        .contains("`{id}` -> `{call-id}`"));
    let names: Vec<&str> = item["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["id", "call-id"]);
}

#[test]
fn derived_types_are_all_of_their_base_and_enums_string_enums() {
    for spec in [Spec::V3_1, Spec::V3_0] {
        let (doc, _) = document(&docs_api(), spec);
        let schemas = &doc["components"]["schemas"];
        let derived = &schemas["serviceHostedMediaConfig"];
        assert_eq!(
            derived["allOf"][0]["$ref"],
            "#/components/schemas/mediaConfig"
        );
        assert_eq!(derived["allOf"][1]["type"], "object");
        assert!(derived["allOf"][1]["properties"]["preFetchMedia"].is_object());
        let base = &schemas["mediaConfig"];
        assert_eq!(base["discriminator"]["propertyName"], "@odata.type");
        assert_eq!(
            base["discriminator"]["mapping"]["#microsoft.graph.serviceHostedMediaConfig"],
            "#/components/schemas/serviceHostedMediaConfig"
        );
        assert!(base["properties"]["@odata.type"].is_object());
        let state = &schemas["callState"];
        assert_eq!(state["type"], "string");
        let members = state["enum"].as_array().unwrap();
        assert!(members.iter().any(|m| m == "established"), "{members:?}");
    }
}

#[test]
fn primitives_and_nullability_follow_the_version() {
    let api = docs_api();
    let (v31, _) = document(&api, Spec::V3_1);
    let (v30, _) = document(&api, Spec::V3_0);
    let find = |doc: &Value, ty: &str, prop: &str| {
        doc["components"]["schemas"][ty]["properties"][prop].clone()
    };
    // A nullable string in each form.
    let t = api
        .types
        .iter()
        .find_map(|t| {
            t.properties
                .iter()
                .find(|p| p.ty.name == "String" && !p.ty.collection && !p.required)
                .filter(|_| t.base_type.is_none())
                .map(|p| (t.name.clone(), p.name.clone()))
        })
        .unwrap();
    assert_eq!(
        find(&v31, &t.0, &t.1)["type"],
        serde_json::json!(["string", "null"])
    );
    assert_eq!(find(&v30, &t.0, &t.1)["type"], "string");
    assert_eq!(find(&v30, &t.0, &t.1)["nullable"], true);
    let text31 = v31.to_string();
    let text30 = v30.to_string();
    assert!(!text30.contains(r#""null""#), "3.0 has no null type");
    assert!(!text31.contains(r#""nullable""#), "3.1 has no nullable");
}

#[test]
fn the_export_is_deterministic() {
    for spec in [Spec::V3_1, Spec::V3_0] {
        let a = serde_json::to_string_pretty(&document(&docs_api(), spec).0).unwrap();
        let b = serde_json::to_string_pretty(&document(&docs_api(), spec).0).unwrap();
        assert!(a == b, "two exports differ");
    }
}

#[test]
fn unresolved_types_and_pathless_endpoints_are_skipped_and_said() {
    let mut api = docs_api();
    let e = api
        .endpoints
        .iter_mut()
        .find(|e| e.name == "call-post-participants")
        .unwrap();
    e.request_body = Some(docspec_codegen::model::RequestBody::Type {
        ty: docspec_codegen::model::TypeRef::single("noSuchType"),
    });
    api.endpoints[0].paths.clear();
    let first = api.endpoints[0].name.clone();
    for spec in [Spec::V3_1, Spec::V3_0] {
        let (doc, diags) = document(&api, spec);
        assert_valid(&doc, spec);
        let skipped = doc["x-docspec-skipped"].as_array().unwrap();
        assert!(
            skipped.iter().any(|s| s["name"] == "noSuchType"),
            "{skipped:?}"
        );
        assert!(
            skipped.iter().any(|s| s["name"] == first.as_str()),
            "{skipped:?}"
        );
        assert_eq!(diags.len(), skipped.len());
        assert!(diags.iter().all(|d| d.code == "DS0901"));
        let op = &doc["paths"]["/app/calls/{id}/participants"]["post"];
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["schema"],
            serde_json::json!({})
        );
    }
}

#[test]
fn the_cli_writes_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("openapi.json");
    let o = Command::new(env!("CARGO_BIN_EXE_docspec"))
        .args(["openapi", DOCS, "--spec", "3.0", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let doc = read_json(&out);
    assert_eq!(doc["openapi"], "3.0.3");
    let o = Command::new(env!("CARGO_BIN_EXE_docspec"))
        .args(["openapi", DOCS])
        .output()
        .unwrap();
    assert!(o.status.success());
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let o = Command::new(env!("CARGO_BIN_EXE_docspec"))
        .args(["openapi", DOCS, "--spec", "2.0"])
        .output()
        .unwrap();
    assert!(!o.status.success());
}

#[test]
fn corpus_v1_exports_valid_openapi_3_1_and_3_0() {
    let Some(docs) = corpus::dir("graph-2021-07/api-reference/v1.0") else {
        return;
    };
    let loaded = docspec_codegen::load(&[docs]);
    let api = loaded
        .api(Some("v1.0"))
        .or_else(|_| loaded.api(None))
        .unwrap();
    for spec in [Spec::V3_1, Spec::V3_0] {
        let (doc, diags) = document(api, spec);
        assert_valid(&doc, spec);
        let (paths, operations, schemas, skipped) = counts(&doc);
        eprintln!(
            "v1.0 corpus as OpenAPI {}: {paths} paths, {operations} operations, {schemas} \
             schemas, {skipped} skipped ({} diagnostics)",
            spec.version(),
            diags.len()
        );
        assert!(paths > 1000 && operations > 1000 && schemas > 500);
    }
}

/// The path keys of `doc` as route keys (placeholders and case do not matter), sorted.
fn path_keys(doc: &Value) -> Vec<String> {
    let mut keys: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| docspec_codegen::route::route_key("", k))
        .collect();
    keys.sort();
    keys
}

/// The component schemas `refs` (`#/components/schemas/x`) reach in `doc`: by `$ref`, and
/// from a base type to its derived types by the discriminator's mapping, transitively. Sorted.
fn reached_schemas(doc: &Value, mut todo: Vec<String>) -> Vec<String> {
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    while let Some(r) = todo.pop() {
        let name = r.strip_prefix("#/components/schemas/").unwrap().to_string();
        if schemas.contains_key(&name) && seen.insert(name.clone()) {
            let schema = &schemas[&name];
            collect_refs(schema, &mut todo);
            let mapping = schema["discriminator"]["mapping"].as_object();
            todo.extend(
                mapping
                    .into_iter()
                    .flatten()
                    .map(|(_, v)| v.as_str().unwrap().into()),
            );
        }
    }
    seen.into_iter().collect()
}

/// The schemas the operations of `doc` reach, and those that the operations it left out as
/// second pages of a route (`x-docspec-skipped`) name in `api`, which a slice keeps too.
fn reached_by_operations(doc: &Value, api: &Api) -> Vec<String> {
    let mut refs = Vec::new();
    collect_refs(&doc["paths"], &mut refs);
    for skipped in doc["x-docspec-skipped"].as_array().unwrap() {
        if skipped["kind"] != "operation" {
            continue;
        }
        let e = api.endpoints.iter().find(|e| e.name == skipped["name"]);
        let e = e.unwrap();
        let body = match &e.request_body {
            Some(docspec_codegen::model::RequestBody::Type { ty }) => vec![ty],
            Some(docspec_codegen::model::RequestBody::Parameters { parameters, .. }) => {
                parameters.iter().map(|p| &p.ty).collect()
            }
            None => vec![],
        };
        let answers = e.responses.iter().filter_map(|r| r.ty.as_ref());
        refs.extend(
            body.into_iter()
                .chain(answers)
                .map(|t| format!("#/components/schemas/{}", t.name)),
        );
    }
    reached_schemas(doc, refs)
}

/// `doc` cut to `prefixes` by `docspec openapi --paths` (the model cut the same way).
fn sliced(api: &Api, prefixes: &[&str], spec: Spec) -> Value {
    let prefixes: Vec<String> = prefixes.iter().map(|p| p.to_string()).collect();
    let (part, unmatched) = docspec_codegen::emit::slice::by_paths(api, &prefixes);
    assert!(unmatched.is_empty(), "{unmatched:#?}");
    document(&part, spec).0
}

/// A slice holds exactly the whole export's paths under its prefixes, and exactly the schemas
/// their operations reach; it is valid as the whole is.
fn assert_a_faithful_slice(api: &Api, prefixes: &[&str]) {
    for spec in [Spec::V3_1, Spec::V3_0] {
        let part = sliced(api, prefixes, spec);
        assert_valid(&part, spec);
        let whole = document(api, spec).0;
        let under = |key: &String| {
            prefixes.iter().any(|p| {
                let p = docspec_codegen::route::route_key("", p);
                key == &p || key.starts_with(&format!("{p}/"))
            })
        };
        let wanted: Vec<String> = path_keys(&whole).into_iter().filter(under).collect();
        assert!(!wanted.is_empty(), "{prefixes:?}");
        assert_eq!(path_keys(&part), wanted, "{prefixes:?}");
        let mut schemas: Vec<String> = part["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        schemas.sort();
        assert_eq!(
            schemas,
            reached_by_operations(&part, api),
            "only what the operations reach"
        );
        for (name, schema) in part["components"]["schemas"].as_object().unwrap() {
            // The same schema, but for the navigation properties to types outside the slice,
            // which a slice leaves out.
            let mut expected = whole["components"]["schemas"][name]["allOf"].clone();
            let own = api.types.iter().find(|t| &t.name == name);
            if let Some(props) = expected
                .as_array_mut()
                .and_then(|all| all.last_mut())
                .and_then(|own| own.get_mut("properties"))
                .and_then(Value::as_object_mut)
            {
                props.retain(|p, _| {
                    let dropped = own
                        .and_then(|t| t.properties.iter().find(|q| &q.name == p))
                        .is_some_and(|q| q.navigation && !schemas.contains(&q.ty.name));
                    !dropped
                });
            }
            assert_eq!(schema["allOf"], expected, "{name} in the slice");
        }
    }
}

#[test]
fn a_slice_by_path_prefix_is_valid_and_holds_only_what_was_asked() {
    let api = docs_api();
    assert_a_faithful_slice(&api, &["/app/calls/{id}/participants"]);
    assert_a_faithful_slice(
        &api,
        &["/APP/calls/{call-id}/participants/", "/app/calls/delta"],
    );
    let part = sliced(&api, &["/app/calls/{id}/participants"], Spec::V3_0);
    assert!(part["paths"]["/app/calls/{id}/participants"]["post"].is_object());
    assert!(part["components"]["schemas"]["participant"].is_object());
    assert!(part["components"]["schemas"].get("audioPrompt").is_none());
}

#[test]
fn the_cli_slices_by_path_prefix_and_refuses_a_prefix_without_paths() {
    let o = Command::new(env!("CARGO_BIN_EXE_docspec"))
        .args([
            "openapi",
            DOCS,
            "--spec",
            "3.0",
            "--paths",
            "/app/calls/{id}/participants",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(path_keys(&doc)
        .iter()
        .all(|k| k.starts_with(" /app/calls/{}/participants")));
    let o = Command::new(env!("CARGO_BIN_EXE_docspec"))
        .args(["openapi", DOCS, "--paths", "/app/cals"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("DS0701") && stderr.contains("no path lies under `/app/cals`"),
        "{stderr}"
    );
}

#[test]
fn corpus_v1_calls_and_mail_slice_is_valid_and_holds_only_what_was_asked() {
    let Some(docs) = corpus::dir("graph-2021-07/api-reference/v1.0") else {
        return;
    };
    let loaded = docspec_codegen::load(&[docs]);
    let api = loaded.api(Some("v1.0")).unwrap();
    assert_a_faithful_slice(
        api,
        &["/communications/calls", "/me/messages", "/me/mailFolders"],
    );
}
