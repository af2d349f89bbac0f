//! Long-running operations: a `202 Accepted` whose `Location` is polled until the operation
//! ends, into the operation's typed status.
//!
//! Graph answers some calls (copying a drive item, provisioning, restoring) with `202` and a
//! `Location` to poll. Each poll answers either `202` again (still running), or `200` with a
//! status body whose `status` is still running (`notStarted`, `running`, `inProgress`, ...),
//! or the final body: a terminal status (`succeeded`, `completed`, `failed`, ...) or the
//! created resource itself. [`Accepted::wait`] polls until then, waiting as long as each
//! `Retry-After` asks (capped by [`PollLimits::max_interval`]) and at most
//! [`PollLimits::max_polls`] times.
//!
//! The token goes only to the client's own origin: a `Location` on another host (Graph's
//! drive-copy monitors are pre-authenticated URLs on another host) is polled without one.

use crate::request::graph_error;
use crate::retry::retry_after;
use crate::{Accepted, Client, Error, Result};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::time::Duration;

/// How long [`Accepted::wait`] keeps polling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PollLimits {
    /// The most polls before giving up with [`Error::PollLimit`].
    pub max_polls: u32,
    /// The wait before a poll when the server sends no `Retry-After`.
    pub interval: Duration,
    /// The longest wait between polls, whatever `Retry-After` says.
    pub max_interval: Duration,
}

impl Default for PollLimits {
    /// 120 polls, a second apart unless the server asks for more, at most a minute apart.
    fn default() -> Self {
        PollLimits {
            max_polls: 120,
            interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(60),
        }
    }
}

impl PollLimits {
    /// At most `n` polls.
    pub fn max_polls(mut self, n: u32) -> Self {
        self.max_polls = n;
        self
    }

    /// Waits `interval` between polls when the server does not say how long.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// Never waits longer than `max` between polls.
    pub fn max_interval(mut self, max: Duration) -> Self {
        self.max_interval = max;
        self
    }
}

/// `status` values of an operation that has not ended (compared case-insensitively).
const RUNNING: &[&str] = &["notstarted", "running", "inprogress", "waiting", "pending"];

/// `true` when `body` is a status object that says the operation is still going.
fn still_running(body: &Value) -> bool {
    body.get("status")
        .and_then(Value::as_str)
        .is_some_and(|s| RUNNING.iter().any(|r| s.eq_ignore_ascii_case(r)))
}

impl Accepted {
    /// Polls [`Accepted::location`] until the operation ends and decodes the last answer as
    /// `S` (the operation's status type, or the resource it made). See the
    /// [module docs](crate::poll) for what counts as ended.
    ///
    /// Errors: no `Location` ([`Error::InvalidRequest`]), a poll answered with a non-2xx
    /// status ([`Error::Graph`]), a final body that is not an `S` ([`Error::Decode`]), or
    /// still running after `limits.max_polls` polls ([`Error::PollLimit`]).
    pub async fn wait<S: DeserializeOwned>(
        &self,
        client: &Client,
        limits: &PollLimits,
    ) -> Result<S> {
        let location = self.location.as_deref().ok_or_else(|| {
            Error::InvalidRequest("the 202 answer has no Location to poll".to_owned())
        })?;
        let target = Poll::new(client, location)?;
        let mut delay = self.retry_after.unwrap_or(limits.interval);
        for _ in 0..limits.max_polls {
            tokio::time::sleep(delay.min(limits.max_interval)).await;
            let resp = target.get().await?;
            let status = resp.status().as_u16();
            delay = retry_after(resp.headers()).unwrap_or(limits.interval);
            if status == 202 {
                continue;
            }
            let body = resp.bytes().await?;
            let value: Value = crate::request::decode_json(status, &body)?;
            if still_running(&value) {
                continue;
            }
            return serde_json::from_value(value).map_err(|e| Error::decode(status, &e, &body));
        }
        Err(Error::PollLimit {
            polls: limits.max_polls,
        })
    }
}

/// Where the polls go: through the client (with its token) on its own origin, straight to
/// the URL without a token elsewhere.
enum Poll<'a> {
    Own(&'a Client, &'a str),
    Foreign(&'a Client, Url),
}

impl<'a> Poll<'a> {
    fn new(client: &'a Client, location: &'a str) -> Result<Self> {
        match client.request_url(Method::GET, location) {
            Ok(_) => Ok(Poll::Own(client, location)),
            Err(_) => {
                let url = Url::parse(location).map_err(|e| {
                    Error::InvalidRequest(format!("bad Location {location:?}: {e}"))
                })?;
                if !matches!(url.scheme(), "https" | "http") {
                    return Err(Error::InvalidRequest(format!(
                        "refusing to poll a Location with scheme {:?}",
                        url.scheme()
                    )));
                }
                Ok(Poll::Foreign(client, url))
            }
        }
    }

    /// One poll; a non-2xx answer is an [`Error::Graph`].
    async fn get(&self) -> Result<reqwest::Response> {
        match self {
            Poll::Own(client, location) => {
                client.request_url(Method::GET, location)?.send_raw().await
            }
            Poll::Foreign(client, url) => {
                // A monitor URL can authorize by itself: errors do not repeat it.
                let resp = client
                    .http()
                    .get(url.clone())
                    .send()
                    .await
                    .map_err(|e| Error::Transport(e.without_url()))?;
                let status = resp.status().as_u16();
                if resp.status().is_success() {
                    Ok(resp)
                } else {
                    Err(graph_error(status, resp).await)
                }
            }
        }
    }
}
