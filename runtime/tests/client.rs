//! Requests, retries, errors and paging against a real local HTTP server.

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{json, reply, serve};
use docspec_runtime::{
    encode_segment, Client, Error, Method, Page, QueryOptions, RetryPolicy, StaticToken,
};
use futures_util::StreamExt;
use serde_json::{json, Value};
use std::time::Duration;

const SECRET: &str = "tok-s3cr3t-value";

/// Retries without waiting long, so the suite stays fast.
fn fast_retries(max: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_retries(max)
        .with_base_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_secs(2))
}

fn client(base: &str, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(base)
        .token_provider(StaticToken::new(SECRET))
        .retry_policy(retry)
        .build()
        .unwrap()
}

#[tokio::test]
async fn sends_bearer_user_agent_and_fresh_request_ids() {
    let server = serve(|_, _, _| json(200, json!({"id": "u1"}))).await;
    let c = client(&server.base, RetryPolicy::none());
    for _ in 0..2 {
        let v: Value = c.request(Method::GET, "/me").send_json().await.unwrap();
        assert_eq!(v["id"], "u1");
    }
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].target, "/me");
    assert_eq!(
        seen[0].header("authorization"),
        Some(format!("Bearer {SECRET}").as_str())
    );
    assert!(seen[0]
        .header("user-agent")
        .unwrap()
        .starts_with("docspec-runtime/"));
    let ids: Vec<uuid::Uuid> = seen
        .iter()
        .map(|s| s.header("client-request-id").unwrap().parse().unwrap())
        .collect();
    assert_eq!(ids[0].get_version_num(), 4);
    assert_ne!(ids[0], ids[1], "each request gets its own id");
}

#[tokio::test]
async fn json_body_query_options_and_headers() {
    let server = serve(|_, _, _| json(201, json!({"id": "new"}))).await;
    let c = client(&server.base, RetryPolicy::none());
    let opts = QueryOptions::default()
        .select(&["id", "displayName"])
        .filter("startswith(displayName,'a b&c')")
        .top(5)
        .consistency_level_eventual();
    let created: Value = c
        .request(
            Method::POST,
            format!("/groups/{}/members", encode_segment("g/1")),
        )
        .options(&opts)
        .query("extra", "x=y")
        .header("Prefer", "return=representation")
        .json(&json!({"displayName": "Zoë"}))
        .unwrap()
        .send_json()
        .await
        .unwrap();
    assert_eq!(created["id"], "new");
    let seen = &server.seen()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(
        seen.target,
        "/groups/g%2F1/members?$select=id,displayName\
         &$filter=startswith(displayName,%27a%20b%26c%27)&$top=5&extra=x%3Dy"
    );
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.header("consistencylevel"), Some("eventual"));
    assert_eq!(seen.header("prefer"), Some("return=representation"));
    let body: Value = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(body, json!({"displayName": "Zoë"}));
}

#[tokio::test]
async fn get_503_is_retried_with_the_same_request_id() {
    let server = serve(|n, _, _| match n {
        0 | 1 => reply(503, &[], ""),
        _ => json(200, json!({"ok": true})),
    })
    .await;
    let c = client(&server.base, fast_retries(3));
    let v: Value = c.request(Method::GET, "/me").send_json().await.unwrap();
    assert_eq!(v["ok"], true);
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    let id = seen[0].header("client-request-id").unwrap();
    assert!(seen
        .iter()
        .all(|s| s.header("client-request-id") == Some(id)));
    assert!(seen.iter().all(|s| s.header("authorization").is_some()));
}

#[tokio::test]
async fn throttled_429_waits_for_retry_after_then_succeeds() {
    let server = serve(|n, _, _| match n {
        0 => reply(
            429,
            &[("retry-after", "1")],
            r#"{"error":{"code":"TooManyRequests"}}"#,
        ),
        _ => json(200, json!({"ok": 1})),
    })
    .await;
    let c = client(&server.base, fast_retries(3));
    let v: Value = c.request(Method::GET, "/me").send_json().await.unwrap();
    assert_eq!(v["ok"], 1);
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[0].header("client-request-id"),
        seen[1].header("client-request-id")
    );
}

