//! Wire types for OData primitive types, as generated models use them. Each (de)serializes
//! to the JSON form Graph uses and round-trips without losing information.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, Utc};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

pub use serde_json::{Map, Value};
pub use uuid::Uuid;

/// `Edm.Date`, e.g. `"2021-07-13"`.
pub type Date = chrono::NaiveDate;

/// `Edm.TimeOfDay`, e.g. `"13:45:00.0000000"` (any number of fractional digits is read).
pub type TimeOfDay = chrono::NaiveTime;

/// `Edm.Duration`: an ISO 8601 duration kept as text.
pub type Duration = IsoDuration;

/// `Edm.DateTimeOffset`: an instant with its UTC offset.
///
/// Reads RFC 3339 with any number of fractional digits (Graph sends seven), and tolerates a
/// missing offset, which is read as UTC. Writes RFC 3339 with `Z` for UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTimeOffset(pub DateTime<FixedOffset>);

impl DateTimeOffset {
    /// The current time, in UTC.
    pub fn now() -> Self {
        DateTimeOffset(Utc::now().fixed_offset())
    }
}

impl Deref for DateTimeOffset {
    type Target = DateTime<FixedOffset>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl From<DateTime<FixedOffset>> for DateTimeOffset {
    fn from(dt: DateTime<FixedOffset>) -> Self {
        DateTimeOffset(dt)
    }
}

impl From<DateTime<Utc>> for DateTimeOffset {
    fn from(dt: DateTime<Utc>) -> Self {
        DateTimeOffset(dt.fixed_offset())
    }
}

impl From<DateTimeOffset> for DateTime<FixedOffset> {
    fn from(dt: DateTimeOffset) -> Self {
        dt.0
    }
}

impl FromStr for DateTimeOffset {
    type Err = chrono::ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match DateTime::parse_from_rfc3339(s) {
            Ok(dt) => Ok(DateTimeOffset(dt)),
            Err(e) => NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
                .map(|n| DateTimeOffset(n.and_utc().fixed_offset()))
                .map_err(|_| e),
        }
    }
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl Serialize for DateTimeOffset {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTimeOffset {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse()
            .map_err(|e| de::Error::custom(format!("invalid DateTimeOffset {s:?}: {e}")))
    }
}

/// An ISO 8601 duration such as `PT1H30M`, `P1D` or `-PT5S`, validated on parse and written
/// back exactly as received.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IsoDuration(String);

/// Why a string is not an ISO 8601 duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidDuration {
    text: String,
    reason: &'static str,
}

impl fmt::Display for InvalidDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid ISO 8601 duration {:?}: {}",
            self.text, self.reason
        )
    }
}

impl std::error::Error for InvalidDuration {}

/// One `<number><unit>` component; `time` is true after the `T`.
struct Component {
    value: f64,
    unit: char,
    time: bool,
    fraction: bool,
}

impl IsoDuration {
    /// Validates `text` as an ISO 8601 duration.
    pub fn new(text: impl Into<String>) -> Result<Self, InvalidDuration> {
        let text = text.into();
        match components(&text) {
            Ok(_) => Ok(IsoDuration(text)),
            Err(reason) => Err(InvalidDuration { text, reason }),
        }
    }

    /// The duration exactly as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Total length in seconds (negative for `-P...`), or `None` when it has years or months,
    /// whose length depends on the calendar.
    pub fn total_seconds(&self) -> Option<f64> {
        let sign = if self.0.starts_with('-') { -1.0 } else { 1.0 };
        let mut total = 0.0;
        for c in components(&self.0).ok()? {
            total += c.value
                * match (c.unit, c.time) {
                    ('W', false) => 604_800.0,
                    ('D', false) => 86_400.0,
                    ('H', true) => 3_600.0,
                    ('M', true) => 60.0,
                    ('S', true) => 1.0,
                    _ => return None,
                };
        }
        Some(sign * total)
    }
}

/// Parses `[-]P[nY][nM][nW][nD][T[nH][nM][nS]]`; only the last component may have a
/// fraction (`.` or `,`), and at least one component is required.
fn components(text: &str) -> Result<Vec<Component>, &'static str> {
    let body = text.strip_prefix('-').unwrap_or(text);
    let body = body
        .strip_prefix('P')
        .ok_or("must start with 'P' or '-P'")?;
    let (date, time) = match body.split_once('T') {
        Some((_, "")) => return Err("'T' must be followed by a time component"),
        Some((d, t)) => (d, Some(t)),
        None => (body, None),
    };
    let mut out = Vec::new();
    part(date, &['Y', 'M', 'W', 'D'], false, &mut out)?;
    if let Some(t) = time {
        part(t, &['H', 'M', 'S'], true, &mut out)?;
    }
    if out.is_empty() {
        return Err("has no components");
    }
    if out.iter().rev().skip(1).any(|c| c.fraction) {
        return Err("only the last component may have a fraction");
    }
    Ok(out)
}

fn part(
    mut rest: &str,
    units: &[char],
    time: bool,
    out: &mut Vec<Component>,
) -> Result<(), &'static str> {
    let mut next_unit = 0;
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .ok_or("number without a unit")?;
        let (number, tail) = rest.split_at(end);
        let unit = tail.chars().next().ok_or("number without a unit")?;
        let value = number_value(number)?;
        let offset = units
            .get(next_unit..)
            .and_then(|allowed| allowed.iter().position(|u| *u == unit))
            .ok_or("unexpected or out-of-order unit")?;
        next_unit += offset + 1;
        out.push(Component {
            value,
            unit,
            time,
            fraction: number.contains(['.', ',']),
        });
        rest = &tail[unit.len_utf8()..];
    }
    Ok(())
}

