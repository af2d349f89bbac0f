//! Judging one replayed example: what the mock received against the example request, what
//! the typed call returned against the example response.

use super::compare::first_difference;
use super::plan::Planned;
use crate::mock::ReceivedRequest;
use crate::route::{query_pairs, RequestUrl};
use docspec_runtime::contract::InvokeError;
use docspec_runtime::Error;
use serde_json::Value;

/// The verdict on one example.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    Passed,
    /// `(reason, detail)`.
    Failed(String, String),
    /// `(reason, detail)`.
    Untestable(String, String),
    /// The request was right, but the mock routed it to this other endpoint (another page
    /// documenting the same method and path), which answered with an example of its own.
    Rerouted(String),
}

/// Failure reasons other modules tell apart (see `Contradicting` in the parent module).
pub(crate) const REQUEST_DOES_NOT_DECODE: &str = "request body does not decode into the typed body";
pub(crate) const RESPONSE_DOES_NOT_DECODE: &str =
    "example response does not decode into the typed result";
/// Followed by ` (HTTP <status>)`.
pub(crate) const MOCK_REFUSED: &str = "the mock refused the request";
/// Followed by `: ` and the kind of difference.
pub(crate) const RESPONSE_DIFFERS: &str = "response differs";
pub(crate) const METHOD_DIFFERS: &str = "method differs";
/// Followed by `: ` and the kind of difference.
pub(crate) const REQUEST_BODY_DIFFERS: &str = "request body differs";

fn failed(reason: impl Into<String>, detail: impl Into<String>) -> Verdict {
    Verdict::Failed(reason.into(), detail.into())
}

fn untestable(reason: impl Into<String>, detail: impl Into<String>) -> Verdict {
    Verdict::Untestable(reason.into(), detail.into())
}

/// Judges `p` from what the dispatch returned and what the mock received meanwhile.
/// `endpoint_name` is the page the example belongs to; `mock_origin` the mock's base URL.
pub(crate) fn judge(
    p: &Planned,
    endpoint_name: &str,
    result: Result<Option<Value>, InvokeError>,
    received: &[ReceivedRequest],
    mock_origin: &str,
) -> Verdict {
    let result = match result {
        Err(InvokeError::UnknownEndpoint { .. }) => {
            return untestable("the generated client has no function for this path", "")
        }
        Err(InvokeError::MissingBody) => {
            return untestable(
                "example request has no body; the typed function takes one",
                "",
            )
        }
        Err(InvokeError::QueryNotSupported) => {
            return untestable(
                "example has a query string; the typed function takes no query options",
                format_query(&p.url.query),
            )
        }
        Err(InvokeError::Body(m)) => return failed(REQUEST_DOES_NOT_DECODE, m),
        Err(InvokeError::Args { expected, got }) => {
            return failed(
                "dispatch took a different number of path ids",
                format!("{expected} expected, {got} given"),
            )
        }
        other => other,
    };
    // Retries (none are configured) or redirects would leave several; the last is the answer.
    let Some(sent) = received.last() else {
        let detail = match &result {
            Err(e) => e.to_string(),
            Ok(_) => "the call returned without a request".to_string(),
        };
        return failed("nothing reached the mock", detail);
    };
    if let Some(v) = check_request(p, sent, mock_origin) {
        return v;
    }
    match sent.endpoint.as_deref() {
        Some(routed) if routed != endpoint_name => return Verdict::Rerouted(routed.to_string()),
        None => return call_failed_or("the mock routed the request nowhere", result),
        Some(_) => {}
    }
    match result {
        // Content (`$value`) whose example shows no bytes: the mock had none to serve, so
        // what came back is what the example left out, not an answer to compare.
        Ok(Some(Value::String(bytes))) if bytes.is_empty() && p.response_body.is_none() => {
            untestable(
                "example response shows no bytes; the call answers content",
                "",
            )
        }
        Ok(value) => {
            match first_difference(value.as_ref(), p.response_body.as_ref(), mock_origin) {
                None => Verdict::Passed,
                Some(d) => failed(format!("{RESPONSE_DIFFERS}: {}", d.kind()), d.describe()),
            }
        }
        // Nothing under the example's status line, and the typed result needs something:
        // the example was cut short and shows nothing to compare the answer with.
        Err(InvokeError::Call(Error::Decode { .. })) if p.response_body.is_none() => untestable(
            "example response shows no body; the typed result needs one",
            "",
        ),
        Err(InvokeError::Call(e)) => call_failed(&e),
        Err(e) => failed("the typed result does not serialize", e.to_string()),
    }
}

