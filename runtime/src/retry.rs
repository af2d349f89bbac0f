//! When a failed request may be sent again, and how long to wait first.

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::Method;
use std::time::{Duration, SystemTime};

/// How many times, and how patiently, throttled or transiently failed requests are retried.
///
/// Retried: 429 and 503 (any method when the server sent `Retry-After`, otherwise only
/// idempotent methods), 504 (idempotent methods only), and connection failures where nothing
/// was sent (any method). A POST or PATCH is never repeated unless the server said it did not
/// act on it, so a create is never done twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// First backoff delay when the server gave no `Retry-After`; doubles per attempt.
    pub base_delay: Duration,
    /// Longest backoff. A `Retry-After` longer than this is not waited out: the error is
    /// returned so the caller decides.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Sets [`RetryPolicy::max_retries`].
    pub fn with_max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// Sets [`RetryPolicy::base_delay`].
    pub fn with_base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// Sets [`RetryPolicy::max_delay`].
    pub fn with_max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// Exponential backoff for retry number `attempt` (0-based), capped at `max_delay`, with
    /// "equal jitter" (half fixed, half random) so many clients do not retry in lockstep.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.min(16));
        let capped = self.base_delay.saturating_mul(factor).min(self.max_delay);
        let half = capped / 2;
        let jitter_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(fastrand::u64(0..=jitter_nanos))
    }

    /// How long to wait before retrying a response with `status`, or `None` when it must not
    /// be retried.
    pub(crate) fn delay_for_status(
        &self,
        method: &Method,
        status: u16,
        headers: &HeaderMap,
        attempt: u32,
    ) -> Option<Duration> {
        let retry_after = retry_after(headers);
        if !may_retry_status(method, status, retry_after.is_some()) {
            return None;
        }
        match retry_after {
            Some(d) if d > self.max_delay => None,
            Some(d) => Some(d),
            None => Some(self.backoff(attempt)),
        }
    }
}

/// Methods whose repetition has the same effect as sending them once.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// The safety rule: a non-idempotent request is only re-sent when the server said, with a
/// 429/503 carrying `Retry-After`, that it did not process it.
pub(crate) fn may_retry_status(method: &Method, status: u16, has_retry_after: bool) -> bool {
    match status {
        429 | 503 => has_retry_after || is_idempotent(method),
        504 => is_idempotent(method),
        _ => false,
    }
}

/// Parses `Retry-After` as delta-seconds or an HTTP date; unparseable counts as absent.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    parse_retry_after(headers.get(RETRY_AFTER)?.to_str().ok()?)
}

/// Parses a `Retry-After` value (delta-seconds or an HTTP date).
pub(crate) fn parse_retry_after(text: &str) -> Option<Duration> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, retry_after.parse().unwrap());
        h
    }

    #[test]
    fn safety_rule_table() {
        let cases = [
            (Method::POST, 429, true, true),
            (Method::POST, 429, false, false),
            (Method::POST, 503, true, true),
            (Method::POST, 503, false, false),
            (Method::POST, 504, true, false),
            (Method::PATCH, 504, false, false),
            (Method::PATCH, 503, false, false),
            (Method::GET, 503, false, true),
            (Method::GET, 504, false, true),
            (Method::DELETE, 429, false, true),
            (Method::PUT, 504, false, true),
            (Method::GET, 500, true, false),
            (Method::GET, 404, false, false),
        ];
        for (m, status, ra, want) in cases {
            assert_eq!(may_retry_status(&m, status, ra), want, "{m} {status} {ra}");
        }
    }

    #[test]
    fn retry_after_seconds_and_date() {
        assert_eq!(retry_after(&headers(" 7 ")), Some(Duration::from_secs(7)));
        let future = SystemTime::now() + Duration::from_secs(120);
        let d = retry_after(&headers(&httpdate::fmt_http_date(future))).unwrap();
        assert!(d > Duration::from_secs(100) && d <= Duration::from_secs(120));
        let past = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH);
        assert_eq!(retry_after(&headers(&past)), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon")), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn unparseable_retry_after_does_not_license_post_retry() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay_for_status(&Method::POST, 429, &headers("soon"), 0),
            None
        );
        assert_eq!(
            p.delay_for_status(&Method::POST, 429, &headers("2"), 0),
            Some(Duration::from_secs(2))
        );
    }

    #[test]
    fn retry_after_longer_than_max_delay_is_not_waited() {
        let p = RetryPolicy::default().with_max_delay(Duration::from_secs(5));
        assert_eq!(
            p.delay_for_status(&Method::GET, 429, &headers("60"), 0),
            None
        );
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default()
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(1000));
        for attempt in 0..40 {
            let d = p.backoff(attempt);
            let full = Duration::from_millis(100)
                .saturating_mul(2u32.saturating_pow(attempt.min(16)))
                .min(Duration::from_millis(1000));
            assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d:?}");
        }
    }
}
