//! Reading request bodies: bounded in size and time, whole (JSON requests) or counted and
//! thrown away (upload ranges, which may be far larger than anything the mock keeps).

use super::{BODY_TIMEOUT, MAX_BODY_BYTES};
use axum::body::{Body, Bytes, HttpBody};
use axum::http::header::CONTENT_LENGTH;
use axum::http::HeaderMap;
use std::pin::Pin;
use tokio::time::{timeout_at, Instant};

/// How much of an oversized body is read and thrown away before answering 413, so a client
/// still writing its body sees the response instead of a reset connection.
pub(crate) const DRAIN_LIMIT: usize = 64 << 20;

/// How reading a request body ended.
pub(crate) enum BodyRead {
    Complete(Bytes),
    TooLarge,
    TimedOut,
    Failed,
}

type PinnedBody<'a> = Pin<&'a mut Body>;

async fn next_frame(
    body: &mut PinnedBody<'_>,
    deadline: Instant,
) -> Result<Option<Result<Option<Bytes>, ()>>, ()> {
    let frame = timeout_at(
        deadline,
        std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)),
    )
    .await
    .map_err(|_| ())?;
    Ok(frame.map(|f| f.map(|f| f.into_data().ok()).map_err(|_| ())))
}

/// Reads and discards up to [`DRAIN_LIMIT`] bytes.
async fn drain_pinned(body: &mut PinnedBody<'_>, deadline: Instant) {
    let mut seen = 0usize;
    while seen < DRAIN_LIMIT {
        match next_frame(body, deadline).await {
            Ok(Some(Ok(data))) => seen += data.map_or(0, |d| d.len()),
            _ => return,
        }
    }
}

/// Reads and discards a body the mock will not use (up to [`DRAIN_LIMIT`] bytes), so a
/// client still writing it sees the answer instead of a reset connection.
pub(crate) async fn drain(body: Body) {
    if body.is_end_stream() {
        return;
    }
    let mut body = std::pin::pin!(body);
    drain_pinned(&mut body, Instant::now() + BODY_TIMEOUT).await;
}

/// The declared `Content-Length`, if it is a number.
pub(crate) fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
}

/// Reads the body, refusing more than [`MAX_BODY_BYTES`] and giving up after [`BODY_TIMEOUT`].
pub(crate) async fn read_body(headers: &HeaderMap, body: Body) -> BodyRead {
    let deadline = Instant::now() + BODY_TIMEOUT;
    let declared = declared_length(headers);
    // Most requests (GET, DELETE) have no body: skip the timer and the read entirely.
    if body.is_end_stream() {
        return BodyRead::Complete(Bytes::new());
    }
    let mut body = std::pin::pin!(body);
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        drain_pinned(&mut body, deadline).await;
        return BodyRead::TooLarge;
    }
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut total = 0usize;
    loop {
        match next_frame(&mut body, deadline).await {
            Err(()) => return BodyRead::TimedOut,
            Ok(None) => break,
            Ok(Some(Err(()))) => return BodyRead::Failed,
            Ok(Some(Ok(None))) => {}
            Ok(Some(Ok(Some(data)))) => {
                total += data.len();
                if total > MAX_BODY_BYTES {
                    drain_pinned(&mut body, deadline).await;
                    return BodyRead::TooLarge;
                }
                chunks.push(data);
            }
        }
    }
    // One chunk is the common case and needs no copy.
    if chunks.len() == 1 {
        return BodyRead::Complete(chunks.pop().unwrap_or_default());
    }
    BodyRead::Complete(Bytes::from(chunks.concat()))
}

/// How counting a body ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Counted {
    /// The whole body: its length and the running checksum after it.
    Complete {
        len: u64,
        checksum: u64,
    },
    /// More than `limit` bytes arrived (the rest was drained).
    TooLarge,
    TimedOut,
    Failed,
}

/// The FNV-1a offset basis: the checksum of nothing.
pub(crate) const CHECKSUM_START: u64 = 0xcbf2_9ce4_8422_2325;

/// Continues an FNV-1a (64-bit) checksum over `bytes`.
pub(crate) fn checksum(mut state: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        state ^= u64::from(b);
        state = state.wrapping_mul(0x0000_0100_0000_01b3);
    }
    state
}

/// Reads the body without keeping it: counts its bytes (at most `limit`) and continues the
/// checksum `start` over them.
pub(crate) async fn count_body(body: Body, limit: u64, start: u64) -> Counted {
    if body.is_end_stream() {
        return Counted::Complete {
            len: 0,
            checksum: start,
        };
    }
    let deadline = Instant::now() + BODY_TIMEOUT;
    let mut body = std::pin::pin!(body);
    let mut len = 0u64;
    let mut sum = start;
    loop {
        match next_frame(&mut body, deadline).await {
            Err(()) => return Counted::TimedOut,
            Ok(None) => return Counted::Complete { len, checksum: sum },
            Ok(Some(Err(()))) => return Counted::Failed,
            Ok(Some(Ok(None))) => {}
            Ok(Some(Ok(Some(data)))) => {
                len += data.len() as u64;
                if len > limit {
                    drain_pinned(&mut body, deadline).await;
                    return Counted::TooLarge;
                }
                sum = checksum(sum, &data);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_is_fnv1a_and_continues() {
        assert_eq!(checksum(CHECKSUM_START, b""), CHECKSUM_START);
        assert_eq!(checksum(CHECKSUM_START, b"a"), 0xaf63_dc4c_8601_ec8c);
        let whole = checksum(CHECKSUM_START, b"hello world");
        let parts = checksum(checksum(CHECKSUM_START, b"hello "), b"world");
        assert_eq!(whole, parts);
    }

    #[tokio::test]
    async fn counting_stops_past_the_limit() {
        let body = Body::from(vec![7u8; 100]);
        assert_eq!(
            count_body(body, 99, CHECKSUM_START).await,
            Counted::TooLarge
        );
        let body = Body::from(vec![7u8; 100]);
        assert_eq!(
            count_body(body, 100, CHECKSUM_START).await,
            Counted::Complete {
                len: 100,
                checksum: checksum(CHECKSUM_START, &[7u8; 100])
            }
        );
    }
}
