//! A 20-request JSON batch over loopback: `Batch` (typed calls in, the `$batch` body written,
//! sent like any call, the answer parsed and each item read as its typed model) against what
//! a user writes by hand with reqwest and serde_json (the same body built by hand, POSTed,
//! `responses` parsed into typed structs), same server, sides interleaved over `ROUNDS`
//! rounds of `PER_ROUND` batches each. Prints the median time of one batch for each and the
//! ratio (target: at most 1.10x), against a hand-written client configured with the timeouts
//! `Client` sets on its own, and against `reqwest::Client::new()`. No assertion: timings
//! depend on the machine (and on a loaded 2-core machine, vary by a few percent run to run).
//!
//! `cargo bench -p docspec-runtime --bench batch`

// Measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use axum::body::Body;
use axum::http::{Response, StatusCode};
use axum::Router;
use docspec_runtime::{Batch, Call, Client, Method, StaticToken};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::{Duration, Instant};

const ITEMS: usize = 20;
const ROUNDS: usize = 101;
const PER_ROUND: usize = 40;

#[derive(Debug, Deserialize, PartialEq)]
struct User {
    id: String,
    #[serde(rename = "displayName")]
    display_name: String,
    mail: Option<String>,
    #[serde(rename = "accountEnabled")]
    account_enabled: bool,
}

/// A `$batch` endpoint answering every GET item with a small user, in reverse order.
async fn server() -> String {
    let app = Router::new().fallback(|req: axum::extract::Request| async move {
        let body = axum::body::to_bytes(req.into_body(), usize::MAX)
            .await
            .unwrap();
        let body: Value = serde_json::from_slice(&body).unwrap();
        let mut out = String::from(r#"{"responses":["#);
        for (k, item) in body["requests"].as_array().unwrap().iter().rev().enumerate() {
            if k > 0 {
                out.push(',');
            }
            let id = item["id"].as_str().unwrap();
            out.push_str(&format!(
                r#"{{"id":"{id}","status":200,"headers":{{"Content-Type":"application/json;odata.metadata=minimal"}},"body":{{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users/$entity","id":"user-{id}","displayName":"User number {id}","mail":"user{id}@contoso.example","accountEnabled":true}}}}"#
            ));
        }
        out.push_str("]}");
        Response::builder()
            .status(StatusCode::OK)
            .header("content-type", "application/json")
            .body(Body::from(out))
            .unwrap()
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

async fn with_docspec(client: &Client) -> Vec<User> {
    let mut batch = Batch::new(client);
    let tickets: Vec<_> = (0..ITEMS)
        .map(|i| {
            batch.add(
                Call::<User>::request(client, Method::GET, format!("/users/user-{i}"))
                    .query_param("$select", "id,displayName,mail,accountEnabled"),
            )
        })
        .collect();
    let mut answers = batch.send().await.unwrap();
    tickets
        .into_iter()
        .map(|t| answers.take(t).unwrap())
        .collect()
}

#[derive(Serialize)]
struct Req {
    id: String,
    method: &'static str,
    url: String,
}

#[derive(Serialize)]
struct Requests {
    requests: Vec<Req>,
}

#[derive(Deserialize)]
struct Responses {
    responses: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    id: String,
    status: u16,
    body: User,
}

/// What a user without docspec writes: the batch body by hand, one POST, typed parse.
async fn by_hand(http: &reqwest::Client, url: &str) -> Vec<User> {
    let requests = Requests {
        requests: (0..ITEMS)
            .map(|i| Req {
                id: (i + 1).to_string(),
                method: "GET",
                url: format!("/users/user-{i}?$select=id,displayName,mail,accountEnabled"),
            })
            .collect(),
    };
    let body = serde_json::to_vec(&requests).unwrap();
    let resp = http
        .post(url)
        .bearer_auth("t")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    let bytes = resp.bytes().await.unwrap();
    let parsed: Responses = serde_json::from_slice(&bytes).unwrap();
    let mut slots: Vec<Option<User>> = (0..ITEMS).map(|_| None).collect();
    for item in parsed.responses {
        assert_eq!(item.status, 200);
        let i: usize = item.id.parse().unwrap();
        slots[i - 1] = Some(item.body);
    }
    slots.into_iter().map(Option::unwrap).collect()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let base = server().await;
    let client = Client::new(format!("{base}/v1.0"), StaticToken::new("t")).unwrap();
    // Configured as `Client` configures its own: a whole-request timeout costs a timer per
    // request, which the comparison should not count against the batch path.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(100))
        .connect_timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let bare = reqwest::Client::new();
    let url = format!("{base}/v1.0/$batch");
    // Warm the connections, and check every side reads the same.
    let users = with_docspec(&client).await;
    assert_eq!(users, by_hand(&http, &url).await);
    assert_eq!(users, by_hand(&bare, &url).await);
    let (mut ours, mut theirs, mut bare_times) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let started = Instant::now();
        for _ in 0..PER_ROUND {
            std::hint::black_box(with_docspec(&client).await);
        }
        ours.push(started.elapsed() / PER_ROUND as u32);
        let started = Instant::now();
        for _ in 0..PER_ROUND {
            std::hint::black_box(by_hand(&http, &url).await);
        }
        theirs.push(started.elapsed() / PER_ROUND as u32);
        let started = Instant::now();
        for _ in 0..PER_ROUND {
            std::hint::black_box(by_hand(&bare, &url).await);
        }
        bare_times.push(started.elapsed() / PER_ROUND as u32);
    }
    let (a, b, c) = (median(ours), median(theirs), median(bare_times));
    println!(
        "{ITEMS}-request $batch over loopback, median of {ROUNDS} rounds of {PER_ROUND}: \
         Batch {a:.2?}, reqwest + serde_json by hand {b:.2?} (same timeouts), ratio {:.3}x \
         (target <= 1.10x); by hand on reqwest::Client::new() (no timeout) {c:.2?}, ratio {:.3}x",
        a.as_secs_f64() / b.as_secs_f64(),
        a.as_secs_f64() / c.as_secs_f64()
    );
}
