//! Long-running operations over loopback: a `202 Accepted` polled through its `Location`
//! until the operation ends, with the token only ever sent to the client's own origin.

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{json, reply, serve};
use docspec_runtime::{Accepted, Client, Error, Method, PollLimits, StaticToken};
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

#[derive(Debug, Deserialize, PartialEq)]
struct Status {
    status: String,
    #[serde(rename = "resourceId")]
    resource_id: Option<String>,
}

fn quick() -> PollLimits {
    PollLimits::default().interval(Duration::ZERO)
}

fn client(base: &str) -> Client {
    Client::new(base, StaticToken::new("secret-token")).unwrap()
}

async fn accept(client: &Client) -> Accepted {
    client
        .request(Method::POST, "/drive/items/1/copy")
        .send_accepted()
        .await
        .unwrap()
}

#[tokio::test]
async fn polls_through_running_answers_into_the_typed_status() {
    let server = serve(|n, _, base| match n {
        0 => reply(
            202,
            &[
                ("location", &format!("{base}/operations/7")),
                ("retry-after", "0"),
            ],
            "",
        ),
        1 => reply(202, &[("retry-after", "0")], ""),
        2 => json(200, json!({"status": "inProgress"})),
        _ => json(200, json!({"status": "succeeded", "resourceId": "item-9"})),
    })
    .await;
    let client = client(&server.base);
    let accepted = accept(&client).await;
    assert_eq!(accepted.retry_after, Some(Duration::ZERO));
    let status: Status = accepted.wait(&client, &quick()).await.unwrap();
    assert_eq!(
        status,
        Status {
            status: "succeeded".into(),
            resource_id: Some("item-9".into())
        }
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 4, "the POST and three polls");
    for poll in &seen[1..] {
        assert_eq!(poll.method, "GET");
        assert_eq!(poll.target, "/operations/7");
        assert_eq!(poll.header("authorization"), Some("Bearer secret-token"));
    }
}

#[tokio::test]
async fn a_location_on_another_host_is_polled_without_the_token() {
    let monitor = serve(|_, _, _| json(200, json!({"status": "completed"}))).await;
    let monitor_url = format!("{}/monitor/abc", monitor.base);
    let api = serve(move |_, _, _| reply(202, &[("location", &monitor_url)], "")).await;
    let client = client(&api.base);
    let status: Status = accept(&client).await.wait(&client, &quick()).await.unwrap();
    assert_eq!(status.status, "completed");
    let polls = monitor.seen();
    assert_eq!(polls.len(), 1);
    assert_eq!(polls[0].header("authorization"), None);
}

#[tokio::test]
async fn gives_up_after_the_poll_limit() {
    let server = serve(|n, _, base| match n {
        0 => reply(202, &[("location", &format!("{base}/op"))], ""),
        _ => json(200, json!({"status": "running"})),
    })
    .await;
    let client = client(&server.base);
    let err = accept(&client)
        .await
        .wait::<Status>(&client, &quick().max_polls(3))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::PollLimit { polls: 3 }), "{err:?}");
    assert_eq!(server.seen().len(), 4);
}

#[tokio::test]
async fn a_failed_poll_or_a_missing_location_is_an_error() {
    let server = serve(|n, _, base| match n {
        0 => reply(202, &[("location", &format!("{base}/op"))], ""),
        1 => json(
            404,
            json!({"error": {"code": "itemNotFound", "message": "gone"}}),
        ),
        _ => reply(202, &[], ""),
    })
    .await;
    let client = client(&server.base);
    let err = accept(&client)
        .await
        .wait::<Status>(&client, &quick())
        .await
        .unwrap_err();
    assert_eq!(err.graph().and_then(|g| g.code()), Some("itemNotFound"));
    let err = accept(&client)
        .await
        .wait::<Status>(&client, &quick())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
}
