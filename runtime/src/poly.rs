//! Polymorphic values: a value of a base type whose `@odata.type` names one of its derived
//! types (an `attachment` that is a `fileAttachment`, a `directoryObject` that is a `user`).
//!
//! A generated crate has one enum per base type with derived types (`AnyAttachment`), whose
//! `Deserialize` and `Serialize` are written with the helpers here: [`split`] reads the object
//! and its tag, [`decode`] reads the object as the variant the tag names, [`tagged`] writes a
//! variant back with its `@odata.type`. The base type's variant keeps a value whose tag names
//! a type the docs do not declare, tag and all, so nothing is lost.

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::ser::{self, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The member that names a value's type.
pub const ODATA_TYPE: &str = "@odata.type";

/// The namespace a tag without one is in.
const DEFAULT_NAMESPACE: &str = "microsoft.graph.";

/// Reads a JSON object and its tag, normalized for matching: without the leading `#`,
/// lowercase, in the `microsoft.graph` namespace when it names none. The tag is empty when
/// the object has none (or it is not a string).
pub fn split<'de, D: Deserializer<'de>>(d: D) -> Result<(String, Map<String, Value>), D::Error> {
    let map = Map::<String, Value>::deserialize(d)?;
    let tag = match map.get(ODATA_TYPE) {
        Some(Value::String(tag)) => normalize(tag),
        _ => String::new(),
    };
    Ok((tag, map))
}

/// `#microsoft.graph.fileAttachment` -> `microsoft.graph.fileattachment`.
fn normalize(tag: &str) -> String {
    let bare = tag.trim().trim_start_matches('#');
    let mut out = String::with_capacity(bare.len() + DEFAULT_NAMESPACE.len());
    if !bare.contains('.') {
        out.push_str(DEFAULT_NAMESPACE);
    }
    out.extend(bare.chars().map(|c| c.to_ascii_lowercase()));
    out
}

/// Reads `map` as a `T` (the variant its tag chose).
pub fn decode<T: DeserializeOwned, E: de::Error>(map: Map<String, Value>) -> Result<T, E> {
    T::deserialize(Value::Object(map)).map_err(E::custom)
}

/// Reads `map` as the derived type `T` its tag named, and counts it for the contract replay
/// ([`crate::contract::derived_decoded`]).
pub fn decode_derived<T: DeserializeOwned, E: de::Error>(map: Map<String, Value>) -> Result<T, E> {
    crate::contract::count_derived();
    decode(map)
}

/// Writes `value` with `"@odata.type": tag` added when it has no tag of its own, so that the
/// service knows which derived type it is sent.
pub fn tagged<T: Serialize, S: Serializer>(value: &T, tag: &str, s: S) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(ser::Error::custom)?;
    if let Value::Object(map) = &mut json {
        if !map.contains_key(ODATA_TYPE) {
            map.insert(ODATA_TYPE.to_owned(), Value::String(tag.to_owned()));
        }
    }
    json.serialize(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalized_for_matching() {
        assert_eq!(
            normalize("#microsoft.graph.fileAttachment"),
            "microsoft.graph.fileattachment"
        );
        assert_eq!(normalize("#user"), "microsoft.graph.user");
        assert_eq!(
            normalize("microsoft.graph.callRecords.session"),
            "microsoft.graph.callrecords.session"
        );
    }

    #[test]
    fn split_reads_the_tag_and_keeps_it() {
        let json = r##"{"@odata.type":"#microsoft.graph.user","id":"1"}"##;
        let (tag, map) = split(&mut serde_json::Deserializer::from_str(json)).unwrap();
        assert_eq!(tag, "microsoft.graph.user");
        assert_eq!(map.len(), 2);
        let (tag, _) = split(&mut serde_json::Deserializer::from_str(r#"{"id":1}"#)).unwrap();
        assert_eq!(tag, "");
        assert!(split(&mut serde_json::Deserializer::from_str("[1]")).is_err());
    }

    #[test]
    fn tagged_adds_a_missing_tag_and_keeps_an_own_one() {
        let mut out = Vec::new();
        let value = serde_json::json!({"id": "1"});
        tagged(
            &value,
            "#microsoft.graph.user",
            &mut serde_json::Serializer::new(&mut out),
        )
        .unwrap();
        assert_eq!(
            serde_json::from_slice::<Value>(&out).unwrap(),
            serde_json::json!({"@odata.type": "#microsoft.graph.user", "id": "1"})
        );
        let mut out = Vec::new();
        let value = serde_json::json!({"@odata.type": "#microsoft.graph.guest", "id": "1"});
        tagged(
            &value,
            "#microsoft.graph.user",
            &mut serde_json::Serializer::new(&mut out),
        )
        .unwrap();
        assert_eq!(serde_json::from_slice::<Value>(&out).unwrap(), value);
    }
}
