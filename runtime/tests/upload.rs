//! Large-file upload over loopback against a server that speaks the upload-session protocol
//! (ranges, `nextExpectedRanges`, the final item), fails when told to, and records every
//! request: resume after a failed range, cancel, progress, and never an `Authorization`.

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{json, reply, serve, Seen};
use docspec_runtime::upload::RANGE_UNIT;
use docspec_runtime::{Client, Error, LargeFileUpload, StaticToken};
use serde::Deserialize;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Deserialize)]
struct Item {
    id: String,
    size: u64,
}

/// How the fake session misbehaves.
#[derive(Clone, Copy, PartialEq)]
enum Fault {
    None,
    /// The second PUT stores half its bytes, then answers 500.
    HalfThenFail,
    /// The second PUT answers 202 expecting a byte far past the range.
    WrongRange,
}

/// An upload session holding what it received.
struct Session {
    size: u64,
    data: Vec<u8>,
    puts: usize,
    fault: Fault,
}

fn content_range(seen: &Seen) -> (u64, u64, u64) {
    let v = seen.header("content-range").unwrap();
    let (range, total) = v.trim_start_matches("bytes ").split_once('/').unwrap();
    let (a, b) = range.split_once('-').unwrap();
    (
        a.parse().unwrap(),
        b.parse().unwrap(),
        total.parse().unwrap(),
    )
}

async fn session(size: u64, fault: Fault) -> (common::Server, Arc<Mutex<Session>>) {
    let state = Arc::new(Mutex::new(Session {
        size,
        data: Vec::new(),
        puts: 0,
        fault,
    }));
    let s = state.clone();
    let server = serve(move |_, seen, _| {
        let mut st = s.lock().unwrap();
        let expected =
            |st: &Session| json!({"nextExpectedRanges": [format!("{}-", st.data.len())]});
        match seen.method.as_str() {
            "GET" => json(200, expected(&st)),
            "DELETE" => {
                st.data.clear();
                reply(204, &[], "")
            }
            "PUT" => {
                st.puts += 1;
                let (start, end, total) = content_range(seen);
                assert_eq!(total, st.size);
                assert_eq!(seen.body.len() as u64, end - start + 1);
                if start != st.data.len() as u64 {
                    return json(
                        416,
                        json!({"error": {"code": "invalidRange", "message": "gap"}}),
                    );
                }
                if st.puts == 2 && st.fault == Fault::HalfThenFail {
                    let half = seen.body.len() / 2;
                    st.data.extend_from_slice(&seen.body[..half]);
                    return json(
                        500,
                        json!({"error": {"code": "generalException", "message": "x"}}),
                    );
                }
                st.data.extend_from_slice(&seen.body);
                if st.puts == 2 && st.fault == Fault::WrongRange {
                    return json(
                        202,
                        json!({"nextExpectedRanges": [format!("{}-", st.size + 7)]}),
                    );
                }
                if st.data.len() as u64 == st.size {
                    json(201, json!({"id": "item-1", "size": st.size}))
                } else {
                    json(202, expected(&st))
                }
            }
            _ => reply(405, &[], ""),
        }
    })
    .await;
    (server, state)
}

fn file(size: usize) -> Vec<u8> {
    (0..size).map(|i| (i % 251) as u8).collect()
}

fn upload(client: &Client, server: &common::Server) -> LargeFileUpload {
    LargeFileUpload::new(client, &format!("{}/up/session?tempauth=abc", server.base))
        .unwrap()
        .range_size(RANGE_UNIT)
        .unwrap()
        .retries(2, Duration::ZERO)
}

fn client() -> Client {
    // The API's own base URL: the upload URL is elsewhere and never gets this token.
    Client::new("http://127.0.0.1:9/v1.0", StaticToken::new("graph-token")).unwrap()
}

#[tokio::test]
async fn uploads_in_ranges_with_progress_and_no_authorization() {
    let size = 3 * RANGE_UNIT + 1000;
    let (server, state) = session(size as u64, Fault::None).await;
    let progress = Arc::new(Mutex::new(Vec::new()));
    let p = progress.clone();
    let source = file(size);
    let item: Item = upload(&client(), &server)
        .on_progress(move |sent, total| p.lock().unwrap().push((sent, total)))
        .upload(&source[..], size as u64)
        .await
        .unwrap();
    assert_eq!((item.id.as_str(), item.size), ("item-1", size as u64));
    assert_eq!(state.lock().unwrap().data, source);
    let seen = server.seen();
    assert_eq!(seen.len(), 4, "one PUT per range");
    assert!(seen.iter().all(|s| s.header("authorization").is_none()));
    assert_eq!(
        content_range(&seen[3]),
        (3 * RANGE_UNIT as u64, size as u64 - 1, size as u64)
    );
    let u = RANGE_UNIT as u64;
    assert_eq!(
        *progress.lock().unwrap(),
        [
            (u, size as u64),
            (2 * u, size as u64),
            (3 * u, size as u64),
            (size as u64, size as u64)
        ]
    );
}

#[tokio::test]
async fn a_failed_range_resumes_from_what_the_session_expects() {
    let size = 3 * RANGE_UNIT;
    let (server, state) = session(size as u64, Fault::HalfThenFail).await;
    let source = file(size);
    let item: Item = upload(&client(), &server)
        .upload(&source[..], size as u64)
        .await
        .unwrap();
    assert_eq!(item.size, size as u64);
    assert_eq!(
        state.lock().unwrap().data,
        source,
        "no byte lost or repeated"
    );
    let seen = server.seen();
    let methods: Vec<&str> = seen.iter().map(|s| s.method.as_str()).collect();
    assert_eq!(methods, ["PUT", "PUT", "GET", "PUT", "PUT"]);
    // The resumed PUT sends only the half the session did not store.
    let half = (RANGE_UNIT / 2) as u64;
    assert_eq!(
        content_range(&seen[3]),
        (
            RANGE_UNIT as u64 + half,
            2 * RANGE_UNIT as u64 - 1,
            size as u64
        )
    );
    assert!(seen.iter().all(|s| s.header("authorization").is_none()));
}

#[tokio::test]
async fn an_unexpected_range_is_an_error() {
    let size = 3 * RANGE_UNIT;
    let (server, _) = session(size as u64, Fault::WrongRange).await;
    let err = upload(&client(), &server)
        .upload::<Item>(&file(size)[..], size as u64)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidResponse(_)), "{err:?}");
}

#[tokio::test]
async fn cancel_status_and_bad_input() {
    let (server, state) = session(10, Fault::None).await;
    let up = upload(&client(), &server);
    // A reader shorter than the size it claims.
    let err = up.upload::<Item>(&b"12345"[..], 10).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(up.status().await.unwrap().next_expected(), Some(0));
    up.cancel().await.unwrap();
    assert!(state.lock().unwrap().data.is_empty());
    assert!(up.clone().range_size(1000).is_err());
    assert!(LargeFileUpload::new(&client(), "file:///etc/passwd").is_err());
    // The URL authorizes by itself: Debug shows only its host.
    let debug = format!("{up:?}");
    assert!(!debug.contains("tempauth"), "{debug}");
}
