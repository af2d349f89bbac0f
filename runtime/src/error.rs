//! The one error type every runtime call returns, and the Graph error body it parses.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// Response headers never copied into a [`GraphError`]: they can carry credentials.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// How many characters of a body a [`Error::Decode`] keeps, so errors stay printable.
const SNIPPET_CHARS: usize = 512;

/// Everything that can go wrong when calling Graph.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-2xx status (after any retries).
    Graph(Box<GraphError>),
    /// The request could not be sent or the response could not be read (DNS, TLS, connection
    /// refused, timeout, reset).
    Transport(reqwest::Error),
    /// A 2xx body was not the JSON the caller asked for.
    Decode {
        /// HTTP status of the response.
        status: u16,
        /// What serde said was wrong.
        message: String,
        /// The start of the body, to see what the server actually sent.
        snippet: String,
    },
    /// A request body could not be serialized to JSON.
    Encode(String),
    /// No token could be obtained (token endpoint refused, unreachable, or a custom provider
    /// failed). Never contains the secret.
    Auth(String),
    /// The request itself was malformed before anything was sent (bad header name, bad URL,
    /// a `@odata.nextLink` pointing at another host).
    InvalidRequest(String),
    /// The client was configured inconsistently (missing token provider, bad base URL).
    Config(String),
    /// A 2xx answer that decodes but breaks the protocol (a delta query's last page without
    /// its `@odata.deltaLink`, an upload session answering with an unexpected range).
    InvalidResponse(String),
    /// A long-running operation was still running after this many polls (see
    /// [`crate::Accepted::wait`]).
    PollLimit {
        /// The polls made.
        polls: u32,
    },
}

impl Error {
    /// The HTTP status of the response that caused this error, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Graph(g) => Some(g.status),
            Error::Decode { status, .. } => Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// The typed Graph error, when the server answered with a non-2xx status.
    pub fn graph(&self) -> Option<&GraphError> {
        match self {
            Error::Graph(g) => Some(g),
            _ => None,
        }
    }

    /// Builds an [`Error::Auth`]; for custom [`crate::TokenProvider`]s. Do not put the secret in
    /// `message`.
    pub fn auth(message: impl Into<String>) -> Self {
        Error::Auth(message.into())
    }

    pub(crate) fn decode(status: u16, err: &serde_json::Error, body: &[u8]) -> Self {
        Error::Decode {
            status,
            message: err.to_string(),
            snippet: snippet(body),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Graph(g) => g.fmt(f),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Decode {
                status,
                message,
                snippet,
            } => write!(
                f,
                "could not decode HTTP {status} response: {message}; body starts: {snippet:?}"
            ),
            Error::Encode(m) => write!(f, "could not serialize request body: {m}"),
            Error::Auth(m) => write!(f, "authentication failed: {m}"),
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            Error::Config(m) => write!(f, "invalid client configuration: {m}"),
            Error::InvalidResponse(m) => write!(f, "unexpected response: {m}"),
            Error::PollLimit { polls } => {
                write!(f, "the operation was still running after {polls} polls")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        Error::Transport(e)
    }
}

/// A non-2xx answer from Graph.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphError {
    /// HTTP status code.
    pub status: u16,
    /// Response headers (lower-case names), minus any that can carry credentials.
    pub headers: Vec<(String, String)>,
    /// The parsed `{"error": {...}}` object, when the body had one.
    pub body: Option<GraphErrorBody>,
    /// The body exactly as received (lossily decoded as UTF-8).
    pub raw_body: String,
}

impl GraphError {
    pub(crate) fn from_parts(
        status: u16,
        headers: &reqwest::header::HeaderMap,
        raw: &[u8],
    ) -> Self {
        let headers = headers
            .iter()
            .filter(|(name, _)| !SECRET_HEADERS.contains(&name.as_str()))
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = serde_json::from_slice::<Envelope>(raw)
            .ok()
            .map(|e| e.error);
        GraphError {
            status,
            headers,
            body,
            raw_body: String::from_utf8_lossy(raw).into_owned(),
        }
    }