#[tokio::test]
async fn post_is_retried_when_server_says_retry_after() {
    let server = serve(|n, _, _| match n {
        0 => reply(429, &[("retry-after", "0")], ""),
        1 => reply(503, &[("retry-after", "0")], ""),
        _ => json(201, json!({"id": "x"})),
    })
    .await;
    let c = client(&server.base, fast_retries(3));
    let v: Value = c
        .request(Method::POST, "/users")
        .json(&json!({}))
        .unwrap()
        .send_json()
        .await
        .unwrap();
    assert_eq!(v["id"], "x");
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn post_504_is_not_retried() {
    let server = serve(|_, _, _| reply(504, &[], "")).await;
    let c = client(&server.base, fast_retries(3));
    let err = c
        .request(Method::POST, "/users")
        .json(&json!({"a": 1}))
        .unwrap()
        .send_empty()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(504));
    assert_eq!(
        server.seen().len(),
        1,
        "a POST that may have run must not be re-sent"
    );
}

#[tokio::test]
async fn post_and_patch_503_without_retry_after_are_not_retried() {
    let server = serve(|_, _, _| reply(503, &[], "")).await;
    let c = client(&server.base, fast_retries(3));
    for method in [Method::POST, Method::PATCH] {
        let err = c
            .request(method, "/users/1")
            .send_empty()
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(503));
    }
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn gives_up_after_max_retries() {
    let server = serve(|_, _, _| reply(504, &[], "")).await;
    let c = client(&server.base, fast_retries(2));
    let err = c
        .request(Method::DELETE, "/users/1")
        .send_empty()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(504));
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn graph_error_body_is_typed() {
    let server = serve(|_, _, _| {
        reply(
            404,
            &[("request-id", "hdr-id"), ("set-cookie", "session=abc")],
            r#"{"error":{"code":"Request_ResourceNotFound","message":"Resource 'x' does not exist.",
               "innerError":{"request-id":"req-123","client-request-id":"cli-456",
               "date":"2024-05-01T10:00:00"}}}"#,
        )
    })
    .await;
    let c = client(&server.base, fast_retries(3));
    let err = c
        .request(Method::GET, "/users/x")
        .send_empty()
        .await
        .unwrap_err();
    assert_eq!(server.seen().len(), 1, "404 is not retried");
    let g = err.graph().expect("a Graph error");
    assert_eq!(g.status, 404);
    assert_eq!(g.code(), Some("Request_ResourceNotFound"));
    assert_eq!(g.message(), Some("Resource 'x' does not exist."));
    assert_eq!(g.request_id(), Some("req-123"));
    let inner = g.body.as_ref().unwrap().inner_error.as_ref().unwrap();
    assert_eq!(inner.client_request_id.as_deref(), Some("cli-456"));
    assert_eq!(inner.date.as_deref(), Some("2024-05-01T10:00:00"));
    assert_eq!(g.header("request-id"), Some("hdr-id"));
    assert!(g.header("set-cookie").is_none());
    assert!(g.raw_body.contains("Request_ResourceNotFound"));
    let shown = err.to_string();
    assert!(shown.contains("404") && shown.contains("Request_ResourceNotFound"));
    assert!(!format!("{err:?}").contains(SECRET));
}

