//! One call of a generated client: a [`Request`] that already knows what it answers (`T`) and
//! which operation it is (`Op`), so that it offers exactly the options its docs page documents.
//!
//! A generated method returns `Call<T, Op>`: `T` is the answer `.send()` decodes, `Op` a
//! marker type of the generated crate (one per documented operation). What an operation
//! accepts is said by the traits of [`supports`] its marker implements: a `Call` whose `Op`
//! implements [`supports::Filter`] has a `.filter(..)` method, one whose `Op` does not, has
//! none. The escape hatches ([`Call::options`], [`Call::query_param`], [`Call::header`]) are on
//! every call, for what the docs do not describe.
//!
//! The generic parts of a call (sending, decoding, paging, the options) are written once here
//! rather than once per operation in every generated crate, which keeps generated clients
//! small and quick to compile.

use crate::batch::BatchResponse;
use crate::paging::{Page, PageStream};
use crate::request::{Accepted, Request};
use crate::DeltaStream;
use crate::{Client, Method, QueryOptions, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

/// A request of one documented operation, ready to send: chain the options its page
/// documents, then `.send().await` it (or just `.await` it).
///
/// `T` is what it answers: a model, a [`Page`] of models, [`NoContent`] or [`Accepted`].
/// `Op` is the operation's marker type; see [`Operation`] and [`supports`].
#[must_use = "a call does nothing until it is sent"]
pub struct Call<T, Op = ()> {
    /// `Err` when the request could not be built (a body that does not serialize); the error
    /// surfaces when the call is sent.
    request: Result<Request>,
    answer: PhantomData<fn() -> (T, Op)>,
}

/// The answer of an operation whose docs say it returns no body (`204 No Content`). Any body
/// the server sends anyway is ignored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct NoContent;

/// How a call's answer is read from the response: JSON for every `DeserializeOwned` type,
/// nothing for [`NoContent`], the `Location` and body for [`Accepted`].
pub trait Answer: Sized + Send + 'static {
    /// Sends `request` and reads the answer from its 2xx response.
    fn read(request: Request) -> impl Future<Output = Result<Self>> + Send;

    /// Reads the answer from one 2xx item of a `$batch` answer (see [`crate::Batch`]). By
    /// default an answer cannot be read from a batch: the item's answer is an
    /// [`Error::InvalidResponse`](crate::Error::InvalidResponse).
    fn read_batch(response: BatchResponse) -> Result<Self> {
        Err(crate::Error::InvalidResponse(format!(
            "batch item {} answered HTTP {}, which {} cannot be read from",
            response.id(),
            response.status,
            std::any::type_name::<Self>()
        )))
    }
}

impl<T: DeserializeOwned + Send + 'static> Answer for T {
    fn read(request: Request) -> impl Future<Output = Result<Self>> + Send {
        request.send_json()
    }

    fn read_batch(response: BatchResponse) -> Result<Self> {
        response.json()
    }
}

impl Answer for NoContent {
    async fn read(request: Request) -> Result<Self> {
        request.send_empty().await.map(|()| NoContent)
    }

    fn read_batch(_: BatchResponse) -> Result<Self> {
        Ok(NoContent)
    }
}

impl Answer for Accepted {
    fn read(request: Request) -> impl Future<Output = Result<Self>> + Send {
        request.send_accepted()
    }

    fn read_batch(response: BatchResponse) -> Result<Self> {
        let body = match response.bytes() {
            Ok(b) if !b.iter().all(u8::is_ascii_whitespace) => serde_json::from_slice(&b).ok(),
            _ => None,
        };
        Ok(Accepted {
            location: response.header("location"),
            retry_after: response
                .header("retry-after")
                .and_then(|v| crate::retry::parse_retry_after(&v)),
            body,
        })
    }
}

/// What the docs page of an operation says about it, carried by the operation's marker type.
pub trait Operation {
    /// The page's permissions table.
    const PERMISSIONS: Permissions;
}

/// A permissions table: each list runs from least to most privileged, and is empty where the
/// docs say the kind of account is not supported (or document nothing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Permissions {
    /// Delegated permissions, work or school account.
    pub delegated_work: &'static [&'static str],
    /// Delegated permissions, personal Microsoft account.
    pub delegated_personal: &'static [&'static str],
    /// Application permissions.
    pub application: &'static [&'static str],
}

