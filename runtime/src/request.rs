//! One Graph call: build it, send it (with auth, ids and retries), read the answer.

use crate::retry::RetryPolicy;
use crate::target::{self, Target};
use crate::{AccessToken, Result};
use crate::{Client, Error, GraphError, Page, PageStream, QueryOptions};
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, LOCATION, USER_AGENT,
};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use std::fmt;
use tracing::Instrument;
use uuid::fmt::Hyphenated;
use uuid::Uuid;

/// A ready-made name, so inserting it per attempt does not parse and validate it again.
const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("client-request-id");

/// A request under construction; consumed by one of the `send_*` methods.
pub struct Request {
    client: Client,
    method: Method,
    target: Target,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    /// Shared rather than copied by each attempt.
    body: Option<bytes::Bytes>,
    /// The body's type, sent unless the caller set a `Content-Type` header.
    content_type: Option<ContentType>,
}

/// Kept apart from the caller's headers so the common JSON case costs no allocation.
#[derive(Debug)]
enum ContentType {
    Json,
    Other(String),
}

/// The answer to a long-running operation that the server accepted (usually 202).
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    /// The `Location` header: where to poll for the outcome.
    pub location: Option<String>,
    /// The response body, when there was one and it was JSON.
    pub body: Option<serde_json::Value>,
    /// The `Retry-After` header: how long the server asks to wait before the first poll
    /// (see [`Accepted::wait`]).
    pub retry_after: Option<std::time::Duration>,
}

impl Request {
    pub(crate) fn new(client: Client, method: Method, target: Target) -> Self {
        Request {
            client,
            method,
            target,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            content_type: None,
        }
    }

