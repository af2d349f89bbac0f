//! Upload sessions: when the mock serves a response example holding an `uploadUrl` (an
//! `uploadSession`, as `createUploadSession` answers), it opens a session of its own and
//! names it in `uploadUrl` instead (`http://127.0.0.1:PORT/_docspec/upload/N`, a fresh `N`
//! per session); the rest of the example is served as written (a `nextExpectedRanges` that
//! does not start at byte 0 is made `["0-"]`). That URL takes the upload as Graph's does:
//!
//! * `PUT` with `Content-Range: bytes START-END/TOTAL`: `202` with `expirationDateTime` and
//!   `nextExpectedRanges` (`["N-"]`) until the last byte, then `201` with the created item;
//!   a range not starting at the next expected byte is `416`;
//! * `GET`: the session's `expirationDateTime` and `nextExpectedRanges`;
//! * `DELETE`: cancels it (`204`); a cancelled or completed session is `404`;
//! * the status knob ([`super::STATUS_KNOB`]) forces a status here as on any route (a `503` on a
//!   range, to test a client's resume);
//! * any request carrying `Authorization` is `401` (the URL authorizes the upload itself:
//!   a client sending its token there has a bug a test should catch).
//!
//! Only a count and a running checksum of the bytes are kept, never the bytes, so a client can
//! upload any size. The created item is the first example response of the page named like the
//! session's page with `get` for `createuploadsession` (`driveitem-get` for
//! `driveitem-createuploadsession`), its `name` and `size` set from the upload; else
//! `{"id","name","size"}`.

use super::body::{count_body, declared_length, drain, Counted, CHECKSUM_START};
use super::graph_error::utc_after;
use super::handler::{Fail, Outcome, Shared};
use super::links::Links;
use crate::model::{Api, Endpoint};
use axum::body::{Body, Bytes};
use axum::http::header::{HeaderValue, ALLOW, AUTHORIZATION, CONTENT_RANGE, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

/// Where the mock's upload URLs live: this, then the session's number.
pub const UPLOAD_PATH: &str = "/_docspec/upload/";

/// What [`super::ReceivedRequest::endpoint`] records for a request to an upload URL.
pub const UPLOAD_ENDPOINT: &str = "$upload";

/// The largest range one `PUT` may carry (60 MiB), as in Graph.
pub const MAX_RANGE_BYTES: u64 = 60 << 20;

/// How many sessions are remembered; the oldest are forgotten first.
const REMEMBERED: usize = 10_000;

/// How long a session the example gives no expiry for lasts: a day.
const LIFETIME_SECS: u64 = 86_400;

/// Where an upload session stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadState {
    /// Taking ranges.
    Open,
    /// Every byte arrived; the item was created.
    Complete,
    /// Cancelled with `DELETE`.
    Cancelled,
}

/// An upload session as the mock sees it, for assertions ([`super::MockServer::uploads`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadSession {
    /// Its upload URL.
    pub url: String,
    /// How many bytes it has accepted.
    pub received: u64,
    /// The file's size, once a range has said it.
    pub total: Option<u64>,
    /// The FNV-1a (64-bit) checksum of the bytes accepted, in order: a test that knows the
    /// file can tell that every byte arrived once and in place.
    pub checksum: u64,
    /// Open, complete or cancelled.
    pub state: UploadState,
}

/// One session.
#[derive(Debug)]
struct Session {
    public: UploadSession,
    expiration: String,
    /// The file's name, when the request that opened the session said it.
    name: Option<String>,
    /// The created item's example, when one was found.
    item: Option<Value>,
    /// A range is being received: another one must wait.
    busy: bool,
}

/// Every session the mock handed out.
#[derive(Debug)]
pub(crate) struct Uploads {
    /// The mock's own links: upload URLs are on its base, and the created item's example is
    /// served with its links moved as every reply's are.
    links: Links,
    sessions: Mutex<(u64, BTreeMap<u64, Session>)>,
}

/// A `Content-Range` of an upload: bytes `start..=end` of `total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ContentRange {
    start: u64,
    end: u64,
    total: u64,
}

