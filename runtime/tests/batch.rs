//! JSON batching over loopback against a server that answers each item of a `$batch` from a
//! per-test closure and records every POST: typed answers of each kind, `dependsOn`, splitting
//! past 20 requests, throttled items sent again (and only them), bad answers, and no token
//! inside the batch body.

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use base64::Engine;
use common::{json, reply, serve, Seen, Server};
use docspec_runtime::{
    Accepted, Call, Client, Content, Error, Method, NoContent, RetryPolicy, StaticToken,
};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::Duration;

#[derive(Debug, Deserialize, PartialEq)]
struct User {
    id: String,
    #[serde(rename = "displayName")]
    display_name: String,
}

/// A `$batch` server: `answer(post, item)` answers each request item of the `post`th POST
/// (0-based) with `(status, headers, body)`; `None` leaves the item unanswered.
async fn batch_server<F>(answer: F) -> (Server, Client)
where
    F: Fn(usize, &Value) -> Option<Value> + Send + Sync + 'static,
{
    let posts = std::sync::atomic::AtomicUsize::new(0);
    let server = serve(move |_, seen, _| {
        if seen.method != "POST" || seen.target != "/v1.0/$batch" {
            return json(404, json!({"error": {"code": "notBatch", "message": "no"}}));
        }
        let n = posts.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let body: Value = serde_json::from_slice(&seen.body).unwrap();
        let responses: Vec<Value> = body["requests"]
            .as_array()
            .unwrap()
            .iter()
            .rev() // in another order than asked
            .filter_map(|item| answer(n, item))
            .collect();
        json(200, json!({ "responses": responses }))
    })
    .await;
    let client = client(&server);
    (server, client)
}

fn client(server: &Server) -> Client {
    Client::builder()
        .base_url(format!("{}/v1.0", server.base))
        .token_provider(StaticToken::new("secret-token"))
        .retry_policy(
            RetryPolicy::default()
                .with_base_delay(Duration::from_millis(5))
                .with_max_delay(Duration::from_secs(5)),
        )
        .build()
        .unwrap()
}

/// The request items of each POST the server saw.
fn posted(server: &Server) -> Vec<Vec<Value>> {
    server
        .seen()
        .iter()
        .filter(|s| s.target.ends_with("/$batch"))
        .map(|s: &Seen| {
            let v: Value = serde_json::from_slice(&s.body).unwrap();
            v["requests"].as_array().unwrap().clone()
        })
        .collect()
}

fn ids(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["id"].as_str().unwrap()).collect()
}

fn ok(item: &Value, body: Value) -> Option<Value> {
    Some(json!({"id": item["id"], "status": 200,
        "headers": {"Content-Type": "application/json"}, "body": body}))
}

