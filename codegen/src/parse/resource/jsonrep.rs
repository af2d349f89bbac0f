//! The JSON representation of a resource: its `blockType: resource` annotation and the
//! placeholder object that follows.
//!
//! The placeholder values say the type the way the docs think of it: `"String"`, `true`,
//! `1024`, `{"@odata.type": "microsoft.graph.x"}`, `[ ... ]`, `"String (timestamp)"`, and
//! `"a | b | c"` for an enum. Only properties missing from the tables are taken from here (the
//! tables are more precise), plus enum members for enum-typed table properties.

use super::inline_enum;
use super::split_qualified;
use crate::diag::{codes, Diagnostic};
use crate::model::{Primitive, Property, Source, TypeDef, TypeRef};
use crate::parse::annotation::parse_lenient_json;
use crate::parse::ascii::contains_ignore_case;
use crate::parse::doc::{Block, Code, Document};
use crate::parse::typeref::parse_type_text;
use serde_json::{Map, Value};

/// What the resource annotation says.
#[derive(Debug, Default)]
pub(super) struct ResourceAnnotation {
    pub odata_type: Option<String>,
    pub key_property: Option<String>,
    pub base_type: Option<String>,
    pub open_type: bool,
    pub is_abstract: bool,
}

/// A JSON representation: its annotation and its body when it parsed.
pub(super) struct JsonRep<'d> {
    pub annotation: ResourceAnnotation,
    pub body: Option<Map<String, Value>>,
    pub code: &'d Code<'d>,
}

