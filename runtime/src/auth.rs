//! Where bearer tokens come from. Every type here redacts its secret in `Debug`.

use crate::{Error, Result};
use serde_json::Value;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

const REDACTED: &str = "<redacted>";

/// Scope that asks for every application permission granted to the app on Graph.
const DEFAULT_SCOPE: &str = "https://graph.microsoft.com/.default";

/// Longest time before expiry at which a cached token is replaced, so a request never leaves
/// with a token that expires in flight.
const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// A bearer token. The secret is reachable only through [`AccessToken::secret`].
#[derive(Clone)]
pub struct AccessToken {
    /// Shared, so handing out a cached token per attempt does not copy it.
    secret: Arc<str>,
    expires_at: Option<Instant>,
}

impl AccessToken {
    /// A token with no known expiry.
    pub fn new(secret: impl Into<String>) -> Self {
        AccessToken {
            secret: secret.into().into(),
            expires_at: None,
        }
    }

    /// A token that stops being valid at `expires_at`.
    pub fn with_expiry(secret: impl Into<String>, expires_at: Instant) -> Self {
        AccessToken {
            secret: secret.into().into(),
            expires_at: Some(expires_at),
        }
    }

    /// The raw token, for the `Authorization` header. Do not log it.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// When the token expires, if known.
    pub fn expires_at(&self) -> Option<Instant> {
        self.expires_at
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("secret", &REDACTED)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<AccessToken>> + Send + 'a>>;

/// Supplies the bearer token for each request attempt. Implementations should cache: the
/// runtime asks once per attempt.
pub trait TokenProvider: Send + Sync {
    /// Returns a currently valid token.
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<AccessToken>> + Send + '_>>;
}

impl<T: TokenProvider + ?Sized> TokenProvider for Arc<T> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }
}

impl<T: TokenProvider + ?Sized> TokenProvider for Box<T> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }
}

/// A fixed token, e.g. one obtained out of band or from the Graph Explorer.
#[derive(Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// Uses `token` for every request.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(AccessToken::new(token))
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StaticToken").field(&REDACTED).finish()
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// A [`TokenProvider`] backed by an async closure; build it with [`token_fn`].
pub struct TokenFn<F>(F);

/// Wraps `f`, an async closure returning a token, as a [`TokenProvider`] (e.g. to plug in a
/// managed-identity or device-code flow).
pub fn token_fn<F, Fut>(f: F) -> TokenFn<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<AccessToken>> + Send + 'static,
{
    TokenFn(f)
}

impl<F> fmt::Debug for TokenFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TokenFn").field(&REDACTED).finish()
    }
}

impl<F, Fut> TokenProvider for TokenFn<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<AccessToken>> + Send + 'static,
{
    fn token(&self) -> TokenFuture<'_> {
        Box::pin((self.0)())
    }
}

/// OAuth 2.0 client-credentials flow (app-only access) against the Microsoft identity
/// platform, caching the token until shortly before it expires.
pub struct ClientCredentials {
    tenant: String,
    client_id: String,
    client_secret: String,
    scope: String,
    token_endpoint: String,
    refresh_margin: Duration,
    http: reqwest::Client,
    /// The cached token and when to replace it.
    cache: tokio::sync::Mutex<Option<(AccessToken, Instant)>>,
}

impl ClientCredentials {
    /// App `client_id` in `tenant` (id or domain) authenticating with `client_secret`; scope
    /// defaults to `https://graph.microsoft.com/.default`, the endpoint to
    /// `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`.
    pub fn new(
        tenant: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        let tenant = tenant.into();
        let token_endpoint = format!(
            "https://login.microsoftonline.com/{}/oauth2/v2.0/token",
            crate::encode_segment(&tenant)
        );
        ClientCredentials {
            tenant,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scope: DEFAULT_SCOPE.to_owned(),
            token_endpoint,
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            http: reqwest::Client::new(),
            cache: tokio::sync::Mutex::new(None),
        }
    }

    /// Requests `scope` instead of the Graph default (e.g. a national cloud's `.default`).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }

    /// Posts to `url` instead of the public-cloud endpoint (national clouds, tests).
    pub fn token_endpoint(mut self, url: impl Into<String>) -> Self {
        self.token_endpoint = url.into();
        self
    }

    /// Replaces a cached token once less than `margin` of its life is left (default five
    /// minutes; never more than half the token's lifetime).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Uses `http` for token requests (proxies, custom TLS).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// The tenant this provider authenticates against.
    pub fn tenant(&self) -> &str {
        &self.tenant
    }

    /// Fetches a new token and the instant after which it should be replaced (`None`: the
    /// endpoint gave no lifetime, so the token is not cached).
    async fn fetch(&self) -> Result<(AccessToken, Option<Instant>)> {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.as_str()),
            ("scope", self.scope.as_str()),
        ];
        let sent_at = Instant::now();
        let resp = self
            .http
            .post(&self.token_endpoint)
            .form(&form)
            .send()
            .await
            .map_err(|e| Error::Auth(format!("token endpoint unreachable: {e}")))?;
        let status = resp.status();
        let body = resp
            .bytes()
            .await
            .map_err(|e| Error::Auth(format!("reading token response: {e}")))?;
        let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        if !status.is_success() {
            // Only the standard OAuth error fields: the raw body is not echoed in case a
            // misbehaving endpoint reflects the request.
            let field = |k: &str| json.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            return Err(Error::Auth(format!(
                "token endpoint returned HTTP {}: {} {}",
                status.as_u16(),
                field("error"),
                field("error_description")
            )));
        }
        let secret = json
            .get("access_token")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::Auth("token response has no access_token".to_owned()))?;
        let lifetime = match json.get("expires_in") {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        Ok(match lifetime {
            Some(secs) => {
                let lifetime = Duration::from_secs(secs);
                let margin = self.refresh_margin.min(lifetime / 2);
                let expires_at = sent_at + lifetime;
                (
                    AccessToken::with_expiry(secret, expires_at),
                    Some(expires_at - margin),
                )
            }
            None => (AccessToken::new(secret), None),
        })
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("tenant", &self.tenant)
            .field("client_id", &self.client_id)
            .field("client_secret", &REDACTED)
            .field("scope", &self.scope)
            .field("token_endpoint", &self.token_endpoint)
            .finish_non_exhaustive()
    }
}

impl TokenProvider for ClientCredentials {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            // Held across the fetch so concurrent callers share one token request.
            let mut cache = self.cache.lock().await;
            if let Some((token, refresh_at)) = cache.as_ref() {
                if Instant::now() < *refresh_at {
                    return Ok(token.clone());
                }
            }
            let (token, refresh_at) = self.fetch().await?;
            *cache = refresh_at.map(|at| (token.clone(), at));
            Ok(token)
        })
    }
}
