//! Annotation comments: `<!-- { "blockType": "request", "name": "..." } -->` before a fence.
//!
//! The docs' JSON is hand-written: trailing commas, unquoted keys, raw line breaks inside
//! strings and `"true"` for `true` all occur. [`parse_lenient_json`] repairs what it safely can;
//! what still fails is a DS0202 warning and the comment carries no annotation.

use crate::diag::{codes, Diagnostic};
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// Keys whose values are booleans, even when the docs write them as strings.
const BOOLEAN_KEYS: [&str; 5] = [
    "truncated",
    "isCollection",
    "openType",
    "abstract",
    "isMediaEntity",
];

/// The string-valued keys the parsers read. Every other key is kept in the annotation's text
/// and read with [`Annotation::json`].
const STRING_KEYS: [&str; 6] = [
    "blockType",
    "name",
    "@odata.type",
    "@type",
    "keyProperty",
    "baseType",
];

/// The JSON object of an annotation comment, and where the comment starts.
///
/// The keys the parsers read are picked out while the JSON is checked (one pass, no map built
/// for every comment of the corpus); the whole object stays available through
/// [`Annotation::json`].
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// 1-based line of the `<!--`.
    pub line: u32,
    /// 1-based character column of the `<!--`.
    pub col: u32,
    /// The object's JSON text, repaired when it had to be.
    text: Box<str>,
    /// Values of [`STRING_KEYS`] that are strings, in that order.
    strings: [Option<Box<str>>; STRING_KEYS.len()],
    /// Values of [`BOOLEAN_KEYS`] that are booleans (or strings saying one), in that order.
    flags: [Option<bool>; BOOLEAN_KEYS.len()],
}

impl Annotation {
    /// The string value of `key`, if it is a string. `key` is one of the keys the parsers read
    /// (`blockType`, `name`, `@odata.type`, `@type`, `keyProperty`, `baseType`); for others,
    /// see [`Annotation::json`].
    pub fn str(&self, key: &str) -> Option<&str> {
        let i = STRING_KEYS.iter().position(|k| *k == key)?;
        self.strings.get(i)?.as_deref()
    }

    /// `blockType` (`request`, `response`, `resource`, `example`, `ignored`, ...), lowercased
    /// comparisons are up to the caller.
    pub fn block_type(&self) -> Option<&str> {
        self.str("blockType")
    }

    /// `name`, when present and not empty.
    pub fn name(&self) -> Option<&str> {
        self.str("name").map(str::trim).filter(|s| !s.is_empty())
    }

    /// The boolean value of `key` (one of `truncated`, `isCollection`, `openType`, `abstract`,
    /// `isMediaEntity`), `false` when absent or not a boolean.
    pub fn flag(&self, key: &str) -> bool {
        BOOLEAN_KEYS
            .iter()
            .position(|k| *k == key)
            .and_then(|i| self.flags.get(i).copied().flatten())
            .unwrap_or(false)
    }

    /// `true` when `blockType` equals `kind`, ignoring ASCII case.
    pub fn is(&self, kind: &str) -> bool {
        self.block_type()
            .is_some_and(|b| b.trim().eq_ignore_ascii_case(kind))
    }

    /// The whole object, every key as written, with string booleans of the known boolean keys
    /// coerced to booleans.
    pub fn json(&self) -> Map<String, Value> {
        let mut json = match serde_json::from_str(&self.text) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        for (key, flag) in BOOLEAN_KEYS.iter().zip(self.flags) {
            if let (Some(v), Some(b)) = (json.get_mut(*key), flag) {
                *v = Value::Bool(b);
            }
        }
        json
    }
}

/// What the one pass over an annotation's JSON found.
enum Read {
    Object {
        strings: [Option<Box<str>>; STRING_KEYS.len()],
        flags: [Option<bool>; BOOLEAN_KEYS.len()],
    },
    NotObject,
}

/// Reads the parsers' keys out of a JSON object without building it; anything else is only
/// checked. Of a repeated key the last value counts, as in a JSON map.
struct ReadVisitor;