#[tokio::test]
async fn every_kind_of_answer_is_read_typed_from_its_item() {
    let (server, client) = batch_server(|_, item| {
        let id = item["id"].clone();
        Some(match item["url"].as_str().unwrap() {
            "/users/a" => json!({"id": id, "status": 200,
                "headers": {"Content-Type": "application/json"},
                "body": {"id": "a", "displayName": "Adele"}}),
            "/me/events/1" => json!({"id": id, "status": 204, "headers": {}}),
            "/drive/items/1/copy" => json!({"id": id, "status": 202,
                "headers": {"Location": "https://h/monitor/1", "Retry-After": "7"}}),
            "/me/photo/$value" => json!({"id": id, "status": 200,
                "headers": {"Content-Type": "image/png"},
                "body": base64::engine::general_purpose::STANDARD.encode([0x89, b'P', 0, 0xff])}),
            "/me/notes/1/content" => json!({"id": id, "status": 200,
                "headers": {"Content-Type": "application/json"}, "body": {"a": [1, 2]}}),
            other => panic!("unexpected {other}"),
        })
    })
    .await;
    let mut batch = client.batch();
    let user = batch.add(Call::<User>::request(&client, Method::GET, "/users/a"));
    let deleted = batch.add(Call::<NoContent>::request(
        &client,
        Method::DELETE,
        "/me/events/1",
    ));
    let copy = batch.add(Call::<Accepted>::with_json(
        &client,
        Method::POST,
        "/drive/items/1/copy",
        &json!({"name": "b"}),
    ));
    let photo = batch.add(Call::<Content>::request(
        &client,
        Method::GET,
        "/me/photo/$value",
    ));
    let note = batch.add(Call::<Content>::request(
        &client,
        Method::GET,
        "/me/notes/1/content",
    ));
    let mut answers = batch.send().await.unwrap();
    assert_eq!(answers.len(), 5);
    assert_eq!(answers.posts(), 1);
    assert_eq!(
        answers.take(user).unwrap(),
        User {
            id: "a".into(),
            display_name: "Adele".into()
        }
    );
    assert_eq!(answers.take(deleted).unwrap(), NoContent);
    let copy = answers.take(copy).unwrap();
    assert_eq!(copy.location.as_deref(), Some("https://h/monitor/1"));
    assert_eq!(copy.retry_after, Some(Duration::from_secs(7)));
    assert_eq!(copy.body, None);
    let photo = answers.take(photo).unwrap();
    assert_eq!(photo.content_type.as_deref(), Some("image/png"));
    assert_eq!(&photo.bytes[..], [0x89, b'P', 0, 0xff]);
    let note = answers.take(note).unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&note.bytes).unwrap(),
        json!({"a": [1, 2]})
    );
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn depends_on_bodies_and_headers_go_on_the_wire() {
    let (server, client) =
        batch_server(|_, item| ok(item, json!({"id": "x", "displayName": "X"}))).await;
    let mut batch = client.batch();
    let first = batch.add(Call::<User>::with_json(
        &client,
        Method::POST,
        "/users",
        &json!({"displayName": "X"}),
    ));
    let second = batch.add_after(
        Call::<NoContent>::with_bytes(
            &client,
            Method::PUT,
            "/me/photo/$value",
            "image/png",
            vec![1u8, 2, 255],
        )
        .header("If-Match", "etag-1"),
        &[first.id()],
    );
    let third = batch.add_after(
        Call::<NoContent>::request(&client, Method::DELETE, "/users/x"),
        &[first.id(), second.id()],
    );
    let mut answers = batch.send().await.unwrap();
    answers.take(first).unwrap();
    answers.take(second).unwrap();
    answers.take(third).unwrap();
    let items = &posted(&server)[0];
    assert_eq!(
        items[0],
        json!({"id": "1", "method": "POST", "url": "/users",
            "headers": {"Content-Type": "application/json"}, "body": {"displayName": "X"}})
    );
    assert_eq!(
        items[1],
        json!({"id": "2", "method": "PUT", "url": "/me/photo/$value",
            "headers": {"If-Match": "etag-1", "Content-Type": "image/png"},
            "body": "AQL/", "dependsOn": ["1"]})
    );
    assert_eq!(
        items[2],
        json!({"id": "3", "method": "DELETE", "url": "/users/x", "dependsOn": ["1", "2"]})
    );
    let seen = &server.seen()[0];
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert!(seen.header("client-request-id").is_some());
}

#[tokio::test]
async fn a_failed_item_is_a_graph_error_and_the_others_still_answer() {
    let (_server, client) = batch_server(|_, item| {
        if item["url"] == "/users/gone" {
            Some(json!({"id": item["id"], "status": 404,
                "headers": {"Content-Type": "application/json", "request-id": "r-9"},
                "body": {"error": {"code": "Request_ResourceNotFound", "message": "no such user"}}}))
        } else {
            ok(item, json!({"id": "a", "displayName": "A"}))
        }
    })
    .await;
    let mut batch = client.batch();
    let gone = batch.add(Call::<User>::request(&client, Method::GET, "/users/gone"));
    let there = batch.add(Call::<User>::request(&client, Method::GET, "/users/a"));
    let mut answers = batch.send().await.unwrap();
    let err = answers.take(gone).unwrap_err();
    let graph = err.graph().expect("a Graph error");
    assert_eq!(graph.status, 404);
    assert_eq!(graph.code(), Some("Request_ResourceNotFound"));
    assert_eq!(graph.message(), Some("no such user"));
    assert_eq!(graph.request_id(), Some("r-9"));
    assert_eq!(answers.take(there).unwrap().id, "a");
}

