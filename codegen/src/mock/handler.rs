//! The one request handler: read the body (bounded), route, validate, answer, record.
//! Upload URLs (`upload.rs`) and `$batch` (`batch.rs`) branch off here.

use super::body::{read_body, BodyRead};
use super::graph_error::{error_response, RequestIds};
use super::knob::ForcedStatus;
use super::links::Links;
use super::record::{ReceivedRequest, Recorder};
use super::reply::EndpointReplies;
use super::route::{Lookup, RouteTable};
use super::upload::Uploads;
use super::{batch, upload, MAX_BODY_BYTES};
use crate::model::{Api, Endpoint, RequestBody};
use crate::route::RequestUrl;
use crate::validate::{check_body, TypeIndex};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{HeaderValue, ALLOW, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Everything the handler needs, built once per server.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) apis: Vec<Arc<Api>>,
    /// `indexes[api]`: its types by name, for checking request bodies.
    indexes: Vec<TypeIndex>,
    pub(crate) routes: RouteTable,
    /// `replies[api][endpoint]`.
    replies: Vec<Vec<EndpointReplies>>,
    pub(crate) recorder: Recorder,
    ids: RequestIds,
    /// The upload sessions handed out so far.
    pub(crate) uploads: Uploads,
    /// What the `x-docspec-mock-status` knob has forced so far.
    pub(crate) forced: ForcedStatus,
}

impl Shared {
    /// Prepares every reply once, with the documented service's links moved onto `links`.
    pub(crate) fn new(apis: Vec<Arc<Api>>, record_limit: usize, links: &Links) -> Shared {
        let routes = RouteTable::new(&apis);
        let replies = apis
            .iter()
            .map(|api| {
                api.endpoints
                    .iter()
                    .map(|e| EndpointReplies::new(e, links))
                    .collect()
            })
            .collect();
        let indexes = apis.iter().map(|api| TypeIndex::new(api)).collect();
        Shared {
            apis,
            indexes,
            routes,
            replies,
            recorder: Recorder::new(record_limit),
            ids: RequestIds::new(),
            uploads: Uploads::new(links.clone()),
            forced: ForcedStatus::default(),
        }
    }
}

fn is_json_content(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("json"))
}

/// Whether an empty body is acceptable for what the endpoint takes.
fn empty_body_problem(expected: &RequestBody) -> Option<String> {
    match expected {
        RequestBody::Type { ty } => Some(format!(
            "The request body is empty; this endpoint takes a JSON {}{}",
            ty.name,
            if ty.collection { " collection" } else { "" }
        )),
        RequestBody::Parameters { .. } => None,
    }
}

/// The outcome of routing and validation, before request-ids are attached.
pub(crate) struct Outcome {
    pub(crate) response: Response,
    /// What [`ReceivedRequest::endpoint`] records.
    pub(crate) endpoint: Option<String>,
}

/// A Graph-style error answer: status, code, message (the request ids are filled in).
pub(crate) type Fail<'a> = &'a (dyn Fn(StatusCode, &str, &str) -> Response + Sync);

/// [`handle`] as a boxed future, for the `$batch` handler, which answers its items through it.
pub(crate) fn handle_boxed(
    shared: Arc<Shared>,
    request: Request,
) -> Pin<Box<dyn Future<Output = Response> + Send>> {
    Box::pin(handle(State(shared), request))
}

/// Answers one request.
pub(crate) async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let request_id = shared.ids.next();
    let client_request_id = parts
        .headers
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let fail = |status: StatusCode, code: &str, message: &str| {
        error_response(
            status,
            code,
            message,
            &request_id,
            client_request_id.as_deref(),
        )
    };

    let mut body_len = 0;
    let mut json: Option<Result<Value, serde_json::Error>> = None;
    // Upload ranges are counted, never kept: they do not go through the bounded read.
    let outcome = if upload::is_upload_path(parts.uri.path()) {
        let (outcome, len) = upload::serve(&shared, &parts, body, &fail).await;
        body_len = len;
        outcome
    } else {
        match read_body(&parts.headers, body).await {
            BodyRead::Complete(bytes) => {
                body_len = bytes.len();
                if !bytes.is_empty() {
                    json = Some(serde_json::from_slice(&bytes));
                }
                answer(&shared, &parts, json.as_ref(), &fail).await
            }
            unread => unread_body(unread, &fail),
        }
    };

    let mut response = outcome.response;
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        headers.insert("request-id", v);
    }
    if let Some(v) = client_request_id
        .as_deref()
        .and_then(|c| HeaderValue::from_str(c).ok())
    {
        headers.insert("client-request-id", v);
    }

    if shared.recorder.enabled() {
        shared.recorder.push(ReceivedRequest {
            method: parts.method.as_str().to_string(),
            path: parts.uri.path().to_string(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts
                .headers
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: json.and_then(Result::ok),
            body_len,
            endpoint: outcome.endpoint,
            status: response.status().as_u16(),
        });
    }
    response
}

/// The answer to a request whose body could not be read.
fn unread_body(read: BodyRead, fail: Fail<'_>) -> Outcome {
    let response = match read {
        BodyRead::TooLarge => fail(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            &format!("The request body is larger than the mock's limit of {MAX_BODY_BYTES} bytes"),
        ),
        BodyRead::TimedOut => fail(
            StatusCode::REQUEST_TIMEOUT,
            "RequestTimeout",
            "The request body did not arrive in time",
        ),
        BodyRead::Failed | BodyRead::Complete(_) => fail(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "The request body could not be read",
        ),
    };
    Outcome {
        response,
        endpoint: None,
    }
}

