//! What the mock received, kept for contract tests to assert on.

use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

/// One request as the mock received it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReceivedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path exactly as sent: still percent-encoded, version prefix included.
    pub path: String,
    /// The raw query string (without `?`), still percent-encoded.
    pub query: Option<String>,
    /// Every header in the order received; names lowercase, values lossily decoded.
    pub headers: Vec<(String, String)>,
    /// The body when it was JSON; `None` when empty, not JSON, or too large to read.
    pub body: Option<Value>,
    /// The body's size in bytes as read (0 when it was not read).
    pub body_len: usize,
    /// The endpoint (page name) the request was routed to, if any.
    pub endpoint: Option<String>,
    /// The status the mock answered with.
    pub status: u16,
}

impl ReceivedRequest {
    /// The first value of header `name` (compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The most recent requests, at most `limit` of them, so a long-running mock does not grow
/// without bound.
#[derive(Debug)]
pub(crate) struct Recorder {
    limit: usize,
    entries: Mutex<VecDeque<ReceivedRequest>>,
}

impl Recorder {
    pub(crate) fn new(limit: usize) -> Recorder {
        Recorder {
            limit,
            entries: Mutex::new(VecDeque::new()),
        }
    }

    /// Whether anything is kept; when not, callers skip building the record at all.
    pub(crate) fn enabled(&self) -> bool {
        self.limit > 0
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<ReceivedRequest>> {
        // A panic elsewhere while holding the lock leaves a list that is still usable.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn push(&self, request: ReceivedRequest) {
        if !self.enabled() {
            return;
        }
        let mut entries = self.lock();
        while entries.len() >= self.limit {
            entries.pop_front();
        }
        entries.push_back(request);
    }

    pub(crate) fn snapshot(&self) -> Vec<ReceivedRequest> {
        self.lock().iter().cloned().collect()
    }

    pub(crate) fn clear(&self) {
        self.lock().clear();
    }
}