impl Permissions {
    /// The table of a page that documents no permissions.
    pub const NONE: Permissions = Permissions {
        delegated_work: &[],
        delegated_personal: &[],
        application: &[],
    };

    /// A table from its three lists (each least privileged first).
    pub const fn new(
        delegated_work: &'static [&'static str],
        delegated_personal: &'static [&'static str],
        application: &'static [&'static str],
    ) -> Self {
        Permissions {
            delegated_work,
            delegated_personal,
            application,
        }
    }

    /// The least privileged delegated permission (work or school account) that allows the
    /// call, the one to ask a user to consent to.
    pub fn least_privileged_delegated(&self) -> Option<&'static str> {
        self.delegated_work.first().copied()
    }

    /// The least privileged application permission that allows the call.
    pub fn least_privileged_application(&self) -> Option<&'static str> {
        self.application.first().copied()
    }
}

impl<T, Op> Call<T, Op> {
    /// A call that sends `request` (what generated methods return; `Err` is reported by
    /// `send`).
    pub fn new(request: Result<Request>) -> Self {
        Call {
            request,
            answer: PhantomData,
        }
    }

    /// A call of `method` on `path` (relative to the client's base URL) without a body.
    pub fn request(client: &Client, method: Method, path: impl Into<String>) -> Self {
        Call::new(Ok(client.request(method, path)))
    }

    /// A call of `method` on `path` with `body` as its JSON body.
    pub fn with_json<B: Serialize + ?Sized>(
        client: &Client,
        method: Method,
        path: impl Into<String>,
        body: &B,
    ) -> Self {
        Call::new(client.request(method, path).json(body))
    }

    fn map(mut self, f: impl FnOnce(Request) -> Request) -> Self {
        self.request = self.request.map(f);
        self
    }

    /// Adds query options (`$select`, `$filter`, `$top`, ...) and the headers they carry,
    /// whether or not the page documents them: the escape hatch for what the docs leave out.
    pub fn options(self, options: &QueryOptions) -> Self {
        self.map(|r| r.options(options))
    }

    /// Adds the query parameter `name=value`, for what the docs do not describe.
    pub fn query_param(self, name: &str, value: impl Into<String>) -> Self {
        self.map(|r| r.query(name, value))
    }

    /// Adds a request header, for what the docs do not describe. `Authorization` is always
    /// set from the client's token provider.
    pub fn header(self, name: &str, value: impl Into<String>) -> Self {
        self.map(|r| r.header(name, value))
    }

    /// The request, to send and read some other way (`send_raw` for the response as is).
    pub fn into_request(self) -> Result<Request> {
        self.request
    }
}

impl<T: Answer, Op> Call<T, Op> {
    /// Sends the call and reads its answer.
    pub fn send(self) -> impl Future<Output = Result<T>> + Send + 'static {
        let request = self.request;
        async move { T::read(request?).await }
    }
}

impl<T: DeserializeOwned + Send + 'static, Op> Call<Page<T>, Op> {
    /// Every item of the collection, page after page, following `@odata.nextLink` (and
    /// repeating the call's headers on each page). Ends after the last page or the first error.
    pub fn stream(self) -> PageStream<T> {
        PageStream::new(self.request)
    }
}

impl<T: DeserializeOwned + Send + 'static, Op: supports::Delta> Call<Page<T>, Op> {
    /// Syncs: every change the delta function reports, page after page; once the stream has
    /// ended, [`DeltaStream::delta_link`] is where the next sync starts
    /// ([`DeltaStream::resume`]).
    pub fn delta(self) -> DeltaStream<T> {
        DeltaStream::new(self.request)
    }
}

impl<T: Operation, A> Call<A, T> {
    /// The permissions table of the call's docs page.
    pub fn permissions(&self) -> Permissions {
        T::PERMISSIONS
    }
}

impl<T: Answer, Op: 'static> IntoFuture for Call<T, Op> {
    type Output = Result<T>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<T, Op> fmt::Debug for Call<T, Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .finish()
    }
}