fn text_of(v: Option<&str>) -> Option<String> {
    v.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The page's JSON representation: the first fence annotated `blockType: resource`, else the
/// first code block of a `JSON representation` section. An invalid body is `DS0403`.
pub(super) fn find<'d>(doc: &'d Document<'_>, diags: &mut Vec<Diagnostic>) -> Option<JsonRep<'d>> {
    let annotated = doc.blocks.iter().find_map(|b| match b {
        Block::Code(c) if c.annotation.as_ref().is_some_and(|a| a.is("resource")) => Some(c),
        _ => None,
    });
    let code = annotated.or_else(|| {
        doc.find_section(|h| h.contains("json representation"))
            .and_then(|s| s.codes().next())
    })?;
    let mut annotation = ResourceAnnotation::default();
    if let Some(a) = code.annotation.as_ref().filter(|a| a.is("resource")) {
        annotation = ResourceAnnotation {
            // A few pages write `@type` for `@odata.type`.
            odata_type: text_of(a.str("@odata.type")).or_else(|| text_of(a.str("@type"))),
            key_property: text_of(a.str("keyProperty")),
            base_type: text_of(a.str("baseType")),
            open_type: a.flag("openType"),
            is_abstract: a.flag("abstract"),
        };
    }
    let body = match parse_lenient_json(&code.text) {
        Ok(Value::Object(m)) => Some(m),
        Ok(_) => None,
        Err(e) => {
            diags.push(Diagnostic::new(
                codes::RESOURCE_JSON,
                doc.file.clone(),
                code.line,
                1,
                format!(
                    "the JSON representation is not valid JSON ({e}); only the tables are used"
                ),
            ));
            None
        }
    };
    Some(JsonRep {
        annotation,
        body,
        code,
    })
}

/// Whether the body marks `id` as an identifier (`"id": "String (identifier)"`).
pub(super) fn has_identifier(rep: &JsonRep<'_>) -> bool {
    rep.body
        .as_ref()
        .and_then(|b| b.get("id"))
        .and_then(Value::as_str)
        .is_some_and(|v| contains_ignore_case(v, "identifier"))
}

/// The line of `"key"` in the representation, else its first line.
fn line_of(code: &Code, key: &str) -> u32 {
    let quoted = format!("\"{key}\"");
    code.text
        .lines()
        .position(|l| l.contains(&quoted))
        .and_then(|i| u32::try_from(i).ok())
        .map_or(code.line, |i| code.line + i)
}

/// Adds the properties only the representation lists, the members of pipe-string enums, and
/// the types of the `unclear` properties (whose type cell could not be read) when the
/// representation names one.
pub(super) fn add_missing(
    doc: &Document,
    rep: &JsonRep<'_>,
    type_name: &str,
    unclear: &[String],
    properties: &mut Vec<Property>,
    enums: &mut Vec<TypeDef>,
) {
    let Some(body) = &rep.body else { return };
    for (key, value) in body {
        if key.starts_with('@') || !crate::parse::typeref::is_identifier(key) {
            continue;
        }
        // Only what is added needs a line: searching the text for every key costs.
        let line = || line_of(rep.code, key);
        let pipe = value.as_str().and_then(inline_enum::members_in_pipe);
        if let Some(existing) = properties
            .iter_mut()
            .find(|p| p.name.eq_ignore_ascii_case(key))
        {
            // A table cell the parser could not read (`[a](a.md) or [b](b.md)`, a broken link)
            // left `Json`; a placeholder that names a type says more.
            let mut was_unclear = unclear.iter().any(|u| u == &existing.name);
            if was_unclear {
                if let Some(t) = declared(value) {
                    existing.ty = t;
                    was_unclear = false;
                }
            }
            if let Some(members) = pipe {
                if let Some(def) = inline_enum::enum_for(
                    &mut existing.ty,
                    was_unclear,
                    type_name,
                    key,
                    members,
                    &doc.file,
                    line(),
                ) {
                    inline_enum::push(enums, def);
                }
            }
            continue;
        }
        let mut ty = infer(value);
        if let Some(members) = pipe {
            ty = TypeRef::single(Primitive::Json.name());
            if let Some(def) =
                inline_enum::enum_for(&mut ty, true, type_name, key, members, &doc.file, line())
            {
                inline_enum::push(enums, def);
            }
        }
        properties.push(Property {
            name: key.clone(),
            ty,
            description: None,
            navigation: false,
            required: false,
            source: Source {
                file: doc.file.clone(),
                line: line(),
            },
        });
    }
}

/// The type a placeholder names outright: `{"@odata.type": "x"}`, `[{"@odata.type": "x"}]`, a
/// primitive's name (`"String (timestamp)"`), `true`. Numbers and free text do not count: `10`
/// may stand for a `Double`, and `"contoso"` for anything.
fn declared(value: &Value) -> Option<TypeRef> {
    match value {
        Value::Object(m) => text_of(m.get("@odata.type").and_then(Value::as_str))
            .map(|t| TypeRef::single(split_qualified(&t).0)),
        Value::Array(items) => items.first().and_then(declared).map(|t| TypeRef {
            collection: true,
            ..t
        }),
        Value::String(s) => parse_type_text(s)
            .ok()
            .filter(|t| !matches!(t.primitive(), None | Some(Primitive::Json))),
        Value::Bool(_) => Some(TypeRef::single(Primitive::Boolean.name())),
        Value::Number(_) | Value::Null => None,
    }
}

/// The type a placeholder value stands for.
pub(super) fn infer(value: &Value) -> TypeRef {
    match value {
        Value::Bool(_) => TypeRef::single(Primitive::Boolean.name()),
        Value::Number(n) => {
            let p = match n.as_i64() {
                Some(i) if i32::try_from(i).is_ok() => Primitive::Int32,
                Some(_) => Primitive::Int64,
                None => Primitive::Double,
            };
            TypeRef::single(p.name())
        }
        Value::String(s) => match parse_type_text(s) {
            Ok(t) if t.primitive().is_some() => t,
            _ => TypeRef::single(Primitive::String.name()),
        },
        Value::Object(m) => match text_of(m.get("@odata.type").and_then(Value::as_str)) {
            Some(t) => TypeRef::single(split_qualified(&t).0),
            None => TypeRef::single(Primitive::Json.name()),
        },
        Value::Array(items) => {
            let inner = items
                .first()
                .map_or(TypeRef::single(Primitive::Json.name()), infer);
            TypeRef {
                collection: true,
                ..inner
            }
        }
        Value::Null => TypeRef::single(Primitive::Json.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn at_type_names_the_resource_like_odata_type() {
        let text = "# System facet\n\n<!-- { \"blockType\": \"resource\", \"@type\": \"microsoft.graph.systemFacet\" } -->\n\n```json\n{\n}\n```\n";
        let page = crate::parse::parse_page("resources/systemFacet.md", text.as_bytes());
        let names: Vec<&str> = page.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["systemFacet"]);
        assert_eq!(
            page.types.first().and_then(|t| t.namespace.as_deref()),
            Some("microsoft.graph")
        );
    }

    #[test]
    fn placeholders_type_only_the_cells_that_could_not_be_read() {
        let text = [
            "# thing resource type",
            "",
            "## Properties",
            "",
            "| Property | Type | Description |",
            "|:--|:--|:--|",
            "| media | [a](a.md) or [b](b.md) | Either. |",
            "| kinds | Json | Possible values are: `p`, `q`. |",
            "| unit | Json | Free. |",
            "",
            "## JSON representation",
            "",
            "<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.thing\" } -->",
            "```json",
            "{ \"media\": {\"@odata.type\": \"microsoft.graph.base\"}, \"kinds\": \"String\", \"unit\": \"String\" }",
            "```",
        ]
        .join("\n");
        let page = crate::parse::parse_page("resources/thing.md", text.as_bytes());
        let thing = page.types.first().expect("the resource");
        let types: Vec<(&str, &str)> = thing
            .properties
            .iter()
            .map(|p| (p.name.as_str(), p.ty.name.as_str()))
            .collect();
        // `Json` written in the table is a declared type: neither the placeholder nor the
        // description's values replace it.
        assert_eq!(
            types,
            [("media", "base"), ("kinds", "Json"), ("unit", "Json")]
        );
        assert_eq!(page.types.len(), 1, "no inline enum for a declared `Json`");
    }

    #[test]
    fn only_explicit_placeholders_declare_a_type() {
        let t = declared(&json!({"@odata.type": "#microsoft.graph.mediaConfig"})).unwrap();
        assert_eq!((t.name.as_str(), t.collection), ("mediaConfig", false));
        let t = declared(&json!([{"@odata.type": "microsoft.graph.x"}])).unwrap();
        assert_eq!((t.name.as_str(), t.collection), ("x", true));
        let t = declared(&json!("String (timestamp)")).unwrap();
        assert_eq!(t.name, "DateTimeOffset");
        for v in [
            json!(10),
            json!("contoso"),
            json!({"a": 1}),
            json!([]),
            json!(null),
        ] {
            assert_eq!(declared(&v), None, "{v}");
        }
    }

    #[test]
    fn placeholders_give_types() {
        let cases = [
            (json!("String"), "String", false),
            (json!("String (timestamp)"), "DateTimeOffset", false),
            (json!("String (identifier)"), "String", false),
            (json!("a free text value"), "String", false),
            (json!(true), "Boolean", false),
            (json!(1024), "Int32", false),
            (json!(10_000_000_000_i64), "Int64", false),
            (json!(1.5), "Double", false),
            (
                json!({"@odata.type": "#microsoft.graph.participantInfo"}),
                "participantInfo",
                false,
            ),
            (json!({"a": 1}), "Json", false),
            (
                json!([{"@odata.type": "microsoft.graph.mediaStream"}]),
                "mediaStream",
                true,
            ),
            (json!(["String"]), "String", true),
            (json!([]), "Json", true),
            (json!(null), "Json", false),
        ];
        for (v, name, coll) in cases {
            let t = infer(&v);
            assert_eq!((t.name.as_str(), t.collection), (name, coll), "{v}");
        }
    }
}