#[tokio::test]
async fn a_call_that_could_not_be_built_is_its_own_error_and_its_dependents_are_not_sent() {
    let (server, client) =
        batch_server(|_, item| ok(item, json!({"id": "a", "displayName": "A"}))).await;
    let mut bad = HashMap::new();
    bad.insert((1, 2), 3); // not a JSON object key
    let mut batch = client.batch();
    let broken = batch.add(Call::<User>::with_json(
        &client,
        Method::POST,
        "/users",
        &bad,
    ));
    let after = batch.add_after(
        Call::<User>::request(&client, Method::GET, "/users/a"),
        &[broken.id()],
    );
    let fine = batch.add(Call::<User>::request(&client, Method::GET, "/users/b"));
    let mut answers = batch.send().await.unwrap();
    assert!(matches!(answers.take(broken), Err(Error::Encode(_))));
    assert!(matches!(answers.take(after), Err(Error::InvalidRequest(_))));
    assert_eq!(answers.take(fine).unwrap().id, "a");
    assert_eq!(ids(&posted(&server)[0]), ["3"]);
}

#[tokio::test]
async fn forty_five_calls_go_in_three_posts_keeping_dependency_groups_whole() {
    let (server, client) = batch_server(|_, item| {
        let id = item["id"].as_str().unwrap();
        ok(item, json!({"id": id, "displayName": item["url"]}))
    })
    .await;
    let mut batch = client.batch();
    let mut tickets = Vec::new();
    for i in 0..45 {
        let call = Call::<User>::request(&client, Method::GET, format!("/users/{i}"));
        // Requests 19 to 23 form one chain, which must not be cut at the 20th request.
        let ticket = if (19..=22).contains(&i) {
            let prev: &docspec_runtime::BatchItem<User> = &tickets[i - 1];
            batch.add_after(call, &[prev.id()])
        } else {
            batch.add(call)
        };
        tickets.push(ticket);
    }
    let mut answers = batch.send().await.unwrap();
    let posts = posted(&server);
    assert_eq!(posts.len(), 3);
    assert_eq!(answers.posts(), 3);
    assert!(
        posts.iter().all(|p| p.len() <= 20),
        "{:?}",
        posts.iter().map(Vec::len).collect::<Vec<_>>()
    );
    let chain: Vec<usize> = posts
        .iter()
        .enumerate()
        .filter(|(_, p)| ids(p).contains(&"19"))
        .map(|(k, _)| k)
        .collect();
    assert_eq!(chain.len(), 1);
    for id in ["19", "20", "21", "22", "23"] {
        assert!(ids(&posts[chain[0]]).contains(&id), "{id}");
    }
    let mut all: Vec<&str> = posts.iter().flat_map(|p| ids(p)).collect();
    all.sort_by_key(|s| s.parse::<u32>().unwrap());
    assert_eq!(all, (1..=45).map(|i| i.to_string()).collect::<Vec<_>>());
    for (i, t) in tickets.into_iter().enumerate() {
        assert_eq!(answers.take(t).unwrap().display_name, format!("/users/{i}"));
    }
}

#[tokio::test]
async fn a_dependency_group_larger_than_a_post_is_an_error_for_its_items_only() {
    let (server, client) =
        batch_server(|_, item| ok(item, json!({"id": "a", "displayName": "A"}))).await;
    let mut batch = client.batch();
    let alone = batch.add(Call::<User>::request(&client, Method::GET, "/users/alone"));
    let mut chain = vec![batch.add(Call::<User>::request(&client, Method::GET, "/users/0"))];
    for i in 1..21 {
        let prev = chain[i - 1].id();
        chain.push(batch.add_after(
            Call::<User>::request(&client, Method::GET, format!("/users/{i}")),
            &[prev],
        ));
    }
    let mut answers = batch.send().await.unwrap();
    assert_eq!(answers.take(alone).unwrap().id, "a");
    for t in chain {
        let err = answers.take(t).unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err}");
        assert!(err.to_string().contains("dependsOn group of 21"), "{err}");
    }
    assert_eq!(
        posted(&server).iter().map(Vec::len).collect::<Vec<_>>(),
        [1]
    );
}

