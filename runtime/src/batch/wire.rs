//! The JSON of a `$batch`: one request item written once (and re-sent as is), the answer
//! parsed into [`BatchResponse`]s.

use crate::request::decode_json;
use crate::{Error, GraphError, Request, Result};
use base64::Engine;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt::{self, Write};

/// Request headers never written into a batch body: the `$batch` POST carries the token.
const SECRET_HEADERS: &[&str] = &["authorization", "proxy-authorization", "cookie"];

/// One answer of a `$batch` as the server sent it: what [`crate::Answer::read_batch`] reads
/// a typed answer from, and what [`crate::BatchAnswers::unmatched`] holds.
#[derive(Clone, Debug)]
pub struct BatchResponse {
    /// The id of the request it answers, a slice of the answer unless sent as a number.
    id: Bytes,
    /// Its HTTP status.
    pub status: u16,
    /// The JSON text of its headers object, a slice of the whole answer, read on demand
    /// (most answers are read for one header at most).
    headers: Option<Bytes>,
    /// The JSON text of its body, a slice of the whole answer (never copied).
    body: Option<Bytes>,
}

/// A [`BatchResponse`] as parsed, its body borrowed from the answer.
#[derive(Deserialize)]
struct Item<'a> {
    #[serde(borrow, deserialize_with = "id")]
    id: Cow<'a, str>,
    status: u16,
    #[serde(borrow, default)]
    headers: Option<&'a RawValue>,
    #[serde(borrow, default)]
    body: Option<&'a RawValue>,
}

impl BatchResponse {
    /// The id of the request it answers.
    pub fn id(&self) -> &str {
        std::str::from_utf8(&self.id).unwrap_or_default()
    }

    /// The first header named `name` (case-insensitive). A value that is not a string keeps
    /// its JSON text; a list of values is joined with `, `.
    pub fn header(&self, name: &str) -> Option<String> {
        let raw = self.headers.as_deref()?;
        let mut de = serde_json::Deserializer::from_slice(raw);
        de::DeserializeSeed::deserialize(Find(name), &mut de)
            .ok()
            .flatten()
    }

    /// Its headers, in the order sent (empty when it had none, or sent something other than
    /// an object).
    pub fn headers(&self) -> Vec<(String, String)> {
        let Some(raw) = self.headers.as_deref() else {
            return Vec::new();
        };
        let mut de = serde_json::Deserializer::from_slice(raw);
        headers(&mut de).unwrap_or_default()
    }

    /// The body as sent, JSON text: a JSON body, or a base64 string when the content is not
    /// JSON (see [`BatchResponse::bytes`]); `None` without a body.
    pub fn raw_body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body's bytes: the JSON text of a JSON body, the decoded bytes of a base64 one (a
    /// string body whose `Content-Type` is not JSON), empty without a body.
    pub fn bytes(&self) -> Result<Vec<u8>> {
        let Some(body) = &self.body else {
            return Ok(Vec::new());
        };
        match self.base64_text()? {
            Some(text) => base64::engine::general_purpose::STANDARD
                .decode(text.trim())
                .map_err(|e| {
                    Error::InvalidResponse(format!(
                        "batch item {}: the body is not base64 ({e})",
                        self.id()
                    ))
                }),
            None => Ok(body.to_vec()),
        }
    }

    /// Decodes the body as `T` (no body decodes as `null`, so `Option<_>` and `()` accept it).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        match &self.body {
            None => decode_json(self.status, b""),
            Some(body) if self.base64_text()?.is_none() => {
                serde_json::from_slice(body).map_err(|e| Error::decode(self.status, &e, body))
            }
            Some(_) => decode_json(self.status, &self.bytes()?),
        }
    }

    /// The typed error of a non-2xx answer, built from its status, headers and body.
    pub fn graph_error(&self) -> GraphError {
        let pairs = self.headers();
        let mut headers = HeaderMap::with_capacity(pairs.len());
        for (name, value) in &pairs {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                headers.append(n, v);
            }
        }
        let body = match (&self.body, self.bytes()) {
            (_, Ok(bytes)) => bytes,
            (Some(raw), Err(_)) => raw.to_vec(),
            (None, Err(_)) => Vec::new(),
        };
        GraphError::from_parts(self.status, &headers, &body)
    }

    /// The text of a body sent as base64: a JSON string whose `Content-Type` is given and not
    /// JSON. `None` for a JSON body.
    fn base64_text(&self) -> Result<Option<String>> {
        let Some(body) = &self.body else {
            return Ok(None);
        };
        // The header only matters for a string body.
        if body.first() != Some(&b'"') || self.header("content-type").is_none_or(|ct| is_json(&ct))
        {
            return Ok(None);
        }
        serde_json::from_slice(body)
            .map(Some)
            .map_err(|e| Error::decode(self.status, &e, body))
    }
}

/// Whether a `Content-Type` is JSON (`application/json`, `text/json`, `...+json`).
pub(crate) fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let ends_json = essence.len() >= 5
        && essence
            .get(essence.len() - 5..)
            .is_some_and(|end| end.eq_ignore_ascii_case("+json"));
    essence.eq_ignore_ascii_case("application/json")
        || essence.eq_ignore_ascii_case("text/json")
        || ends_json
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    responses: Vec<Item<'a>>,
}

