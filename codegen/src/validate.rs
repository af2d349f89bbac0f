//! Does a JSON body fit what the docs say it is? Used by the mock (requests it receives) and
//! by the example checks (`DS0506`); it reads the model and the runtime's wire types only.
//!
//! The check is deliberately lenient where Graph docs are known to be incomplete: properties
//! the docs do not list are accepted, `null` is accepted for any property, instance
//! annotations (`@odata.type`, `members@odata.bind`) are skipped, references
//! (`{"@odata.id": ...}`) are not checked as resources, enum members compare without case,
//! a PATCH need not carry required properties, and a type the model does not define accepts
//! anything. What it rejects is what a real service would: a value of the
//! wrong JSON type, an enum value that is not a member, a missing required property.

use crate::model::{Api, Parameter, Primitive, Property, RequestBody, TypeDef, TypeKind, TypeRef};
use serde_json::Value;
use std::collections::HashMap;

/// How many problems one 400 response lists before it stops.
const MAX_PROBLEMS: usize = 5;
/// How deep the check follows nested values; deeper values are accepted unchecked.
const MAX_DEPTH: usize = 64;
/// How many base types are followed before a chain is taken to be cyclic.
const MAX_BASE_CHAIN: usize = 32;

/// Checks `body` against `expected`; the error lists what does not fit, one sentence each.
/// `partial` (a PATCH) does not require required properties: an update sends what changes.
pub(crate) fn check_body(
    api: &Api,
    index: &TypeIndex,
    expected: &RequestBody,
    body: &Value,
    partial: bool,
) -> Result<(), Vec<String>> {
    Checker::new(api, index, partial, false, "The request body").body(expected, body)
}

/// [`check_body`] for a request example of the docs, and besides: strings of a typed wire
/// form (DateTimeOffset, Date, TimeOfDay, Duration, Guid, Binary) must parse as the runtime's
/// types do, that is as a generated client decodes them.
pub(crate) fn check_example_request(
    api: &Api,
    index: &TypeIndex,
    expected: &RequestBody,
    body: &Value,
    partial: bool,
) -> Result<(), Vec<String>> {
    Checker::new(api, index, partial, true, "The request body").body(expected, body)
}

/// A response example's body against the type the page says it returns, with wire forms
/// checked as in [`check_example_request`]; a collection is the OData `{"value": [...]}`
/// or a bare array. Responses may leave out properties, so required ones are not required.
pub(crate) fn check_example_response(
    api: &Api,
    index: &TypeIndex,
    ty: &TypeRef,
    body: &Value,
) -> Result<(), Vec<String>> {
    let mut checker = Checker::new(api, index, true, true, "The response body");
    match (ty.collection, body.get("value")) {
        (true, Some(items @ Value::Array(_))) => checker.value("value", ty, items, 0),
        _ => checker.value("", ty, body, 0),
    }
    checker.result()
}

struct Checker<'a> {
    api: &'a Api,
    partial: bool,
    /// Check the wire form of typed strings too (see [`check_example_request`]).
    formats: bool,
    /// How a message names the whole body.
    root: &'static str,
    index: &'a TypeIndex,
    problems: Vec<String>,
}

/// The types of an API by lowercase name (the first of a name, as [`Api::type_named`] finds
/// it), built once for the many bodies checked against one API.
#[derive(Debug)]
pub(crate) struct TypeIndex(HashMap<String, usize>);

impl TypeIndex {
    pub(crate) fn new(api: &Api) -> Self {
        let mut by_name = HashMap::with_capacity(api.types.len());
        for (i, t) in api.types.iter().enumerate() {
            by_name.entry(t.name.to_ascii_lowercase()).or_insert(i);
        }
        TypeIndex(by_name)
    }
}