    /// Adds the query parameter `name=value` (both get percent-encoded here).
    pub fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_owned(), value.into()));
        self
    }

    /// Adds a request header. `Authorization` is always set from the token provider.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// Adds the query parameters and headers of `opts`.
    pub fn options(mut self, opts: &QueryOptions) -> Self {
        self.query.extend(opts.to_query_pairs());
        self.headers.extend(opts.headers.iter().cloned());
        self
    }

    /// Serializes `body` as the JSON request body (now, so errors surface here).
    pub fn json<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Result<Self> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::Encode(e.to_string()))?;
        self.body = Some(bytes.into());
        self.content_type = Some(ContentType::Json);
        Ok(self)
    }

    /// Sends raw `bytes` with `content_type` (file content uploads).
    pub fn bytes(mut self, content_type: &str, bytes: Vec<u8>) -> Self {
        self.body = Some(bytes.into());
        self.content_type = Some(ContentType::Other(content_type.to_owned()));
        self
    }

    /// Sends the request and decodes a JSON body as `T` (an empty body decodes as `null`, so
    /// `Option<_>` and `()` accept it).
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T> {
        let resp = self.send_raw().await?;
        let status = resp.status().as_u16();
        let body = resp.bytes().await?;
        decode_json(status, &body)
    }

    /// Sends the request and ignores the body of any 2xx answer.
    pub async fn send_empty(self) -> Result<()> {
        self.send_raw().await.map(drop)
    }

    /// Sends the request and returns the `Location` and optional JSON body of a 2xx answer.
    pub async fn send_accepted(self) -> Result<Accepted> {
        let resp = self.send_raw().await?;
        let location = resp
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let retry_after = crate::retry::retry_after(resp.headers());
        let body = resp.bytes().await?;
        let body = if body.iter().all(u8::is_ascii_whitespace) {
            None
        } else {
            serde_json::from_slice(&body).ok()
        };
        Ok(Accepted {
            location,
            body,
            retry_after,
        })
    }

    /// Sends the request and decodes one page of a collection.
    pub async fn send_page<T: DeserializeOwned>(self) -> Result<Page<T>> {
        self.send_json().await
    }

    /// Every item of the collection, following `@odata.nextLink` until the last page.
    pub fn into_stream<T: DeserializeOwned + Send + 'static>(self) -> PageStream<T> {
        PageStream::new(Ok(self))
    }

    /// Sends the request and returns the raw 2xx response (for binary content); non-2xx
    /// answers become [`Error::Graph`].
    pub async fn send_raw(self) -> Result<reqwest::Response> {
        let url = self.full_url()?;
        // Fields are evaluated even when nothing listens (tracing's `log` feature, which axum
        // turns on, records them for `log`), so they must cost nothing: the path of the URL
        // parsed once above, never the query string, which can hold personal data.
        let span = tracing::info_span!(
            "graph_request",
            method = %self.method,
            path = %url.path(),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        self.execute(url).instrument(span).await
    }

    /// The headers added with [`Request::header`] / [`Request::options`], which the next
    /// page of a collection must repeat (e.g. `ConsistencyLevel`).
    pub(crate) fn extra_headers(&self) -> &[(String, String)] {
        &self.headers
    }

    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    pub(crate) fn method(&self) -> &Method {
        &self.method
    }

    /// The body, as it would be sent.
    pub(crate) fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The body's type: the caller's `Content-Type` header, else the type the body was set
    /// with.
    pub(crate) fn content_type(&self) -> Option<&str> {
        let set = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(CONTENT_TYPE.as_str()));
        match (set, &self.content_type) {
            (Some((_, v)), _) => Some(v),
            (None, Some(ContentType::Json)) => Some("application/json"),
            (None, Some(ContentType::Other(ct))) => Some(ct),
            (None, None) => None,
        }
    }

    /// Whether the body is JSON this crate serialized itself (so it is valid JSON).
    pub(crate) fn body_is_serialized_json(&self) -> bool {
        matches!(self.content_type, Some(ContentType::Json))
    }

    /// `bytes`, already valid JSON, as the body.
    pub(crate) fn json_bytes(mut self, bytes: Vec<u8>) -> Self {
        self.body = Some(bytes.into());
        self.content_type = Some(ContentType::Json);
        self
    }

    /// Appends the URL's path and query after the client's base URL (see
    /// [`target::push_relative`]).
    pub(crate) fn push_relative_url(&self, out: &mut String) -> Result<()> {
        target::push_relative(
            out,
            self.client.base_url(),
            self.client.base_path(),
            &self.target,
            &self.query,
        )
    }

    /// The URL to send to, parsed once per request (see [`target::resolve`]).
    fn full_url(&self) -> Result<Url> {
        target::resolve(
            self.client.base_url(),
            self.client.base_path(),
            &self.target,
            &self.query,
        )
    }

    /// The `client-request-id` every attempt of this request carries (so the server can tell
    /// a retry from a new request), or `None` when the caller set one.
    fn request_id(&self) -> Option<Hyphenated> {
        let set = self
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(CLIENT_REQUEST_ID.as_str()));
        if set {
            return None;
        }
        // A correlation id, not a secret: a per-thread generator spares a system call per
        // request.
        let id = uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes()).into_uuid();
        Some(id.hyphenated())
    }

    /// The headers of one attempt but its token: the caller's, the request id, the body type
    /// and the user agent. Built afresh per attempt rather than cloned, since almost every
    /// request has only one.
    fn header_map(&self, request_id: Option<Hyphenated>) -> Result<HeaderMap> {
        // Room for the four added here and the `Accept`, `Host` and `Content-Length` that
        // reqwest and hyper add, so the map never regrows.
        let mut map = HeaderMap::with_capacity(self.headers.len() + 7);
        let (mut user_agent, mut content_type) = (false, false);
        for (name, value) in &self.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::InvalidRequest(format!("bad header name {name:?}")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::InvalidRequest(format!("bad value for header {name}")))?;
            user_agent |= name == USER_AGENT;
            content_type |= name == CONTENT_TYPE;
            map.append(name, value);
        }
        if let Some(id) = request_id {
            // Always ASCII hex and hyphens, so always a valid header value.
            if let Ok(id) = HeaderValue::from_str(id.encode_lower(&mut Uuid::encode_buffer())) {
                map.insert(CLIENT_REQUEST_ID, id);
            }
        }
        match (&self.content_type, content_type) {
            (Some(ContentType::Json), false) => {
                map.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            }
            (Some(ContentType::Other(ct)), false) => {
                let ct = HeaderValue::from_str(ct).map_err(|_| {
                    Error::InvalidRequest(format!("bad value for header {CONTENT_TYPE}"))
                })?;
                map.insert(CONTENT_TYPE, ct);
            }
            _ => {}
        }
        if !user_agent {
            map.insert(USER_AGENT, self.client.user_agent().clone());
        }
        Ok(map)
    }

    async fn execute(self, url: Url) -> Result<reqwest::Response> {
        let request_id = self.request_id();
        let policy: &RetryPolicy = self.client.retry_policy();
        let span = tracing::Span::current();
        let mut attempt: u32 = 0;
        loop {
            span.record("attempts", attempt + 1);
            // Headers first: a malformed one fails before a token is even asked for.
            let mut headers = self.header_map(request_id)?;
            let token = self.client.auth().token().await?;
            // Replaces any `Authorization` the caller set: the token provider is the only source.
            headers.insert(AUTHORIZATION, bearer(&token)?);
            let mut req = reqwest::Request::new(self.method.clone(), url.clone());
            *req.headers_mut() = headers;
            if let Some(timeout) = self.client.request_timeout() {
                *req.timeout_mut() = Some(timeout);
            }
            if let Some(body) = &self.body {
                *req.body_mut() = Some(body.clone().into());
            }
            let resp = match self.client.http().execute(req).await {
                Ok(resp) => resp,
                // Nothing reached the server, so any method may be re-sent.
                Err(e) if e.is_connect() && attempt < policy.max_retries => {
                    let delay = policy.backoff(attempt);
                    tracing::debug!(?delay, attempt, "connection failed, retrying");
                    // Boxed, like every cold path here: the future stays small, so moving
                    // it costs less on every request.
                    Box::pin(tokio::time::sleep(delay)).await;
                    attempt += 1;
                    continue;
                }
                Err(e) => return Err(Error::Transport(e)),
            };
            let status = resp.status().as_u16();
            span.record("status", status);
            if resp.status().is_success() {
                return Ok(resp);
            }
            if attempt < policy.max_retries {
                if let Some(delay) =
                    policy.delay_for_status(&self.method, status, resp.headers(), attempt)
                {
                    tracing::debug!(status, ?delay, attempt, "retrying");
                    drop(resp);
                    Box::pin(tokio::time::sleep(delay)).await;
                    attempt += 1;
                    continue;
                }
            }
            return Err(Box::pin(graph_error(status, resp)).await);
        }
    }
}

