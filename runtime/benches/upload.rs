//! A 64 MiB large-file upload over loopback: `LargeFileUpload` (ranges, session protocol,
//! resume bookkeeping) against a plain sequential `PUT` of the same ranges with reqwest, same
//! server, sides interleaved over `ROUNDS` rounds. Prints the median time of each and the
//! ratio (target: at most 1.05x), and the process's peak resident memory, which stays near one
//! range: the file is generated as it is read, never held. No assertion: timings depend on the
//! machine.
//!
//! `cargo bench -p docspec-runtime --bench upload`

// Measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use axum::body::Body;
use axum::http::{Response, StatusCode};
use axum::Router;
use docspec_runtime::upload::RANGE_UNIT;
use docspec_runtime::{Client, LargeFileUpload, StaticToken};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::AsyncReadExt;

const SIZE: u64 = 64 << 20;
const RANGE: usize = 10 * RANGE_UNIT;
const ROUNDS: usize = 15;

/// An upload session that keeps only how many bytes it has (the bench measures the client).
async fn server() -> String {
    let received = Arc::new(AtomicU64::new(0));
    let app = Router::new().fallback(move |req: axum::extract::Request| {
        let received = received.clone();
        async move {
            let range = req
                .headers()
                .get("content-range")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let body = axum::body::to_bytes(req.into_body(), usize::MAX)
                .await
                .unwrap();
            let start: u64 = range
                .trim_start_matches("bytes ")
                .split('-')
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            if start == 0 {
                received.store(0, Ordering::SeqCst);
            }
            let now = received.fetch_add(body.len() as u64, Ordering::SeqCst) + body.len() as u64;
            let (status, json) = if now >= SIZE {
                (
                    StatusCode::CREATED,
                    format!(r#"{{"id":"item","size":{now}}}"#),
                )
            } else {
                (
                    StatusCode::ACCEPTED,
                    format!(r#"{{"nextExpectedRanges":["{now}-"]}}"#),
                )
            };
            Response::builder()
                .status(status)
                .header("content-type", "application/json")
                .body(Body::from(json))
                .unwrap()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

/// A 64 MiB file that exists only as it is read.
fn file() -> impl tokio::io::AsyncRead + Unpin {
    tokio::io::repeat(0x5a).take(SIZE)
}

async fn with_docspec(client: &Client, url: &str) -> Duration {
    let started = Instant::now();
    let item: serde_json::Value = LargeFileUpload::new(client, url)
        .unwrap()
        .range_size(RANGE)
        .unwrap()
        .upload(file(), SIZE)
        .await
        .unwrap();
    assert_eq!(item["size"], SIZE);
    started.elapsed()
}

/// What a user without docspec writes: read a range, PUT it, repeat.
async fn by_hand(http: &reqwest::Client, url: &str) -> Duration {
    let started = Instant::now();
    let mut reader = file();
    let mut buf = vec![0u8; RANGE];
    let mut offset = 0u64;
    while offset < SIZE {
        let len = (SIZE - offset).min(RANGE as u64) as usize;
        reader.read_exact(&mut buf[..len]).await.unwrap();
        let resp = http
            .put(url)
            .header(
                "content-range",
                format!("bytes {offset}-{}/{SIZE}", offset + len as u64 - 1),
            )
            .body(buf[..len].to_vec())
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success());
        resp.bytes().await.unwrap();
        offset += len as u64;
    }
    started.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Peak resident memory of this process (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

#[tokio::main]
async fn main() {
    let base = server().await;
    let url = format!("{base}/upload/session?tempauth=bench");
    let client = Client::new("http://127.0.0.1:9/v1.0", StaticToken::new("t")).unwrap();
    let http = reqwest::Client::new();
    // Warm the connections.
    with_docspec(&client, &url).await;
    by_hand(&http, &url).await;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        ours.push(with_docspec(&client, &url).await);
        theirs.push(by_hand(&http, &url).await);
    }
    let (a, b) = (median(ours), median(theirs));
    println!(
        "upload 64 MiB in {} KiB ranges: LargeFileUpload {a:.2?}, plain sequential PUT {b:.2?}, ratio {:.3}x (target <= 1.05x)",
        RANGE / 1024,
        a.as_secs_f64() / b.as_secs_f64()
    );
    if let Some(peak) = peak_rss_mib() {
        println!(
            "peak resident memory: {peak:.1} MiB (the file is 64 MiB, one range {:.1} MiB)",
            RANGE as f64 / (1 << 20) as f64
        );
    }
}
