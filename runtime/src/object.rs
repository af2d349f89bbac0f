//! Serde for the structs of a generated crate, in few tokens per struct.
//!
//! A generated struct is a JSON object: its documented members, each a field, and every other
//! member kept in `additional_properties` so that a round trip loses nothing. `serde_derive`
//! writes that as a field enum, a field visitor and a map visitor per struct, plus, for the
//! `#[serde(flatten)]` map, a buffer of every member it does not know: about twenty lines of
//! code per field for rustc to check. Whole Graph has thousands of structs, and that code was
//! most of what `cargo check` of a generated crate did and held in memory.
//!
//! So a generated struct implements [`Object`] instead (its members' names, and one match arm
//! per member to read it with [`read`]), and its `Deserialize` is [`deserialize`] and its
//! `Serialize` [`begin`], one [`member`] or [`optional`] call per field, then [`end`]. The reading and writing is done once,
//! here, for every struct:
//! * a member is read straight from the deserializer, as `serde_derive` would (no detour
//!   through [`Value`]); a member the struct does not name is kept, as a [`Value`], in its
//!   [`Object::rest`];
//! * an absent member leaves the field as `Default` made it (`None`, an empty collection);
//! * a member given twice is read twice, and the last one stands, as in a [`Map`];
//! * fields are written in declaration order, `None` ones left out, then the kept members.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;
use std::marker::PhantomData;

/// A struct of a generated crate, read from a JSON object by [`deserialize`].
pub trait Object: Default {
    /// The wire names of the documented members, in field order.
    const MEMBERS: &'static [&'static str];

    /// Reads the value of the member `MEMBERS[index]` from `map` into its field.
    fn read_member<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;

    /// Where members that are not in `MEMBERS` are kept.
    fn rest(&mut self) -> &mut Map<String, Value>;
}

/// The `Deserialize` of every [`Object`]: a JSON object, member by member.
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        while let Some(key) = map.next_key_seed(KeySeed(T::MEMBERS))? {
            match key {
                Key::Member(index) => out.read_member(index, &mut map)?,
                Key::Other(name) => {
                    let value = map.next_value::<Value>()?;
                    out.rest().insert(name, value);
                }
            }
        }
        Ok(out)
    }
}

/// A member name: the index of a documented member, or the name of another (only those are
/// copied out of the input).
enum Key {
    Member(usize),
    Other(String),
}

/// Reads a member name and looks it up among the members.
struct KeySeed(&'static [&'static str]);

impl KeySeed {
    /// The index of the member named `name`.
    fn find(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|m| *m == name)
    }
}

impl<'de> de::DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match self.find(v) {
            Some(index) => Key::Member(index),
            None => Key::Other(v.to_owned()),
        })
    }

    /// As `visit_str`, keeping an owned name as it is.
    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(match self.find(&v) {
            Some(index) => Key::Member(index),
            None => Key::Other(v),
        })
    }
}

/// Keeps member `T::MEMBERS[index]` in [`Object::rest`]: what [`Object::read_member`] does
/// with a member whose field the generated crate's features compiled out (a navigation
/// property whose type no enabled feature compiles), so that it survives a round trip.
pub fn keep<'de, T: Object, A: MapAccess<'de>>(
    object: &mut T,
    index: usize,
    map: &mut A,
) -> Result<(), A::Error> {
    let value = map.next_value::<Value>()?;
    if let Some(name) = T::MEMBERS.get(index) {
        object.rest().insert((*name).to_owned(), value);
    }
    Ok(())
}

/// Reads the value of the member being read into `field`: one arm of
/// [`Object::read_member`].
pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    field: &mut T,
) -> Result<(), A::Error> {
    *field = map.next_value()?;
    Ok(())
}

/// A struct being written: [`begin`], one [`member`] or [`optional`] per field, [`end`].
///
/// The calls per field return nothing: the first error is kept, the writes after it are
/// skipped, and [`end`] returns it. That is what `?` after each write would do, without one
/// `?` (a match and two trait calls for rustc to check) per field of every struct.
pub struct Writer<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

/// Starts writing a struct: a map of unknown length (the `None` fields are left out).
pub fn begin<S: Serializer>(s: S) -> Result<Writer<S::SerializeMap>, S::Error> {
    Ok(Writer {
        map: s.serialize_map(None)?,
        error: None,
    })
}

/// Writes a field that is always written (a required member).
pub fn member<M: SerializeMap, T: Serialize + ?Sized>(
    w: &mut Writer<M>,
    wire: &'static str,
    value: &T,
) {
    if w.error.is_none() {
        if let Err(e) = w.map.serialize_entry(wire, value) {
            w.error = Some(e);
        }
    }
}

/// Writes an optional field when it is `Some`.
pub fn optional<M: SerializeMap, T: Serialize>(
    w: &mut Writer<M>,
    wire: &'static str,
    value: &Option<T>,
) {
    if let Some(v) = value {
        member(w, wire, v);
    }
}

