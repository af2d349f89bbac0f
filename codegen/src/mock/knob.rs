//! The `x-docspec-mock-status` knob: a request carrying it is answered with the status it
//! names instead of being routed, so clients can test their retry paths against the mock
//! (directly, or on one item of a `$batch`).
//!
//! `x-docspec-mock-status: 429` answers the first request with that method, path, query and
//! knob value 429 (with `Retry-After: 0`, as for 503), and serves the ones after it as usual;
//! `x-docspec-mock-status: 503;times=2` does so twice. The status must be 400 to 599; any
//! other value is answered 400.

use super::handler::{Fail, Outcome};
use axum::http::header::{HeaderValue, RETRY_AFTER};
use axum::http::request::Parts;
use axum::http::StatusCode;
use std::collections::HashMap;
use std::sync::Mutex;

/// The request header that forces a status.
pub const STATUS_KNOB: &str = "x-docspec-mock-status";

/// How many distinct forced requests are remembered; past it the memory starts over (a test
/// knob, not a service: it must only not grow without bound).
const REMEMBERED: usize = 10_000;

/// How often each forced request has been answered with its status so far.
#[derive(Debug, Default)]
pub(crate) struct ForcedStatus {
    seen: Mutex<HashMap<String, u32>>,
}

/// A knob value: the status and how many times to answer it.
fn parse(value: &str) -> Option<(StatusCode, u32)> {
    let mut parts = value.split(';').map(str::trim);
    let status: u16 = parts.next()?.parse().ok()?;
    let status = StatusCode::from_u16(status)
        .ok()
        .filter(|s| s.is_client_error() || s.is_server_error())?;
    let mut times = 1;
    for part in parts {
        let (name, n) = part.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("times") {
            return None;
        }
        times = n.trim().parse().ok().filter(|n| *n > 0)?;
    }
    Some((status, times))
}

/// The Graph error code for a forced status (`TooManyRequests`, `ServiceUnavailable`, ...):
/// its reason phrase without spaces.
fn code_of(status: StatusCode) -> String {
    status
        .canonical_reason()
        .unwrap_or("Error")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .collect()
}

impl ForcedStatus {
    /// The forced answer to the request, when it carries the knob and its count is not used
    /// up; `None` to serve it as usual.
    pub(crate) fn check(&self, parts: &Parts, fail: Fail<'_>) -> Option<Outcome> {
        let value = parts.headers.get(STATUS_KNOB)?;
        let value = String::from_utf8_lossy(value.as_bytes());
        let Some((status, times)) = parse(&value) else {
            return Some(Outcome {
                response: fail(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    &format!(
                        "{STATUS_KNOB} must be a status from 400 to 599, optionally followed by \
                         `;times=N`, not {value:?}"
                    ),
                ),
                endpoint: None,
            });
        };
        let key = format!(
            "{} {}?{} {status}",
            parts.method,
            parts.uri.path(),
            parts.uri.query().unwrap_or_default()
        );
        {
            // A panic elsewhere while holding the lock leaves a map that is still usable.
            let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
            if seen.len() >= REMEMBERED && !seen.contains_key(&key) {
                seen.clear();
            }
            let count = seen.entry(key).or_insert(0);
            if *count >= times {
                return None;
            }
            *count += 1;
        }
        let mut response = fail(
            status,
            &code_of(status),
            &format!(
                "Answered {} because the request asked for it ({STATUS_KNOB})",
                status.as_u16()
            ),
        );
        if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from_static("0"));
        }
        Some(Outcome {
            response,
            endpoint: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knob_values() {
        assert_eq!(parse("429"), Some((StatusCode::TOO_MANY_REQUESTS, 1)));
        assert_eq!(
            parse(" 503 ; times=3 "),
            Some((StatusCode::SERVICE_UNAVAILABLE, 3))
        );
        for bad in [
            "",
            "200",
            "302",
            "600",
            "abc",
            "429;times=0",
            "429;x=1",
            "429;times",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn codes_are_reason_phrases() {
        assert_eq!(code_of(StatusCode::TOO_MANY_REQUESTS), "TooManyRequests");
        assert_eq!(
            code_of(StatusCode::SERVICE_UNAVAILABLE),
            "ServiceUnavailable"
        );
        assert_eq!(code_of(StatusCode::NOT_FOUND), "NotFound");
    }
}
