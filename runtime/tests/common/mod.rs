//! A real HTTP server on 127.0.0.1 for the integration tests: records every request and
//! answers from a per-test closure.

#![allow(dead_code)] // each test binary uses a different subset

use axum::body::Body;
use axum::http::{HeaderMap, Response, StatusCode};
use axum::Router;
use std::sync::{Arc, Mutex};

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    /// Path and query exactly as sent.
    pub target: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body parsed as `application/x-www-form-urlencoded`.
    pub fn form(&self) -> Vec<(String, String)> {
        let text = String::from_utf8_lossy(&self.body).replace('+', " ");
        text.split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                let dec = |s: &str| {
                    percent_encoding::percent_decode_str(s)
                        .decode_utf8_lossy()
                        .into_owned()
                };
                (dec(k), dec(v))
            })
            .collect()
    }
}

pub struct Server {
    pub base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// Starts a server on a free port; `respond(n, request, base)` answers the `n`th (0-based)
/// request, `base` being `http://127.0.0.1:PORT`.
pub async fn serve<F>(respond: F) -> Server
where
    F: Fn(usize, &Seen, &str) -> Response<Body> + Send + Sync + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let respond = Arc::new(respond);
    let (log, root) = (seen.clone(), base.clone());
    let app = Router::new().fallback(move |req: axum::extract::Request| {
        let (log, root, respond) = (log.clone(), root.clone(), respond.clone());
        async move {
            let (parts, body) = req.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
            let seen = Seen {
                method: parts.method.to_string(),
                target: parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_default(),
                headers: parts.headers,
                body: body.to_vec(),
            };
            let n = {
                let mut log = log.lock().unwrap();
                log.push(seen.clone());
                log.len() - 1
            };
            respond(n, &seen, &root)
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server { base, seen }
}

/// A response with `status`, `headers` and a body (JSON content type when non-empty).
pub fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> Response<Body> {
    let mut b = Response::builder().status(StatusCode::from_u16(status).unwrap());
    if !body.is_empty() {
        b = b.header("content-type", "application/json");
    }
    for (n, v) in headers {
        b = b.header(*n, *v);
    }
    b.body(Body::from(body.to_owned())).unwrap()
}

pub fn json(status: u16, value: serde_json::Value) -> Response<Body> {
    reply(status, &[], &value.to_string())
}
