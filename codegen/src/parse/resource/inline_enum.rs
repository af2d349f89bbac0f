//! Enums written inline: "Possible values are: `a`, `b`, `c`." in a property description, or a
//! pipe string (`"a | b | c"`) in the JSON representation.
//!
//! Naming rule: the enum takes the property's declared type name when that is an unlinked,
//! non-primitive name (`callState`, the usual way the docs refer to an enum without a page);
//! when the docs declare no usable type (empty or unreadable cell, or a property found only in
//! the JSON representation) it is named `<type><Property>` (`call` + `direction` ->
//! `callDirection`) and the property is typed with it. A property declared as a primitive
//! (`String`, or `Json`, with "Possible values are ...") keeps its primitive: the docs say what
//! travels on the wire, and the service indeed sends a string there. Linked types are defined
//! by their page.

use crate::model::{EnumMember, Primitive, Source, TypeDef, TypeKind, TypeRef};
use crate::parse::ascii::find_ignore_case;
use crate::parse::doc::Cell;
use crate::parse::typeref::is_identifier;
use std::borrow::Cow;

/// The enum a description defines for a property of type `ty`, retyping `ty` when the rule
/// says so. `unclear` says the docs declared no usable type (`ty` is a `Json` fallback).
pub(super) fn from_description(
    cell: &Cell,
    ty: &mut TypeRef,
    unclear: bool,
    type_name: &str,
    property: &str,
    file: &str,
    line: u32,
) -> Option<TypeDef> {
    let members = members_in_text(&cell.text, &cell.code_spans)?;
    enum_for(ty, unclear, type_name, property, members, file, line)
}

/// Applies the naming rule to `members` found for a property of type `ty` (`unclear`: the docs
/// declared no usable type, and `ty` is the `Json` fallback).
pub(super) fn enum_for(
    ty: &mut TypeRef,
    unclear: bool,
    type_name: &str,
    property: &str,
    members: Vec<String>,
    file: &str,
    line: u32,
) -> Option<TypeDef> {
    if ty.link.is_some() || members.is_empty() {
        return None;
    }
    let name = match ty.primitive() {
        Some(Primitive::Json) if unclear => {
            let name = generated_name(type_name, property);
            ty.name = name.clone();
            name
        }
        Some(_) => return None,
        None => ty.name.clone(),
    };
    Some(TypeDef {
        name,
        namespace: None,
        kind: TypeKind::Enum,
        description: None,
        base_type: None,
        is_abstract: false,
        open_type: false,
        key_property: None,
        properties: Vec::new(),
        members: members
            .into_iter()
            .map(|name| EnumMember {
                name,
                value: None,
                description: None,
            })
            .collect(),
        source: Source {
            file: file.to_string(),
            line,
        },
    })
}

/// `call` + `direction` -> `callDirection`.
pub(super) fn generated_name(type_name: &str, property: &str) -> String {
    let mut chars = property.chars();
    let head: String = chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .collect();
    format!("{type_name}{head}{}", chars.as_str())
}

/// Adds `def` to `enums`, or its new members to an enum of the same name already there.
pub(super) fn push(enums: &mut Vec<TypeDef>, def: TypeDef) {
    match enums
        .iter_mut()
        .find(|e| e.name.eq_ignore_ascii_case(&def.name))
    {
        Some(existing) => {
            for m in def.members {
                if !existing.members.iter().any(|x| x.name == m.name) {
                    existing.members.push(m);
                }
            }
        }
        None => enums.push(def),
    }
}