#[tokio::test]
async fn throttled_items_and_their_failed_dependents_alone_are_sent_again() {
    let (server, client) = batch_server(|post, item| {
        let id = item["id"].as_str().unwrap();
        match (post, id) {
            (0, "2") => Some(json!({"id": id, "status": 429,
                "headers": {"Retry-After": "0", "Content-Type": "application/json"},
                "body": {"error": {"code": "TooManyRequests", "message": "slow down"}}})),
            (0, "3") => Some(json!({"id": id, "status": 424, "headers": {}})),
            (0, "4") => Some(json!({"id": id, "status": 429,
                "headers": {"Retry-After": "3600"}})),
            _ => ok(
                item,
                json!({"id": id, "displayName": format!("post {post}")}),
            ),
        }
    })
    .await;
    let mut batch = client.batch();
    let one = batch.add(Call::<User>::request(&client, Method::GET, "/users/1"));
    let two = batch.add(Call::<User>::with_json(
        &client,
        Method::POST,
        "/users",
        &json!({}),
    ));
    let three = batch.add_after(
        Call::<User>::request(&client, Method::GET, "/users/3"),
        &[two.id()],
    );
    let four = batch.add(Call::<User>::request(&client, Method::GET, "/users/4"));
    let mut answers = batch.send().await.unwrap();
    let posts = posted(&server);
    assert_eq!(posts.len(), 2);
    assert_eq!(ids(&posts[1]), ["2", "3"]);
    assert_eq!(posts[1][1]["dependsOn"], json!(["2"]));
    assert_eq!(answers.take(one).unwrap().display_name, "post 0");
    assert_eq!(answers.take(two).unwrap().display_name, "post 1");
    assert_eq!(answers.take(three).unwrap().display_name, "post 1");
    // Longer than the policy's max_delay: not waited, the 429 is the answer.
    assert_eq!(answers.take(four).unwrap_err().status(), Some(429));
}

#[tokio::test]
async fn throttling_gives_up_after_max_retries() {
    let (server, client) = batch_server(|_, item| {
        Some(json!({"id": item["id"], "status": 429, "headers": {"Retry-After": "0"}}))
    })
    .await;
    let mut batch = client.batch();
    let t = batch.add(Call::<User>::request(&client, Method::GET, "/users/1"));
    let mut answers = batch.send().await.unwrap();
    assert_eq!(answers.take(t).unwrap_err().status(), Some(429));
    assert_eq!(posted(&server).len(), 4); // the first and max_retries (3) more
}

#[tokio::test]
async fn a_post_the_server_may_have_acted_on_is_never_sent_again() {
    let (server, client) = batch_server(|_, item| match item["method"].as_str().unwrap() {
        "POST" => Some(json!({"id": item["id"], "status": 503, "headers": {}})),
        _ => Some(json!({"id": item["id"], "status": 504, "headers": {}})),
    })
    .await;
    let mut batch = client.batch();
    let create = batch.add(Call::<User>::with_json(
        &client,
        Method::POST,
        "/users",
        &json!({}),
    ));
    let patch = batch.add(Call::<User>::with_json(
        &client,
        Method::PATCH,
        "/users/a",
        &json!({}),
    ));
    let mut answers = batch.send().await.unwrap();
    assert_eq!(posted(&server).len(), 1);
    assert_eq!(answers.take(create).unwrap_err().status(), Some(503));
    assert_eq!(answers.take(patch).unwrap_err().status(), Some(504));
}

#[tokio::test]
async fn an_answer_that_is_not_a_batch_fails_the_send() {
    for body in [
        "not json",
        r#"{"value": []}"#,
        r#"{"responses": [{"id": "1"}]}"#,
    ] {
        let server = serve(move |_, _, _| reply(200, &[], body)).await;
        let client = client(&server);
        let mut batch = client.batch();
        let _t = batch.add(Call::<User>::request(&client, Method::GET, "/users/a"));
        let err = batch.send().await.unwrap_err();
        assert!(
            matches!(err, Error::Decode { status: 200, .. }),
            "{body}: {err}"
        );
    }
}

