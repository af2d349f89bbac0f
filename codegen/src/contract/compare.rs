//! JSON equality as a typed client can keep it: the first place two values differ.
//!
//! A typed round trip may change the spelling of a value but not its meaning, so these count
//! as equal:
//! * a member that is `null` and a member that is absent (an `Option` field cannot tell them
//!   apart, and Graph treats them alike in responses);
//! * numbers that are numerically equal (`1` and `1.0`), to within `f32` precision, since
//!   `Edm.Single` fields round to it;
//! * strings that both read as date-times (RFC 3339, or without an offset, read as UTC, the
//!   way the runtime reads them) naming the same instant;
//! * strings that both read as times of day (`HH:MM:SS` with any fraction) naming the same
//!   time (`Edm.TimeOfDay` keeps nanoseconds, not the seven digits Graph writes);
//! * strings that are both GUIDs, compared case-insensitively;
//! * an absolute Graph URL and the same path and query on the mock's origin (the mock serves
//!   `@odata.nextLink` and other links rewritten onto itself).

use crate::route::url::after_origin;
use crate::route::RequestUrl;
use docspec_runtime::types::{DateTimeOffset, TimeOfDay};
use serde_json::Value;
use std::fmt::Write as _;

/// The first difference between an actual and an expected value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Difference {
    /// JSON pointer (RFC 6901) to where they differ; empty for the whole value.
    pub pointer: String,
    /// The actual value there (`None`: absent).
    pub actual: Option<Value>,
    /// The expected value there (`None`: absent).
    pub expected: Option<Value>,
}

impl Difference {
    /// `at /a/0: got 1, example has 2`, values shortened.
    pub(crate) fn describe(&self) -> String {
        let show = |v: &Option<Value>| match v {
            None => "nothing".to_string(),
            Some(v) => shorten(&v.to_string()),
        };
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        format!(
            "at {at}: got {}, example has {}",
            show(&self.actual),
            show(&self.expected)
        )
    }

    /// What kind of difference this is, for grouping.
    pub(crate) fn kind(&self) -> &'static str {
        match (&self.actual, &self.expected) {
            (None, _) => "member missing",
            (_, None) => "member added",
            (Some(a), Some(e)) if kind_of(a) != kind_of(e) => "JSON type changed",
            _ => "value changed",
        }
    }
}

