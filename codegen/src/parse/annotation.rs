//! Annotation comments: `<!-- { "blockType": "request", "name": "..." } -->` before a fence.
//!
//! The docs' JSON is hand-written: trailing commas, unquoted keys, raw line breaks inside
//! strings and `"true"` for `true` all occur. [`parse_lenient_json`] repairs what it safely can;
//! what still fails is a DS0202 warning and the comment carries no annotation.

use crate::diag::{codes, Diagnostic};
use serde_json::{Map, Value};

/// Keys whose values are booleans, even when the docs write them as strings.
const BOOLEAN_KEYS: [&str; 5] = [
    "truncated",
    "isCollection",
    "openType",
    "abstract",
    "isMediaEntity",
];

/// The JSON object of an annotation comment, and where the comment starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// 1-based line of the `<!--`.
    pub line: u32,
    /// 1-based character column of the `<!--`.
    pub col: u32,
    /// The object, with string booleans of known keys coerced to booleans.
    pub json: Map<String, Value>,
}

impl Annotation {
    /// The string value of `key`, if it is a string.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.json.get(key).and_then(Value::as_str)
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

    /// The boolean value of `key`, `false` when absent or not a boolean.
    pub fn flag(&self, key: &str) -> bool {
        self.json.get(key).and_then(Value::as_bool).unwrap_or(false)
    }

    /// `true` when `blockType` equals `kind`, ignoring ASCII case.
    pub fn is(&self, kind: &str) -> bool {
        self.block_type()
            .is_some_and(|b| b.trim().eq_ignore_ascii_case(kind))
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
    match parse_lenient_json(body) {
        Ok(Value::Object(mut json)) => {
            for key in BOOLEAN_KEYS {
                if let Some(v) = json.get_mut(key) {
                    if let Some(b) = v.as_str().and_then(string_bool) {
                        *v = Value::Bool(b);
                    }
                }
            }
            Ok(Some(Annotation { line, col, json }))
        }
        Ok(_) => Err(Diagnostic::warning(
            codes::ANNOTATION_JSON,
            file,
            line,
            col,
            "annotation comment is JSON but not an object; it is ignored",
        )),
        Err(e) => Err(Diagnostic::warning(
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
                if !matches!(chars.get(j), Some('}') | Some(']')) {
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
        assert_eq!(a.json.get("isCollection"), Some(&Value::Bool(false)));
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
        assert_eq!(a.str("d"), Some("a\nb"));
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