#[tokio::test]
async fn unknown_ids_are_kept_and_missing_ones_are_errors() {
    let (_server, client) = batch_server(|_, item| match item["id"].as_str().unwrap() {
        "1" => Some(json!({"id": "99", "status": 200, "body": {"id": "?"}})),
        _ => ok(item, json!({"id": "b", "displayName": "B"})),
    })
    .await;
    let mut batch = client.batch();
    let first = batch.add(Call::<User>::request(&client, Method::GET, "/users/a"));
    let second = batch.add(Call::<User>::request(&client, Method::GET, "/users/b"));
    let mut answers = batch.send().await.unwrap();
    assert_eq!(answers.unmatched().len(), 1);
    assert_eq!(answers.unmatched()[0].id(), "99");
    assert_eq!(
        answers.unmatched()[0].json::<Value>().unwrap(),
        json!({"id": "?"})
    );
    let err = answers.take(first).unwrap_err();
    assert!(matches!(err, Error::InvalidResponse(_)), "{err}");
    assert!(
        err.to_string().contains("no response for request 1"),
        "{err}"
    );
    assert_eq!(answers.take(second).unwrap().id, "b");
}

#[tokio::test]
async fn a_ticket_of_another_batch_is_an_error_not_a_wrong_answer() {
    let (_server, client) =
        batch_server(|_, item| ok(item, json!({"id": "a", "displayName": "A"}))).await;
    let mut one = client.batch();
    let mut two = client.batch();
    let mine = one.add(Call::<User>::request(&client, Method::GET, "/users/a"));
    let theirs = two.add(Call::<User>::request(&client, Method::GET, "/users/b"));
    let dependent = one.add_after(
        Call::<User>::request(&client, Method::GET, "/users/c"),
        &[theirs.id()],
    );
    let mut answers = one.send().await.unwrap();
    assert!(matches!(
        answers.take(theirs),
        Err(Error::InvalidRequest(_))
    ));
    assert!(matches!(
        answers.take(dependent),
        Err(Error::InvalidRequest(_))
    ));
    assert_eq!(answers.take(mine).unwrap().id, "a");
}