#[tokio::test]
async fn bad_json_is_a_decode_error_with_snippet() {
    let server = serve(|_, _, _| reply(200, &[], "{\"value\": [oops")).await;
    let c = client(&server.base, RetryPolicy::none());
    let err = c
        .request(Method::GET, "/users")
        .send_page::<Value>()
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            status, snippet, ..
        } => {
            assert_eq!(*status, 200);
            assert!(snippet.contains("[oops"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(err.graph().is_none());
}

#[tokio::test]
async fn empty_and_accepted_responses() {
    let server = serve(|n, _, _| match n {
        0 => reply(204, &[], ""),
        1 => reply(202, &[("location", "https://h/operations/1")], ""),
        _ => json(202, json!({"status": "running"})),
    })
    .await;
    let c = client(&server.base, RetryPolicy::none());
    c.request(Method::DELETE, "/users/1")
        .send_empty()
        .await
        .unwrap();
    let a = c
        .request(Method::POST, "/copy")
        .send_accepted()
        .await
        .unwrap();
    assert_eq!(a.location.as_deref(), Some("https://h/operations/1"));
    assert_eq!(a.body, None);
    let a = c
        .request(Method::POST, "/copy")
        .send_accepted()
        .await
        .unwrap();
    assert_eq!(a.location, None);
    assert_eq!(a.body, Some(json!({"status": "running"})));
}

/// Three pages of two users each, linked by absolute nextLinks.
async fn three_pages() -> common::Server {
    serve(|n, _, base| {
        let mut page = json!({
            "@odata.context": "ctx",
            "value": [{"id": n * 2 + 1}, {"id": n * 2 + 2}],
        });
        if n == 0 {
            page["@odata.count"] = json!(6);
        }
        if n < 2 {
            page["@odata.nextLink"] = json!(format!("{base}/users?$skiptoken=p{}", n + 1));
        }
        json(200, page)
    })
    .await
}

#[tokio::test]
async fn stream_follows_next_links_to_the_end() {
    let server = three_pages().await;
    let c = client(&server.base, RetryPolicy::none());
    let opts = QueryOptions::default().top(2).consistency_level_eventual();
    let ids: Vec<i64> = c
        .request(Method::GET, "/users")
        .options(&opts)
        .into_stream::<Value>()
        .map(|item| item.unwrap()["id"].as_i64().unwrap())
        .collect()
        .await;
    assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
    let seen = server.seen();
    let targets: Vec<_> = seen.iter().map(|s| s.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/users?$top=2",
            "/users?$skiptoken=p1",
            "/users?$skiptoken=p2"
        ]
    );
    for s in &seen {
        assert_eq!(
            s.header("authorization"),
            Some(format!("Bearer {SECRET}").as_str())
        );
        assert_eq!(s.header("consistencylevel"), Some("eventual"));
    }
}

#[tokio::test]
async fn pages_can_be_walked_by_hand() {
    let server = three_pages().await;
    let c = client(&server.base, RetryPolicy::none());
    let first: Page<Value> = c.request(Method::GET, "/users").send_page().await.unwrap();
    assert_eq!(first.count, Some(6));
    assert_eq!(first.additional_properties["@odata.context"], "ctx");
    let mut pages = 1;
    let mut page = first;
    while let Some(next) = page.next(&c).await.unwrap() {
        pages += 1;
        page = next;
    }
    assert_eq!(pages, 3);
    assert_eq!(page.next_link, None);
    // The wire names survive a round trip.
    let wire = serde_json::to_value(&page).unwrap();
    assert_eq!(wire["@odata.context"], "ctx");
    assert!(wire.get("@odata.nextLink").is_none());
}

#[tokio::test]
async fn stream_stops_after_an_error() {
    let server = serve(|n, _, base| match n {
        0 => json(
            200,
            json!({"value": [1, 2], "@odata.nextLink": format!("{base}/next")}),
        ),
        _ => reply(500, &[], r#"{"error":{"code":"boom","message":"down"}}"#),
    })
    .await;
    let c = client(&server.base, fast_retries(3));
    let items: Vec<_> = c
        .request(Method::GET, "/nums")
        .into_stream::<i32>()
        .collect()
        .await;
    assert_eq!(items.len(), 3);
    assert_eq!(*items[0].as_ref().unwrap(), 1);
    assert_eq!(*items[1].as_ref().unwrap(), 2);
    assert_eq!(items[2].as_ref().unwrap_err().status(), Some(500));
}

#[tokio::test]
async fn next_link_to_another_host_gets_no_token() {
    let server = serve(|_, _, _| {
        json(
            200,
            json!({"value": ["a"], "@odata.nextLink": "http://elsewhere.invalid/steal"}),
        )
    })
    .await;
    let c = client(&server.base, RetryPolicy::none());
    let items: Vec<_> = c
        .request(Method::GET, "/things")
        .into_stream::<String>()
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap(), "a");
    assert!(matches!(items[1], Err(Error::InvalidRequest(_))));
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn timeout_is_a_transport_error_and_not_retried() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    let app = axum::Router::new().fallback(move || {
        let counter = counter.clone();
        async move {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::time::sleep(Duration::from_secs(30)).await;
            "late"
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    // With the runtime's own HTTP client and with one the caller supplied.
    for (n, http) in [None, Some(reqwest::Client::new())].into_iter().enumerate() {
        let mut builder = Client::builder()
            .base_url(&base)
            .token_provider(StaticToken::new(SECRET))
            .timeout(Duration::from_millis(200))
            .retry_policy(fast_retries(3));
        if let Some(http) = http {
            builder = builder.http_client(http);
        }
        let err = builder
            .build()
            .unwrap()
            .request(Method::GET, "/slow")
            .send_empty()
            .await
            .unwrap_err();
        match &err {
            Error::Transport(e) => assert!(e.is_timeout()),
            other => panic!("expected a transport error, got {other:?}"),
        }
        assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), n + 1);
    }
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let c = client(&base, fast_retries(2));
    let err = c
        .request(Method::POST, "/users")
        .send_empty()
        .await
        .unwrap_err();
    match &err {
        Error::Transport(e) => assert!(e.is_connect()),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert_eq!(err.status(), None);
}

#[test]
fn builder_validates_configuration() {
    let no_auth = Client::builder().build().unwrap_err();
    assert!(matches!(no_auth, Error::Config(_)));
    let bad = Client::new("not a url", StaticToken::new(SECRET)).unwrap_err();
    assert!(matches!(bad, Error::Config(_)));
    let c = Client::builder()
        .token_provider(StaticToken::new(SECRET))
        .build()
        .unwrap();
    assert_eq!(c.base_url(), docspec_runtime::GRAPH_V1);
    let c = Client::new(
        "https://graph.microsoft.com/beta/",
        StaticToken::new(SECRET),
    )
    .unwrap();
    assert_eq!(c.base_url(), docspec_runtime::GRAPH_BETA);
}

#[test]
fn client_debug_hides_the_token() {
    let c = Client::new("https://graph.microsoft.com/v1.0", StaticToken::new(SECRET)).unwrap();
    let shown = format!("{c:?}");
    assert!(shown.contains("<redacted>"));
    assert!(!shown.contains(SECRET));
    let req = c
        .request(Method::GET, "/me")
        .header("Authorization", format!("Bearer {SECRET}"));
    assert!(!format!("{req:?}").contains(SECRET));
}

#[test]
fn encode_segment_table() {
    let cases = [
        ("plain", "plain"),
        ("a/b?c#d%e", "a%2Fb%3Fc%23d%25e"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("...", "..."),
        ("a.b", "a.b"),
        ("with space", "with%20space"),
        ("Zoë 日本", "Zo%C3%AB%20%E6%97%A5%E6%9C%AC"),
        ("user@contoso.com", "user%40contoso.com"),
        ("o'brien+x&y=z", "o%27brien%2Bx%26y%3Dz"),
        ("-_.~", "-_.~"),
        ("", ""),
    ];
    for (raw, want) in cases {
        assert_eq!(encode_segment(raw), want, "encoding {raw:?}");
        let back = percent_encoding::percent_decode_str(want)
            .decode_utf8()
            .unwrap();
        assert_eq!(back, raw, "{want:?} must decode back");
    }
}

/// Collects every span and event field as text, to check what reaches logs.
struct Capture(std::sync::Arc<std::sync::Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={:?} ", field.name(), value));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut out = self.0.lock().unwrap();
        out.push_str(attrs.metadata().name());
        out.push(' ');
        attrs.record(&mut Fields(&mut out));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        event.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn traces_method_path_and_status_but_never_the_token() {
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let _guard = tracing::subscriber::set_default(Capture(log.clone()));
    let server = serve(|n, _, _| match n {
        0 => reply(503, &[], ""),
        _ => reply(403, &[], r#"{"error":{"code":"Forbidden","message":"no"}}"#),
    })
    .await;
    let c = client(&server.base, fast_retries(1));
    let err = c
        .request(Method::GET, "/users/u1")
        .query("$filter", "mail eq 'private@contoso.com'")
        .send_empty()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(403));
    let text = log.lock().unwrap().clone();
    assert!(text.contains("graph_request"), "{text}");
    assert!(text.contains("method=GET"), "{text}");
    assert!(text.contains("path=/users/u1"), "{text}");
    assert!(
        text.contains("status=503") && text.contains("status=403"),
        "{text}"
    );
    assert!(!text.contains(SECRET), "{text}");
    assert!(
        !text.contains("private@contoso.com"),
        "query strings stay out of logs: {text}"
    );
}

#[test]
fn futures_and_errors_can_cross_threads() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Error>();
    assert_send_sync::<Client>();
    let c = client("http://127.0.0.1:9", RetryPolicy::none());
    assert_send(&c.request(Method::GET, "/a").send_json::<Value>());
    assert_send(&c.request(Method::GET, "/a").send_empty());
    assert_send(&c.request(Method::GET, "/a").send_accepted());
    assert_send(&c.request(Method::GET, "/a").send_page::<Value>());
    assert_send(&c.request(Method::GET, "/a").into_stream::<Value>());
}