/// The name of a JSON value's type, as a message shows it.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// A string value's wire form for `p`, parsed with the runtime's own types; `true` for the
/// primitives that have no typed wire form.
fn wire_form_fits(p: Primitive, v: &Value) -> bool {
    use docspec_runtime::types as wire;
    use serde::Deserialize;
    match p {
        Primitive::DateTimeOffset => wire::DateTimeOffset::deserialize(v).is_ok(),
        Primitive::Date => wire::Date::deserialize(v).is_ok(),
        Primitive::TimeOfDay => wire::TimeOfDay::deserialize(v).is_ok(),
        Primitive::Duration => wire::IsoDuration::deserialize(v).is_ok(),
        Primitive::Guid => wire::Uuid::deserialize(v).is_ok(),
        Primitive::Binary => wire::Base64Bytes::deserialize(v).is_ok(),
        _ => true,
    }
}

/// A value as a message quotes it: its JSON, cut after 40 characters.
fn quoted(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text,
    }
}

impl<'a> Checker<'a> {
    fn new(
        api: &'a Api,
        index: &'a TypeIndex,
        partial: bool,
        formats: bool,
        root: &'static str,
    ) -> Self {
        Checker {
            api,
            partial,
            formats,
            root,
            index,
            problems: Vec::new(),
        }
    }

