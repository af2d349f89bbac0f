//! JSON batching: `POST /$batch` (also under a version prefix, `/v1.0/$batch`) with up to
//! [`MAX_BATCH_REQUESTS`] requests, each answered by the mock's own handler in-process, as
//! if it had been sent alone (validated, answered with the examples, recorded).
//!
//! Items run one at a time in the batch's order, except that an item runs only after the
//! items its `dependsOn` names; when one of those did not succeed (non-2xx), the item is
//! answered `424 Failed Dependency` without running. The answer lists the responses in the
//! batch's order. A batch that cannot be read as a whole (not JSON, no `requests` array, too
//! many requests, duplicate ids, an item without `id`, `method` or `url`, a `dependsOn` naming
//! an unknown id, dependencies in a cycle) is answered 400 without running anything; an item
//! that cannot be sent (an absolute or nested `$batch` URL, a bad header, a body without a
//! `Content-Type`, a non-JSON body that is not base64) is answered 400 on its own.
//!
//! Each item that ran is recorded with its own method, path (the batch's version prefix
//! joined to its `url`), headers and body, before the `$batch` request itself; an item
//! answered 400 or 424 here never ran and is not. Items carry only their own headers: the
//! batch's `Authorization` stays on the batch, as a client sends it. Answer headers are
//! written as Graph writes them (`Content-Type`, `Retry-After`), and an answer body that is
//! not JSON is base64-encoded.

use super::body::DRAIN_LIMIT;
use super::handler::{handle_boxed, Fail, Outcome, Shared};
use crate::route::RequestUrl;
use axum::body::{to_bytes, Body};
use axum::http::header::{HeaderName, HeaderValue, ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{Method, Request, StatusCode, Uri};
use axum::response::Response;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// The most requests one `$batch` may hold, as in Graph.
pub const MAX_BATCH_REQUESTS: usize = 20;

/// What [`super::ReceivedRequest::endpoint`] records for a `$batch` request itself (its items
/// are recorded apart, each with the endpoint it was routed to).
pub const BATCH_ENDPOINT: &str = "$batch";

/// Whether a request path is a batch: `/$batch`, under a version prefix or none.
pub(crate) fn is_batch_path(path: &RequestUrl) -> bool {
    matches!(path.segments.as_slice(), [one] if one.eq_ignore_ascii_case("$batch"))
}

/// One request of a batch, as read.
#[derive(Debug)]
struct Item {
    id: String,
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<Value>,
    /// Indexes of the items it depends on.
    depends_on: Vec<usize>,
}

/// Answers a `$batch` request.
pub(crate) async fn serve(
    shared: &Arc<Shared>,
    parts: &Parts,
    path: &RequestUrl,
    json: Option<&Result<Value, serde_json::Error>>,
    fail: Fail<'_>,
) -> Outcome {
    let endpoint = Some(BATCH_ENDPOINT.to_string());
    if parts.method != Method::POST {
        let mut response = fail(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            &format!(
                "{} is not allowed on $batch; send the batch with POST",
                parts.method
            ),
        );
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("POST"));
        return Outcome { response, endpoint };
    }
    let items = match read_batch(json) {
        Ok(items) => items,
        Err(message) => {
            return Outcome {
                response: fail(StatusCode::BAD_REQUEST, "BadRequest", &message),
                endpoint,
            }
        }
    };
    let Some(order) = run_order(&items) else {
        return Outcome {
            response: fail(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "The dependsOn of the batch's requests form a cycle",
            ),
            endpoint,
        };
    };
    let prefix = path
        .version
        .as_deref()
        .map_or_else(String::new, |v| format!("/{v}"));
    let mut answers: Vec<Option<(u16, Value)>> = items.iter().map(|_| None).collect();
    for index in order {
        let Some(item) = items.get(index) else {
            continue;
        };
        let failed = item.depends_on.iter().find_map(|&d| {
            let status = answers.get(d).and_then(Option::as_ref).map(|a| a.0);
            (!status.is_some_and(|s| (200..300).contains(&s)))
                .then(|| items.get(d).map_or("", |i| i.id.as_str()))
        });
        let response = match failed {
            Some(dependency) => fail(
                StatusCode::FAILED_DEPENDENCY,
                "FailedDependency",
                &format!("Request {dependency}, which this one depends on, did not succeed"),
            ),
            None => match item_request(item, &prefix) {
                Ok(request) => handle_boxed(Arc::clone(shared), request).await,
                Err(message) => fail(StatusCode::BAD_REQUEST, "BadRequest", &message),
            },
        };
        let status = response.status().as_u16();
        let answer = item_answer(&item.id, response).await;
        if let Some(slot) = answers.get_mut(index) {
            *slot = Some((status, answer));
        }
    }
    let responses: Vec<Value> = answers.into_iter().flatten().map(|(_, a)| a).collect();
    let body = serde_json::to_vec(&json!({ "responses": responses })).unwrap_or_default();
    let mut response = Response::new(Body::from(body));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Outcome { response, endpoint }
}