impl<'de> Visitor<'de> for ReadVisitor {
    type Value = Read;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
        let mut strings: [Option<Box<str>>; STRING_KEYS.len()] = Default::default();
        let mut flags = [None; BOOLEAN_KEYS.len()];
        // Keys are strings: read as a `Scalar`, borrowed when they have no escapes.
        while let Some(key) = map.next_key::<Scalar<'de>>()? {
            let key = match &key {
                Scalar::Str(k) => k.as_ref(),
                _ => "",
            };
            if let Some(i) = STRING_KEYS.iter().position(|k| *k == key) {
                let value = map.next_value::<Scalar<'de>>()?;
                if let Some(slot) = strings.get_mut(i) {
                    *slot = match value {
                        Scalar::Str(s) => Some(s.into()),
                        _ => None,
                    };
                }
            } else if let Some(i) = BOOLEAN_KEYS.iter().position(|k| *k == key) {
                let value = map.next_value::<Scalar<'de>>()?;
                if let Some(slot) = flags.get_mut(i) {
                    *slot = match value {
                        Scalar::Bool(b) => Some(b),
                        Scalar::Str(s) => string_bool(&s),
                        Scalar::Other => None,
                    };
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Read::Object { strings, flags })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Read, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Read::NotObject)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Read, E> {
        Ok(Read::NotObject)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Read, E> {
        Ok(Read::NotObject)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Read, E> {
        Ok(Read::NotObject)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Read, E> {
        Ok(Read::NotObject)
    }
    fn visit_str<E>(self, _: &str) -> Result<Read, E> {
        Ok(Read::NotObject)
    }
    fn visit_unit<E>(self) -> Result<Read, E> {
        Ok(Read::NotObject)
    }
}

impl<'de> Deserialize<'de> for Read {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Read, D::Error> {
        d.deserialize_any(ReadVisitor)
    }
}

/// A key, or a value of a key the parsers read: a string (borrowed from the JSON text when it
/// has no escapes), a boolean, or anything else (checked only).
enum Scalar<'de> {
    Str(Cow<'de, str>),
    Bool(bool),
    Other,
}

impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scalar<'de>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Str(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Str(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Str(Cow::Owned(s)))
            }
            fn visit_bool<E>(self, b: bool) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Bool(b))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other)
            }
            fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar<'de>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'de>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads the inside of one HTML comment (without `<!--` and `-->`). `Ok(None)` when the comment
/// is not meant as an annotation (it does not start with `{`); `Err` is a DS0202 warning.
pub fn parse_comment(
    file: &str,
    inner: &str,
    line: u32,
    col: u32,
) -> Result<Option<Annotation>, Diagnostic> {
    let body = inner.trim();
    if !body.starts_with('{') {
        return Ok(None);
    }
    let read = leniently(body, |t| {
        serde_json::from_str::<Read>(t).map(|read| (read, t.to_string()))
    });
    match read {
        Ok((Read::Object { strings, flags }, text)) => Ok(Some(Annotation {
            line,
            col,
            text: text.into_boxed_str(),
            strings,
            flags,
        })),
        Ok((Read::NotObject, _)) => Err(Diagnostic::new(
            codes::ANNOTATION_JSON,
            file,
            line,
            col,
            "annotation comment is JSON but not an object; it is ignored",
        )),
        Err(e) => Err(Diagnostic::new(
            codes::ANNOTATION_JSON,
            file,
            line,
            col,
            format!("annotation comment is not valid JSON ({e}); it is ignored"),
        )),
    }
}

fn string_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Parses JSON as the docs write it: strict first, then after [`repair_json`].
pub fn parse_lenient_json(text: &str) -> Result<Value, serde_json::Error> {
    leniently(text, |t| serde_json::from_str(t))
}

/// [`parse_lenient_json`] without building the value: the text, repaired if it had to be, once
/// it is known to be valid JSON.
pub fn lenient_json_text(text: &str) -> Result<crate::model::JsonText, serde_json::Error> {
    leniently(text, crate::model::JsonText::new)
}

/// `parse(text)`, else `parse` of the repaired text; the error is always the original's (its
/// line and column are the page's).
fn leniently<T>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, serde_json::Error>,
) -> Result<T, serde_json::Error> {
    parse(text).or_else(|first| {
        let repaired = repair_json(text);
        if repaired == text {
            return Err(first);
        }
        parse(&repaired).map_err(|_| first)
    })
}

/// Fixes the hand-written JSON mistakes that have one obvious meaning: trailing commas before
/// `}`/`]`, unquoted object keys (`isCollection: true`), and raw control characters inside
/// strings. Anything else is left for the JSON parser to reject.
pub fn repair_json(text: &str) -> String {
    repair(text, &mut Vec::new())
}

/// The byte offsets in `text` of the trailing commas [`repair_json`] drops.
pub fn trailing_commas(text: &str) -> Vec<usize> {
    let mut commas = Vec::new();
    repair(text, &mut commas);
    commas
}