/// The items of a `$batch` answer; anything but `{"responses": [...]}` is a decode error.
pub(crate) fn parse(status: u16, body: &Bytes) -> Result<Vec<BatchResponse>> {
    let envelope: Envelope<'_> =
        serde_json::from_slice(body).map_err(|e| Error::decode(status, &e, body))?;
    Ok(envelope
        .responses
        .into_iter()
        .map(|item| BatchResponse {
            id: match item.id {
                Cow::Borrowed(id) => share(body, id.as_bytes()),
                Cow::Owned(id) => Bytes::from(id),
            },
            status: item.status,
            headers: item.headers.map(|raw| share(body, raw.get().as_bytes())),
            body: item.body.map(|raw| share(body, raw.get().as_bytes())),
        })
        .collect())
}

/// `part` as a slice of `whole` when it lies in it (as what serde borrows does), else a copy.
fn share(whole: &Bytes, part: &[u8]) -> Bytes {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize);
    match start {
        Some(start) => match start.checked_add(part.len()) {
            Some(end) if end <= whole.len() => whole.slice(start..end),
            _ => Bytes::copy_from_slice(part),
        },
        None => Bytes::copy_from_slice(part),
    }
}

/// The JSON of one request item but its `dependsOn` and closing brace, which depend on the
/// batch it goes in: `{"id":"1","method":"GET","url":"/me","headers":{..},"body":..`.
pub(crate) fn encode(request: &Request, index: usize) -> Result<String> {
    let mut out = String::with_capacity(160 + request.body().map_or(0, <[u8]>::len));
    out.push_str(r#"{"id":"#);
    push_id(&mut out, index);
    out.push_str(r#","method":"#);
    push_str(&mut out, request.method().as_str())?;
    out.push_str(r#","url":""#);
    let start = out.len();
    request.push_relative_url(&mut out)?;
    if !out[start..]
        .bytes()
        .all(|b| b >= 0x20 && b != b'"' && b != b'\\')
    {
        // Never so for a URL the parser would keep; written again escaped to be sure.
        let url = out.split_off(start);
        out.pop();
        push_str(&mut out, &url)?;
    } else {
        out.push('"');
    }
    let mut headers: Vec<(&str, String)> = Vec::new();
    for (name, value) in request.extra_headers() {
        if SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name))
            || name.eq_ignore_ascii_case("content-type")
        {
            continue;
        }
        match headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some((_, v)) => {
                v.push_str(", ");
                v.push_str(value);
            }
            None => headers.push((name, value.clone())),
        }
    }
    let body = match request.body() {
        None => None,
        Some(bytes) => {
            let ct = request.content_type().unwrap_or("application/octet-stream");
            headers.push(("Content-Type", ct.to_owned()));
            let inline = (request.body_is_serialized_json() || is_json(ct))
                .then(|| std::str::from_utf8(bytes).ok())
                .flatten()
                .filter(|text| {
                    request.body_is_serialized_json()
                        || serde_json::from_str::<IgnoredAny>(text).is_ok()
                });
            Some(inline.ok_or(bytes))
        }
    };
    if !headers.is_empty() {
        out.push_str(r#","headers":{"#);
        for (k, (name, value)) in headers.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            push_str(&mut out, name)?;
            out.push(':');
            push_str(&mut out, value)?;
        }
        out.push('}');
    }
    match body {
        None => {}
        // JSON goes inline.
        Some(Ok(text)) => {
            out.push_str(r#","body":"#);
            out.push_str(text);
        }
        // Anything else as a base64 string.
        Some(Err(bytes)) => {
            out.reserve(bytes.len() * 4 / 3 + 12);
            out.push_str(r#","body":""#);
            base64::engine::general_purpose::STANDARD.encode_string(bytes, &mut out);
            out.push('"');
        }
    }
    Ok(out)
}

/// Appends `s` as a JSON string.
fn push_str(out: &mut String, s: &str) -> Result<()> {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
        return Ok(());
    }
    let text = serde_json::to_string(s).map_err(|e| Error::Encode(e.to_string()))?;
    out.push_str(&text);
    Ok(())
}

/// Appends the wire id of item `index` (`index + 1`).
pub(crate) fn push_id(out: &mut String, index: usize) {
    // Writing to a `String` cannot fail.
    let _ = write!(out, "\"{}\"", index + 1);
}

/// An id sent as a string (borrowed unless it holds escapes), or (leniently) as a number.
fn id<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Cow<'de, str>, D::Error> {
    struct Id;
    impl<'de> Visitor<'de> for Id {
        type Value = Cow<'de, str>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or number id")
        }
        fn visit_borrowed_str<E: de::Error>(
            self,
            v: &'de str,
        ) -> std::result::Result<Self::Value, E> {
            Ok(Cow::Borrowed(v))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
            Ok(Cow::Owned(v.to_owned()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
            Ok(Cow::Owned(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
            Ok(Cow::Owned(v.to_string()))
        }
    }
    d.deserialize_any(Id)
}

/// A headers object, kept in order; a value that is not a string keeps its JSON text.
fn headers<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<(String, String)>, D::Error> {
    struct Headers;
    impl<'de> Visitor<'de> for Headers {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a headers object")
        }
        fn visit_unit<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_map<A: MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(map.size_hint().unwrap_or(4));
            while let Some((name, Text(value))) = map.next_entry::<String, Text>()? {
                out.push((name, value));
            }
            Ok(out)
        }
    }
    d.deserialize_any(Headers)
}

/// Looks up one header in a headers object without collecting the others.
struct Find<'n>(&'n str);

