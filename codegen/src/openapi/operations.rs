//! One endpoint's operation: parameters (query options, headers), request body, responses,
//! permissions and the docs' examples.

use super::schemas::{Member, Types};
use super::skipped::Skipped;
use crate::model::{Endpoint, Primitive, QuerySupport, RequestBody, Response, TypeRef};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashSet};

/// The OData options an endpoint that "supports the OData query parameters" takes.
const ODATA_OPTIONS: [&str; 8] = [
    "$select", "$expand", "$filter", "$orderby", "$top", "$skip", "$count", "$search",
];

/// Headers OpenAPI ignores as parameters: they are said by `requestBody`, `responses` and
/// security instead.
const IGNORED_HEADERS: [&str; 3] = ["authorization", "accept", "content-type"];

/// The name of the OAuth 2.0 scheme whose scopes are the docs' permissions.
pub(super) const SECURITY_SCHEME: &str = "microsoftIdentity";

/// `components.securitySchemes`: OAuth 2.0 with the Microsoft identity platform, every
/// delegated permission of the docs a scope of the authorization code flow and every
/// application permission one of the client credentials flow.
pub(super) fn security_schemes(endpoints: &[Endpoint]) -> Value {
    let mut delegated = BTreeMap::new();
    let mut application = BTreeMap::new();
    for e in endpoints {
        for p in e
            .permissions
            .delegated_work
            .iter()
            .chain(&e.permissions.delegated_personal)
        {
            delegated.insert(p.clone(), json!("Delegated permission"));
        }
        for p in &e.permissions.application {
            application.insert(p.clone(), json!("Application permission"));
        }
    }
    let base = "https://login.microsoftonline.com/common/oauth2/v2.0";
    json!({
        SECURITY_SCHEME: {
            "type": "oauth2",
            "description": "The permissions of the docs' Permissions tables.",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": format!("{base}/authorize"),
                    "tokenUrl": format!("{base}/token"),
                    "scopes": delegated,
                },
                "clientCredentials": {
                    "tokenUrl": format!("{base}/token"),
                    "scopes": application,
                },
            },
        }
    })
}

/// The operation of `e` at one of its paths.
pub(super) fn operation(
    e: &Endpoint,
    operation_id: &str,
    tag: Option<&str>,
    types: &Types,
    skipped: &mut Skipped,
) -> Value {
    let mut op = Map::new();
    op.insert("operationId".into(), json!(operation_id));
    if let Some(tag) = tag {
        op.insert("tags".into(), json!([tag]));
    }
    op.insert("summary".into(), json!(e.title));
    if let Some(d) = e.description.as_deref().filter(|d| !d.is_empty()) {
        op.insert("description".into(), json!(d));
    }
    let params = parameters(e);
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }
    if let Some(body) = &e.request_body {
        op.insert("requestBody".into(), request_body(e, body, types, skipped));
    }
    op.insert("responses".into(), responses(e, types, skipped));
    let mut seen = HashSet::new();
    let alternatives: Vec<Value> = (e.permissions.delegated_work.iter())
        .chain(&e.permissions.delegated_personal)
        .chain(&e.permissions.application)
        .filter(|p| seen.insert(p.as_str()))
        .map(|p| json!({ SECURITY_SCHEME: [p] }))
        .collect();
    if !alternatives.is_empty() {
        // Any one of the permissions will do: one requirement each.
        op.insert("security".into(), Value::Array(alternatives));
    }
    op.insert(
        "x-docspec-permissions".into(),
        json!({
            "delegatedWork": e.permissions.delegated_work,
            "delegatedPersonal": e.permissions.delegated_personal,
            "application": e.permissions.application,
        }),
    );
    op.insert(
        "x-docspec-source".into(),
        json!(format!("{}:{}", e.source.file, e.source.line)),
    );
    Value::Object(op)
}

/// The query options the page documents (and the query parameters of its request lines), then
/// its request headers; each name once.
fn parameters(e: &Endpoint) -> Vec<Value> {
    let mut names: Vec<&str> = match &e.query_options {
        QuerySupport::Listed(names) => names.iter().map(String::as_str).collect(),
        QuerySupport::All => ODATA_OPTIONS.to_vec(),
        QuerySupport::Unsaid | QuerySupport::None => vec![],
    };
    names.extend(e.query.iter().map(String::as_str));
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for name in names {
        let name = name.trim();
        if name.is_empty() || !seen.insert(name.to_ascii_lowercase()) {
            continue;
        }
        let (schema, description) = match name.to_ascii_lowercase().as_str() {
            "$top" | "$skip" => (
                json!({"type": "integer", "minimum": 0}),
                format!("The OData `{name}` query option."),
            ),
            "$count" => (
                json!({"type": "boolean"}),
                "The OData `$count` query option.".to_string(),
            ),
            _ if name.starts_with('$') => (
                json!({"type": "string"}),
                format!("The OData `{name}` query option."),
            ),
            _ => (
                json!({"type": "string"}),
                "A query parameter of the page's request line.".to_string(),
            ),
        };
        out.push(json!({
            "name": name,
            "in": "query",
            "description": description,
            "required": false,
            "schema": schema,
        }));
    }
    let mut seen = HashSet::new();
    for h in &e.headers {
        let name = h.name.trim();
        let lower = name.to_ascii_lowercase();
        if name.is_empty() || IGNORED_HEADERS.contains(&lower.as_str()) || !seen.insert(lower) {
            continue;
        }
        let mut p = json!({
            "name": name,
            "in": "header",
            "required": h.required,
            "schema": {"type": "string"},
        });
        if !h.description.is_empty() {
            p["description"] = json!(h.description);
        }
        out.push(p);
    }
    out
}

