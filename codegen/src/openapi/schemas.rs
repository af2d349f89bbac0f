//! JSON Schemas of the model's types: `components.schemas` and the schema of every type
//! reference (properties, bodies, answers), in the forms of the chosen OpenAPI version.

use super::skipped::Skipped;
use super::Spec;
use crate::model::{Api, Primitive, Source, TypeDef, TypeKind, TypeRef};
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};

/// One member of an object schema, as [`Types::members`] reads it.
pub(super) struct Member<'m> {
    pub name: &'m str,
    pub ty: &'m TypeRef,
    pub description: Option<&'m str>,
    pub required: bool,
    pub source: &'m Source,
}

/// The model's types by lowercase name, with the component key each gets.
pub(super) struct Types {
    spec: Spec,
    /// Lowercase type name -> component key.
    keys: HashMap<String, String>,
    /// Lowercase type name -> its derived types (transitively, in the model's order), as
    /// `@odata.type` tag and component key.
    derived: HashMap<String, Vec<(String, String)>>,
}

/// The namespace of a type the docs do not place in one.
const DEFAULT_NAMESPACE: &str = "microsoft.graph";

/// `#microsoft.graph.fileAttachment`: the `@odata.type` of a value of `t`.
fn odata_type(t: &TypeDef) -> String {
    let ns = t.namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE);
    format!("#{ns}.{}", t.name)
}

/// A component key from a type name: OpenAPI allows `[A-Za-z0-9._-]` only.
fn component_key(name: &str) -> String {
    let key: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if key.is_empty() {
        "_".to_string()
    } else {
        key
    }
}

impl Types {
    /// Keys for every type of `api`, unique (a clash after cleaning takes a numeric suffix).
    pub(super) fn new(api: &Api, spec: Spec) -> Types {
        let mut keys = HashMap::new();
        let mut taken = HashSet::new();
        for t in &api.types {
            let lower = t.name.to_ascii_lowercase();
            if keys.contains_key(&lower) {
                continue;
            }
            let base = component_key(&t.name);
            let mut key = base.clone();
            let mut n = 2;
            while !taken.insert(key.to_ascii_lowercase()) {
                key = format!("{base}_{n}");
                n += 1;
            }
            keys.insert(lower, key);
        }
        let mut by_name: HashMap<String, &TypeDef> = HashMap::new();
        for t in api.types.iter().filter(|t| t.kind != TypeKind::Enum) {
            by_name.entry(t.name.to_ascii_lowercase()).or_insert(t);
        }
        let mut derived: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for t in api.types.iter().filter(|t| t.kind != TypeKind::Enum) {
            let Some(key) = keys.get(&t.name.to_ascii_lowercase()) else {
                continue;
            };
            let mut seen = HashSet::from([t.name.to_ascii_lowercase()]);
            let mut base = t.base_type.as_deref().map(str::to_ascii_lowercase);
            // A cycle of base types was reported by the resolver (DS0505); it ends the walk.
            while let Some(b) = base.filter(|b| seen.insert(b.clone())) {
                let Some(bt) = by_name.get(&b) else {
                    break;
                };
                derived
                    .entry(b)
                    .or_default()
                    .push((odata_type(t), key.clone()));
                base = bt.base_type.as_deref().map(str::to_ascii_lowercase);
            }
        }
        Types {
            spec,
            keys,
            derived,
        }
    }

