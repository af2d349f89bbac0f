//! Binary content over loopback: `$value` answers read whole or streamed, and bodies sent
//! as bytes with their content type.

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::body::Body;
use axum::http::Response;
use common::{json, serve};
use docspec_runtime::{Call, Client, Content, Method, NoContent, StaticToken};
use futures_util::StreamExt;
use serde_json::json;

fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap()
}

fn file(size: usize) -> Vec<u8> {
    (0..size).map(|i| (i * 7 % 256) as u8).collect()
}

#[tokio::test]
async fn value_answers_are_bytes_with_their_content_type_whole_or_streamed() {
    let big = file(1 << 20);
    let body = big.clone();
    let server = serve(move |n, _, _| match n {
        0 => bytes(200, "image/png", vec![0x89, b'P', b'N', b'G', 0, 0xff]),
        1 => bytes(200, "application/octet-stream", body.clone()),
        _ => json(
            404,
            json!({"error": {"code": "itemNotFound", "message": "no"}}),
        ),
    })
    .await;
    let client = Client::new(&server.base, StaticToken::new("t")).unwrap();
    let photo: Content = Call::<Content>::request(&client, Method::GET, "/me/photo/$value")
        .await
        .unwrap();
    assert_eq!(photo.content_type.as_deref(), Some("image/png"));
    assert_eq!(&photo.bytes[..], [0x89, b'P', b'N', b'G', 0, 0xff]);

    let mut stream =
        Call::<Content>::request(&client, Method::GET, "/drive/items/1/content").bytes_stream();
    let mut got = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = stream.next().await {
        got.extend_from_slice(&chunk.unwrap());
        chunks += 1;
    }
    assert_eq!(got, big);
    assert!(chunks >= 1);

    let mut missing =
        Call::<Content>::request(&client, Method::GET, "/drive/items/2/content").bytes_stream();
    let err = missing.next().await.unwrap().unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert!(missing.next().await.is_none());
}

#[tokio::test]
async fn bytes_go_up_with_their_content_type() {
    let server = serve(|_, _, _| bytes(204, "text/plain", Vec::new())).await;
    let client = Client::new(&server.base, StaticToken::new("t")).unwrap();
    let _: NoContent = Call::<NoContent>::with_bytes(
        &client,
        Method::PUT,
        "/me/photo/$value",
        "image/jpeg",
        vec![1u8, 2, 3],
    )
    .await
    .unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].method, "PUT");
    assert_eq!(seen[0].header("content-type"), Some("image/jpeg"));
    assert_eq!(seen[0].body, [1, 2, 3]);
}