    /// Looks a type up by name, also when written qualified (`#microsoft.graph.identitySet`).
    fn type_named(&self, name: &str) -> Option<&'a TypeDef> {
        let api = self.api;
        let find = |n: &str| {
            self.index
                .0
                .get(&n.to_ascii_lowercase())
                .and_then(|&i| api.types.get(i))
        };
        let name = name.trim().trim_start_matches('#');
        find(name).or_else(|| name.rsplit_once('.').and_then(|(_, short)| find(short)))
    }

    /// The properties of `def` and of its base types, most derived first, each name once.
    fn all_properties(&self, def: &'a TypeDef) -> Vec<&'a Property> {
        let mut out: Vec<&Property> = Vec::new();
        let mut current = Some(def);
        let mut seen: Vec<&str> = Vec::new();
        while let Some(d) = current {
            if seen.len() >= MAX_BASE_CHAIN || seen.iter().any(|s| s.eq_ignore_ascii_case(&d.name))
            {
                break;
            }
            seen.push(&d.name);
            for p in &d.properties {
                if !out.iter().any(|o| o.name == p.name) {
                    out.push(p);
                }
            }
            current = d.base_type.as_deref().and_then(|b| self.type_named(b));
        }
        out
    }

    fn body(mut self, expected: &RequestBody, body: &Value) -> Result<(), Vec<String>> {
        match expected {
            RequestBody::Type { ty } => self.value("", ty, body, 0),
            RequestBody::Parameters { parameters, .. } => self.parameters(parameters, body),
        }
        self.result()
    }

    fn result(self) -> Result<(), Vec<String>> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(self.problems)
        }
    }

    /// Describes where a problem is: `Property 'a.b'`, or the body itself at the top.
    fn place(&self, path: &str) -> String {
        if path.is_empty() {
            self.root.to_string()
        } else {
            format!("Property '{path}'")
        }
    }

    fn report(&mut self, message: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(message);
        }
    }

    fn parameters(&mut self, parameters: &[Parameter], body: &Value) {
        let Value::Object(map) = body else {
            self.report(format!(
                "The request body must be a JSON object, found {}",
                json_kind(body)
            ));
            return;
        };
        for p in parameters {
            match map.get(&p.name) {
                Some(v) => self.value(&p.name, &p.ty, v, 1),
                None if p.required && !self.partial => {
                    self.report(format!("Required property '{}' is missing", p.name))
                }
                None => {}
            }
        }
    }

    fn value(&mut self, path: &str, ty: &TypeRef, v: &Value, depth: usize) {
        if depth > MAX_DEPTH || v.is_null() {
            return;
        }
        if ty.collection {
            let Value::Array(items) = v else {
                self.report(format!(
                    "{} must be an array of {}, found {}",
                    self.place(path),
                    ty.name,
                    json_kind(v)
                ));
                return;
            };
            let single = TypeRef::single(ty.name.clone());
            for (i, item) in items.iter().enumerate() {
                self.value(&format!("{path}[{i}]"), &single, item, depth + 1);
            }
            return;
        }
        match ty.primitive() {
            Some(p) => self.primitive(path, p, v),
            None => self.named(path, &ty.name, v, depth),
        }
    }

    fn primitive(&mut self, path: &str, p: Primitive, v: &Value) {
        let fits = match p {
            Primitive::Json | Primitive::Stream => true,
            Primitive::String
            | Primitive::Guid
            | Primitive::DateTimeOffset
            | Primitive::Date
            | Primitive::TimeOfDay
            | Primitive::Duration
            | Primitive::Binary => v.is_string(),
            Primitive::Boolean => v.is_boolean(),
            Primitive::Byte => int_in(v, 0, 255),
            Primitive::SByte => int_in(v, -128, 127),
            Primitive::Int16 => int_in(v, i16::MIN.into(), i16::MAX.into()),
            Primitive::Int32 => int_in(v, i32::MIN.into(), i32::MAX.into()),
            Primitive::Int64 => v.is_i64() || v.is_u64(),
            // OData writes the non-finite values as strings.
            Primitive::Single | Primitive::Double | Primitive::Decimal => {
                v.is_number() || matches!(v.as_str(), Some("NaN" | "INF" | "-INF"))
            }
        };
        if !fits {
            self.report(format!(
                "{} must be {}, found {}",
                self.place(path),
                p.name(),
                json_kind(v)
            ));
        } else if self.formats && !wire_form_fits(p, v) {
            self.report(format!(
                "{} must be {}, found {}",
                self.place(path),
                p.name(),
                quoted(v)
            ));
        }
    }

    fn named(&mut self, path: &str, name: &str, v: &Value, depth: usize) {
        let Some(def) = self.type_named(name) else {
            return;
        };
        match def.kind {
            TypeKind::Enum => self.enum_value(path, def, v),
            TypeKind::Entity | TypeKind::Complex => {
                let Value::Object(map) = v else {
                    self.report(format!(
                        "{} must be an object ({}), found {}",
                        self.place(path),
                        def.name,
                        json_kind(v)
                    ));
                    return;
                };
                // `{"@odata.id": "..."}` refers to an existing resource instead of writing one.
                if map.contains_key("@odata.id") {
                    return;
                }
                // A derived type named by `@odata.type` decides which properties apply.
                let def = map
                    .get("@odata.type")
                    .and_then(Value::as_str)
                    .and_then(|t| self.type_named(t))
                    .filter(|d| d.kind != TypeKind::Enum)
                    .unwrap_or(def);
                for prop in self.all_properties(def) {
                    match map.get(&prop.name) {
                        Some(inner) => {
                            self.value(&join(path, &prop.name), &prop.ty, inner, depth + 1)
                        }
                        None if prop.required && !self.partial => self.report(format!(
                            "Required property '{}' is missing",
                            join(path, &prop.name)
                        )),
                        None => {}
                    }
                }
            }
        }
    }

    fn enum_value(&mut self, path: &str, def: &TypeDef, v: &Value) {
        let Some(text) = v.as_str() else {
            self.report(format!(
                "{} must be a {} value (a string), found {}",
                self.place(path),
                def.name,
                json_kind(v)
            ));
            return;
        };
        if def.members.is_empty() {
            return;
        }
        // Flags enums send several members separated by commas; the service compares
        // member names without regard to case (`HTML` is `html`).
        for part in text.split(',').map(str::trim) {
            if !def
                .members
                .iter()
                .any(|m| m.name.eq_ignore_ascii_case(part))
            {
                let listed: Vec<&str> = def
                    .members
                    .iter()
                    .take(12)
                    .map(|m| m.name.as_str())
                    .collect();
                let more = if def.members.len() > listed.len() {
                    ", ..."
                } else {
                    ""
                };
                self.report(format!(
                    "{} has the value '{}', which is not a member of {} ({}{more})",
                    self.place(path),
                    part,
                    def.name,
                    listed.join(", ")
                ));
                return;
            }
        }
    }
}

/// A number that is an integer within `min..=max`.
fn int_in(v: &Value, min: i64, max: i64) -> bool {
    v.as_i64().is_some_and(|n| (min..=max).contains(&n))
}