    /// The component key of the type named `name` (compared without case, as Graph does).
    pub(super) fn key(&self, name: &str) -> Option<&str> {
        self.keys
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// `#/components/schemas/KEY` for the type named `name`.
    pub(super) fn reference(&self, name: &str) -> Option<Value> {
        self.key(name)
            .map(|key| json!({ "$ref": format!("#/components/schemas/{key}") }))
    }

    /// The schema of a primitive.
    pub(super) fn primitive(&self, p: Primitive) -> Value {
        let v31 = self.spec == Spec::V3_1;
        match p {
            Primitive::String => json!({"type": "string"}),
            Primitive::Boolean => json!({"type": "boolean"}),
            Primitive::Byte => {
                json!({"type": "integer", "format": "uint8", "minimum": 0, "maximum": 255})
            }
            Primitive::SByte => {
                json!({"type": "integer", "format": "int8", "minimum": -128, "maximum": 127})
            }
            Primitive::Int16 => json!({"type": "integer", "format": "int16"}),
            Primitive::Int32 => json!({"type": "integer", "format": "int32"}),
            Primitive::Int64 => json!({"type": "integer", "format": "int64"}),
            Primitive::Single => json!({"type": "number", "format": "float"}),
            Primitive::Double => json!({"type": "number", "format": "double"}),
            Primitive::Decimal => json!({"type": "number", "format": "decimal"}),
            Primitive::DateTimeOffset => json!({"type": "string", "format": "date-time"}),
            Primitive::Date => json!({"type": "string", "format": "date"}),
            Primitive::TimeOfDay => json!({"type": "string", "format": "time"}),
            Primitive::Duration => json!({"type": "string", "format": "duration"}),
            Primitive::Guid => json!({"type": "string", "format": "uuid"}),
            Primitive::Binary if v31 => json!({"type": "string", "contentEncoding": "base64"}),
            Primitive::Binary => json!({"type": "string", "format": "byte"}),
            Primitive::Stream => self.binary(),
            Primitive::Json => json!({}),
        }
    }

    /// The schema of a body of bytes (`application/octet-stream`).
    pub(super) fn binary(&self) -> Value {
        match self.spec {
            Spec::V3_1 => json!({"type": "string", "contentMediaType": "application/octet-stream"}),
            Spec::V3_0 => json!({"type": "string", "format": "binary"}),
        }
    }

    /// The schema of one value of `ty` (its collection flag ignored): a primitive's, or a
    /// reference to a component. A name that is neither is `{}`, noted in `skipped`.
    fn single(&self, ty: &TypeRef, what: &str, source: &Source, skipped: &mut Skipped) -> Value {
        if let Some(p) = ty.primitive() {
            return self.primitive(p);
        }
        match self.reference(&ty.name) {
            Some(r) => r,
            None => {
                skipped.note(
                    "type",
                    &ty.name,
                    &format!("{what} names type `{}`, which the docs do not define; its schema is `{{}}`", ty.name),
                    source,
                );
                json!({})
            }
        }
    }

    /// The schema of `ty`, a collection as an array; no nullability, no description.
    pub(super) fn schema(
        &self,
        ty: &TypeRef,
        what: &str,
        source: &Source,
        skipped: &mut Skipped,
    ) -> Value {
        let one = self.single(ty, what, source, skipped);
        if ty.collection {
            json!({"type": "array", "items": one})
        } else {
            one
        }
    }

    /// The schema of a property or body parameter: `ty` with its description; a single value
    /// that is not required may be `null`.
    pub(super) fn member(
        &self,
        ty: &TypeRef,
        description: Option<&str>,
        required: bool,
        what: &str,
        source: &Source,
        skipped: &mut Skipped,
    ) -> Value {
        let schema = self.schema(ty, what, source, skipped);
        let mut out = if ty.collection || required {
            schema
        } else {
            self.nullable(schema)
        };
        if let Some(d) = description.filter(|d| !d.is_empty()) {
            if out.get("$ref").is_some() && self.spec == Spec::V3_0 {
                // 3.0 ignores the siblings of a `$ref`.
                out = json!({ "allOf": [out] });
            }
            if let Value::Object(map) = &mut out {
                map.insert("description".into(), Value::String(d.to_string()));
            }
        }
        out
    }

    /// `schema`, or `null`: `type: [x, "null"]` in 3.1, `nullable: true` in 3.0; a reference is
    /// wrapped in `anyOf`.
    fn nullable(&self, schema: Value) -> Value {
        let Value::Object(mut map) = schema else {
            return schema;
        };
        if map.is_empty() {
            return Value::Object(map);
        }
        if map.contains_key("$ref") {
            return match self.spec {
                Spec::V3_1 => json!({"anyOf": [map, {"type": "null"}]}),
                Spec::V3_0 => json!({"anyOf": [map], "nullable": true}),
            };
        }
        match self.spec {
            Spec::V3_1 => {
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([t, "null"]));
                }
            }
            Spec::V3_0 => {
                map.insert("nullable".into(), Value::Bool(true));
            }
        }
        Value::Object(map)
    }

    /// `components.schemas`: every type of `api`, in the model's order.
    pub(super) fn components(&self, api: &Api, skipped: &mut Skipped) -> Map<String, Value> {
        let mut out = Map::new();
        for t in &api.types {
            let Some(key) = self.key(&t.name) else {
                continue;
            };
            if out.contains_key(key) {
                skipped.note(
                    "type",
                    &t.name,
                    "defined twice (names differing only in case); the first is exported",
                    &t.source,
                );
                continue;
            }
            let schema = self.type_def(t, skipped);
            out.insert(key.to_string(), schema);
        }
        out
    }

    /// The schema of one type: a string enum, or an object (`allOf` its base and its own
    /// properties when it has one).
    fn type_def(&self, t: &TypeDef, skipped: &mut Skipped) -> Value {
        let mut out = Map::new();
        if t.kind == TypeKind::Enum {
            out.insert("type".into(), json!("string"));
            let mut seen = HashSet::new();
            let members: Vec<Value> = t
                .members
                .iter()
                .filter(|m| seen.insert(m.name.as_str()))
                .map(|m| json!(m.name))
                .collect();
            if !members.is_empty() {
                out.insert("enum".into(), Value::Array(members));
            }
        } else {
            let mut own = self.object(t, skipped);
            if let Some(derived) = self.derived.get(&t.name.to_ascii_lowercase()) {
                out.insert("discriminator".into(), self.discriminator(t, derived));
                let props = own
                    .entry("properties")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(props) = props {
                    props
                        .entry("@odata.type")
                        .or_insert_with(|| json!({"type": "string"}));
                }
            }
            let base = t.base_type.as_deref().and_then(|b| {
                let r = self.reference(b);
                if r.is_none() {
                    skipped.note(
                        "type",
                        b,
                        &format!("base type `{b}` of `{}` is not defined; left out", t.name),
                        &t.source,
                    );
                }
                r
            });
            match base {
                Some(base) => {
                    out.insert("allOf".into(), json!([base, own]));
                }
                None => out.extend(own),
            }
        }
        if let Some(d) = t.description.as_deref().filter(|d| !d.is_empty()) {
            out.insert("description".into(), json!(d));
        }
        if t.is_abstract {
            out.insert("x-docspec-abstract".into(), json!(true));
        }
        let kind = match t.kind {
            TypeKind::Entity => "entity",
            TypeKind::Complex => "complex",
            TypeKind::Enum => "enum",
        };
        out.insert("x-docspec-kind".into(), json!(kind));
        if let Some(ns) = &t.namespace {
            out.insert("x-docspec-namespace".into(), json!(ns));
        }
        Value::Object(out)
    }

    /// A base type's discriminator: `@odata.type` names the type of a value, `t` itself (unless
    /// abstract) or one of its derived types.
    fn discriminator(&self, t: &TypeDef, derived: &[(String, String)]) -> Value {
        let mut mapping = Map::new();
        let own = (!t.is_abstract)
            .then(|| self.key(&t.name).map(|k| (odata_type(t), k.to_string())))
            .flatten();
        for (tag, key) in own.iter().chain(derived) {
            mapping
                .entry(tag.clone())
                .or_insert_with(|| json!(format!("#/components/schemas/{key}")));
        }
        json!({"propertyName": "@odata.type", "mapping": mapping})
    }

    /// The `properties` and `required` of an object whose members are `members` (a type's
    /// properties or a body's parameters): the first member of each name counts, and
    /// `what(name)` says what a member is in the notes on skipped parts.
    pub(super) fn members<'m>(
        &self,
        members: impl IntoIterator<Item = Member<'m>>,
        what: impl Fn(&str) -> String,
        skipped: &mut Skipped,
    ) -> (Map<String, Value>, Vec<Value>) {
        let mut props = Map::new();
        let mut required = Vec::new();
        for m in members {
            if props.contains_key(m.name) {
                continue;
            }
            let schema = self.member(
                m.ty,
                m.description,
                m.required,
                &what(m.name),
                m.source,
                skipped,
            );
            if m.required {
                required.push(json!(m.name));
            }
            props.insert(m.name.to_owned(), schema);
        }
        (props, required)
    }

    /// An object schema of the own properties of `t`.
    fn object(&self, t: &TypeDef, skipped: &mut Skipped) -> Map<String, Value> {
        let members = t.properties.iter().map(|p| Member {
            name: &p.name,
            ty: &p.ty,
            description: p.description.as_deref(),
            required: p.required,
            source: &p.source,
        });
        let what = |name: &str| format!("property `{name}` of `{}`", t.name);
        let (props, required) = self.members(members, what, skipped);
        let mut out = Map::new();
        out.insert("type".into(), json!("object"));
        if !props.is_empty() {
            out.insert("properties".into(), Value::Object(props));
        }
        if !required.is_empty() {
            out.insert("required".into(), Value::Array(required));
        }
        out
    }
}