/// `examples` of a media type: the JSON bodies the docs show, keyed by example name.
fn examples<'a>(bodies: impl Iterator<Item = (Option<&'a str>, Value)>) -> Option<Value> {
    let mut out = Map::new();
    for (i, (name, value)) in bodies.enumerate() {
        let base = name
            .map(str::to_string)
            .unwrap_or_else(|| format!("example-{}", i + 1));
        let mut key = base.clone();
        let mut n = 2;
        while out.contains_key(&key) {
            key = format!("{base}-{n}");
            n += 1;
        }
        out.insert(key, json!({ "value": value }));
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

/// A JSON media type with `schema` and `examples`.
fn json_content(schema: Value, examples: Option<Value>) -> Value {
    let mut media = Map::new();
    media.insert("schema".into(), schema);
    if let Some(ex) = examples {
        media.insert("examples".into(), ex);
    }
    json!({ "application/json": media })
}

/// The request body: bytes, a type, or an object of the parameter table's rows.
fn request_body(e: &Endpoint, body: &RequestBody, types: &Types, skipped: &mut Skipped) -> Value {
    if body.is_binary() {
        return json!({
            "required": true,
            "content": {"application/octet-stream": {"schema": types.binary()}},
        });
    }
    let what = format!("the request body of `{}`", e.name);
    let schema = match body {
        RequestBody::Type { ty } => types.schema(ty, &what, &e.source, skipped),
        RequestBody::Parameters { parameters, .. } => {
            let members = parameters.iter().map(|p| Member {
                name: &p.name,
                ty: &p.ty,
                description: p.description.as_deref(),
                required: p.required,
                source: &e.source,
            });
            let what = |name: &str| format!("body parameter `{name}` of `{}`", e.name);
            let (props, required) = types.members(members, what, skipped);
            let mut o = json!({"type": "object", "properties": props});
            if !required.is_empty() {
                o["required"] = Value::Array(required);
            }
            o
        }
    };
    let bodies = e.examples.iter().filter_map(|ex| {
        let req = ex.request.as_ref()?;
        Some((ex.name.as_deref(), req.body.as_ref()?.value()))
    });
    json!({
        "required": true,
        "content": json_content(schema, examples(bodies)),
    })
}

/// The reason phrase of a status.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        s if s < 300 => "Success",
        s if s < 400 => "Redirection",
        _ => "Error",
    }
}

/// The schema of an answer of `ty`: a collection is Graph's page (`value`, `@odata.nextLink`).
fn answer_schema(ty: &TypeRef, what: &str, e: &Endpoint, types: &Types, sk: &mut Skipped) -> Value {
    let schema = types.schema(ty, what, &e.source, sk);
    if !ty.collection {
        return schema;
    }
    json!({
        "type": "object",
        "properties": {
            "value": schema,
            "@odata.nextLink": {"type": "string", "format": "uri"},
        },
    })
}

/// The responses by status: the documented ones, then the statuses only the examples show.
fn responses(e: &Endpoint, types: &Types, skipped: &mut Skipped) -> Value {
    let mut by_status: BTreeMap<u16, Option<&Response>> = BTreeMap::new();
    for r in &e.responses {
        by_status.entry(r.status).or_insert(Some(r));
    }
    let single = (e.responses.len() == 1).then(|| e.responses[0].status);
    for ex in &e.examples {
        if let Some(status) = ex.response.as_ref().and_then(|r| r.status) {
            by_status.entry(status).or_insert(None);
        }
    }
    let mut out = Map::new();
    for (status, documented) in by_status {
        if !(100..600).contains(&status) {
            skipped.note(
                "response",
                &format!("{} {status}", e.name),
                "not an HTTP status; left out",
                &e.source,
            );
            continue;
        }
        let mut resp = Map::new();
        let description = match documented {
            Some(_) => reason(status).to_string(),
            None => format!(
                "{} (shown by an example; not in the Response section)",
                reason(status)
            ),
        };
        resp.insert("description".into(), json!(description));
        if let Some(r) = documented {
            if !r.headers.is_empty() {
                let headers: Map<String, Value> = r
                    .headers
                    .iter()
                    .map(|h| (h.clone(), json!({"schema": {"type": "string"}})))
                    .collect();
                resp.insert("headers".into(), Value::Object(headers));
            }
        }
        let bodies = e.examples.iter().filter_map(|ex| {
            let r = ex.response.as_ref()?;
            let shown = r.status.or(single)?;
            (shown == status).then_some((ex.name.as_deref(), r.body.as_ref()?.value()))
        });
        let bodies: Vec<_> = bodies.collect();
        let ty = documented
            .and_then(|r| r.ty.as_ref())
            .filter(|_| status != 204);
        match ty {
            Some(ty) if ty.primitive() == Some(Primitive::Stream) && !ty.collection => {
                resp.insert(
                    "content".into(),
                    json!({"application/octet-stream": {"schema": types.binary()}}),
                );
            }
            Some(ty) => {
                let what = format!("the {status} response of `{}`", e.name);
                let schema = answer_schema(ty, &what, e, types, skipped);
                resp.insert(
                    "content".into(),
                    json_content(schema, examples(bodies.into_iter())),
                );
            }
            None if !bodies.is_empty() && status != 204 => {
                resp.insert(
                    "content".into(),
                    json_content(json!({}), examples(bodies.into_iter())),
                );
            }
            None => {}
        }
        out.insert(status.to_string(), Value::Object(resp));
    }
    if out.is_empty() {
        out.insert(
            "default".into(),
            json!({"description": "The page documents no response."}),
        );
    }
    Value::Object(out)
}