/// The typed error for a non-2xx answer, once its body is read.
pub(crate) async fn graph_error(status: u16, resp: reqwest::Response) -> Error {
    let resp_headers = resp.headers().clone();
    let body = match resp.bytes().await {
        Ok(body) => body,
        Err(e) => return Error::Transport(e),
    };
    let err = GraphError::from_parts(status, &resp_headers, &body);
    tracing::debug!(status, code = err.code().unwrap_or(""), "request failed");
    Error::Graph(Box::new(err))
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<_> = self
            .headers
            .iter()
            .map(|(n, v)| {
                let v = if n.eq_ignore_ascii_case("authorization") {
                    "<redacted>"
                } else {
                    v.as_str()
                };
                (n.as_str(), v)
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.target)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(bytes::Bytes::len))
            .field("content_type", &self.content_type)
            .finish_non_exhaustive()
    }
}

fn bearer(token: &AccessToken) -> Result<HeaderValue> {
    // From the `String` itself: the value takes the buffer instead of copying it.
    let mut value = HeaderValue::try_from(format!("Bearer {}", token.secret()))
        .map_err(|_| Error::Auth("token contains bytes not allowed in a header".to_owned()))?;
    value.set_sensitive(true);
    Ok(value)
}

pub(crate) fn decode_json<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T> {
    let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    serde_json::from_slice(text).map_err(|e| Error::decode(status, &e, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_body_decodes_as_null() {
        assert_eq!(decode_json::<Option<u8>>(200, b" ").unwrap(), None);
        let err = decode_json::<Vec<u8>>(200, b"").unwrap_err();
        assert_eq!(err.status(), Some(200));
    }
}
