//! What the calls-2018 end-to-end tests and the call benchmark share: the corpus pages they
//! read, and a real HTTP server on 127.0.0.1 that records every request it gets.
//!
//! The server sees requests exactly as they arrive (raw, still percent-encoded path), so a
//! test can tell "the client encoded the id as one segment" from "the server decoded it".

#![allow(dead_code)]

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use docspec_codegen::model::{Api, Endpoint, Example, JsonText};
use serde_json::Value;
use std::sync::{Arc, Mutex};

/// The calls-2018 API, read from the corpus through the library, or `None` when skipped (see
/// `corpus.rs`, which the including crate declares as `mod corpus` next to this module).
pub fn calls_2018_api() -> Option<Api> {
    let docs = crate::corpus::dir("calls-2018")?;
    let loaded = docspec_codegen::load(&[docs]);
    let api = loaded.api(None).ok().cloned();
    Some(api.expect("calls-2018 resolves to an API"))
}

/// The endpoint of page `name` (file stem), failing the test when the docs lost it.
pub fn endpoint<'a>(api: &'a Api, name: &str) -> &'a Endpoint {
    api.endpoint_named(name)
        .unwrap_or_else(|| panic!("calls-2018 has no endpoint page `{name}`"))
}

/// The first example of `endpoint` with a JSON request body (when `with_request`) and a
/// JSON response body with status `status`.
pub fn example(endpoint: &Endpoint, with_request: bool, status: u16) -> &Example {
    endpoint
        .examples
        .iter()
        .find(|x| {
            let request_ok = !with_request
                || x.request
                    .as_ref()
                    .is_some_and(|r| r.body.as_ref().is_some_and(|b| b.value().is_object()));
            let response_ok = x
                .response
                .as_ref()
                .is_some_and(|r| r.status == Some(status) && r.body.is_some());
            request_ok && response_ok
        })
        .unwrap_or_else(|| {
            panic!(
                "{} has no example with a request body and a {status} response body",
                endpoint.name
            )
        })
}

/// The create-participant page's example: (request body, 201 response body).
pub fn create_participant_example(api: &Api) -> (Value, Value) {
    let ex = example(endpoint(api, "call_post_participants"), true, 201);
    let request = ex
        .request
        .as_ref()
        .and_then(|r| r.body.as_ref())
        .map(JsonText::value);
    let response = ex
        .response
        .as_ref()
        .and_then(|r| r.body.as_ref())
        .map(JsonText::value);
    (
        request.expect("example request has a body"),
        response.expect("example response has a body"),
    )
}

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct Hit {
    pub method: Method,
    /// The path exactly as sent, still percent-encoded.
    pub raw_path: String,
    /// The query string exactly as sent, if any.
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Hit {
    /// The body as JSON (`Null` when empty).
    pub fn json(&self) -> Value {
        if self.body.is_empty() {
            return Value::Null;
        }
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }

    /// A request header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// What the server answers to a hit: given the hit, its 0-based number, and the server's
/// base URL (for absolute `@odata.nextLink`s).
pub type Responder = dyn Fn(&Hit, usize, &str) -> Response + Send + Sync;

#[derive(Clone)]
struct Shared {
    hits: Arc<Mutex<Vec<Hit>>>,
    respond: Arc<Responder>,
    base: Arc<str>,
}

/// A server running on 127.0.0.1 until the test's runtime stops.
pub struct Server {
    /// `http://127.0.0.1:PORT`, the client's base URL.
    pub base: String,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Server {
    /// Every request received so far, in arrival order.
    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().expect("hits lock").clone()
    }
}

/// Starts a server that answers every request with `respond`.
pub async fn serve(
    respond: impl Fn(&Hit, usize, &str) -> Response + Send + Sync + 'static,
) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let base = format!("http://{}", listener.local_addr().expect("local addr"));
    let hits = Arc::new(Mutex::new(Vec::new()));
    let shared = Shared {
        hits: hits.clone(),
        respond: Arc::new(respond),
        base: base.clone().into(),
    };
    // A fallback rather than routes: the test, not axum's router, decides what a path means,
    // and nothing decodes it on the way.
    let app = axum::Router::new().fallback(record).with_state(shared);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Server { base, hits }
}

async fn record(
    State(shared): State<Shared>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let hit = Hit {
        method,
        raw_path: uri.path().to_string(),
        query: uri.query().map(str::to_string),
        headers,
        body,
    };
    let n = {
        let mut hits = shared.hits.lock().expect("hits lock");
        hits.push(hit.clone());
        hits.len() - 1
    };
    (shared.respond)(&hit, n, &shared.base)
}

/// A JSON response with `status`.
pub fn json(status: u16, body: &Value) -> Response {
    let status = StatusCode::from_u16(status).expect("valid status");
    (
        status,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// A JSON response with `status` and extra headers.
pub fn json_with(status: u16, headers: &[(&'static str, &'static str)], body: &Value) -> Response {
    let mut resp = json(status, body);
    for (name, value) in headers {
        resp.headers_mut()
            .insert(*name, axum::http::HeaderValue::from_static(value));
    }
    resp
}