/// A refusal: status, Graph error code, message.
type Refusal = (StatusCode, &'static str, String);

/// Whether `path` is one of the mock's upload URLs (or looks like one).
pub(crate) fn is_upload_path(path: &str) -> bool {
    path.starts_with(UPLOAD_PATH)
}

/// The example body of the item a `createUploadSession` page creates, if the API documents
/// one: the first JSON object answered by the page named the same with `get`.
pub(crate) fn item_template(api: &Api, endpoint: &Endpoint) -> Option<Value> {
    let name = endpoint.name.to_ascii_lowercase();
    let stem = name.strip_suffix("createuploadsession")?;
    let get = format!("{stem}get");
    let page = api
        .endpoints
        .iter()
        .find(|e| e.name.eq_ignore_ascii_case(&get))?;
    page.examples
        .iter()
        .filter_map(|e| e.response.as_ref()?.body.as_ref())
        .map(|b| b.value())
        .find(Value::is_object)
}

/// The file name a `createUploadSession` request body gives (`item.name`,
/// `AttachmentItem.name`, or `name`).
fn file_name(request: Option<&Value>) -> Option<String> {
    let request = request?;
    ["item", "AttachmentItem", "attachmentItem"]
        .iter()
        .find_map(|k| request.get(k)?.get("name")?.as_str())
        .or_else(|| request.get("name")?.as_str())
        .map(str::to_owned)
}

fn parse_content_range(headers: &HeaderMap) -> Result<ContentRange, String> {
    let value = headers
        .get(CONTENT_RANGE)
        .ok_or("A range of an upload needs a Content-Range header (bytes START-END/TOTAL)")?;
    let text = value.to_str().unwrap_or_default().trim();
    let bad = || format!("Content-Range {text:?} is not `bytes START-END/TOTAL`");
    let rest = text
        .get(..6)
        .filter(|unit| unit.eq_ignore_ascii_case("bytes "))
        .and_then(|_| text.get(6..))
        .ok_or_else(bad)?;
    let (span, total) = rest.split_once('/').ok_or_else(bad)?;
    let (start, end) = span.split_once('-').ok_or_else(bad)?;
    let number = |s: &str| s.trim().parse::<u64>().map_err(|_| bad());
    let range = ContentRange {
        start: number(start)?,
        end: number(end)?,
        total: number(total)?,
    };
    if range.end < range.start || range.end >= range.total {
        return Err(format!(
            "Content-Range {text:?} is not a range of the file: START <= END < TOTAL"
        ));
    }
    Ok(range)
}

impl Uploads {
    /// No session yet; upload URLs are on the base of `links` (`http://127.0.0.1:PORT`).
    pub(crate) fn new(links: Links) -> Uploads {
        Uploads {
            links,
            sessions: Mutex::new((0, BTreeMap::new())),
        }
    }

    fn lock(&self) -> MutexGuard<'_, (u64, BTreeMap<u64, Session>)> {
        // A panic elsewhere while holding the lock leaves sessions that are still usable.
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every session handed out (the latest [`REMEMBERED`]), oldest first.
    pub(crate) fn snapshot(&self) -> Vec<UploadSession> {
        self.lock().1.values().map(|s| s.public.clone()).collect()
    }

    /// Opens a session and returns `example` (an upload session's JSON) naming it. The
    /// session expires when the example says, else a day from now.
    /// `request` is the body of the request that asked for it, `item` the created item's
    /// example.
    pub(crate) fn open(
        &self,
        example: &Bytes,
        request: Option<&Value>,
        item: Option<Value>,
    ) -> Bytes {
        let Ok(Value::Object(mut body)) = serde_json::from_slice::<Value>(example) else {
            return example.clone();
        };
        let expiration = body
            .get("expirationDateTime")
            .and_then(Value::as_str)
            .map_or_else(|| format!("{}Z", utc_after(LIFETIME_SECS)), str::to_owned);
        let mut guard = self.lock();
        let (next, sessions) = &mut *guard;
        *next += 1;
        let url = format!("{}{UPLOAD_PATH}{next}", self.links.base());
        // Only the URL changes (and ranges that would not start at 0): the rest of the
        // example stays as the docs wrote it, so a replay of it still compares equal there.
        body.insert("uploadUrl".into(), Value::String(url.clone()));
        if let Some(ranges) = body.get_mut("nextExpectedRanges") {
            let from_zero = ranges
                .get(0)
                .and_then(Value::as_str)
                .is_some_and(|r| r.trim().starts_with("0-"));
            if !from_zero {
                *ranges = json!(["0-"]);
            }
        }
        while sessions.len() >= REMEMBERED {
            sessions.pop_first();
        }
        sessions.insert(
            *next,
            Session {
                public: UploadSession {
                    url,
                    received: 0,
                    total: None,
                    checksum: CHECKSUM_START,
                    state: UploadState::Open,
                },
                expiration,
                name: file_name(request),
                item: item.map(|mut item| {
                    self.links.rewrite_json(&mut item);
                    item
                }),
                busy: false,
            },
        );
        Bytes::from(serde_json::to_vec(&body).unwrap_or_default())
    }

    /// The open session `id`, or the 404 for it.
    fn open_session(
        sessions: &mut BTreeMap<u64, Session>,
        id: u64,
    ) -> Result<&mut Session, Refusal> {
        sessions
            .get_mut(&id)
            .filter(|s| s.public.state == UploadState::Open)
            .ok_or_else(|| {
                (
                    StatusCode::NOT_FOUND,
                    "itemNotFound",
                    "No open upload session at this URL (it completed, was cancelled, or never \
                     existed)"
                        .to_string(),
                )
            })
    }

    /// What `GET` on the session answers.
    fn status(&self, id: u64) -> Result<Value, Refusal> {
        let mut guard = self.lock();
        let session = Self::open_session(&mut guard.1, id)?;
        Ok(progress(session))
    }

    /// Cancels the session.
    fn cancel(&self, id: u64) -> Result<(), Refusal> {
        let mut guard = self.lock();
        let session = Self::open_session(&mut guard.1, id)?;
        session.public.state = UploadState::Cancelled;
        Ok(())
    }

    /// Checks a range before its bytes are read and reserves the session for it; returns
    /// the checksum so far.
    fn begin(&self, id: u64, range: ContentRange) -> Result<u64, Refusal> {
        let mut guard = self.lock();
        let session = Self::open_session(&mut guard.1, id)?;
        if session.busy {
            return Err((
                StatusCode::CONFLICT,
                "Conflict",
                "Another range of this session is being received".into(),
            ));
        }
        if let Some(total) = session.public.total.filter(|t| *t != range.total) {
            return Err((
                StatusCode::BAD_REQUEST,
                "InvalidRange",
                format!(
                    "The file is {total} bytes by the first range, not {}",
                    range.total
                ),
            ));
        }
        let expected = session.public.received;
        if range.start != expected {
            return Err((
                StatusCode::RANGE_NOT_SATISFIABLE,
                "InvalidRange",
                format!(
                    "The session expects bytes from {expected}; this range starts at {}",
                    range.start
                ),
            ));
        }
        if range.end - range.start + 1 > MAX_RANGE_BYTES {
            return Err((
                StatusCode::PAYLOAD_TOO_LARGE,
                "RequestEntityTooLarge",
                format!("A range carries at most {MAX_RANGE_BYTES} bytes"),
            ));
        }
        session.busy = true;
        session.public.total = Some(range.total);
        Ok(session.public.checksum)
    }

    /// Frees the session after a range that was not accepted.
    fn abort(&self, id: u64) {
        if let Some(session) = self.lock().1.get_mut(&id) {
            session.busy = false;
        }
    }

    /// Accepts a range's `len` bytes: the session's progress (`202`), or the created item
    /// (`201`) after the last byte.
    fn commit(&self, id: u64, len: u64, sum: u64) -> Result<(StatusCode, Value), Refusal> {
        let mut guard = self.lock();
        let session = Self::open_session(&mut guard.1, id)?;
        session.busy = false;
        session.public.received += len;
        session.public.checksum = sum;
        let total = session.public.total.unwrap_or(0);
        if session.public.received < total {
            return Ok((StatusCode::ACCEPTED, progress(session)));
        }
        session.public.state = UploadState::Complete;
        Ok((StatusCode::CREATED, created_item(id, session, total)))
    }
}

/// `{"expirationDateTime", "nextExpectedRanges"}` of a session.
fn progress(session: &Session) -> Value {
    json!({
        "expirationDateTime": session.expiration,
        "nextExpectedRanges": [format!("{}-", session.public.received)],
    })
}

/// The item an upload created.
fn created_item(id: u64, session: &Session, size: u64) -> Value {
    match &session.item {
        Some(Value::Object(example)) => {
            let mut item = example.clone();
            if let (Some(slot), Some(name)) = (item.get_mut("name"), &session.name) {
                *slot = Value::String(name.clone());
            }
            if let Some(slot) = item.get_mut("size") {
                *slot = Value::from(size);
            }
            Value::Object(item)
        }
        _ => {
            let mut item = serde_json::Map::new();
            item.insert("id".into(), Value::String(format!("upload-{id}")));
            if let Some(name) = &session.name {
                item.insert("name".into(), Value::String(name.clone()));
            }
            item.insert("size".into(), Value::from(size));
            Value::Object(item)
        }
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = Response::new(Body::from(serde_json::to_vec(body).unwrap_or_default()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// Answers a request to an upload URL; returns the outcome and how many body bytes were
/// counted.
pub(crate) async fn serve(
    shared: &Shared,
    parts: &Parts,
    body: Body,
    fail: Fail<'_>,
) -> (Outcome, usize) {
    let refuse = |(status, code, message): Refusal| fail(status, code, &message);
    let id = parts
        .uri
        .path()
        .strip_prefix(UPLOAD_PATH)
        .and_then(|n| n.parse::<u64>().ok());
    let uploads = &shared.uploads;
    let mut counted = 0;
    let authorized = parts.headers.contains_key(AUTHORIZATION);
    // The status knob works here too (a 503 on a range, to test a client's resume).
    let forced = (!authorized)
        .then(|| shared.forced.check(parts, fail))
        .flatten();
    let response = match id {
        _ if authorized => {
            drain(body).await;
            fail(
                StatusCode::UNAUTHORIZED,
                "Unauthenticated",
                "An upload URL authorizes the upload by itself: requests to it must not carry \
                 an Authorization header",
            )
        }
        _ if forced.is_some() => {
            drain(body).await;
            forced.map_or_else(Response::default, |f| f.response)
        }
        None => {
            drain(body).await;
            refuse((
                StatusCode::NOT_FOUND,
                "itemNotFound",
                "No upload session at this URL".into(),
            ))
        }
        Some(id) if parts.method == Method::PUT => {
            let (response, len) = put_range(uploads, id, &parts.headers, body, fail).await;
            counted = len;
            response
        }
        Some(id) => {
            drain(body).await;
            match parts.method {
                Method::GET => uploads
                    .status(id)
                    .map_or_else(refuse, |s| json_response(StatusCode::OK, &s)),
                Method::DELETE => uploads.cancel(id).map_or_else(refuse, |()| {
                    let mut response = Response::new(Body::empty());
                    *response.status_mut() = StatusCode::NO_CONTENT;
                    response
                }),
                _ => {
                    let mut response = fail(
                        StatusCode::METHOD_NOT_ALLOWED,
                        "MethodNotAllowed",
                        &format!("{} is not allowed on an upload URL", parts.method),
                    );
                    response
                        .headers_mut()
                        .insert(ALLOW, HeaderValue::from_static("GET, PUT, DELETE"));
                    response
                }
            }
        }
    };
    let outcome = Outcome {
        response,
        endpoint: Some(UPLOAD_ENDPOINT.to_string()),
    };
    (outcome, counted)
}

/// One `PUT` of a range: checked, counted, accepted or refused.
async fn put_range(
    uploads: &Uploads,
    id: u64,
    headers: &HeaderMap,
    body: Body,
    fail: Fail<'_>,
) -> (Response, usize) {
    let refuse = |(status, code, message): Refusal| fail(status, code, &message);
    let range = match parse_content_range(headers) {
        Ok(range) => range,
        Err(message) => {
            drain(body).await;
            return (fail(StatusCode::BAD_REQUEST, "InvalidRange", &message), 0);
        }
    };
    let start = match uploads.begin(id, range) {
        Ok(sum) => sum,
        Err(refusal) => {
            drain(body).await;
            return (refuse(refusal), 0);
        }
    };
    let len = range.end - range.start + 1;
    if let Some(declared) = declared_length(headers).filter(|n| *n != len) {
        uploads.abort(id);
        drain(body).await;
        let message =
            format!("Content-Length is {declared} but the Content-Range covers {len} bytes");
        return (fail(StatusCode::BAD_REQUEST, "InvalidRange", &message), 0);
    }
    let (result, got) = match count_body(body, len, start).await {
        Counted::Complete { len: got, checksum } if got == len => {
            (uploads.commit(id, len, checksum), got)
        }
        Counted::Complete { len: got, .. } => {
            uploads.abort(id);
            let message = format!("The Content-Range covers {len} bytes but {got} arrived");
            (Err((StatusCode::BAD_REQUEST, "InvalidRange", message)), got)
        }
        Counted::TooLarge => {
            uploads.abort(id);
            let message = format!("More than the {len} bytes the Content-Range covers arrived");
            (Err((StatusCode::BAD_REQUEST, "InvalidRange", message)), 0)
        }
        Counted::TimedOut => {
            uploads.abort(id);
            let message = "The range did not arrive in time".to_string();
            (
                Err((StatusCode::REQUEST_TIMEOUT, "RequestTimeout", message)),
                0,
            )
        }
        Counted::Failed => {
            uploads.abort(id);
            let message = "The range could not be read".to_string();
            (Err((StatusCode::BAD_REQUEST, "BadRequest", message)), 0)
        }
    };
    let response = result.map_or_else(refuse, |(status, body)| json_response(status, &body));
    (response, usize::try_from(got).unwrap_or(usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::super::body::checksum;
    use super::*;

    fn range(value: &str) -> Result<ContentRange, String> {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_RANGE, HeaderValue::from_str(value).expect("header"));
        parse_content_range(&headers)
    }

    #[test]
    fn content_ranges() {
        assert_eq!(
            range("bytes 0-9/26"),
            Ok(ContentRange {
                start: 0,
                end: 9,
                total: 26
            })
        );
        assert!(range("Bytes 25-25/26").is_ok());
        for bad in [
            "bytes 0-26/26",
            "bytes 5-4/26",
            "bytes 0-9/*",
            "0-9/26",
            "bytes 0-9",
        ] {
            assert!(range(bad).is_err(), "{bad}");
        }
        assert!(parse_content_range(&HeaderMap::new()).is_err());
    }

    #[test]
    fn only_the_url_of_the_example_changes() {
        let uploads = Uploads::new(Links::new("http://127.0.0.1:1"));
        let open = |example: &'static str| {
            let body = uploads.open(&Bytes::from_static(example.as_bytes()), None, None);
            serde_json::from_slice::<Value>(&body).expect("json")
        };
        assert_eq!(
            open(
                r#"{"uploadUrl":"https://up.test/1","expirationDateTime":"2015-01-29T09:21:55Z"}"#
            ),
            json!({
                "uploadUrl": "http://127.0.0.1:1/_docspec/upload/1",
                "expirationDateTime": "2015-01-29T09:21:55Z"
            })
        );
        let ranges = |v: Value| v["nextExpectedRanges"].clone();
        assert_eq!(
            ranges(open(
                r#"{"uploadUrl":"u","nextExpectedRanges":["0-4533321"]}"#
            )),
            json!(["0-4533321"])
        );
        assert_eq!(
            ranges(open(r#"{"uploadUrl":"u","nextExpectedRanges":["12-"]}"#)),
            json!(["0-"])
        );
        assert_eq!(uploads.snapshot().len(), 3);
    }

    #[test]
    fn sessions_count_ranges_and_complete() {
        let uploads = Uploads::new(Links::new("http://127.0.0.1:1/"));
        let body = uploads.open(
            &Bytes::from_static(
                br#"{"uploadUrl":"https://x.test/up/1","nextExpectedRanges":["0-"]}"#,
            ),
            Some(&json!({"item": {"name": "a.txt"}})),
            None,
        );
        let body: Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(body["uploadUrl"], "http://127.0.0.1:1/_docspec/upload/1");
        let first = ContentRange {
            start: 0,
            end: 3,
            total: 6,
        };
        let sum = uploads.begin(1, first).expect("first range");
        assert_eq!(
            uploads.begin(1, first).map_err(|r| r.0),
            Err(StatusCode::CONFLICT)
        );
        let sum = checksum(sum, b"abcd");
        let (status, progress) = uploads.commit(1, 4, sum).expect("commit");
        assert_eq!(status, StatusCode::ACCEPTED);
        assert_eq!(progress["nextExpectedRanges"], json!(["4-"]));
        assert_eq!(
            uploads.begin(1, first).map_err(|r| r.0),
            Err(StatusCode::RANGE_NOT_SATISFIABLE)
        );
        let last = ContentRange {
            start: 4,
            end: 5,
            total: 6,
        };
        let sum = checksum(uploads.begin(1, last).expect("last range"), b"ef");
        let (status, item) = uploads.commit(1, 2, sum).expect("commit");
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(item, json!({"id": "upload-1", "name": "a.txt", "size": 6}));
        let session = &uploads.snapshot()[0];
        assert_eq!(session.state, UploadState::Complete);
        assert_eq!(session.checksum, checksum(CHECKSUM_START, b"abcdef"));
        assert_eq!(
            uploads.status(1).map_err(|r| r.0),
            Err(StatusCode::NOT_FOUND)
        );
    }
}