/// Whether two query strings ask the same: the same parameters with the same values, in any
/// order (a typed call sends its options in its own order), the names of OData system options
/// (`$orderBy`, `$orderby`) in any case.
fn same_query(a: &[(String, String)], b: &[(String, String)]) -> bool {
    let normal = |q: &[(String, String)]| {
        let mut q: Vec<(String, String)> = q
            .iter()
            .map(|(n, v)| {
                let n = if n.starts_with('$') {
                    n.to_ascii_lowercase()
                } else {
                    n.clone()
                };
                (n, v.clone())
            })
            .collect();
        q.sort();
        q
    };
    normal(a) == normal(b)
}

/// Method, path, query and body of what was sent against the example request.
fn check_request(p: &Planned, sent: &ReceivedRequest, origin: &str) -> Option<Verdict> {
    if !sent.method.eq_ignore_ascii_case(&p.method) {
        return Some(failed(
            METHOD_DIFFERS,
            format!("sent {}, example {}", sent.method, p.method),
        ));
    }
    let sent_url = RequestUrl::parse(&sent.path);
    let same_path = sent_url.segments.len() == p.url.segments.len()
        && sent_url
            .segments
            .iter()
            .zip(&p.url.segments)
            .all(|(a, b)| a.eq_ignore_ascii_case(b));
    if !same_path {
        return Some(failed(
            "path differs",
            format!(
                "sent /{}, example /{}",
                sent_url.segments.join("/"),
                p.url.segments.join("/")
            ),
        ));
    }
    let sent_query = sent.query.as_deref().map(query_pairs).unwrap_or_default();
    if !same_query(&sent_query, &p.url.query) {
        return Some(failed(
            "query differs",
            format!(
                "sent ?{}, example ?{}",
                format_query(&sent_query),
                format_query(&p.url.query)
            ),
        ));
    }
    if let (None, Some(Value::String(bytes))) = (&sent.body, &p.request_body) {
        // A binary body: the bytes went out as they are.
        return (sent.body_len != bytes.len()).then(|| {
            failed(
                "request body differs: bytes",
                format!("sent {} bytes, example has {}", sent.body_len, bytes.len()),
            )
        });
    }
    if sent.body.is_none() && sent.body_len > 0 {
        return Some(failed(
            "request body differs: not JSON",
            format!("{} bytes", sent.body_len),
        ));
    }
    // An empty object asks for nothing: a call that takes no body sends what it says.
    let example = p
        .request_body
        .as_ref()
        .filter(|b| sent.body.is_some() || b.as_object().is_none_or(|o| !o.is_empty()));
    first_difference(sent.body.as_ref(), example, origin).map(|d| {
        failed(
            format!("{REQUEST_BODY_DIFFERS}: {}", d.kind()),
            d.describe(),
        )
    })
}

fn format_query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The failed call's verdict, else a failure with `reason`.
fn call_failed_or(reason: &str, result: Result<Option<Value>, InvokeError>) -> Verdict {
    match result {
        Err(InvokeError::Call(e)) => call_failed(&e),
        _ => failed(reason, ""),
    }
}

