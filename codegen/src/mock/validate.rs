//! Does a request body fit what the docs say the endpoint takes?
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
    expected: &RequestBody,
    body: &Value,
    partial: bool,
) -> Result<(), Vec<String>> {
    let mut checker = Checker {
        api,
        partial,
        problems: Vec::new(),
    };
    match expected {
        RequestBody::Type { ty } => checker.value("", ty, body, 0),
        RequestBody::Parameters { parameters } => checker.parameters(parameters, body),
    }
    if checker.problems.is_empty() {
        Ok(())
    } else {
        Err(checker.problems)
    }
}

struct Checker<'a> {
    api: &'a Api,
    partial: bool,
    problems: Vec<String>,
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

/// Describes where a problem is: `property 'a.b'`, or `the request body` at the top.
fn place(path: &str) -> String {
    if path.is_empty() {
        "The request body".to_string()
    } else {
        format!("Property '{path}'")
    }
}

impl Checker<'_> {
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
                    place(path),
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
                place(path),
                p.name(),
                json_kind(v)
            ));
        }
    }

    fn named(&mut self, path: &str, name: &str, v: &Value, depth: usize) {
        let Some(def) = type_named(self.api, name) else {
            return;
        };
        match def.kind {
            TypeKind::Enum => self.enum_value(path, def, v),
            TypeKind::Entity | TypeKind::Complex => {
                let Value::Object(map) = v else {
                    self.report(format!(
                        "{} must be an object ({}), found {}",
                        place(path),
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
                    .and_then(|t| type_named(self.api, t))
                    .filter(|d| d.kind != TypeKind::Enum)
                    .unwrap_or(def);
                for prop in all_properties(self.api, def) {
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
                place(path),
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
                    place(path),
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

/// Looks a type up by name, also when written qualified (`#microsoft.graph.identitySet`).
fn type_named<'a>(api: &'a Api, name: &str) -> Option<&'a TypeDef> {
    let name = name.trim().trim_start_matches('#');
    api.type_named(name).or_else(|| {
        name.rsplit_once('.')
            .and_then(|(_, short)| api.type_named(short))
    })
}

/// The properties of `def` and of its base types, most derived first, each name once.
fn all_properties<'a>(api: &'a Api, def: &'a TypeDef) -> Vec<&'a Property> {
    let mut out: Vec<&Property> = Vec::new();
    let mut current = Some(def);
    let mut seen: Vec<&str> = Vec::new();
    while let Some(d) = current {
        if seen.len() >= MAX_BASE_CHAIN || seen.iter().any(|s| s.eq_ignore_ascii_case(&d.name)) {
            break;
        }
        seen.push(&d.name);
        for p in &d.properties {
            if !out.iter().any(|o| o.name == p.name) {
                out.push(p);
            }
        }
        current = d.base_type.as_deref().and_then(|b| type_named(api, b));
    }
    out
}
