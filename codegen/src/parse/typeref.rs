//! Reading a type cell (`String`, `[participantInfo](participantinfo.md) collection`,
//! `Collection(Edm.Int32)`, `` `bool` ``, ...) into a [`TypeRef`].
//!
//! The docs spell the same type many ways; everything here maps onto the canonical names of
//! [`Primitive::name`] or keeps a type name for the resolver to bind. What cannot be understood
//! is an `Err` with a message: the caller reports `DS0401` and falls back to `Json`, so a messy
//! cell never loses the property itself.

use super::ascii::{contains_ignore_case, find_marker, strip_prefix_ignore_case};
use super::doc;
use crate::model::{Primitive, TypeRef};
use std::borrow::Cow;

/// Reads a table cell holding a type. Links decide the name's target page: the link text gives
/// the name, and the target (normalized relative to `page_file`) is kept in [`TypeRef::link`]
/// for the resolver. Links that are not to a markdown page (URLs, anchors) are ignored.
pub fn parse_type_cell(cell: &doc::Cell, page_file: &str) -> Result<TypeRef, String> {
    let page_links: Vec<(&str, String)> = cell
        .links
        .iter()
        .filter_map(|(text, target)| {
            doc::normalize_link(page_file, target).map(|norm| (text.as_ref(), norm))
        })
        .collect();
    let Some((first_text, first_target)) = page_links.first() else {
        return parse_type_text(&cell.text);
    };
    // `[a](a.md) or [b](b.md)`: a choice the model cannot express.
    if page_links
        .iter()
        .any(|(_, t)| !t.eq_ignore_ascii_case(first_target))
    {
        return Err(format!(
            "`{}` names several types; a property has one type",
            cell.text.trim()
        ));
    }
    let collection = linked_collection(&cell.text, &page_links);
    let name = clean_name(first_text);
    // `[DateTimeOffset](timestamp.md)`: a primitive linked to a page explaining it.
    if let Some(p) = primitive_alias(&name) {
        return Ok(make(p.name(), collection));
    }
    let name = if is_identifier(&name) {
        name
    } else {
        // Link text such as `Identity set`: the target page decides; keep its stem as a hint.
        link_stem(first_target)
    };
    Ok(TypeRef {
        name,
        collection,
        link: Some(first_target.clone()),
    })
}

/// Reads a type written as plain text: `String`, `Edm.Int32`, `int`, `X collection`,
/// `Collection(microsoft.graph.x)`, `String (identifier)`, `string, maximum size 20`, an unlinked
/// type name (usually an enum). Primitive names are mapped to their canonical spelling.
pub fn parse_type_text(text: &str) -> Result<TypeRef, String> {
    let original = text.trim();
    // Code marks and emphasis go once; every step below then only trims its part.
    let plain = without_marks(original);
    let mut s = trim_decoration(&plain);
    if s.is_empty() {
        return Err("the type cell is empty".to_string());
    }
    let mut collection = false;
    if let Some(inner) = strip_collection_wrapper(s) {
        collection = true;
        s = trim_decoration(inner);
    }
    if let Some(inner) = strip_collection_suffix(s) {
        collection = true;
        s = trim_decoration(inner);
    }
    if let Some(inner) = strip_prefix_ignore_case(s, "collection of ") {
        collection = true;
        s = trim_decoration(inner);
    }
    // `String (identifier)`, `string (url)`: the parenthesis qualifies, the type comes first,
    // except that `String (timestamp)` is how the docs write a DateTimeOffset.
    if let Some(open) = s.find('(') {
        let qualifier = s[open + 1..].trim_end_matches(')').trim();
        if qualifier.eq_ignore_ascii_case("timestamp") {
            return Ok(make(Primitive::DateTimeOffset.name(), collection));
        }
        // `String (ISO 8601 duration)`: a Duration in its wire form.
        if contains_ignore_case(qualifier, "duration") {
            return Ok(make(Primitive::Duration.name(), collection));
        }
        s = trim_decoration(&s[..open]);
    }
    // `string, maximum size 20`.
    if let Some(comma) = s.find(',') {
        s = trim_decoration(&s[..comma]);
    }
    if let Some(inner) = strip_collection_suffix(s) {
        collection = true;
        s = trim_decoration(inner);
    }
    if s.is_empty() {
        return Err(format!("`{original}` has no type name"));
    }
    if let Some(p) = primitive_alias(s) {
        return Ok(make(p.name(), collection));
    }
    if let Some(rest) = strip_prefix_ignore_case(s, "edm.") {
        return match primitive_alias(rest) {
            Some(p) => Ok(make(p.name(), collection)),
            None => Err(format!("`{original}` is not a known Edm type")),
        };
    }
    if is_qualified_name(s) {
        // `microsoft.graph.callRecords.wifiBand`: the namespace is implied by the docs set.
        let last = s.rsplit('.').next().unwrap_or(s);
        return Ok(make(last, collection));
    }
    if is_identifier(s) {
        return Ok(make(s, collection));
    }
    Err(format!(
        "`{original}` is not a type the docs' conventions describe"
    ))
}

