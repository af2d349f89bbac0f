//! Binary content: what `$value` and `/content` endpoints answer (a file, a photo, a MIME
//! message), read whole ([`Content`]) or as a stream of chunks ([`Call::bytes_stream`]).

use crate::call::Answer;
use crate::{Call, Request, Result};
use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::CONTENT_TYPE;
use std::pin::Pin;

/// A binary answer: the bytes as sent and their `Content-Type`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Content {
    /// The `Content-Type` header of the answer, when it had one.
    pub content_type: Option<String>,
    /// The body.
    pub bytes: Bytes,
}

impl Answer for Content {
    async fn read(request: Request) -> Result<Self> {
        let resp = request.send_raw().await?;
        let content_type = resp
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = resp.bytes().await?;
        Ok(Content {
            content_type,
            bytes,
        })
    }

    fn read_batch(response: crate::BatchResponse) -> Result<Self> {
        Ok(Content {
            content_type: response.header("content-type"),
            bytes: response.bytes()?.into(),
        })
    }
}

/// The chunks of a binary answer as they arrive.
pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes>> + Send>>;

impl<Op> Call<Content, Op> {
    /// The answer's body as a stream of chunks, for content too large to hold at once. The
    /// request is sent when the stream is first polled; a non-2xx answer is its only item.
    pub fn bytes_stream(self) -> ByteStream {
        enum State {
            Start(Result<Request>),
            Reading(reqwest::Response),
            Done,
        }
        let first = match self.into_request() {
            Ok(request) => State::Start(Ok(request)),
            Err(e) => State::Start(Err(e)),
        };
        Box::pin(futures_util::stream::unfold(first, |state| async move {
            let mut resp = match state {
                State::Done => return None,
                State::Start(Err(e)) => return Some((Err(e), State::Done)),
                State::Start(Ok(request)) => match request.send_raw().await {
                    Ok(resp) => resp,
                    Err(e) => return Some((Err(e), State::Done)),
                },
                State::Reading(resp) => resp,
            };
            match resp.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), State::Reading(resp))),
                Ok(None) => None,
                Err(e) => Some((Err(e.into()), State::Done)),
            }
        }))
    }
}

impl<T, Op> Call<T, Op> {
    /// A call of `method` on `path` whose body is `bytes` of `content_type` (a file's
    /// content, a MIME message).
    pub fn with_bytes(
        client: &crate::Client,
        method: reqwest::Method,
        path: impl Into<String>,
        content_type: &str,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        Call::new(Ok(client
            .request(method, path)
            .bytes(content_type, bytes.into())))
    }
}