    /// The Graph error code (e.g. `Request_ResourceNotFound`), if the body had one.
    pub fn code(&self) -> Option<&str> {
        self.body.as_ref().map(|b| b.code.as_str())
    }

    /// The human-readable message from the body, if any.
    pub fn message(&self) -> Option<&str> {
        self.body.as_ref().map(|b| b.message.as_str())
    }

    /// The server's `request-id`, from the inner error or else the response header; quote it
    /// when asking Microsoft support.
    pub fn request_id(&self) -> Option<&str> {
        self.body
            .as_ref()
            .and_then(|b| b.inner_error.as_ref())
            .and_then(|i| i.request_id.as_deref())
            .or_else(|| self.header("request-id"))
    }

    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        match &self.body {
            Some(b) => write!(f, ": {}: {}", b.code, b.message)?,
            None if !self.raw_body.is_empty() => {
                write!(f, ": {:?}", snippet(self.raw_body.as_bytes()))?
            }
            None => {}
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request-id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for GraphError {}

#[derive(Deserialize)]
struct Envelope {
    error: GraphErrorBody,
}

/// The object under `"error"` in a Graph error response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GraphErrorBody {
    /// Machine-readable error code.
    #[serde(default)]
    pub code: String,
    /// Human-readable message.
    #[serde(default)]
    pub message: String,
    /// Diagnostics added by the service (request ids, date).
    #[serde(
        rename = "innerError",
        alias = "innererror",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub inner_error: Option<InnerError>,
    /// Any other members (`details`, `target`, ...), kept as sent.
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

/// The `innerError` object of a Graph error.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct InnerError {
    /// Server-side id of the failed request.
    #[serde(
        rename = "request-id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    /// The `client-request-id` the runtime sent, echoed back.
    #[serde(
        rename = "client-request-id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_request_id: Option<String>,
    /// When the server saw the request, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Any other members (nested `innerError`, `code`, ...), kept as sent.
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

/// The first [`SNIPPET_CHARS`] characters of a body, cut on a character boundary.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_graph_error_and_keeps_unknown_members() {
        let raw = br#"{"error":{"code":"Request_ResourceNotFound","message":"gone",
            "innerError":{"request-id":"r1","client-request-id":"c1","date":"2024-01-01T00:00:00",
            "extra":1},"details":[{"code":"x"}]}}"#;
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("set-cookie", "a=b".parse().unwrap());
        headers.insert("request-id", "hdr".parse().unwrap());
        let g = GraphError::from_parts(404, &headers, raw);
        assert_eq!(g.code(), Some("Request_ResourceNotFound"));
        assert_eq!(g.request_id(), Some("r1"));
        let body = g.body.as_ref().unwrap();
        let inner = body.inner_error.as_ref().unwrap();
        assert_eq!(inner.client_request_id.as_deref(), Some("c1"));
        assert_eq!(inner.additional_properties["extra"], 1);
        assert!(body.additional_properties.contains_key("details"));
        assert!(g.header("set-cookie").is_none());
        assert_eq!(g.header("Request-Id"), Some("hdr"));
        assert!(g.to_string().contains("Request_ResourceNotFound: gone"));
    }

    #[test]
    fn non_json_error_body_is_kept_raw() {
        let g = GraphError::from_parts(502, &Default::default(), b"<html>bad gateway</html>");
        assert!(g.body.is_none());
        assert_eq!(g.raw_body, "<html>bad gateway</html>");
        assert_eq!(g.request_id(), None);
    }

    #[test]
    fn snippet_cuts_on_char_boundary() {
        let long = "é".repeat(SNIPPET_CHARS + 10);
        let s = snippet(long.as_bytes());
        assert!(s.ends_with("..."));
        assert_eq!(s.chars().count(), SNIPPET_CHARS + 3);
    }
}
