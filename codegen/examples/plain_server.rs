//! The baseline for `benches/mock_load.sh`: the least an axum server can do to send the same
//! bytes the mock sends (a fixed status, content type and body for every request), so the
//! benchmark's ratio shows what routing, example selection and recording cost.
//!
//! `cargo run --release --example plain_server -- ADDR BODY_FILE [STATUS] [CONTENT_TYPE]`

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[cfg(feature = "mock")]
fn main() -> std::process::ExitCode {
    use axum::body::Bytes;
    use axum::http::{header, HeaderValue, StatusCode};
    use axum::response::Response;
    use std::process::ExitCode;

    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(addr), Some(body_file)) = (args.first(), args.get(1)) else {
        eprintln!("usage: plain_server ADDR BODY_FILE [STATUS] [CONTENT_TYPE]");
        return ExitCode::FAILURE;
    };
    let body = match std::fs::read(body_file) {
        Ok(b) => Bytes::from(b),
        Err(e) => {
            eprintln!("error: {body_file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let status = args
        .get(2)
        .and_then(|s| s.parse::<u16>().ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let content_type = args
        .get(3)
        .and_then(|c| HeaderValue::from_str(c).ok())
        .unwrap_or(HeaderValue::from_static("application/json"));

    let app = axum::Router::new().fallback(move || {
        let body = body.clone();
        let content_type = content_type.clone();
        async move {
            let mut response = Response::new(axum::body::Body::from(body));
            *response.status_mut() = status;
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, content_type);
            response
        }
    });
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(addr.as_str()).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: cannot bind {addr}: {e}");
                return ExitCode::FAILURE;
            }
        };
        if let Ok(local) = listener.local_addr() {
            println!("serving on http://{local}");
        }
        match axum::serve(listener, app).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

#[cfg(not(feature = "mock"))]
fn main() {
    eprintln!("plain_server needs the `mock` feature (axum and tokio)");
}