fn number_value(number: &str) -> Result<f64, &'static str> {
    let (int, frac) = match number.split_once(['.', ',']) {
        Some((i, f)) => (i, Some(f)),
        None => (number, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !frac.is_none_or(digits) {
        return Err("malformed number");
    }
    let normalized = match frac {
        Some(f) => format!("{int}.{f}"),
        None => int.to_owned(),
    };
    normalized.parse().map_err(|_| "malformed number")
}

impl FromStr for IsoDuration {
    type Err = InvalidDuration;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IsoDuration::new(s)
    }
}

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for IsoDuration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for IsoDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        IsoDuration::new(String::deserialize(d)?).map_err(de::Error::custom)
    }
}

/// `Edm.Binary`: bytes sent as a standard base64 string (URL-safe and unpadded input is also
/// accepted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64Bytes(pub Vec<u8>);

impl Deref for Base64Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Base64Bytes(bytes)
    }
}

impl Serialize for Base64Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(s.as_bytes()).ok())
            .map(Base64Bytes)
            .ok_or_else(|| de::Error::custom("invalid base64 string"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip<T>(wire: &str) -> (T, String)
    where
        T: Serialize + for<'de> Deserialize<'de> + PartialEq + fmt::Debug,
    {
        let v: T = serde_json::from_value(json!(wire)).unwrap();
        let back = serde_json::to_value(&v).unwrap();
        let again: T = serde_json::from_value(back.clone()).unwrap();
        assert_eq!(v, again, "{wire} did not round-trip");
        (v, back.as_str().unwrap().to_owned())
    }

    #[test]
    fn date_time_offset_forms() {
        let (v, text) = round_trip::<DateTimeOffset>("2018-10-01T00:00:00Z");
        assert_eq!(text, "2018-10-01T00:00:00Z");
        assert_eq!(v.timestamp(), 1_538_352_000);

        let (v, _) = round_trip::<DateTimeOffset>("2021-07-13T18:35:05.1234567Z");
        assert_eq!(v.timestamp_subsec_nanos(), 123_456_700);

        let (v, text) = round_trip::<DateTimeOffset>("2021-07-13T18:35:05+02:00");
        assert_eq!(v.offset().local_minus_utc(), 7200);
        assert_eq!(text, "2021-07-13T18:35:05+02:00");

        let (v, _) = round_trip::<DateTimeOffset>("2021-07-13T18:35:05");
        assert_eq!(v.offset().local_minus_utc(), 0);

        assert!(serde_json::from_value::<DateTimeOffset>(json!("yesterday")).is_err());
    }

    #[test]
    fn date_and_time_of_day() {
        let (d, text) = round_trip::<Date>("2021-07-13");
        assert_eq!(text, "2021-07-13");
        assert_eq!(d, Date::from_ymd_opt(2021, 7, 13).unwrap());

        let (t, _) = round_trip::<TimeOfDay>("13:45:00.0000000");
        assert_eq!(t, TimeOfDay::from_hms_opt(13, 45, 0).unwrap());
        let (t, _) = round_trip::<TimeOfDay>("08:00:01.5000000");
        assert_eq!(t, TimeOfDay::from_hms_milli_opt(8, 0, 1, 500).unwrap());
    }

    #[test]
    fn durations_keep_their_text() {
        for text in [
            "PT1H30M",
            "P1D",
            "-PT5S",
            "P1Y2M3DT4H5M6.5S",
            "PT0S",
            "P2W",
            "PT1,5S",
        ] {
            let (_, back) = round_trip::<IsoDuration>(text);
            assert_eq!(back, text);
        }
        assert_eq!(
            IsoDuration::new("PT1H30M").unwrap().total_seconds(),
            Some(5400.0)
        );
        assert_eq!(
            IsoDuration::new("-PT5S").unwrap().total_seconds(),
            Some(-5.0)
        );
        assert_eq!(IsoDuration::new("P1M").unwrap().total_seconds(), None);
    }

    #[test]
    fn invalid_durations_are_rejected() {
        for bad in [
            "", "P", "PT", "1H", "PT1H2", "PT1X", "P1H", "PT30M1H", "P1.5DT1H", "P.5D", "PT1.S",
            "P1.0DT1H", "P-1D", "pt1h", "P1DT",
        ] {
            assert!(IsoDuration::new(bad).is_err(), "{bad:?} accepted");
            assert!(serde_json::from_value::<IsoDuration>(json!(bad)).is_err());
        }
        let err = IsoDuration::new("PT1X").unwrap_err();
        assert!(err.to_string().contains("PT1X"));
    }

    #[test]
    fn base64_bytes() {
        let (b, text) = round_trip::<Base64Bytes>("AAEC/w==");
        assert_eq!(b.0, vec![0, 1, 2, 255]);
        assert_eq!(text, "AAEC/w==");
        let url_safe: Base64Bytes = serde_json::from_value(json!("AAEC_w")).unwrap();
        assert_eq!(url_safe, b);
        assert!(serde_json::from_value::<Base64Bytes>(json!("not base64!")).is_err());
    }

    #[test]
    fn uuid_round_trips() {
        let wire = "6f1b8c5e-1c2d-4e8f-9a0b-123456789abc";
        let (u, text) = round_trip::<Uuid>(wire);
        assert_eq!(text, wire);
        assert_eq!(u.get_version_num(), 4);
    }
}