/// [`repair_json`], noting the byte offset of each trailing comma it drops in `commas`.
fn repair(text: &str, commas: &mut Vec<usize>) -> String {
    let offsets: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    let mut in_string = false;
    while let Some(&c) = chars.get(i) {
        if in_string {
            match c {
                '\\' => {
                    out.push(c);
                    if let Some(&n) = chars.get(i + 1) {
                        out.push(n);
                        i += 1;
                    }
                }
                '"' => {
                    in_string = false;
                    out.push(c);
                }
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => out.push(' '),
                c => out.push(c),
            }
            i += 1;
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
                i += 1;
            }
            ',' => {
                let mut j = i + 1;
                while chars.get(j).is_some_and(|c| c.is_whitespace()) {
                    j += 1;
                }
                if matches!(chars.get(j), Some('}') | Some(']')) {
                    commas.extend(offsets.get(i));
                } else {
                    out.push(c);
                }
                i += 1;
            }
            c if (c.is_ascii_alphabetic() || c == '_' || c == '@' || c == '$')
                && follows_key_position(&out) =>
            {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || "_@$.-".contains(*c))
                {
                    i += 1;
                }
                let word: String = chars.get(start..i).unwrap_or_default().iter().collect();
                let mut j = i;
                while chars.get(j).is_some_and(|c| c.is_whitespace()) {
                    j += 1;
                }
                if chars.get(j) == Some(&':') {
                    out.push('"');
                    out.push_str(&word);
                    out.push('"');
                } else {
                    out.push_str(&word);
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// `true` when the last non-blank output character opens an object member (`{` or `,`).
fn follows_key_position(out: &str) -> bool {
    matches!(out.trim_end().chars().last(), Some('{') | Some(','))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_commas_are_found_outside_strings_only() {
        let text = "{\"a\": [1, 2,], \"b\": \"x,]\",\n}";
        let commas = trailing_commas(text);
        assert_eq!(commas, [11, 25]);
        assert!(commas.iter().all(|&at| &text[at..=at] == ","));
        assert!(trailing_commas("{\"a\": [1, 2]}").is_empty());
    }

    #[test]
    fn example_text_is_checked_repaired_and_serialized_as_its_value() {
        let t = lenient_json_text("{\"a\": [1, 2,],}").unwrap();
        assert_eq!(t.as_str(), "{\"a\": [1, 2]}");
        assert_eq!(t.value(), serde_json::json!({"a": [1, 2]}));
        assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"a":[1,2]}"#);
        let back: crate::model::JsonText = serde_json::from_str(r#"{"a":[1,2]}"#).unwrap();
        assert_eq!(back.value(), t.value());
        let err = lenient_json_text("{\n  \"a\": nope\n}").unwrap_err();
        assert_eq!((err.line(), err.column()), (2, 9));
        assert!(lenient_json_text("{} {}").is_err(), "one value only");
        assert!(lenient_json_text("").is_err());
    }

    #[test]
    fn trailing_commas_and_string_booleans() {
        let a = parse_comment(
            "f.md",
            " {\n \"blockType\": \"response\",\n \"truncated\": \"true\",\n \"isCollection\": \"False\",\n} ",
            3,
            1,
        )
        .unwrap()
        .unwrap();
        assert!(a.is("response"));
        assert!(a.flag("truncated"));
        assert_eq!(a.json().get("isCollection"), Some(&Value::Bool(false)));
        assert!(!a.flag("isCollection"));
        assert_eq!(a.line, 3);
    }

    #[test]
    fn unquoted_key_and_raw_newline_in_string() {
        let a = parse_comment(
            "f.md",
            "{ \"blockType\": \"response\", isCollection: true, \"d\": \"a\nb\" }",
            1,
            1,
        )
        .unwrap()
        .unwrap();
        assert!(a.flag("isCollection"));
        assert_eq!(a.json().get("d"), Some(&Value::from("a\nb")));
    }

    #[test]
    fn not_json_is_ds0202() {
        let e = parse_comment("f.md", "{ \"a\": b c }", 7, 2).unwrap_err();
        assert_eq!(e.code, "DS0202");
        assert_eq!((e.line, e.column), (7, 2));
    }

    #[test]
    fn plain_comment_is_not_an_annotation() {
        assert_eq!(parse_comment("f.md", " uuid: 1234 ", 1, 1), Ok(None));
    }

    #[test]
    fn repair_leaves_commas_inside_strings() {
        assert_eq!(
            parse_lenient_json("{\"a\": \", }\", \"b\": [1,2,],}").unwrap(),
            serde_json::json!({"a": ", }", "b": [1, 2]})
        );
    }
}
