//! Delta queries over loopback: all pages of a sync, the deltaLink it ends with, the next
//! sync resumed from it, and the protocol breaks that must not pass silently.

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{json, serve};
use docspec_runtime::{supports, Call, Client, DeltaStream, Error, Method, Page, StaticToken};
use futures_util::StreamExt;
use serde_json::{json, Value};

/// A delta function's marker, as a generated crate has one.
enum UsersDelta {}
impl supports::Delta for UsersDelta {}

fn client(base: &str) -> Client {
    Client::new(base, StaticToken::new("t")).unwrap()
}

async fn drain(stream: &mut DeltaStream<Value>) -> (Vec<Value>, Option<Error>) {
    let (mut items, mut error) = (Vec::new(), None);
    while let Some(item) = stream.next().await {
        match item {
            Ok(v) => items.push(v),
            Err(e) => error = Some(e),
        }
    }
    (items, error)
}

#[tokio::test]
async fn a_sync_yields_every_page_and_ends_with_the_delta_link_to_resume_from() {
    let server = serve(|n, _, base| match n {
        0 => json(
            200,
            json!({"value": [{"id": "1"}, {"id": "2"}], "@odata.nextLink": format!("{base}/users/delta?$skiptoken=a")}),
        ),
        1 => json(
            200,
            json!({"value": [{"id": "3"}], "@odata.deltaLink": format!("{base}/users/delta?$deltatoken=d1")}),
        ),
        // The next sync: one change since.
        _ => json(
            200,
            json!({"value": [{"id": "2", "@removed": {"reason": "deleted"}}], "@odata.deltaLink": format!("{base}/users/delta?$deltatoken=d2")}),
        ),
    })
    .await;
    let client = client(&server.base);
    let call: Call<Page<Value>, UsersDelta> =
        Call::request(&client, Method::GET, "/users/delta").header("Prefer", "return=minimal");
    let mut sync = call.delta();
    assert_eq!(sync.delta_link(), None);
    let (items, error) = drain(&mut sync).await;
    assert!(error.is_none(), "{error:?}");
    let ids: Vec<&str> = items.iter().filter_map(|v| v["id"].as_str()).collect();
    assert_eq!(ids, ["1", "2", "3"]);
    let link = sync.delta_link().expect("delta link");
    assert!(link.ends_with("/users/delta?$deltatoken=d1"), "{link}");

    let mut next = DeltaStream::<Value>::resume(&client, &link);
    let (items, error) = drain(&mut next).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["@removed"]["reason"], "deleted");
    assert!(next.delta_link().unwrap().ends_with("$deltatoken=d2"));

    let seen = server.seen();
    assert_eq!(seen[1].target, "/users/delta?$skiptoken=a");
    assert_eq!(
        seen[1].header("prefer"),
        Some("return=minimal"),
        "headers repeat on each page"
    );
    assert_eq!(seen[2].target, "/users/delta?$deltatoken=d1");
    assert_eq!(seen[2].header("authorization"), Some("Bearer t"));
}

#[tokio::test]
async fn a_last_page_without_a_delta_link_is_an_error_not_a_silent_end() {
    let server = serve(|_, _, _| json(200, json!({"value": [{"id": "1"}]}))).await;
    let client = client(&server.base);
    let mut sync = DeltaStream::<Value>::start(client.request(Method::GET, "/users/delta"));
    let (items, error) = drain(&mut sync).await;
    assert_eq!(items.len(), 1);
    assert!(
        matches!(error, Some(Error::InvalidResponse(_))),
        "{error:?}"
    );
    assert_eq!(sync.delta_link(), None);
}

#[tokio::test]
async fn a_delta_link_to_another_host_is_refused_before_anything_is_sent() {
    let server = serve(|_, _, _| json(200, json!({"value": []}))).await;
    let client = client(&server.base);
    let mut sync = DeltaStream::<Value>::resume(
        &client,
        "https://elsewhere.example/users/delta?$deltatoken=x",
    );
    let (items, error) = drain(&mut sync).await;
    assert!(items.is_empty());
    assert!(matches!(error, Some(Error::InvalidRequest(_))), "{error:?}");
    assert!(server.seen().is_empty());
}
