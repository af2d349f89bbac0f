//! Collections split over pages linked by `@odata.nextLink`.

use crate::{Client, Request, Result};
use futures_core::Stream;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

/// One page of a Graph collection response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items on this page.
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    /// `@odata.nextLink`: absolute URL of the next page; `None` on the last page.
    #[serde(
        rename = "@odata.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
    /// `@odata.count`, when `$count=true` was requested.
    #[serde(
        rename = "@odata.count",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub count: Option<i64>,
    /// Every other member (`@odata.context`, `@odata.deltaLink`, ...), kept as sent.
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            value: Vec::new(),
            next_link: None,
            count: None,
            additional_properties: Map::new(),
        }
    }
}

impl<T> Page<T> {
    /// `@odata.deltaLink`, present on the last page of a delta query.
    pub fn delta_link(&self) -> Option<&str> {
        self.additional_properties
            .get("@odata.deltaLink")
            .and_then(Value::as_str)
    }

    /// A request for the next page, or `None` on the last page. Add headers the first
    /// request carried (e.g. `ConsistencyLevel`) before sending it.
    pub fn next_request(&self, client: &Client) -> Option<Result<Request>> {
        self.next_link
            .as_deref()
            .map(|link| client.request_url(Method::GET, link))
    }
}

impl<T: DeserializeOwned> Page<T> {
    /// Fetches the next page, or `Ok(None)` on the last page.
    pub async fn next(&self, client: &Client) -> Result<Option<Page<T>>> {
        match self.next_request(client) {
            None => Ok(None),
            Some(req) => req?.send_page().await.map(Some),
        }
    }
}

/// A boxed stream of items, as [`PageStream`] and [`crate::DeltaStream`] hold theirs.
pub(crate) type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T>> + Send>>;

/// Every item of a paged collection, fetched page by page as it is consumed. Ends after the
/// last page or after the first error.
pub struct PageStream<T> {
    inner: BoxStream<T>,
}

impl<T: DeserializeOwned + Send + 'static> PageStream<T> {
    /// The stream of the collection `first` asks for; when `first` is an error, a stream
    /// that yields just that error.
    pub(crate) fn new(first: Result<Request>) -> Self {
        PageStream {
            inner: items(first, |_| Ok(())),
        }
    }
}

/// What [`items`] carries from one page to the next.
struct Walk<T, F> {
    items: VecDeque<T>,
    /// The next page to fetch, or the error that refused it (yielded after this page's items).
    pending: Option<Result<Request>>,
    /// The headers the first request carried (`ConsistencyLevel`, `Prefer`, ...), which each
    /// next page is asked for with too.
    headers: Vec<(String, String)>,
    last: F,
}

/// Every item of the pages `first` starts, page after page as they are consumed: each page's
/// `@odata.nextLink` is asked for with the headers `first` carried. `last` sees the page
/// without a next link; an error it returns is yielded after that page's items. The stream
/// ends after the last page or after the first error.
pub(crate) fn items<T, F>(first: Result<Request>, last: F) -> BoxStream<T>
where
    T: DeserializeOwned + Send + 'static,
    F: FnMut(&Page<T>) -> Result<()> + Send + 'static,
{
    let headers = match &first {
        Ok(request) => request.extra_headers().to_vec(),
        Err(_) => Vec::new(),
    };
    let walk = Walk {
        items: VecDeque::new(),
        pending: Some(first),
        headers,
        last,
    };
    Box::pin(futures_util::stream::unfold(walk, |mut st| async move {
        loop {
            if let Some(item) = st.items.pop_front() {
                return Some((Ok(item), st));
            }
            let request = match st.pending.take()? {
                Ok(request) => request,
                Err(e) => return Some((Err(e), st)),
            };
            let client = request.client().clone();
            let page = match request.send_page::<T>().await {
                Ok(page) => page,
                Err(e) => return Some((Err(e), st)),
            };
            st.pending = match page.next_link.as_deref() {
                Some(link) => {
                    let headers = &st.headers;
                    Some(client.request_url(Method::GET, link).map(|next| {
                        headers
                            .iter()
                            .fold(next, |req, (n, v)| req.header(n, v.as_str()))
                    }))
                }
                None => (st.last)(&page).err().map(Err),
            };
            st.items.extend(page.value);
        }
    }))
}

impl<T> Stream for PageStream<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> std::fmt::Debug for PageStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageStream").finish_non_exhaustive()
    }
}