fn make(name: &str, collection: bool) -> TypeRef {
    TypeRef {
        name: name.to_string(),
        collection,
        link: None,
    }
}

/// Removes emphasis, code marks, brackets and stray punctuation around a type.
fn strip_decoration(s: &str) -> String {
    trim_decoration(&without_marks(s)).to_string()
}

/// `s` without code marks and emphasis (`` ` `` and `*`), copied only when it has some.
fn without_marks(s: &str) -> Cow<'_, str> {
    if s.contains(['`', '*']) {
        Cow::Owned(s.replace(['`', '*'], ""))
    } else {
        Cow::Borrowed(s)
    }
}

/// `s` without whitespace and stray punctuation around it.
fn trim_decoration(s: &str) -> &str {
    s.trim()
        .trim_matches(|c: char| c == '\\' || c == '.' || c == ';' || c == ':')
        .trim()
}

/// `Collection(X)` -> `X`.
fn strip_collection_wrapper(s: &str) -> Option<&str> {
    let rest = strip_prefix_ignore_case(s, "collection")?.trim_start();
    let rest = rest.strip_prefix('(')?;
    Some(rest.trim_end().strip_suffix(')').unwrap_or(rest))
}

/// `X collection` / `X Collection` / `X array` / `X[]` -> `X`.
fn strip_collection_suffix(s: &str) -> Option<&str> {
    [" collection", " array", "[]"]
        .into_iter()
        .find_map(|suffix| {
            let at = s.len().checked_sub(suffix.len())?;
            s.get(at..)
                .filter(|tail| tail.eq_ignore_ascii_case(suffix))
                .and_then(|_| s.get(..at))
        })
}

/// Whether a cell with links says its type is a collection: outside the links (`[x](x.md)
/// collection`), or in a link's text (`[x collection](x.md)`). A type whose name contains the
/// word (`[siteCollection](sitecollection.md)`) is not a collection.
fn linked_collection(text: &str, links: &[(&str, String)]) -> bool {
    let mut rest = text.to_string();
    for (link_text, _) in links {
        if let Some(i) = find_marker(&rest, link_text) {
            rest.replace_range(i..i + link_text.len(), " ");
        }
    }
    is_collection_text(&rest)
        || links.iter().any(|(t, _)| {
            let s = strip_decoration(t);
            strip_collection_wrapper(&s).is_some()
                || strip_collection_suffix(&s).is_some()
                || strip_prefix_ignore_case(&s, "collection of ").is_some()
        })
}

/// Whether the whole cell text says the type is a collection.
fn is_collection_text(text: &str) -> bool {
    contains_ignore_case(text, "collection")
        || text.trim().ends_with("[]")
        || contains_ignore_case(text.trim(), " array")
}

/// The link text as a name: `**participantInfo**` -> `participantInfo`.
fn clean_name(text: &str) -> String {
    let s = strip_decoration(text);
    let s = strip_collection_wrapper(&s)
        .map(strip_decoration)
        .unwrap_or(s);
    let s = strip_collection_suffix(&s)
        .map(strip_decoration)
        .unwrap_or(s);
    if is_qualified_name(&s) {
        return s.rsplit('.').next().unwrap_or(&s).to_string();
    }
    s
}

/// The file stem of a normalized link (`resources/participantinfo.md` -> `participantinfo`).
fn link_stem(target: &str) -> String {
    let file = target.rsplit('/').next().unwrap_or(target);
    let file = file.split('#').next().unwrap_or(file);
    file.strip_suffix(".md").unwrap_or(file).to_string()
}

/// A single identifier such as a type or enum name (`participantInfo`, `wifiBand`).
pub(crate) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `a.b.c`, each part an identifier.
fn is_qualified_name(s: &str) -> bool {
    s.contains('.') && s.split('.').all(is_identifier)
}

/// The primitive a spelling means, case-insensitively, or `None` for anything else.
pub(crate) fn primitive_alias(s: &str) -> Option<Primitive> {
    doc::with_ascii_lowercase(s.trim(), primitive_of_lowercase)
}

