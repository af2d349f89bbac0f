//! The canned responses: built once per server from the docs' examples (with the documented
//! service's links pointed at the server), cloned per request.

use super::links::Links;
use super::query::QueryKey;
use crate::model::{Endpoint, ExampleResponse};
use crate::route::RequestUrl;
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
    /// The body is an upload session (a JSON object with an `uploadUrl`): each time it is
    /// served, the mock opens a session of its own and names it there instead.
    pub(crate) upload_session: bool,
}

/// Where one example request was sent, and which canned response answers it.
#[derive(Debug)]
struct Sent {
    /// The decoded path without version prefix ([`RequestUrl::key`]).
    path: String,
    query: QueryKey,
    /// Index into [`EndpointReplies::canned`].
    canned: usize,
}

/// The responses of one endpoint, and which example request each answers.
#[derive(Debug)]
pub(crate) struct EndpointReplies {
    /// In the docs' order.
    sent: Vec<Sent>,
    canned: Vec<Canned>,
}

impl EndpointReplies {
    /// Prepares every example response of `endpoint`, its links moved by `links`; without
    /// one, a reply made from the documented response.
    pub(crate) fn new(endpoint: &Endpoint, links: &Links) -> EndpointReplies {
        let mut sent = Vec::new();
        let mut canned = Vec::new();
        for example in &endpoint.examples {
            let Some(response) = &example.response else {
                continue;
            };
            if let Some(request) = &example.request {
                sent.push(Sent {
                    path: RequestUrl::parse(&request.url).key(),
                    query: QueryKey::of_url(&request.url),
                    canned: canned.len(),
                });
            }
            canned.push(from_example(endpoint, response, links));
        }
        if canned.is_empty() {
            canned.push(documented(endpoint));
        }
        EndpointReplies { sent, canned }
    }

    /// The response whose example was sent to `path_key` with the same query, else the
    /// first one sent to `path_key`, else the endpoint's first. `query` is the raw query
    /// string; it is only read when several examples share the path.
    pub(crate) fn pick(&self, path_key: &str, query: Option<&str>) -> Option<&Canned> {
        let mut same_path = self.sent.iter().filter(|s| s.path == path_key);
        let index = match same_path.next() {
            None => 0,
            Some(first) => {
                let mut others = same_path.peekable();
                if others.peek().is_none() {
                    first.canned
                } else {
                    let wanted = QueryKey::parse(query.unwrap_or_default());
                    std::iter::once(first)
                        .chain(others)
                        .find(|s| s.query == wanted)
                        .unwrap_or(first)
                        .canned
                }
            }
        };
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

fn from_example(endpoint: &Endpoint, response: &ExampleResponse, links: &Links) -> Canned {
    let status = status_code(response.status.unwrap_or_else(|| default_status(endpoint)));
    let mut headers = HeaderMap::new();
    for (name, value) in &response.headers {
        let name = name.trim();
        if DROPPED_HEADERS.iter().any(|d| d.eq_ignore_ascii_case(name)) {
            continue;
        }
        let value = value.trim();
        let moved = links.rewrite_header(name, value);
        // Headers the docs wrote in a form HTTP cannot carry are left out, not fatal.
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(moved.as_deref().unwrap_or(value)),
        ) {
            headers.append(name, value);
        }
    }
    let mut upload_session = false;
    let body = if !allows_body(status) {
        Bytes::new()
    } else if let Some(json) = &response.body {
        if !headers.contains_key(CONTENT_TYPE) {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        let mut json = json.value();
        upload_session =
            status.is_success() && json.get("uploadUrl").is_some_and(|u| u.is_string());
        links.rewrite_json(&mut json);
        Bytes::from(serde_json::to_vec(&json).unwrap_or_default())
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
        upload_session,
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
        upload_session: false,
    }
}
