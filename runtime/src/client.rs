//! The shared client: base URL, HTTP pool, credentials and retry policy.

use crate::target::Target;
use crate::{Error, Request, Result, RetryPolicy, TokenProvider};
use reqwest::header::HeaderValue;
use reqwest::{Method, Url};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Microsoft Graph v1.0, global service.
pub const GRAPH_V1: &str = "https://graph.microsoft.com/v1.0";
/// Microsoft Graph beta, global service.
pub const GRAPH_BETA: &str = "https://graph.microsoft.com/beta";
/// Microsoft Graph v1.0 for US Government L4.
pub const GRAPH_US_GOV_V1: &str = "https://graph.microsoft.us/v1.0";
/// Microsoft Graph v1.0 for US Government L5 (DOD).
pub const GRAPH_US_GOV_DOD_V1: &str = "https://dod-graph.microsoft.us/v1.0";
/// Microsoft Graph v1.0 operated by 21Vianet in China.
pub const GRAPH_CHINA_V1: &str = "https://microsoftgraph.chinacloudapi.cn/v1.0";
/// Microsoft Graph v1.0 for the (retired) Germany cloud.
pub const GRAPH_GERMANY_V1: &str = "https://graph.microsoft.de/v1.0";

/// Whole-request timeout unless configured; matches the Graph SDKs.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(100);

const USER_AGENT: &str = concat!("docspec-runtime/", env!("CARGO_PKG_VERSION"));

/// A Graph client. Cloning is cheap and shares the connection pool and token cache.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    /// The parsed base URL's path without a trailing `/`: what every request path must
    /// start with once the URL parser has seen it.
    base_path: String,
    origin: String,
    auth: Arc<dyn TokenProvider>,
    retry: RetryPolicy,
    timeout: Duration,
    /// The timeout to set on each request: only when the caller supplied the HTTP client,
    /// since on our own it is set once on the client (per request it costs allocations).
    request_timeout: Option<Duration>,
    /// Validated once at build time rather than on every request.
    user_agent: HeaderValue,
}

impl Client {
    /// Starts configuring a client; the base URL defaults to [`GRAPH_V1`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for `base_url` with default timeout and retry policy.
    pub fn new(base_url: impl Into<String>, auth: impl TokenProvider + 'static) -> Result<Client> {
        Client::builder()
            .base_url(base_url)
            .token_provider(auth)
            .build()
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A request for `path` (already percent-encoded, see [`crate::encode_segment`], starting
    /// with `/`) relative to the base URL.
    ///
    /// Sending it fails with [`Error::InvalidRequest`], before anything leaves, when the URL
    /// parser would rewrite the path: a segment that is `.` or `..` (even percent-encoded)
    /// would otherwise address another resource.
    pub fn request(&self, method: Method, path: impl Into<String>) -> Request {
        Request::new(self.clone(), method, Target::Path(path.into()))
    }

    /// A request for an absolute URL the server handed out (`@odata.nextLink`, a `Location`
    /// header). The token is only sent to the base URL's origin, so a URL on another
    /// scheme/host/port is refused.
    pub fn request_url(&self, method: Method, url: &str) -> Result<Request> {
        let parsed = Url::parse(url)
            .or_else(|_| Url::parse(&self.inner.base_url).and_then(|b| b.join(url)))
            .map_err(|e| Error::InvalidRequest(format!("bad URL {url:?}: {e}")))?;
        let origin = parsed.origin().ascii_serialization();
        if origin != self.inner.origin {
            return Err(Error::InvalidRequest(format!(
                "refusing to send credentials to {origin}: the client is for {}",
                self.inner.origin
            )));
        }
        Ok(Request::new(self.clone(), method, Target::Url(parsed)))
    }

    /// The parsed base path (no trailing `/`), see [`crate::target::resolve`].
    pub(crate) fn base_path(&self) -> &str {
        &self.inner.base_path
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn auth(&self) -> &dyn TokenProvider {
        self.inner.auth.as_ref()
    }

    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    pub(crate) fn request_timeout(&self) -> Option<Duration> {
        self.inner.request_timeout
    }

    pub(crate) fn user_agent(&self) -> &HeaderValue {
        &self.inner.user_agent
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &"<redacted>")
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]; only the token provider is required.
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    auth: Option<Arc<dyn TokenProvider>>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    retry: Option<RetryPolicy>,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// Service root, e.g. [`GRAPH_BETA`] or a national cloud; a trailing `/` is dropped.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Where bearer tokens come from.
    pub fn token_provider(mut self, auth: impl TokenProvider + 'static) -> Self {
        self.auth = Some(Arc::new(auth));
        self
    }

    /// Limit for one attempt, from sending to reading the whole body (default 100 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Replaces the default `docspec-runtime/<version>` user agent; [`ClientBuilder::build`]
    /// refuses one that is not a valid header value.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// How throttled and transiently failed requests are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Uses a preconfigured `reqwest` client (proxy, TLS roots). Timeout and user agent from
    /// this builder are still applied per request.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Validates the configuration and builds the client.
    pub fn build(self) -> Result<Client> {
        let auth = self
            .auth
            .ok_or_else(|| Error::Config("no token provider was set".to_owned()))?;
        let raw = self.base_url.unwrap_or_else(|| GRAPH_V1.to_owned());
        let base_url = raw.trim_end_matches('/').to_owned();
        let parsed = Url::parse(&base_url)
            .map_err(|e| Error::Config(format!("bad base URL {raw:?}: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() {
            return Err(Error::Config(format!(
                "base URL {raw:?} must be http(s) without a query"
            )));
        }
        let user_agent = self.user_agent.unwrap_or_else(|| USER_AGENT.to_owned());
        let user_agent = HeaderValue::from_str(&user_agent)
            .map_err(|_| Error::Config("user agent is not a valid header value".into()))?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let (http, request_timeout) = match self.http {
            Some(h) => (h, Some(timeout)),
            None => {
                let http = reqwest::Client::builder()
                    .use_rustls_tls()
                    .connect_timeout(Duration::from_secs(30))
                    .timeout(timeout)
                    .build()
                    .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
                (http, None)
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                origin: parsed.origin().ascii_serialization(),
                base_path: parsed.path().trim_end_matches('/').to_owned(),
                base_url,
                auth,
                retry: self.retry.unwrap_or_default(),
                timeout,
                request_timeout,
                user_agent,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth.as_ref().map(|_| "<redacted>"))
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}
