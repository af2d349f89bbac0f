//! The model as an OpenAPI document (`docspec openapi`): every path template of every
//! endpoint as a path with one operation per method, every type as a component schema.
//!
//! A model in, JSON out: never markdown, never a file. The output is deterministic: paths
//! sorted by key, components in the model's order (sorted by name), everything inside in the
//! docs' order. What could not be exported (an endpoint without paths, a type the docs do not
//! define, a second page documenting the same route and method) is listed in the document's
//! `x-docspec-skipped` and returned as `DS0901` diagnostics; the document stays valid.

mod operations;
mod paths;
mod schemas;
mod skipped;

use crate::diag::{self, Diagnostic};
use crate::model::Api;
use crate::route::route_key;
use schemas::Types;
use serde_json::{json, Map, Value};
use skipped::Skipped;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Which OpenAPI version to write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Spec {
    /// OpenAPI 3.1 (JSON Schema 2020-12 schemas: `type: [x, "null"]`).
    #[default]
    V3_1,
    /// OpenAPI 3.0 (`nullable: true`, `format: byte` and `binary`).
    V3_0,
}

impl Spec {
    /// `3.1` or `3.0` (also `3.1.0`, `3.0.3`).
    pub fn parse(text: &str) -> Option<Spec> {
        match text.trim() {
            "3.1" | "3.1.0" | "3.1.1" => Some(Spec::V3_1),
            "3.0" | "3.0.3" => Some(Spec::V3_0),
            _ => None,
        }
    }

    /// The `openapi` field: `3.1.0` or `3.0.3`.
    pub fn version(self) -> &'static str {
        match self {
            Spec::V3_1 => "3.1.0",
            Spec::V3_0 => "3.0.3",
        }
    }
}

/// The methods an OpenAPI path item has.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The OpenAPI document of `api`, and what it left out (`DS0901`), sorted.
pub fn document(api: &Api, spec: Spec) -> (Value, Vec<Diagnostic>) {
    let mut skipped = Skipped::default();
    let types = Types::new(api, spec);
    let components = types.components(api, &mut skipped);

    // Path items by key; a route two templates spell differently (`{id}`, `{user-id}`, case)
    // is one path item, under the first spelling met.
    let mut items: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut key_of_route: HashMap<String, String> = HashMap::new();
    let mut operation_ids: HashSet<String> = HashSet::new();
    for e in &api.endpoints {
        let method = e.method.to_ascii_lowercase();
        if e.paths.is_empty() {
            skipped.note("endpoint", &e.name, "the page gives no path", &e.source);
            continue;
        }
        if !METHODS.contains(&method.as_str()) {
            let reason = format!("method `{}` is not an OpenAPI operation", e.method);
            skipped.note("endpoint", &e.name, &reason, &e.source);
            continue;
        }
        for (i, path) in e.paths.iter().enumerate() {
            let pk = paths::path_key(path);
            let key = key_of_route
                .entry(route_key("", &pk.key))
                .or_insert_with(|| pk.key.clone())
                .clone();
            let item = items.entry(key.clone()).or_insert_with(|| path_item(&pk));
            if let Some(Value::Object(other)) = item.get_mut(&method) {
                let by = other
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or("another page")
                    .to_string();
                let also = other
                    .entry("x-docspec-also-documented-by")
                    .or_insert_with(|| json!([]));
                if let Value::Array(pages) = also {
                    pages.push(json!(e.source.file));
                }
                let reason = format!(
                    "`{} {key}` is already the operation `{by}`; this path is left out",
                    e.method
                );
                skipped.note("operation", &e.name, &reason, &e.source);
                continue;
            }
            let base = if i == 0 {
                e.name.clone()
            } else {
                format!("{}-{}", e.name, i + 1)
            };
            let mut id = base.clone();
            let mut n = 2;
            while !operation_ids.insert(id.clone()) {
                id = format!("{base}_{n}");
                n += 1;
            }
            let tag = first_segment(&key);
            let op = operations::operation(e, &id, tag.as_deref(), &types, &mut skipped);
            item.insert(method.clone(), op);
        }
    }

    let version = api.version.as_deref();
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!(spec.version()));
    doc.insert(
        "info".into(),
        json!({
            "title": "Microsoft Graph (from the docs, by docspec)",
            "description": "Exported by `docspec openapi` from the markdown API reference.",
            "version": version.unwrap_or("unversioned"),
        }),
    );
    if let Some(v) = version {
        doc.insert(
            "servers".into(),
            json!([{ "url": format!("https://graph.microsoft.com/{v}") }]),
        );
    }
    let paths: Map<String, Value> = items
        .into_iter()
        .map(|(k, v)| (k, Value::Object(v)))
        .collect();
    doc.insert("paths".into(), Value::Object(paths));
    doc.insert(
        "components".into(),
        json!({
            "schemas": components,
            "securitySchemes": operations::security_schemes(&api.endpoints),
        }),
    );
    doc.insert("x-docspec-skipped".into(), Value::Array(skipped.entries));
    let mut diagnostics = skipped.diagnostics;
    diag::sort(&mut diagnostics);
    (Value::Object(doc), diagnostics)
}

/// A new path item for `pk`: its path parameters, and what was renamed.
fn path_item(pk: &paths::PathKey) -> Map<String, Value> {
    let mut item = Map::new();
    let renames = pk.renames();
    if !renames.is_empty() {
        item.insert(
            "description".into(),
            json!(format!(
                "Placeholders renamed from the docs: {}.",
                renames.join(", ")
            )),
        );
    }
    if !pk.params.is_empty() {
        let params: Vec<Value> = pk
            .params
            .iter()
            .map(|(name, written)| {
                let mut p = json!({
                    "name": name,
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                });
                if name != written {
                    p["description"] = json!(format!("Written `{{{written}}}` in the docs."));
                }
                p
            })
            .collect();
        item.insert("parameters".into(), Value::Array(params));
    }
    item
}

/// The first literal segment of a path key (`app` for `/app/calls/{id}`), the operation's tag.
fn first_segment(key: &str) -> Option<String> {
    let seg = key.trim_start_matches('/').split('/').next()?;
    let seg = seg.split(['(', ':', '{']).next()?;
    (!seg.is_empty()).then(|| seg.to_string())
}
