//! Token providers: the client-credentials flow against a local token endpoint, custom
//! providers, and that no secret ever shows up in `Debug` or errors.

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{json, serve};
use docspec_runtime::{
    token_fn, AccessToken, Client, ClientCredentials, Error, Method, RetryPolicy, StaticToken,
    TokenProvider,
};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const CLIENT_SECRET: &str = "cl1ent-s3cret~value";

/// A token endpoint issuing `tok-1`, `tok-2`, ... with the given `expires_in`.
async fn token_endpoint(expires_in: Option<u64>) -> common::Server {
    serve(move |n, _, _| {
        let mut body = json!({"token_type": "Bearer", "access_token": format!("tok-{}", n + 1)});
        if let Some(secs) = expires_in {
            body["expires_in"] = json!(secs);
        }
        json(200, body)
    })
    .await
}

fn credentials(endpoint: &common::Server) -> ClientCredentials {
    ClientCredentials::new("contoso.onmicrosoft.com", "app-id", CLIENT_SECRET)
        .token_endpoint(format!("{}/tenant/oauth2/v2.0/token", endpoint.base))
}

#[tokio::test]
async fn client_credentials_posts_the_form_and_caches() {
    let endpoint = token_endpoint(Some(3599)).await;
    let creds = credentials(&endpoint);
    let a = creds.token().await.unwrap();
    let b = creds.token().await.unwrap();
    assert_eq!(a.secret(), "tok-1");
    assert_eq!(b.secret(), "tok-1");
    assert!(a.expires_at().is_some());

    let seen = endpoint.seen();
    assert_eq!(seen.len(), 1, "second call must come from the cache");
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].target, "/tenant/oauth2/v2.0/token");
    assert_eq!(
        seen[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let form = seen[0].form();
    let field = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(field("grant_type"), Some("client_credentials"));
    assert_eq!(field("client_id"), Some("app-id"));
    assert_eq!(field("client_secret"), Some(CLIENT_SECRET));
    assert_eq!(field("scope"), Some("https://graph.microsoft.com/.default"));
}

#[tokio::test]
async fn client_credentials_refreshes_after_expiry() {
    let endpoint = token_endpoint(Some(1)).await;
    let creds = credentials(&endpoint);
    assert_eq!(creds.token().await.unwrap().secret(), "tok-1");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(creds.token().await.unwrap().secret(), "tok-2");
    assert_eq!(endpoint.seen().len(), 2);
}

#[tokio::test]
async fn token_without_lifetime_is_not_cached() {
    let endpoint = token_endpoint(None).await;
    let creds = credentials(&endpoint);
    assert_eq!(creds.token().await.unwrap().secret(), "tok-1");
    assert_eq!(creds.token().await.unwrap().secret(), "tok-2");
}

#[tokio::test]
async fn graph_requests_use_the_cached_client_credentials_token() {
    let endpoint = token_endpoint(Some(3599)).await;
    let graph = serve(|_, _, _| json(200, json!({"id": "me"}))).await;
    let client = Client::builder()
        .base_url(&graph.base)
        .token_provider(credentials(&endpoint))
        .build()
        .unwrap();
    for _ in 0..2 {
        let _: Value = client
            .request(Method::GET, "/me")
            .send_json()
            .await
            .unwrap();
    }
    assert_eq!(endpoint.seen().len(), 1);
    for s in graph.seen() {
        assert_eq!(s.header("authorization"), Some("Bearer tok-1"));
    }
}

#[tokio::test]
async fn token_endpoint_failure_is_an_auth_error_without_the_secret() {
    let endpoint = serve(|_, _, _| {
        json(
            401,
            json!({"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."}),
        )
    })
    .await;
    let graph = serve(|_, _, _| json(200, json!({}))).await;
    let client = Client::builder()
        .base_url(&graph.base)
        .token_provider(credentials(&endpoint))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .request(Method::GET, "/me")
        .send_empty()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("invalid_client") && shown.contains("401"));
    assert!(!shown.contains(CLIENT_SECRET));
    assert!(!format!("{err:?}").contains(CLIENT_SECRET));
    assert_eq!(err.status(), None, "a token failure is not a Graph status");
    assert!(graph.seen().is_empty(), "no Graph call without a token");
}

#[tokio::test]
async fn async_closure_provider() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let provider = token_fn(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        async move { Ok(AccessToken::new(format!("dyn-{n}"))) }
    });
    let graph = serve(|_, _, _| json(200, json!(null))).await;
    let client = Client::new(&graph.base, provider).unwrap();
    client
        .request(Method::GET, "/a")
        .send_empty()
        .await
        .unwrap();
    client
        .request(Method::GET, "/b")
        .send_empty()
        .await
        .unwrap();
    let seen = graph.seen();
    assert_eq!(seen[0].header("authorization"), Some("Bearer dyn-0"));
    assert_eq!(seen[1].header("authorization"), Some("Bearer dyn-1"));
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let failing = token_fn(|| async { Err(Error::auth("vault locked")) });
    let client = Client::new(&graph.base, failing).unwrap();
    let err = client
        .request(Method::GET, "/c")
        .send_empty()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("vault locked"));
}

#[test]
fn debug_never_shows_secrets() {
    let token = "eyJ0eXAiOiJKV1Qi.static.secret";
    let shown = [
        format!("{:?}", StaticToken::new(token)),
        format!("{:?}", AccessToken::new(token)),
        format!("{:?}", token_fn(|| async { Ok(AccessToken::new("x")) })),
        format!(
            "{:?}",
            Client::new(docspec_runtime::GRAPH_V1, StaticToken::new(token)).unwrap()
        ),
        format!(
            "{:?}",
            Client::builder().token_provider(StaticToken::new(token))
        ),
    ];
    for s in &shown {
        assert!(s.contains("<redacted>"), "{s}");
        assert!(!s.contains(token), "{s}");
    }
    let creds = ClientCredentials::new("contoso", "app-id", CLIENT_SECRET);
    let s = format!("{creds:?}");
    assert!(
        s.contains("<redacted>") && !s.contains(CLIENT_SECRET),
        "{s}"
    );
    assert!(s.contains("https://login.microsoftonline.com/contoso/oauth2/v2.0/token"));
    assert!(s.contains("app-id"));
}