/// The answer to a request whose body was read: a forced status, a `$batch`, or a route.
async fn answer(
    shared: &Arc<Shared>,
    parts: &axum::http::request::Parts,
    json: Option<&Result<Value, serde_json::Error>>,
    fail: Fail<'_>,
) -> Outcome {
    if let Some(forced) = shared.forced.check(parts, fail) {
        return forced;
    }
    let path = RequestUrl::parse(parts.uri.path());
    if batch::is_batch_path(&path) {
        return batch::serve(shared, parts, &path, json, fail).await;
    }
    route(
        shared,
        &parts.method,
        &parts.headers,
        &path,
        parts.uri.query(),
        json,
        fail,
    )
}

/// The answer when the route table names an API or endpoint the model does not have.
fn out_of_step(fail: Fail<'_>) -> Outcome {
    Outcome {
        response: fail(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerError",
            "The route table is out of step with the model",
        ),
        endpoint: None,
    }
}

/// Why `endpoint` would refuse the request's body (`400`), if it would.
fn body_problem(
    api: &Api,
    index: &TypeIndex,
    endpoint: &Endpoint,
    method: &axum::http::Method,
    headers: &HeaderMap,
    json: Option<&Result<Value, serde_json::Error>>,
) -> Option<String> {
    let expected = endpoint.request_body.as_ref();
    // A binary body (a file's bytes) is whatever the client sends.
    if expected.is_some_and(crate::model::RequestBody::is_binary) {
        return None;
    }
    let partial = method == axum::http::Method::PATCH;
    // A GET or DELETE that the docs give a body type may still be sent without one.
    let body_optional = method == axum::http::Method::GET || method == axum::http::Method::DELETE;
    match json {
        Some(Err(e)) if expected.is_some() || is_json_content(headers) => {
            Some(format!("The request body is not valid JSON: {e}"))
        }
        Some(Ok(value)) => {
            let expected = expected?;
            check_body(api, index, expected, value, partial)
                .err()
                .map(|problems| problems.join("; "))
        }
        None => {
            let expected = expected.filter(|_| !body_optional)?;
            if let Some(problem) = empty_body_problem(expected) {
                return Some(problem);
            }
            let empty = Value::Object(Default::default());
            check_body(api, index, expected, &empty, partial)
                .err()
                .map(|problems| problems.join("; "))
        }
        Some(Err(_)) => None,
    }
}

fn route(
    shared: &Shared,
    method: &axum::http::Method,
    headers: &HeaderMap,
    path: &RequestUrl,
    query: Option<&str>,
    json: Option<&Result<Value, serde_json::Error>>,
    fail: Fail<'_>,
) -> Outcome {
    let (api_index, first, others) = match shared.routes.lookup(method.as_str(), path) {
        Lookup::Found {
            api,
            endpoint,
            others,
        } => (api, endpoint, others),
        Lookup::NotFound => {
            return Outcome {
                response: fail(
                    StatusCode::NOT_FOUND,
                    "ResourceNotFound",
                    &format!("No endpoint in the docs matches {method} {}", path.key()),
                ),
                endpoint: None,
            }
        }
        Lookup::WrongMethod(allowed) => {
            let allow = allowed.join(", ");
            let mut response = fail(
                StatusCode::METHOD_NOT_ALLOWED,
                "MethodNotAllowed",
                &format!(
                    "{method} is not documented for {}; the docs allow {allow}",
                    path.key()
                ),
            );
            if let Ok(v) = HeaderValue::from_str(&allow) {
                response.headers_mut().insert(ALLOW, v);
            }
            return Outcome {
                response,
                endpoint: None,
            };
        }
    };
    let Some((api, index)) = shared
        .apis
        .get(api_index)
        .zip(shared.indexes.get(api_index))
    else {
        return out_of_step(fail);
    };
    // The first page of the route whose body the request fits serves it; when none does, the
    // first page's objections are the answer.
    let mut refused: Option<(&Endpoint, String)> = None;
    let mut chosen = None;
    for i in std::iter::once(first).chain(others) {
        let Some(endpoint) = api.endpoints.get(i) else {
            return out_of_step(fail);
        };
        match body_problem(api, index, endpoint, method, headers, json) {
            None => {
                chosen = Some((i, endpoint));
                break;
            }
            Some(problem) => {
                refused.get_or_insert((endpoint, problem));
            }
        }
    }
    let Some((endpoint_index, endpoint)) = chosen else {
        let Some((endpoint, problem)) = refused else {
            return out_of_step(fail);
        };
        return Outcome {
            response: fail(StatusCode::BAD_REQUEST, "BadRequest", &problem),
            endpoint: Some(endpoint.name.clone()),
        };
    };
    let canned = shared
        .replies
        .get(api_index)
        .and_then(|r| r.get(endpoint_index))
        .and_then(|r| r.pick(&path.key(), query));
    let response = match canned {
        Some(c) => {
            // An upload session is handed out fresh: its upload URL leads to the mock.
            let body = if c.upload_session {
                let template = upload::item_template(api, endpoint);
                shared
                    .uploads
                    .open(&c.body, json.and_then(|j| j.as_ref().ok()), template)
            } else {
                c.body.clone()
            };
            let mut response = Response::new(Body::from(body));
            *response.status_mut() = c.status;
            *response.headers_mut() = c.headers.clone();
            response
        }
        None => fail(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerError",
            "No response prepared for this endpoint",
        ),
    };
    Outcome {
        response,
        endpoint: Some(endpoint.name.clone()),
    }
}