fn primitive_of_lowercase(lower: &str) -> Option<Primitive> {
    let p = match lower {
        "string" | "str" | "url" | "uri" | "text" => Primitive::String,
        "boolean" | "bool" => Primitive::Boolean,
        "byte" => Primitive::Byte,
        "sbyte" => Primitive::SByte,
        "int16" | "short" => Primitive::Int16,
        "int32" | "int" | "integer" | "number" | "numeric" => Primitive::Int32,
        "int64" | "long" | "bigint" => Primitive::Int64,
        "single" | "float" => Primitive::Single,
        "double" => Primitive::Double,
        "decimal" => Primitive::Decimal,
        "datetimeoffset" | "datetime" | "timestamp" => Primitive::DateTimeOffset,
        "date" => Primitive::Date,
        "timeofday" | "time" => Primitive::TimeOfDay,
        "duration" | "timespan" => Primitive::Duration,
        "guid" | "uuid" => Primitive::Guid,
        "binary" | "base64" | "byte[]" => Primitive::Binary,
        "stream" => Primitive::Stream,
        "json" | "json object" | "untyped json object" | "object" | "untyped" => Primitive::Json,
        _ => return None,
    };
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> (String, bool) {
        let t = parse_type_text(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(t.link, None);
        (t.name, t.collection)
    }

    #[test]
    fn spellings_map_to_canonical_names() {
        let cases: &[(&str, &str, bool)] = &[
            ("String", "String", false),
            ("string", "String", false),
            ("`string`", "String", false),
            ("**String**", "String", false),
            ("Edm.Int32", "Int32", false),
            ("`Edm.DateTimeOffset`", "DateTimeOffset", false),
            ("int", "Int32", false),
            ("Int", "Int32", false),
            ("Integer", "Int32", false),
            ("Int64", "Int64", false),
            ("datetime", "DateTimeOffset", false),
            ("DateTime", "DateTimeOffset", false),
            ("dateTimeOffset", "DateTimeOffset", false),
            ("timestamp", "DateTimeOffset", false),
            ("Boolean", "Boolean", false),
            ("bool", "Boolean", false),
            ("`bool`", "Boolean", false),
            ("Guid", "Guid", false),
            ("GUID", "Guid", false),
            ("Stream", "Stream", false),
            ("Binary", "Binary", false),
            ("Edm.Binary", "Binary", false),
            ("Double", "Double", false),
            ("double", "Double", false),
            ("float", "Single", false),
            ("Json", "Json", false),
            ("Untyped JSON object", "Json", false),
            ("Date", "Date", false),
            ("Duration", "Duration", false),
            ("TimeOfDay", "TimeOfDay", false),
            ("String (identifier)", "String", false),
            ("string (url)", "String", false),
            ("String (timestamp)", "DateTimeOffset", false),
            ("String (ISO 8601 duration)", "Duration", false),
            ("string, maximum size 20", "String", false),
            ("String collection", "String", true),
            ("string collection", "String", true),
            ("Int32 collection", "Int32", true),
            ("Collection(String)", "String", true),
            ("collection(string)", "String", true),
            ("Collection(Edm.Guid)", "Guid", true),
            (
                "Collection(microsoft.graph.participantInfo)",
                "participantInfo",
                true,
            ),
            ("microsoft.graph.callRecords.wifiBand", "wifiBand", false),
            ("callState", "callState", false),
            ("modality collection", "modality", true),
            ("`riskLevel` collection", "riskLevel", true),
        ];
        for (text, name, collection) in cases {
            assert_eq!(ok(text), (name.to_string(), *collection), "{text:?}");
        }
    }

    fn cell(text: &str, links: &[(&str, &str)]) -> doc::Cell<'static> {
        doc::Cell {
            text: text.to_string().into(),
            links: links
                .iter()
                .map(|(t, l)| (t.to_string().into(), l.to_string().into()))
                .collect(),
            code_spans: Vec::new(),
            line: 1,
            col: 1,
        }
    }

    #[test]
    fn linked_cells_are_collections_only_when_they_say_so() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str, bool);
        let cases: &[Case] = &[
            (
                "siteCollection",
                &[("siteCollection", "sitecollection.md")],
                "siteCollection",
                false,
            ),
            ("place collection", &[("place", "place.md")], "place", true),
            ("place Collection", &[("place", "place.md")], "place", true),
            (
                "place collection",
                &[("place collection", "place.md")],
                "place",
                true,
            ),
            (
                "Collection(place)",
                &[("Collection(place)", "place.md")],
                "place",
                true,
            ),
            (
                "siteCollection collection",
                &[("siteCollection", "sitecollection.md")],
                "siteCollection",
                true,
            ),
        ];
        for (text, links, name, collection) in cases {
            let t = parse_type_cell(&cell(text, links), "resources/x.md")
                .unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(
                (t.name.as_str(), t.collection),
                (*name, *collection),
                "{text:?}"
            );
            assert!(t.link.is_some(), "{text:?} keeps its link");
        }
    }

    #[test]
    fn empty_and_unreadable_cells_are_errors() {
        for text in [
            "",
            "   ",
            "``",
            "**",
            "a type with spaces",
            "Edm.Nonsense",
            "Collection()",
        ] {
            assert!(parse_type_text(text).is_err(), "{text:?} should not parse");
        }
    }

    #[test]
    fn every_canonical_name_round_trips() {
        for p in Primitive::ALL {
            assert_eq!(ok(p.name()), (p.name().to_string(), false));
        }
    }
}