fn kind_of(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

/// Values longer than this are cut in reports.
const SHOW_CHARS: usize = 120;

fn shorten(s: &str) -> String {
    if s.chars().count() <= SHOW_CHARS {
        return s.to_string();
    }
    let mut out: String = s.chars().take(SHOW_CHARS).collect();
    out.push_str("...");
    out
}

/// Compares with the equivalences of the module docs; `mock_origin` is the mock's
/// `http://host:port`, for rewritten links.
pub(crate) fn first_difference(
    actual: Option<&Value>,
    expected: Option<&Value>,
    mock_origin: &str,
) -> Option<Difference> {
    let mut pointer = String::new();
    diff(actual, expected, mock_origin, &mut pointer)
}

fn diff(
    actual: Option<&Value>,
    expected: Option<&Value>,
    origin: &str,
    pointer: &mut String,
) -> Option<Difference> {
    let differ = |pointer: &str| {
        Some(Difference {
            pointer: pointer.to_string(),
            actual: actual.cloned(),
            expected: expected.cloned(),
        })
    };
    let (a, e) = match (actual, expected) {
        (None | Some(Value::Null), None | Some(Value::Null)) => return None,
        (Some(a), Some(e)) => (a, e),
        _ => return differ(pointer),
    };
    match (a, e) {
        (Value::Object(a), Value::Object(e)) => {
            let extra = a.keys().filter(|k| !e.contains_key(*k));
            for key in e.keys().chain(extra) {
                let len = pointer.len();
                pointer.push('/');
                let _ = write!(pointer, "{}", key.replace('~', "~0").replace('/', "~1"));
                let found = diff(a.get(key), e.get(key), origin, pointer);
                pointer.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        (Value::Array(a), Value::Array(e)) => {
            for i in 0..a.len().max(e.len()) {
                let len = pointer.len();
                let _ = write!(pointer, "/{i}");
                let found = diff(a.get(i), e.get(i), origin, pointer);
                pointer.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        (Value::Number(x), Value::Number(y)) => {
            let same = match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => match (x.as_f64(), y.as_f64()) {
                    (Some(x), Some(y)) => close(x, y),
                    _ => false,
                },
            };
            if same {
                None
            } else {
                differ(pointer)
            }
        }
        (Value::String(x), Value::String(y)) => {
            if same_string(x, y, origin) {
                None
            } else {
                differ(pointer)
            }
        }
        (a, e) if a == e => None,
        _ => differ(pointer),
    }
}

/// Equal to within `f32` precision.
fn close(x: f64, y: f64) -> bool {
    x == y || (x - y).abs() <= f64::from(f32::EPSILON) * x.abs().max(y.abs())
}

fn same_string(actual: &str, expected: &str, origin: &str) -> bool {
    if actual == expected {
        return true;
    }
    if let (Ok(a), Ok(e)) = (
        actual.parse::<DateTimeOffset>(),
        expected.parse::<DateTimeOffset>(),
    ) {
        return a.0 == e.0;
    }
    if let (Some(a), Some(e)) = (time_of_day(actual), time_of_day(expected)) {
        return a == e;
    }
    if is_guid(actual) && is_guid(expected) {
        return actual.eq_ignore_ascii_case(expected);
    }
    if let Some(rest) = actual.strip_prefix(origin).filter(|_| !origin.is_empty()) {
        // The mock hands out an upload session of its own in place of the docs' `uploadUrl`.
        if rest.starts_with(crate::mock::UPLOAD_PATH) && RequestUrl::parse(expected).host.is_some()
        {
            return true;
        }
        let url = RequestUrl::parse(expected);
        if url.host.is_some() && url.on_graph() {
            return rest == after_origin(expected).unwrap_or("");
        }
    }
    false
}

/// A time of day written `HH:MM:SS[.fraction]`, as `Edm.TimeOfDay` is.
fn time_of_day(s: &str) -> Option<TimeOfDay> {
    let shaped = s.len() >= 8
        && s.bytes().enumerate().all(|(i, b)| match i {
            2 | 5 => b == b':',
            8 => b == b'.',
            _ => b.is_ascii_digit(),
        });
    shaped.then(|| s.parse::<TimeOfDay>().ok()).flatten()
}

/// `8-4-4-4-12` hex digits.
fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn first(a: Value, e: Value) -> Option<Difference> {
        first_difference(Some(&a), Some(&e), "http://127.0.0.1:9")
    }

    #[test]
    fn tolerates_what_a_typed_round_trip_respells() {
        let cases = [
            (json!({"a": 1, "b": null}), json!({"a": 1.0})),
            (
                json!({"t": "2021-03-08T10:42:17Z"}),
                json!({"t": "2021-03-08T10:42:17.0000000+00:00"}),
            ),
            (
                json!({"t": "2021-03-08T10:42:17Z"}),
                json!({"t": "2021-03-08T10:42:17"}),
            ),
            (
                json!({"id": "4c8e2b17-0f5a-49d3-b6e1-93a72d5c08fe"}),
                json!({"id": "4C8E2B17-0F5A-49D3-B6E1-93A72D5C08FE"}),
            ),
            (json!({"x": 1.100000023841858}), json!({"x": 1.1})),
            (json!("12:00:05.502"), json!("12:00:05.5020000")),
            (json!("08:00:00"), json!("08:00:00.0000000")),
            (
                json!({"@odata.nextLink": "http://127.0.0.1:9/v1.0/users?$skip=2"}),
                json!({"@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skip=2"}),
            ),
        ];
        for (a, e) in cases {
            assert_eq!(first(a.clone(), e.clone()), None, "{a} vs {e}");
        }
    }

    #[test]
    fn an_upload_session_of_the_mock_stands_for_the_docs_one() {
        let a = json!({"uploadUrl": "http://127.0.0.1:9/_docspec/upload/3"});
        let e =
            json!({"uploadUrl": "https://outlook.office.com/api/v2.0/Users('x')/upload?token=y"});
        assert_eq!(first(a, e), None);
        let a = json!({"uploadUrl": "http://127.0.0.1:9/_docspec/upload/3"});
        assert!(first(a, json!({"uploadUrl": "not a url"})).is_some());
    }

    #[test]
    fn points_at_the_first_real_difference() {
        let d = first(
            json!({"value": [{"id": "1", "n": 2}]}),
            json!({"value": [{"id": "1", "n": 3}]}),
        )
        .expect("differs");
        assert_eq!(d.pointer, "/value/0/n");
        assert_eq!(d.kind(), "value changed");
        assert_eq!(d.describe(), "at /value/0/n: got 2, example has 3");

        let d = first(json!({"a/b": 1}), json!({})).expect("differs");
        assert_eq!((d.pointer.as_str(), d.kind()), ("/a~1b", "member added"));
        let d = first(json!([1]), json!([1, 2])).expect("differs");
        assert_eq!((d.pointer.as_str(), d.kind()), ("/1", "member missing"));
        let d = first(json!({"a": "1"}), json!({"a": 1})).expect("differs");
        assert_eq!(d.kind(), "JSON type changed");
        // Different instants, different hosts, and dates that are not date-times.
        assert!(first(json!("2021-03-08T10:42:17Z"), json!("2021-03-08T10:42:18Z")).is_some());
        assert!(first(json!("2021-03-08"), json!("2021-03-09")).is_some());
        assert!(first(json!("08:00:00"), json!("08:00:01.0000000")).is_some());
        assert!(first(json!("08:00"), json!("08:00:00")).is_some());
        assert!(first(
            json!("http://127.0.0.1:9/v1.0/users"),
            json!("https://example.com/v1.0/users")
        )
        .is_some());
        assert!(first_difference(None, Some(&json!({})), "").is_some());
        assert!(first_difference(Some(&Value::Null), None, "").is_none());
    }
}