/// The members listed after "possible values" in `text`: the code spans of that sentence, or,
/// when it has none, its comma/`or`-separated words if every one is an identifier.
pub(super) fn members_in_text(text: &str, code_spans: &[Cow<'_, str>]) -> Option<Vec<String>> {
    let start = find_ignore_case(text, "possible values")? + "possible values".len();
    let rest = text.get(start..)?;
    // Skip "are:", "include:", ":" up to the list itself.
    let rest = match rest.find(':') {
        Some(i) if i < 16 => rest.get(i + 1..)?,
        _ => rest.trim_start().strip_prefix("are")?,
    };
    let sentence = sentence_of(rest);
    let mut members: Vec<String> = Vec::new();
    let mut search_from = 0;
    for span in code_spans {
        let Some(pos) = sentence.get(search_from..).and_then(|s| s.find(&**span)) else {
            continue;
        };
        search_from += pos + span.len();
        let m = span.trim();
        if is_identifier(m) && !members.iter().any(|x| x == m) {
            members.push(m.to_string());
        }
    }
    if members.is_empty() {
        let words: Vec<String> = sentence
            .replace(" or ", ",")
            .replace(" and ", ",")
            .split(',')
            .map(|w| {
                w.trim()
                    .trim_matches(|c: char| c == '"' || c == '\'')
                    .to_string()
            })
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() >= 2 && words.iter().all(|w| is_identifier(w)) {
            members = words;
        }
    }
    (members.len() >= 2).then_some(members)
}

/// `text` up to the end of its first sentence (a `.` followed by a space or the end).
fn sentence_of(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'.' && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()) {
            return text.get(..i).unwrap_or(text);
        }
    }
    text
}

/// The members of a pipe string (`"a | b | c"`), if it is one.
pub(super) fn members_in_pipe(value: &str) -> Option<Vec<String>> {
    if !value.contains('|') {
        return None;
    }
    let members: Vec<String> = value
        .split('|')
        .map(|m| m.trim().trim_matches('`').to_string())
        .filter(|m| !m.is_empty())
        .collect();
    (members.len() >= 2 && members.iter().all(|m| is_identifier(m))).then_some(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn code(v: &[&'static str]) -> Vec<Cow<'static, str>> {
        v.iter().map(|s| Cow::Borrowed(*s)).collect()
    }

    #[test]
    fn members_come_from_the_possible_values_sentence() {
        let text =
            "The state. Possible values are: incoming, establishing, established. Use x to reset.";
        let got = members_in_text(
            text,
            &code(&["incoming", "establishing", "established", "x"]),
        );
        assert_eq!(
            got,
            Some(spans(&["incoming", "establishing", "established"]))
        );
        let bare = "Possible values are: none, low, medium or high.";
        assert_eq!(
            members_in_text(bare, &[]),
            Some(spans(&["none", "low", "medium", "high"]))
        );
        assert_eq!(
            members_in_text("Possible values are listed in the docs.", &[]),
            None
        );
        assert_eq!(
            members_in_text("The state of the call.", &code(&["a", "b"])),
            None
        );
    }

    #[test]
    fn pipe_strings_are_enums_only_when_every_part_is_a_name() {
        assert_eq!(members_in_pipe("a | b | c"), Some(spans(&["a", "b", "c"])));
        assert_eq!(members_in_pipe("String"), None);
        assert_eq!(members_in_pipe("a | not a name"), None);
    }

    #[test]
    fn naming_rule() {
        let m = || spans(&["a", "b"]);
        let mut declared = TypeRef::single("callState");
        let def = enum_for(&mut declared, false, "call", "state", m(), "f.md", 3).unwrap();
        assert_eq!(
            (def.name.as_str(), declared.name.as_str()),
            ("callState", "callState")
        );

        let mut unknown = TypeRef::single("Json");
        let def = enum_for(&mut unknown, true, "call", "direction", m(), "f.md", 3).unwrap();
        assert_eq!(
            (def.name.as_str(), unknown.name.as_str()),
            ("callDirection", "callDirection")
        );

        let mut string = TypeRef::single("String");
        assert!(enum_for(&mut string, false, "call", "x", m(), "f.md", 3).is_none());
        assert_eq!(string.name, "String");

        // `Json` written in the docs is a declared type, not a fallback.
        let mut json = TypeRef::single("Json");
        assert!(enum_for(&mut json, false, "range", "valueTypes", m(), "f.md", 3).is_none());
        assert_eq!(json.name, "Json");

        let mut linked = TypeRef {
            name: "modality".into(),
            collection: true,
            link: Some("resources/modality.md".into()),
        };
        assert!(enum_for(&mut linked, false, "call", "x", m(), "f.md", 3).is_none());
    }
}