/// A string member of an item, required and not empty.
fn required<'a>(item: &'a Map<String, Value>, name: &str, n: usize) -> Result<&'a str, String> {
    item.get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| format!("Request {n} of the batch has no `{name}` string"))
}

/// The batch's items, or why it cannot be read as a whole.
fn read_batch(json: Option<&Result<Value, serde_json::Error>>) -> Result<Vec<Item>, String> {
    let value = match json {
        None => {
            return Err(
                "The request body is empty; $batch takes a JSON object with a `requests` array"
                    .into(),
            )
        }
        Some(Err(e)) => return Err(format!("The request body is not valid JSON: {e}")),
        Some(Ok(value)) => value,
    };
    let Some(requests) = value.get("requests").and_then(Value::as_array) else {
        return Err("The batch has no `requests` array".into());
    };
    if requests.is_empty() {
        return Err("The batch's `requests` array is empty".into());
    }
    if requests.len() > MAX_BATCH_REQUESTS {
        return Err(format!(
            "A batch holds at most {MAX_BATCH_REQUESTS} requests; this one holds {}",
            requests.len()
        ));
    }
    let mut items = Vec::with_capacity(requests.len());
    let mut dependencies: Vec<Vec<String>> = Vec::with_capacity(requests.len());
    for (n, request) in requests.iter().enumerate() {
        let Some(request) = request.as_object() else {
            return Err(format!("Request {n} of the batch is not a JSON object"));
        };
        let id = required(request, "id", n)?.to_string();
        if items.iter().any(|i: &Item| i.id == id) {
            return Err(format!(
                "Request id {id:?} appears more than once in the batch"
            ));
        }
        let headers = match request.get("headers") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(map)) => map
                .iter()
                .map(|(name, value)| match value {
                    Value::String(s) => Ok((name.clone(), s.clone())),
                    _ => Err(format!("Header {name:?} of request {id:?} is not a string")),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(format!("The headers of request {id:?} are not an object")),
        };
        let depends_on = match request.get("dependsOn") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(ids)) => ids
                .iter()
                .map(|d| {
                    d.as_str().map(str::to_owned).ok_or_else(|| {
                        format!("The dependsOn of request {id:?} holds a value that is not an id")
                    })
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(format!("The dependsOn of request {id:?} is not an array")),
        };
        dependencies.push(depends_on);
        items.push(Item {
            method: required(request, "method", n)?.trim().to_string(),
            url: required(request, "url", n)?.trim().to_string(),
            id,
            headers,
            body: request.get("body").filter(|b| !b.is_null()).cloned(),
            depends_on: Vec::new(),
        });
    }
    for (n, ids) in dependencies.iter().enumerate() {
        let mut indexes = Vec::with_capacity(ids.len());
        for dependency in ids {
            let Some(index) = items.iter().position(|i| &i.id == dependency) else {
                let id = items.get(n).map_or("", |i| i.id.as_str());
                return Err(format!(
                    "Request {id:?} depends on {dependency:?}, which is not in the batch"
                ));
            };
            indexes.push(index);
        }
        if let Some(item) = items.get_mut(n) {
            item.depends_on = indexes;
        }
    }
    Ok(items)
}

/// The order to run the items in: the batch's, each item after its dependencies. `None`
/// when the dependencies form a cycle.
fn run_order(items: &[Item]) -> Option<Vec<usize>> {
    let mut done = vec![false; items.len()];
    let mut order = Vec::with_capacity(items.len());
    while order.len() < items.len() {
        let next = items.iter().enumerate().position(|(i, item)| {
            !done.get(i).copied().unwrap_or(true)
                && item
                    .depends_on
                    .iter()
                    .all(|&d| done.get(d).copied().unwrap_or(false))
        })?;
        if let Some(d) = done.get_mut(next) {
            *d = true;
        }
        order.push(next);
    }
    Some(order)
}

fn is_json_type(content_type: &str) -> bool {
    content_type.to_ascii_lowercase().contains("json")
}

