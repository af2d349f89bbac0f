//! Delta queries: every change since the last sync, page after page, ending with the
//! `@odata.deltaLink` to start the next sync from.
//!
//! ```no_run
//! # use docspec_runtime::{Client, DeltaStream, Method, Result};
//! # use futures_util::StreamExt;
//! # async fn run(client: Client, saved: Option<String>) -> Result<()> {
//! let mut sync: DeltaStream<serde_json::Value> = match saved {
//!     Some(link) => DeltaStream::resume(&client, &link),
//!     None => DeltaStream::start(client.request(Method::GET, "/users/delta")),
//! };
//! while let Some(change) = sync.next().await {
//!     let change = change?;
//!     // apply it
//! }
//! let next_time = sync.delta_link(); // save it for the next sync
//! # Ok(())
//! # }
//! ```

use crate::paging::{items, BoxStream};
use crate::{Client, Error, Request, Result};
use futures_core::Stream;
use reqwest::Method;
use serde::de::DeserializeOwned;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// Every item of a delta query, page after page; once the stream has ended,
/// [`DeltaStream::delta_link`] holds the link of the next sync. A last page without a
/// `@odata.deltaLink` ends the stream with an error rather than silently losing the place.
pub struct DeltaStream<T> {
    inner: BoxStream<T>,
    delta_link: Arc<Mutex<Option<String>>>,
}

impl<T: DeserializeOwned + Send + 'static> DeltaStream<T> {
    /// A first sync: the delta function's request (`GET .../delta`).
    pub fn start(request: Request) -> Self {
        Self::new(Ok(request))
    }

    /// The next sync, from a `@odata.deltaLink` saved by an earlier one. A link to another
    /// host than the client's is refused (the stream yields the error): the token only goes
    /// to the client's origin.
    pub fn resume(client: &Client, delta_link: &str) -> Self {
        Self::new(client.request_url(Method::GET, delta_link))
    }

    pub(crate) fn new(first: Result<Request>) -> Self {
        let delta_link = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&delta_link);
        // The pages are walked as any collection's; the last one must say where to resume.
        let inner = items(first, move |last| match last.delta_link() {
            Some(link) => {
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(link.to_owned());
                }
                Ok(())
            }
            None => Err(Error::InvalidResponse(
                "the last page of the delta query has no @odata.deltaLink".to_owned(),
            )),
        });
        DeltaStream { inner, delta_link }
    }
}

impl<T> DeltaStream<T> {
    /// The `@odata.deltaLink` of the last page: `None` until the stream has ended (or when
    /// it ended in an error). Save it and [`resume`](DeltaStream::resume) from it next time.
    pub fn delta_link(&self) -> Option<String> {
        self.delta_link.lock().ok().and_then(|l| l.clone())
    }
}

impl<T> Stream for DeltaStream<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> std::fmt::Debug for DeltaStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeltaStream")
            .field("delta_link", &self.delta_link())
            .finish_non_exhaustive()
    }
}