/// Writes the kept members and ends the struct, or returns the first error of a write.
pub fn end<M: SerializeMap>(w: Writer<M>, rest: &Map<String, Value>) -> Result<M::Ok, M::Error> {
    let Writer { mut map, error } = w;
    if let Some(e) = error {
        return Err(e);
    }
    for (k, v) in rest {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a generated struct looks like: two documented members, one required.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct Person {
        display_name: Option<String>,
        roles: Vec<String>,
        additional_properties: Map<String, Value>,
    }

    impl Object for Person {
        const MEMBERS: &'static [&'static str] = &["displayName", "roles"];

        fn read_member<'de, A: MapAccess<'de>>(
            &mut self,
            index: usize,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match index {
                0 => read(map, &mut self.display_name),
                1 => read(map, &mut self.roles),
                _ => keep(self, index, map),
            }
        }

        fn rest(&mut self) -> &mut Map<String, Value> {
            &mut self.additional_properties
        }
    }

    impl<'de> de::Deserialize<'de> for Person {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize(d)
        }
    }

    impl Serialize for Person {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = begin(s)?;
            optional(&mut map, "displayName", &self.display_name);
            member(&mut map, "roles", &self.roles);
            end(map, &self.additional_properties)
        }
    }

    #[test]
    fn members_are_read_into_fields_and_the_rest_is_kept() {
        let text =
            r##"{"@odata.type":"#x","displayName":"Ann","roles":["a"],"extra":{"n":[1,2]}}"##;
        let p: Person = serde_json::from_str(text).unwrap();
        assert_eq!(p.display_name.as_deref(), Some("Ann"));
        assert_eq!(p.roles, ["a"]);
        assert_eq!(p.additional_properties.len(), 2);
        assert_eq!(p.additional_properties["extra"]["n"][1], 2);
        // Written back: the same members, nothing lost.
        let back: Value = serde_json::to_value(&p).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(text).unwrap());
    }

    /// A value that cannot be written, saying which one it is.
    struct Broken(&'static str);

    impl Serialize for Broken {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom(self.0))
        }
    }

    /// Two fields that cannot be written, then one that can.
    struct TwoBroken;

    impl Serialize for TwoBroken {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = begin(s)?;
            member(&mut map, "first", &Broken("the first"));
            optional(&mut map, "second", &Some(Broken("the second")));
            member(&mut map, "fine", "x");
            end(map, &Map::new())
        }
    }

    #[test]
    fn writing_fails_with_the_first_error() {
        let e = serde_json::to_string(&TwoBroken).unwrap_err();
        assert_eq!(e.to_string(), "the first");
        let e = serde_json::to_value(&TwoBroken).unwrap_err();
        assert_eq!(e.to_string(), "the first");
    }

    #[test]
    fn absent_and_null_members_are_none_or_default_and_none_is_not_written() {
        let p: Person = serde_json::from_str(r#"{"displayName":null}"#).unwrap();
        assert_eq!(p, Person::default());
        assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"roles":[]}"#);
    }

    #[test]
    fn a_value_of_the_wrong_type_is_an_error_naming_what_was_expected() {
        let e = serde_json::from_str::<Person>(r#"{"roles":"admin"}"#).unwrap_err();
        assert!(e.to_string().contains("expected a sequence"), "{e}");
        let e = serde_json::from_str::<Person>("[1]").unwrap_err();
        assert!(e.to_string().contains("a JSON object"), "{e}");
        // From a `Value` too, as polymorphic values are read.
        let v = serde_json::json!({"displayName": 3});
        assert!(serde_json::from_value::<Person>(v).is_err());
    }

    /// A struct whose second member's field a generated crate's features compiled out: its
    /// `read_member` has no arm for it.
    #[derive(Debug, Default)]
    struct WithoutRoles {
        display_name: Option<String>,
        additional_properties: Map<String, Value>,
    }

    impl Object for WithoutRoles {
        const MEMBERS: &'static [&'static str] = &["displayName", "roles"];

        fn read_member<'de, A: MapAccess<'de>>(
            &mut self,
            index: usize,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match index {
                0 => read(map, &mut self.display_name),
                _ => keep(self, index, map),
            }
        }

        fn rest(&mut self) -> &mut Map<String, Value> {
            &mut self.additional_properties
        }
    }

    #[test]
    fn a_member_without_a_field_is_kept_by_its_name() {
        let v = serde_json::json!({"displayName": "Ann", "roles": ["a", "b"]});
        let p: WithoutRoles = deserialize(v).unwrap();
        assert_eq!(p.display_name.as_deref(), Some("Ann"));
        assert_eq!(
            p.additional_properties.get("roles"),
            Some(&serde_json::json!(["a", "b"]))
        );
    }

    #[test]
    fn the_last_of_a_repeated_member_stands() {
        let p: Person =
            serde_json::from_str(r#"{"displayName":"a","displayName":"b","x":1,"x":2}"#).unwrap();
        assert_eq!(p.display_name.as_deref(), Some("b"));
        assert_eq!(p.additional_properties["x"], 2);
    }
}