/// What an operation accepts beyond its required inputs: its marker type implements one of
/// these traits for each OData query option and request header its docs page documents, and
/// [`Call`] has the matching method exactly then.
///
/// The headers here are the ones Microsoft Graph's pages document; a page's other headers are
/// listed in the call's docs and set with [`Call::header`].
pub mod supports {
    use super::Call;

    macro_rules! query_options {
        ($($(#[$doc:meta])* $trait:ident => fn $method:ident($self_:ident, $arg:ident: $ty:ty) $body:block)*) => {$(
            $(#[$doc])*
            pub trait $trait {}

            impl<T, Op: $trait> Call<T, Op> {
                $(#[$doc])*
                pub fn $method($self_, $arg: $ty) -> Self $body
            }
        )*};
    }

    /// A delta function (`GET .../delta`): its call has [`Call::delta`](super::Call::delta).
    pub trait Delta {}

    /// Creates an upload session (`POST .../createUploadSession`): its call has
    /// [`Call::large_file_upload`](super::Call::large_file_upload).
    pub trait UploadSession {}

    fn join<S: AsRef<str>>(items: &[S]) -> String {
        let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        items.join(",")
    }

    query_options! {
        /// `$select`: the properties to return.
        Select => fn select(self, fields: &[impl AsRef<str>]) { self.query_param("$select", join(fields)) }
        /// `$expand`: the relationships to return inline.
        Expand => fn expand(self, relations: &[impl AsRef<str>]) { self.query_param("$expand", join(relations)) }
        /// `$filter`: only the items the expression holds for.
        Filter => fn filter(self, expr: impl Into<String>) { self.query_param("$filter", expr) }
        /// `$orderby`: the order of the items (`"displayName desc"`).
        OrderBy => fn orderby(self, clauses: &[impl AsRef<str>]) { self.query_param("$orderby", join(clauses)) }
        /// `$top`: at most this many items (per page, for some collections).
        Top => fn top(self, n: u64) { self.query_param("$top", n.to_string()) }
        /// `$skip`: skip this many items.
        Skip => fn skip(self, n: u64) { self.query_param("$skip", n.to_string()) }
        /// `$count`: ask for the total count (`@odata.count`).
        Count => fn count(self, on: bool) { self.query_param("$count", on.to_string()) }
        /// `$search`: only the items matching the search expression (Graph wants it quoted:
        /// `"\"displayName:al\""`).
        Search => fn search(self, expr: impl Into<String>) { self.query_param("$search", expr) }
        /// `$format`: the media format of the answer.
        Format => fn format(self, format: impl Into<String>) { self.query_param("$format", format) }
        /// `$skiptoken`: where the next page starts.
        SkipToken => fn skip_token(self, token: impl Into<String>) { self.query_param("$skiptoken", token) }
        /// The `Accept` request header.
        Accept => fn accept(self, value: impl Into<String>) { self.header("Accept", value) }
        /// The `Accept-Language` request header: the language of the answer.
        AcceptLanguage => fn accept_language(self, value: impl Into<String>) { self.header("Accept-Language", value) }
        /// The `ConsistencyLevel` request header (`eventual` for advanced directory queries).
        ConsistencyLevel => fn consistency_level(self, value: impl Into<String>) { self.header("ConsistencyLevel", value) }
        /// The `Content-Language` request header.
        ContentLanguage => fn content_language(self, value: impl Into<String>) { self.header("Content-Language", value) }
        /// The `If-Match` request header: act only if the resource still has this ETag.
        IfMatch => fn if_match(self, etag: impl Into<String>) { self.header("If-Match", etag) }
        /// The `If-None-Match` request header: answer only if the resource's ETag differs.
        IfNoneMatch => fn if_none_match(self, etag: impl Into<String>) { self.header("If-None-Match", etag) }
        /// The `Prefer` request header (`outlook.timezone="..."`, `return=minimal`, ...).
        Prefer => fn prefer(self, value: impl Into<String>) { self.header("Prefer", value) }
        /// The `Range` request header: part of the content (`bytes=0-1023`).
        Range => fn range(self, value: impl Into<String>) { self.header("Range", value) }
        /// The `workbook-session-id` request header: the Excel session to work in.
        WorkbookSessionId => fn workbook_session_id(self, id: impl Into<String>) { self.header("workbook-session-id", id) }
    }
}