#[tokio::test]
async fn the_token_goes_on_the_post_and_never_inside_the_batch() {
    let (server, client) =
        batch_server(|_, item| ok(item, json!({"id": "a", "displayName": "A"}))).await;
    let mut batch = client.batch();
    let t = batch.add(
        Call::<User>::request(&client, Method::GET, "/users/a")
            .header("Authorization", "Bearer smuggled-token")
            .header("ConsistencyLevel", "eventual"),
    );
    let debug = format!("{batch:?}");
    assert!(
        !debug.contains("smuggled") && !debug.contains("secret-token"),
        "{debug}"
    );
    let mut answers = batch.send().await.unwrap();
    answers.take(t).unwrap();
    let seen = &server.seen()[0];
    assert_eq!(seen.header("authorization"), Some("Bearer secret-token"));
    let body = String::from_utf8_lossy(&seen.body);
    assert!(
        !body.to_ascii_lowercase().contains("authorization"),
        "{body}"
    );
    assert!(
        !body.contains("smuggled") && !body.contains("secret-token"),
        "{body}"
    );
    assert!(body.contains(r#""ConsistencyLevel":"eventual""#), "{body}");
}

#[tokio::test]
async fn the_relative_url_is_what_a_single_call_sends_after_the_base() {
    let (server, client) =
        batch_server(|_, item| ok(item, json!({"id": "a", "displayName": "A"}))).await;
    let call = || {
        Call::<User>::request(&client, Method::GET, "/users/a%20b%2Fc/é")
            .query_param("$filter", "startswith(displayName,'A&B') and x eq 1")
            .query_param("$select", "id,displayName")
    };
    let direct = call().into_request().unwrap().send_raw().await;
    assert_eq!(direct.unwrap_err().status(), Some(404)); // not a batch: refused, but seen
    let mut batch = client.batch();
    let t = batch.add(call());
    let mut answers = batch.send().await.unwrap();
    answers.take(t).unwrap();
    let seen = server.seen();
    let direct_target = seen[0].target.strip_prefix("/v1.0").unwrap();
    let url = posted(&server)[0][0]["url"].as_str().unwrap().to_owned();
    assert_eq!(url, direct_target);
    assert!(url.starts_with("/users/a%20b%2Fc/%C3%A9?$filter="), "{url}");
    assert!(url.contains("%26"), "{url}"); // the & inside the value stays encoded
}

#[tokio::test]
async fn a_later_post_that_fails_is_the_error_of_its_items_and_the_earlier_answers_are_kept() {
    let server = serve(|n, seen, _| {
        if n == 0 {
            let body: Value = serde_json::from_slice(&seen.body).unwrap();
            let responses: Vec<Value> = body["requests"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| ok(item, json!({"id": "a", "displayName": "A"})).unwrap())
                .collect();
            json(200, json!({ "responses": responses }))
        } else {
            json(
                400,
                json!({"error": {"code": "BadRequest", "message": "Invalid batch payload"}}),
            )
        }
    })
    .await;
    let client = client(&server);
    let mut batch = client.batch();
    let tickets: Vec<_> = (0..25)
        .map(|i| {
            batch.add(Call::<User>::request(
                &client,
                Method::GET,
                format!("/users/{i}"),
            ))
        })
        .collect();
    let mut answers = batch.send().await.unwrap();
    assert_eq!(answers.posts(), 1);
    for (i, t) in tickets.into_iter().enumerate() {
        match answers.take(t) {
            Ok(user) => {
                assert!(i < 20, "{i}");
                assert_eq!(user.id, "a");
            }
            Err(e) => {
                assert!(i >= 20, "{i}: {e}");
                assert_eq!(e.graph().and_then(|g| g.code()), Some("BadRequest"));
            }
        }
    }
}

#[tokio::test]
async fn a_first_post_that_fails_fails_the_send_and_the_post_itself_is_retried_when_throttled() {
    let server = serve(|n, _, _| match n {
        0 => reply(429, &[("retry-after", "0")], ""),
        _ => json(
            401,
            json!({"error": {"code": "InvalidAuthenticationToken", "message": "expired"}}),
        ),
    })
    .await;
    let client = client(&server);
    let mut batch = client.batch();
    let _t = batch.add(Call::<User>::request(&client, Method::GET, "/users/a"));
    let err = batch.send().await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(server.seen().len(), 2);
    assert_eq!(
        server.seen()[1].header("authorization"),
        Some("Bearer secret-token")
    );
}

#[tokio::test]
async fn an_empty_batch_sends_nothing() {
    let (server, client) = batch_server(|_, _| None).await;
    let answers = client.batch().send().await.unwrap();
    assert!(answers.is_empty());
    assert_eq!(answers.posts(), 0);
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn a_body_labelled_json_goes_inline_only_when_it_is_json() {
    let (server, client) =
        batch_server(|_, item| Some(json!({"id": item["id"], "status": 204}))).await;
    let mut batch = client.batch();
    let json_bytes = batch.add(Call::<NoContent>::with_bytes(
        &client,
        Method::PUT,
        "/a",
        "application/json; charset=utf-8",
        br#"{"a": 1}"#.to_vec(),
    ));
    let not_json = batch.add(Call::<NoContent>::with_bytes(
        &client,
        Method::PUT,
        "/b",
        "application/json",
        b"{not json".to_vec(),
    ));
    let mut answers = batch.send().await.unwrap();
    answers.take(json_bytes).unwrap();
    answers.take(not_json).unwrap();
    let items = &posted(&server)[0];
    assert_eq!(items[0]["body"], json!({"a": 1}));
    assert_eq!(
        items[0]["headers"]["Content-Type"],
        "application/json; charset=utf-8"
    );
    let sent = base64::engine::general_purpose::STANDARD
        .decode(items[1]["body"].as_str().unwrap())
        .unwrap();
    assert_eq!(sent, b"{not json");
}