/// A failed typed call, grouped by what failed: the mock refusing the request (the example
/// contradicts the documented body), or the answer not decoding into the typed result.
fn call_failed(e: &Error) -> Verdict {
    match e {
        Error::Graph(g) => failed(
            format!("{MOCK_REFUSED} (HTTP {})", g.status),
            g.message().unwrap_or_default().to_string(),
        ),
        Error::Decode { message, .. } => failed(RESPONSE_DOES_NOT_DECODE, message.clone()),
        other => failed("the call failed", other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docspec_runtime::contract::Call;

    #[test]
    fn queries_compare_in_any_order_and_option_case() {
        let q = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect()
        };
        let sent = q(&[("$orderby", "displayName"), ("$top", "1"), ("x", "1")]);
        let same = q(&[("$top", "1"), ("x", "1"), ("$orderBy", "displayName")]);
        assert!(same_query(&sent, &same));
        let other_value = q(&[("$top", "2"), ("x", "1"), ("$orderby", "displayName")]);
        assert!(!same_query(&sent, &other_value));
        // Only OData system options (`$...`) are compared without case.
        let other_name = q(&[("$top", "1"), ("X", "1"), ("$orderby", "displayName")]);
        assert!(!same_query(&sent, &other_name));
    }

    /// An example `POST /things/closeSession` sending `body`.
    fn planned(body: Value) -> Planned {
        Planned {
            endpoint: 0,
            example: 0,
            served_by: 0,
            id: "api/x.md:1 (x)".to_string(),
            call: Call::default(),
            method: "POST".to_string(),
            url: RequestUrl::parse("https://graph.microsoft.com/v1.0/things/closeSession"),
            request_body: Some(body),
            response_body: None,
        }
    }

    /// What the mock received: that POST with `body`.
    fn received(body: Option<Value>) -> ReceivedRequest {
        ReceivedRequest {
            method: "POST".to_string(),
            path: "/things/closeSession".to_string(),
            query: None,
            headers: Vec::new(),
            body_len: body.as_ref().map_or(0, |b| b.to_string().len()),
            body,
            endpoint: Some("x".to_string()),
            status: 204,
        }
    }

    #[test]
    fn an_example_sending_an_empty_object_asks_for_no_body() {
        let sent = received;
        let origin = "http://127.0.0.1:1";
        let empty = serde_json::json!({});
        assert_eq!(
            check_request(&planned(empty.clone()), &sent(None), origin),
            None
        );
        assert_eq!(
            check_request(&planned(empty.clone()), &sent(Some(empty)), origin),
            None
        );
        // Anything in it must go out.
        let some = serde_json::json!({"keep": true});
        assert!(matches!(
            check_request(&planned(some), &sent(None), origin),
            Some(Verdict::Failed(reason, _)) if reason == "request body differs: member missing"
        ));
    }

    #[test]
    fn an_answer_the_example_cut_short_or_left_out_is_untestable() {
        let empty = serde_json::json!({});
        let decode = || {
            Err(InvokeError::Call(Error::Decode {
                status: 200,
                message: "invalid type: null, expected a JSON object".to_string(),
                snippet: String::new(),
            }))
        };
        let origin = "http://127.0.0.1:1";
        let cut = planned(empty.clone());
        let verdict = judge(&cut, "x", decode(), &[received(None)], origin);
        assert!(
            matches!(&verdict, Verdict::Untestable(r, _) if r.starts_with("example response shows no body")),
            "{verdict:?}"
        );
        // With a body to decode, the same error is the client's failure.
        let mut shown = planned(empty.clone());
        shown.response_body = Some(serde_json::json!({"id": "1"}));
        let verdict = judge(&shown, "x", decode(), &[received(None)], origin);
        assert!(
            matches!(&verdict, Verdict::Failed(r, _) if r == RESPONSE_DOES_NOT_DECODE),
            "{verdict:?}"
        );
        // Content (`$value`) whose example shows no bytes: nothing to compare it with.
        let nothing = || Ok(Some(Value::String(String::new())));
        let verdict = judge(&cut, "x", nothing(), &[received(None)], origin);
        assert!(
            matches!(&verdict, Verdict::Untestable(r, _) if r.starts_with("example response shows no bytes")),
            "{verdict:?}"
        );
        // Where the example shows bytes, an empty answer differs from them.
        let mut bytes = planned(empty);
        bytes.response_body = Some(Value::String("PNG".to_string()));
        let verdict = judge(&bytes, "x", nothing(), &[received(None)], origin);
        assert!(
            matches!(&verdict, Verdict::Failed(r, _) if r.starts_with(RESPONSE_DIFFERS)),
            "{verdict:?}"
        );
    }
}