/// The HTTP request an item stands for, under the batch's version `prefix`; or why it
/// cannot be sent.
fn item_request(item: &Item, prefix: &str) -> Result<Request<Body>, String> {
    let id = &item.id;
    let method = Method::from_bytes(item.method.to_ascii_uppercase().as_bytes())
        .map_err(|_| format!("Request {id:?} has a method no HTTP request can have"))?;
    if item.url.contains("://") {
        return Err(format!(
            "The url of request {id:?} must be relative to the version (`/me/events`), not \
             absolute"
        ));
    }
    let separator = if item.url.starts_with('/') { "" } else { "/" };
    let target = format!("{prefix}{separator}{}", item.url.replace(' ', "%20"));
    let uri = Uri::try_from(target.as_str())
        .map_err(|e| format!("The url of request {id:?} is not a valid URL: {e}"))?;
    if is_batch_path(&RequestUrl::parse(uri.path())) {
        return Err(format!("Request {id:?} is a $batch: batches do not nest"));
    }
    let mut request = Request::new(Body::empty());
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    let mut content_type = None;
    for (name, value) in &item.headers {
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.trim().as_bytes()),
            HeaderValue::from_str(value.trim()),
        ) else {
            return Err(format!(
                "Header {name:?} of request {id:?} is not a valid header"
            ));
        };
        if name == CONTENT_TYPE {
            content_type = Some(value.to_str().unwrap_or_default().to_string());
        }
        request.headers_mut().append(name, value);
    }
    if let Some(body) = &item.body {
        let Some(content_type) = content_type else {
            return Err(format!(
                "Request {id:?} has a body but no Content-Type header"
            ));
        };
        let bytes = match body {
            Value::String(text) if !is_json_type(&content_type) => STANDARD
                .decode(text.trim())
                .map_err(|e| format!("The body of request {id:?} is not base64: {e}"))?,
            _ if !is_json_type(&content_type) => {
                return Err(format!(
                    "The body of request {id:?} ({content_type}) must be a base64 string"
                ))
            }
            json => serde_json::to_vec(json).unwrap_or_default(),
        };
        request
            .headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from(bytes.len()));
        *request.body_mut() = Body::from(bytes);
    }
    Ok(request)
}

/// `content-type` as Graph writes names in a batch answer: `Content-Type`.
fn title_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// One entry of the batch's `responses`: id, status, headers, and the body (JSON as JSON,
/// anything else base64; none when empty).
async fn item_answer(id: &str, response: Response) -> Value {
    let (parts, body) = response.into_parts();
    let mut headers = Map::new();
    let mut json_body = false;
    for (name, value) in &parts.headers {
        if name == CONTENT_LENGTH {
            continue;
        }
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        if name == CONTENT_TYPE {
            json_body = is_json_type(&value);
        }
        let key = title_case(name.as_str());
        match headers.get_mut(&key) {
            Some(Value::String(first)) => {
                first.push_str(", ");
                first.push_str(&value);
            }
            _ => {
                headers.insert(key, Value::String(value));
            }
        }
    }
    let mut answer = Map::new();
    answer.insert("id".into(), Value::String(id.to_string()));
    answer.insert("status".into(), Value::from(parts.status.as_u16()));
    answer.insert("headers".into(), Value::Object(headers));
    let bytes = to_bytes(body, DRAIN_LIMIT).await.unwrap_or_default();
    if !bytes.is_empty() {
        let body = json_body
            .then(|| serde_json::from_slice::<Value>(&bytes).ok())
            .flatten()
            .unwrap_or_else(|| Value::String(STANDARD.encode(&bytes)));
        answer.insert("body".into(), body);
    }
    Value::Object(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(batch: Value) -> Result<Vec<Item>, String> {
        read_batch(Some(&Ok(batch)))
    }

    #[test]
    fn dependencies_run_first_and_cycles_are_refused() {
        let batch = items(json!({"requests": [
            {"id": "a", "method": "GET", "url": "/x", "dependsOn": ["c"]},
            {"id": "b", "method": "GET", "url": "/x"},
            {"id": "c", "method": "GET", "url": "/x", "dependsOn": ["b"]},
        ]}))
        .expect("reads");
        assert_eq!(run_order(&batch), Some(vec![1, 2, 0]));
        let cycle = items(json!({"requests": [
            {"id": "a", "method": "GET", "url": "/x", "dependsOn": ["b"]},
            {"id": "b", "method": "GET", "url": "/x", "dependsOn": ["a"]},
        ]}))
        .expect("reads");
        assert_eq!(run_order(&cycle), None);
    }

    #[test]
    fn item_urls_join_the_version_prefix() {
        let item = |url: &str| Item {
            id: "1".into(),
            method: "get".into(),
            url: url.into(),
            headers: Vec::new(),
            body: None,
            depends_on: Vec::new(),
        };
        let uri =
            |url: &str, prefix: &str| item_request(&item(url), prefix).map(|r| r.uri().to_string());
        assert_eq!(uri("/me?$top=1", "/v1.0").as_deref(), Ok("/v1.0/me?$top=1"));
        assert_eq!(uri("me/x y", "").as_deref(), Ok("/me/x%20y"));
        assert!(uri("https://graph.microsoft.com/v1.0/me", "").is_err());
        assert!(uri("/$batch", "/beta").is_err());
    }

    #[test]
    fn header_names_are_title_cased() {
        assert_eq!(title_case("content-type"), "Content-Type");
        assert_eq!(title_case("retry-after"), "Retry-After");
        assert_eq!(title_case("location"), "Location");
    }
}
