//! The canned responses: built once from the docs' examples, cloned per request.

use super::route::RequestPath;
use crate::model::{Endpoint, ExampleResponse};
use axum::body::Bytes;
use axum::http::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};

/// Headers of an example that describe the docs' transport, not the reply: the server
/// computes its own.
const DROPPED_HEADERS: [&str; 4] = ["content-length", "transfer-encoding", "connection", "host"];

/// One ready-to-send response.
#[derive(Clone, Debug)]
pub(crate) struct Canned {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// The responses of one endpoint, and which example request path each answers.
#[derive(Debug)]
pub(crate) struct EndpointReplies {
    /// `(example request path key, index into canned)`, in the docs' order.
    by_path: Vec<(String, usize)>,
    canned: Vec<Canned>,
}

impl EndpointReplies {
    /// Prepares every example response of `endpoint`; without one, a reply made from the
    /// documented response.
    pub(crate) fn new(endpoint: &Endpoint) -> EndpointReplies {
        let mut by_path = Vec::new();
        let mut canned = Vec::new();
        for example in &endpoint.examples {
            let Some(response) = &example.response else {
                continue;
            };
            if let Some(request) = &example.request {
                by_path.push((RequestPath::parse(&request.url).key(), canned.len()));
            }
            canned.push(from_example(endpoint, response));
        }
        if canned.is_empty() {
            canned.push(documented(endpoint));
        }
        EndpointReplies { by_path, canned }
    }

    /// The response whose example was sent to `path_key` exactly, else the first one.
    pub(crate) fn pick(&self, path_key: &str) -> Option<&Canned> {
        let index = self
            .by_path
            .iter()
            .find(|(key, _)| key == path_key)
            .map_or(0, |(_, i)| *i);
        self.canned.get(index).or_else(|| self.canned.first())
    }
}

/// The status to use when an example does not say: the documented one, else the usual one
/// for the method.
fn default_status(endpoint: &Endpoint) -> u16 {
    endpoint.responses.first().map_or_else(
        || match endpoint.method.to_ascii_uppercase().as_str() {
            "POST" => 201,
            "DELETE" => 204,
            _ => 200,
        },
        |r| r.status,
    )
}

fn status_code(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::OK)
}

/// Whether a status may carry a body at all (HTTP forbids one on 1xx, 204 and 304).
fn allows_body(status: StatusCode) -> bool {
    !(status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED)
}

fn from_example(endpoint: &Endpoint, response: &ExampleResponse) -> Canned {
    let status = status_code(response.status.unwrap_or_else(|| default_status(endpoint)));
    let mut headers = HeaderMap::new();
    for (name, value) in &response.headers {
        let name = name.trim();
        if DROPPED_HEADERS.iter().any(|d| d.eq_ignore_ascii_case(name)) {
            continue;
        }
        // Headers the docs wrote in a form HTTP cannot carry are left out, not fatal.
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value.trim()),
        ) {
            headers.append(name, value);
        }
    }
    let body = if !allows_body(status) {
        Bytes::new()
    } else if let Some(json) = &response.body {
        if !headers.contains_key(CONTENT_TYPE) {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        Bytes::from(serde_json::to_vec(json).unwrap_or_default())
    } else if let Some(raw) = &response.raw_body {
        Bytes::from(raw.clone().into_bytes())
    } else {
        Bytes::new()
    };
    if body.is_empty() {
        headers.remove(CONTENT_TYPE);
    }
    Canned {
        status,
        headers,
        body,
    }
}

/// A reply for an endpoint the docs give no example of: an empty object (an empty page for a
/// collection, so paging clients see a well-formed last page), or no body.
fn documented(endpoint: &Endpoint) -> Canned {
    let status = status_code(default_status(endpoint));
    let mut headers = HeaderMap::new();
    let documented_type = endpoint.responses.first().map(|r| r.ty.as_ref());
    let body: &'static [u8] = match documented_type {
        _ if !allows_body(status) => b"",
        Some(None) => b"",
        Some(Some(ty)) if ty.collection => br#"{"value":[]}"#,
        _ => b"{}",
    };
    if !body.is_empty() {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    Canned {
        status,
        headers,
        body: Bytes::from_static(body),
    }
}
