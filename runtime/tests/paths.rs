//! Path parameters reach the server as exactly the segment asked for, or the request is
//! refused before anything is sent; and the headers every attempt carries.

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{json, reply, serve};
use docspec_runtime::{encode_segment, Client, Error, Method, RetryPolicy, StaticToken};
use serde_json::{json, Value};
use std::time::Duration;

fn client(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .token_provider(StaticToken::new("tok"))
        .retry_policy(
            RetryPolicy::default()
                .with_max_retries(2)
                .with_base_delay(Duration::from_millis(5)),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_dot_segment_id_is_refused_before_anything_is_sent() {
    let server = serve(|_, _, _| json(201, json!({"id": "x"}))).await;
    // With and without a base path: either way `..` would climb to another resource.
    for base in [server.base.clone(), format!("{}/v1.0", server.base)] {
        let c = client(&base);
        for id in [".", ".."] {
            let path = format!("/calls/{}/participants", encode_segment(id));
            let err = c
                .request(Method::POST, path)
                .json(&json!({"a": 1}))
                .unwrap()
                .send_json::<Value>()
                .await
                .expect_err("a dot-segment id must not be sent");
            assert!(matches!(err, Error::InvalidRequest(_)), "{id:?}: {err:?}");
            let text = err.to_string();
            assert!(
                text.contains("path parameter that is \".\" or \"..\"")
                    && text.contains("cannot be sent as a path segment"),
                "{text}"
            );
            assert_eq!(err.status(), None);
        }
        // The last segment too (`/users/..` would become `/`).
        let err = c
            .request(Method::GET, format!("/users/{}", encode_segment("..")))
            .send_empty()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
    assert!(server.seen().is_empty(), "sent: {:?}", server.seen());
}

#[tokio::test]
async fn ids_containing_dots_reach_the_server_as_one_segment() {
    let server = serve(|_, _, _| json(200, json!({}))).await;
    let c = client(&format!("{}/v1.0", server.base));
    let ids = ["a..b", "../x", "...", ".a", "a.", "%2E%2E", "./"];
    for id in ids {
        c.request(
            Method::GET,
            format!("/users/{}/manager", encode_segment(id)),
        )
        .send_empty()
        .await
        .unwrap_or_else(|e| panic!("{id:?}: {e}"));
    }
    let seen = server.seen();
    assert_eq!(seen.len(), ids.len());
    for (id, hit) in ids.iter().zip(&seen) {
        let segment = hit
            .target
            .strip_prefix("/v1.0/users/")
            .and_then(|s| s.strip_suffix("/manager"))
            .filter(|s| !s.contains('/'))
            .unwrap_or_else(|| panic!("{id:?} arrived as {:?}", hit.target));
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        assert_eq!(decoded, *id);
    }
}

#[tokio::test]
async fn caller_headers_are_kept_across_retries_but_the_token_always_wins() {
    let server = serve(|n, _, _| match n {
        0 => reply(503, &[], ""),
        _ => json(200, json!({})),
    })
    .await;
    client(&server.base)
        .request(Method::GET, "/me")
        .header("client-request-id", "mine")
        .header("User-Agent", "my-app/1")
        .header("Authorization", "Bearer not-from-the-provider")
        .send_empty()
        .await
        .unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "the 503 is retried");
    for hit in &seen {
        assert_eq!(hit.header("client-request-id"), Some("mine"));
        assert_eq!(hit.header("user-agent"), Some("my-app/1"));
        let auth: Vec<_> = hit.headers.get_all("authorization").iter().collect();
        assert_eq!(auth, ["Bearer tok"]);
    }
}

#[tokio::test]
async fn the_body_type_is_sent_once_unless_the_caller_set_one() {
    let server = serve(|_, _, _| reply(204, &[], "")).await;
    let c = client(&server.base);
    c.request(Method::POST, "/a")
        .json(&json!({}))
        .unwrap()
        .send_empty()
        .await
        .unwrap();
    c.request(Method::PUT, "/b")
        .bytes("image/png", vec![1, 2, 3])
        .send_empty()
        .await
        .unwrap();
    // Set before or after the body: the caller's type is the only one sent.
    c.request(Method::POST, "/c")
        .json(&json!({}))
        .unwrap()
        .header("Content-Type", "application/json; odata.metadata=none")
        .send_empty()
        .await
        .unwrap();
    c.request(Method::PUT, "/d")
        .header("content-type", "text/plain")
        .bytes("image/png", b"x".to_vec())
        .send_empty()
        .await
        .unwrap();
    let seen = server.seen();
    let types: Vec<Vec<_>> = seen
        .iter()
        .map(|s| s.headers.get_all("content-type").iter().collect())
        .collect();
    assert_eq!(
        types,
        [
            vec!["application/json"],
            vec!["image/png"],
            vec!["application/json; odata.metadata=none"],
            vec!["text/plain"],
        ]
    );
    assert_eq!(seen[1].body, [1, 2, 3]);
}