impl<'de> de::DeserializeSeed<'de> for Find<'_> {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Find<'_> {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a headers object")
    }
    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if found.is_none() && key.eq_ignore_ascii_case(self.0) {
                found = Some(map.next_value::<Text>()?.0);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// A map key, borrowed from the answer unless it holds escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a header name")
            }
            fn visit_borrowed_str<E: de::Error>(
                self,
                v: &'de str,
            ) -> std::result::Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// A header value: a string as is, a number or boolean as written, a list of them joined
/// with `, ` (how HTTP joins repeated headers), `null` as empty.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a header value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Text, E> {
                Ok(Text(String::new()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Text, A::Error> {
                let mut out = String::new();
                while let Some(Text(item)) = seq.next_element::<Text>()? {
                    if !out.is_empty() {
                        out.push_str(", ");
                    }
                    out.push_str(&item);
                }
                Ok(Text(out))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_one(json: &str) -> BatchResponse {
        let body = Bytes::from(format!(r#"{{"responses":[{json}]}}"#));
        let mut items = parse(200, &body).unwrap();
        assert_eq!(items.len(), 1);
        items.remove(0)
    }

    #[test]
    fn header_values_of_any_json_kind_are_kept_as_text() {
        let r = parse_one(
            r#"{"id": 7, "status": 200, "headers": {"a": "x", "b": 3, "c": true,
                "d": ["p", "q"], "e": null}}"#,
        );
        assert_eq!(r.id(), "7");
        assert_eq!(r.header("A").as_deref(), Some("x"));
        assert_eq!(r.header("b").as_deref(), Some("3"));
        assert_eq!(r.header("c").as_deref(), Some("true"));
        assert_eq!(r.header("d").as_deref(), Some("p, q"));
        assert_eq!(r.header("e").as_deref(), Some(""));
        assert_eq!(r.header("f"), None);
        assert_eq!(r.headers().len(), 5);
        assert_eq!(r.headers()[3], ("d".to_owned(), "p, q".to_owned()));
        assert_eq!(r.raw_body(), None);
        assert_eq!(r.bytes().unwrap(), b"");
    }

    #[test]
    fn a_string_body_is_base64_only_when_its_content_type_is_not_json() {
        let binary = parse_one(
            r#"{"id": "1", "status": 200, "headers": {"Content-Type": "text/plain"},
                "body": "aGk="}"#,
        );
        assert_eq!(binary.bytes().unwrap(), b"hi");
        let text = parse_one(
            r#"{"id": "1", "status": 200, "headers": {"Content-Type": "application/json; odata.metadata=minimal"},
                "body": "aGk="}"#,
        );
        assert_eq!(text.json::<String>().unwrap(), "aGk=");
        assert_eq!(text.bytes().unwrap(), br#""aGk=""#);
        let bad = parse_one(
            r#"{"id": "1", "status": 200, "headers": {"Content-Type": "image/png"},
                "body": "not base64!"}"#,
        );
        assert!(matches!(bad.bytes(), Err(Error::InvalidResponse(_))));
    }

    #[test]
    fn the_body_is_a_slice_of_the_answer_and_errors_read_from_it() {
        let r = parse_one(
            r#"{"id": "1", "status": 404, "headers": {"Content-Type": "application/json"},
                "body": {"error": {"code": "itemNotFound", "message": "gone"}}}"#,
        );
        assert!(!r.is_success());
        let err = r.graph_error();
        assert_eq!(err.status, 404);
        assert_eq!(err.code(), Some("itemNotFound"));
        assert_eq!(err.message(), Some("gone"));
    }

    #[test]
    fn json_content_types() {
        for ct in [
            "application/json",
            "Application/JSON; charset=utf-8",
            "text/json",
            "application/problem+json",
        ] {
            assert!(is_json(ct), "{ct}");
        }
        for ct in ["text/plain", "image/png", "application/jsonx", "json"] {
            assert!(!is_json(ct), "{ct}");
        }
    }

    #[test]
    fn share_copies_what_is_not_in_the_buffer() {
        let whole = Bytes::from_static(b"abcdef");
        assert_eq!(share(&whole, &whole[2..4]), "cd");
        assert_eq!(share(&whole, b"zz"), "zz");
    }

    #[test]
    fn json_strings_are_escaped_only_when_needed() {
        let mut out = String::new();
        push_str(&mut out, "plain").unwrap();
        push_str(&mut out, "a\"b\\c\n").unwrap();
        assert_eq!(out, r#""plain""a\"b\\c\n""#);
    }
}
