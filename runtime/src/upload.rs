//! Large-file upload through an upload session: the file goes up in ranges to the
//! pre-authenticated URL a `createUploadSession` call answers with, resuming after a failure
//! from what the session says it still expects.
//!
//! * Ranges are multiples of [`RANGE_UNIT`] (320 KiB), as the service requires; the default
//!   is 10 units (3.2 MiB).
//! * Memory is one range, whatever the size of the file: the reader is read range by range.
//! * A range that fails (connection lost, 5xx, 429, 416) is retried after asking the session
//!   which bytes it still expects (`nextExpectedRanges`), sending only those; a session that
//!   expects bytes outside the range in hand is an [`Error::InvalidResponse`].
//! * The upload URL carries its own authorization: no `Authorization` header is ever sent to
//!   it, whatever its host.

use crate::retry::retry_after;
use crate::{Client, Error, Result};
use reqwest::header::CONTENT_RANGE;
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt};

/// The unit every range but the last must be a multiple of: 320 KiB.
pub const RANGE_UNIT: usize = 320 * 1024;

type Progress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// A resumable upload to one upload session's URL.
#[derive(Clone)]
pub struct LargeFileUpload {
    http: reqwest::Client,
    url: Url,
    range: usize,
    max_retries: u32,
    retry_delay: Duration,
    progress: Option<Progress>,
}

/// What an upload session says about itself (`GET` on its URL).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct UploadStatus {
    /// The byte ranges the session still expects (`"26-"`, `"0-99"`), first the next one.
    #[serde(rename = "nextExpectedRanges", default)]
    pub next_expected_ranges: Vec<String>,
    /// When the session expires, as sent.
    #[serde(rename = "expirationDateTime", default)]
    pub expiration_date_time: Option<String>,
}

impl UploadStatus {
    /// The first byte the session expects next, if it says.
    pub fn next_expected(&self) -> Option<u64> {
        let first = self.next_expected_ranges.first()?;
        first.split('-').next()?.trim().parse().ok()
    }
}

/// The part of an `uploadSession` answer an upload needs.
#[derive(Deserialize)]
struct SessionAnswer {
    #[serde(rename = "uploadUrl")]
    upload_url: Option<String>,
}

impl<T, Op: crate::supports::UploadSession> crate::Call<T, Op> {
    /// Creates the upload session and returns the upload to its URL, ready for
    /// [`LargeFileUpload::upload`]. An answer without an `uploadUrl` is an
    /// [`Error::InvalidResponse`].
    pub async fn large_file_upload(self) -> Result<LargeFileUpload> {
        let request = self.into_request()?;
        let client = request.client().clone();
        let answer: SessionAnswer = request.send_json().await?;
        let url = answer.upload_url.ok_or_else(|| {
            Error::InvalidResponse("the upload session answer has no uploadUrl".to_owned())
        })?;
        LargeFileUpload::new(&client, &url)
    }
}

impl LargeFileUpload {
    /// An upload to `upload_url` (an `uploadSession`'s `uploadUrl`), over `client`'s
    /// connection pool but never with its token.
    pub fn new(client: &Client, upload_url: &str) -> Result<Self> {
        let url = Url::parse(upload_url)
            .map_err(|e| Error::InvalidRequest(format!("bad upload URL: {e}")))?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(Error::InvalidRequest(format!(
                "refusing an upload URL with scheme {:?}",
                url.scheme()
            )));
        }
        Ok(LargeFileUpload {
            http: client.http().clone(),
            url,
            range: 10 * RANGE_UNIT,
            max_retries: 3,
            retry_delay: Duration::from_millis(500),
            progress: None,
        })
    }

    /// Sends ranges of `bytes`, a non-zero multiple of [`RANGE_UNIT`].
    pub fn range_size(mut self, bytes: usize) -> Result<Self> {
        if bytes == 0 || bytes % RANGE_UNIT != 0 {
            return Err(Error::InvalidRequest(format!(
                "an upload range must be a non-zero multiple of {RANGE_UNIT} bytes, not {bytes}"
            )));
        }
        self.range = bytes;
        Ok(self)
    }

    /// Retries a failing range at most `n` times (3 by default), waiting `delay` (or what
    /// `Retry-After` says) first.
    pub fn retries(mut self, n: u32, delay: Duration) -> Self {
        self.max_retries = n;
        self.retry_delay = delay;
        self
    }

    /// Calls `f(bytes_sent, total)` after each range the session has accepted.
    pub fn on_progress(mut self, f: impl Fn(u64, u64) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// What the session still expects.
    pub async fn status(&self) -> Result<UploadStatus> {
        let resp = self
            .http
            .get(self.url.clone())
            .send()
            .await
            .map_err(hide_url)?;
        let status = resp.status().as_u16();
        if !resp.status().is_success() {
            return Err(crate::request::graph_error(status, resp).await);
        }
        let body = resp.bytes().await?;
        crate::request::decode_json(status, &body)
    }

    /// Cancels the session: the service drops what it received.
    pub async fn cancel(&self) -> Result<()> {
        let resp = self
            .http
            .delete(self.url.clone())
            .send()
            .await
            .map_err(hide_url)?;
        let status = resp.status().as_u16();
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(crate::request::graph_error(status, resp).await)
        }
    }

    /// Uploads the `size` bytes `reader` yields, range by range, and decodes the session's
    /// final answer (the created item) as `T`.
    pub async fn upload<T: DeserializeOwned>(
        &self,
        mut reader: impl AsyncRead + Unpin,
        size: u64,
    ) -> Result<T> {
        if size == 0 {
            return Err(Error::InvalidRequest(
                "an upload session cannot upload an empty file".to_owned(),
            ));
        }
        let mut buf = vec![0u8; self.range];
        let mut offset = 0u64;
        loop {
            let len = usize::try_from((size - offset).min(self.range as u64)).unwrap_or(self.range);
            let chunk = buf.get_mut(..len).unwrap_or_default();
            reader.read_exact(chunk).await.map_err(|e| {
                Error::InvalidRequest(format!(
                    "the reader ended before {size} bytes (at {offset}): {e}"
                ))
            })?;
            let end = offset + len as u64;
            if let Some(done) = self.send_range(chunk, offset, size).await? {
                if end != size {
                    return Err(Error::InvalidResponse(format!(
                        "the session completed the upload after {end} of {size} bytes"
                    )));
                }
                self.report(end, size);
                return serde_json::from_value(done.1).map_err(|e| Error::decode(done.0, &e, b""));
            }
            self.report(end, size);
            if end >= size {
                return Err(Error::InvalidResponse(format!(
                    "the session did not complete after all {size} bytes"
                )));
            }
            offset = end;
        }
    }

    fn report(&self, sent: u64, total: u64) {
        if let Some(f) = &self.progress {
            f(sent, total);
        }
    }

    /// Sends `chunk` (bytes `offset..` of `size`) until the session has all of it. Returns
    /// the final answer (status, body) when the session completed the upload with it.
    async fn send_range(
        &self,
        chunk: &[u8],
        offset: u64,
        size: u64,
    ) -> Result<Option<(u16, serde_json::Value)>> {
        let end = offset + chunk.len() as u64;
        let mut from = offset;
        let mut failures = 0u32;
        loop {
            let part = chunk
                .get(usize::try_from(from - offset).unwrap_or(usize::MAX)..)
                .unwrap_or_default();
            let range = format!("bytes {from}-{}/{size}", end - 1);
            let sent = self
                .http
                .put(self.url.clone())
                .header(CONTENT_RANGE, range)
                .body(part.to_vec())
                .send()
                .await;
            let wait = match sent {
                Ok(resp) if resp.status() == StatusCode::ACCEPTED => {
                    let status = resp.status().as_u16();
                    let body = resp.bytes().await?;
                    let session: UploadStatus = crate::request::decode_json(status, &body)?;
                    match session.next_expected() {
                        Some(next) if next == end => return Ok(None),
                        Some(next) if (from..end).contains(&next) => {
                            from = next;
                            continue;
                        }
                        // A session that lists no range has what it was sent.
                        None => return Ok(None),
                        other => {
                            return Err(Error::InvalidResponse(format!(
                                "after bytes {from}-{} the session expects {:?}",
                                end - 1,
                                other
                            )))
                        }
                    }
                }
                Ok(resp) if resp.status().is_success() => {
                    let status = resp.status().as_u16();
                    let body = resp.bytes().await?;
                    let value = crate::request::decode_json(status, &body)?;
                    return Ok(Some((status, value)));
                }
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let retryable = matches!(status, 416 | 429 | 500 | 502 | 503 | 504);
                    if !retryable || failures >= self.max_retries {
                        return Err(crate::request::graph_error(status, resp).await);
                    }
                    retry_after(resp.headers()).unwrap_or(self.retry_delay)
                }
                Err(e) if failures >= self.max_retries => return Err(hide_url(e)),
                Err(_) => self.retry_delay,
            };
            failures += 1;
            tokio::time::sleep(wait).await;
            // Ask the session what it has before sending anything again.
            match self.status().await?.next_expected() {
                Some(next) if next == end => return Ok(None),
                Some(next) if (offset..end).contains(&next) => from = next,
                other => {
                    return Err(Error::InvalidResponse(format!(
                        "resuming bytes {offset}-{}: the session expects {other:?}",
                        end - 1
                    )))
                }
            }
        }
    }
}

/// A transport error without the upload URL, which authorizes the upload by itself.
fn hide_url(e: reqwest::Error) -> Error {
    Error::Transport(e.without_url())
}

impl fmt::Debug for LargeFileUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL is a credential (it authorizes the upload): only its host is shown.
        f.debug_struct("LargeFileUpload")
            .field("host", &self.url.host_str())
            .field("range", &self.range)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}
