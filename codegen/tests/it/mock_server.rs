//! The mock server over real HTTP on loopback, against a small hand-written model
//! (`mock_fixture.json`: a widget shop, written for these tests).
#![cfg(feature = "mock")]

use docspec_codegen::mock::{MockServer, MAX_BODY_BYTES};
use docspec_codegen::model::{Api, ExampleResponse};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

fn fixture() -> Api {
    serde_json::from_str(include_str!("../mock_fixture.json")).expect("fixture model parses")
}

/// The `n`th example response of endpoint `name` in the fixture.
fn example(api: &Api, name: &str, n: usize) -> ExampleResponse {
    api.endpoint_named(name)
        .and_then(|e| e.examples.get(n))
        .and_then(|e| e.response.clone())
        .expect("fixture example")
}

async fn start() -> (MockServer, Api) {
    let api = fixture();
    let server = MockServer::start(api.clone(), MockServer::LOOPBACK)
        .await
        .expect("mock binds");
    (server, api)
}

async fn send(
    server: &MockServer,
    method: Method,
    path: &str,
    body: Option<&str>,
) -> reqwest::Response {
    let mut req = Client::new().request(method, format!("{}{path}", server.url()));
    if let Some(b) = body {
        req = req
            .header("Content-Type", "application/json")
            .body(b.to_string());
    }
    req.send().await.expect("request is answered")
}

/// Asserts a Graph-style error object and returns its code and message.
async fn graph_error(resp: reqwest::Response) -> (String, String) {
    let body: Value = resp.json().await.expect("error body is JSON");
    let error = &body["error"];
    let inner = &error["innerError"];
    assert!(
        inner["request-id"].as_str().is_some_and(|s| s.len() == 36),
        "{body}"
    );
    assert!(
        inner["date"].as_str().is_some_and(|s| s.len() == 19),
        "{body}"
    );
    (
        error["code"].as_str().unwrap_or_default().to_string(),
        error["message"].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn route_answers_with_the_example_body_byte_for_byte() {
    let (server, api) = start().await;
    let expected = example(&api, "widget-get", 0);
    let resp = send(&server, Method::GET, "/widgets/w-1", None).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/json");
    let text = resp.text().await.expect("body");
    // Key order is the docs' order (not sorted): the text equals the example serialized.
    let want = serde_json::to_string(&expected.body.expect("example has a body")).expect("json");
    assert_eq!(text, want);
}

#[tokio::test]
async fn placeholders_match_any_single_segment_and_alternative_paths() {
    let (server, api) = start().await;
    let expected = example(&api, "widget-get", 0).body.map(|b| b.value());
    for path in [
        "/widgets/another-id",
        "/shops/s9/widgets/x",
        "/WIDGETS/w-1/",
    ] {
        let resp = send(&server, Method::GET, path, None).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        assert_eq!(resp.json::<Value>().await.ok(), expected, "{path}");
    }
    let resp = send(&server, Method::GET, "/widgets/a/b", None).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn version_prefixes_are_accepted() {
    let (server, api) = start().await;
    let expected = example(&api, "widget-get", 0).body.map(|b| b.value());
    for prefix in ["/v1.0", "/beta", ""] {
        let resp = send(&server, Method::GET, &format!("{prefix}/widgets/w-1"), None).await;
        assert_eq!(resp.status(), StatusCode::OK, "{prefix}");
        assert_eq!(resp.json::<Value>().await.ok(), expected, "{prefix}");
    }
    let resp = send(&server, Method::GET, "/v2.0/widgets/w-1", None).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn literal_segments_win_over_placeholders() {
    let (server, api) = start().await;
    let resp = send(&server, Method::GET, "/v1.0/widgets/delta", None).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.json::<Value>().await.ok(),
        example(&api, "widget-delta", 0).body.map(|b| b.value())
    );
}

#[tokio::test]
async fn the_example_sent_to_the_same_path_is_preferred() {
    let (server, api) = start().await;
    let first = example(&api, "widget-create", 0);
    let second = example(&api, "widget-create", 1);
    let cases = [
        ("/v1.0/shops/s2/widgets", &second),
        ("/shops/s2/widgets", &second),
        ("/v1.0/shops/s1/widgets", &first),
        ("/v1.0/shops/other/widgets", &first),
        ("/widgets", &first),
    ];
    for (path, want) in cases {
        let resp = send(&server, Method::POST, path, Some(r#"{"name":"n"}"#)).await;
        assert_eq!(
            resp.status().as_u16(),
            want.status.unwrap_or_default(),
            "{path}"
        );
        assert_eq!(
            resp.json::<Value>().await.ok(),
            want.body.as_ref().map(|b| b.value()),
            "{path}"
        );
    }
}

#[tokio::test]
async fn example_headers_are_kept_and_content_length_is_real() {
    let (server, api) = start().await;
    let want = example(&api, "widget-create", 0);
    let location = want
        .headers
        .iter()
        .find(|(n, _)| n == "Location")
        .map(|(_, v)| v.clone())
        .expect("fixture has a Location");
    let resp = send(
        &server,
        Method::POST,
        "/shops/s1/widgets",
        Some(r#"{"name":"n"}"#),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_eq!(resp.headers()["location"], location.as_str());
    assert!(resp.headers().contains_key("request-id"));
    let declared: usize = resp.headers()["content-length"]
        .to_str()
        .ok()
        .and_then(|v| v.parse().ok())
        .expect("content-length");
    let body = resp.bytes().await.expect("body");
    assert_eq!(declared, body.len());
}

#[tokio::test]
async fn no_body_responses_and_endpoints_without_examples() {
    let (server, _) = start().await;
    let resp = send(&server, Method::DELETE, "/widgets/w-1", None).await;
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert!(resp.bytes().await.expect("body").is_empty());

    let resp = send(
        &server,
        Method::POST,
        "/widgets/w-1/paint",
        Some(r#"{"shade":"red","coats":2}"#),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::ACCEPTED);
    assert!(resp.headers().contains_key("location"));
    assert!(resp.bytes().await.expect("body").is_empty());

    // `widget-list` has no example: its documented 200 with an empty collection page.
    let resp = send(&server, Method::GET, "/widgets", None).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.json::<Value>().await.ok(), Some(json!({"value": []})));
}

#[tokio::test]
async fn bodies_that_do_not_fit_the_request_type_get_graph_400s() {
    let (server, _) = start().await;
    let cases = [
        (r#"{"name": 5}"#, "name"),
        (r#"{"name": "x", "size": 2.5}"#, "size"),
        (r#"{"name": "x", "size": 3000000000}"#, "size"),
        (
            r#"{"name": "x", "dimensions": {"width": "wide"}}"#,
            "dimensions.width",
        ),
        (r#"{"name": "x", "dimensions": []}"#, "dimensions"),
        (
            r#"{"name": "x", "parts": [{"count": 1}, {"count": "3"}]}"#,
            "parts[1].count",
        ),
        (r#"{"name": "x", "parts": {"count": 1}}"#, "parts"),
        (r#"{"name": "x", "tags": ["a", false]}"#, "tags[1]"),
        (r#"{"name": "x", "color": "purple"}"#, "purple"),
        (r#"{"name": "x", "color": 1}"#, "color"),
        (r#"{"size": 1}"#, "name"),
        (
            r##"{"@odata.type": "#example.shop.gadget", "name": "x", "power": "yes"}"##,
            "power",
        ),
        (r#"{"name": "x",}"#, "not valid JSON"),
        (r#"[1, 2]"#, "object"),
        ("", "empty"),
    ];
    for (body, mentions) in cases {
        let resp = send(&server, Method::POST, "/widgets", Some(body)).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{body}");
        let (code, message) = graph_error(resp).await;
        assert_eq!(code, "BadRequest");
        assert!(message.contains(mentions), "{body}: {message}");
    }
}

#[tokio::test]
async fn lenient_where_the_docs_are_incomplete() {
    let (server, _) = start().await;
    let ok = [
        r#"{"name": "x", "notInTheDocs": {"any": [1]}}"#,
        r#"{"name": "x", "size": null, "color": "blue", "tags": []}"#,
        r#"{"name": "x", "parts@odata.bind": ["https://x/parts/1"]}"#,
        r##"{"@odata.type": "#example.shop.gadget", "name": "x", "power": true, "size": 4}"##,
    ];
    for body in ok {
        let resp = send(&server, Method::POST, "/widgets", Some(body)).await;
        assert_eq!(resp.status(), StatusCode::CREATED, "{body}");
    }
}

#[tokio::test]
async fn odata_decorations_the_templates_leave_out_still_route() {
    let (server, _) = start().await;
    // `$count` is never an id: it reaches the collection, not `/widgets/{id}`.
    let resp = send(&server, Method::GET, "/v1.0/widgets/$count", None).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.json::<Value>().await.ok(), Some(json!({"value": []})));
    // A type cast on a collection reaches the collection's POST.
    let resp = send(
        &server,
        Method::POST,
        "/widgets/example.shop.gadget",
        Some(r#"{"name":"g"}"#),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    // Function arguments as written, different, or left out.
    for path in [
        "/widgets/w1/history(since='2020-01-01')",
        "/widgets/w1/history(since=%272020-01-01%27,until='x')",
        "/widgets/w1/history()",
        "/widgets/w1/history",
    ] {
        let resp = send(&server, Method::GET, path, None).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
    }
    let got = server.received();
    assert!(got
        .iter()
        .skip(2)
        .all(|r| r.endpoint.as_deref() == Some("widget-history")));
}

#[tokio::test]
async fn updates_references_and_enum_case_are_accepted() {
    let (server, _) = start().await;
    // A PATCH sends only what changes: `name` is required on create, not on update.
    let resp = send(
        &server,
        Method::PATCH,
        "/widgets/w1",
        Some(r#"{"size": 3}"#),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    // ... but what it sends is still checked.
    let resp = send(
        &server,
        Method::PATCH,
        "/widgets/w1",
        Some(r#"{"size": "3"}"#),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    // A reference to an existing resource is not checked as a new one.
    let resp = send(
        &server,
        Method::POST,
        "/widgets",
        Some(r#"{"@odata.id": "https://api.example.test/v1.0/widgets/w-7"}"#),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    // Enum members compare without case, as the service does.
    let resp = send(
        &server,
        Method::POST,
        "/widgets/w1/paint",
        Some(r#"{"shade": "RED"}"#),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn parameter_tables_are_validated() {
    let (server, _) = start().await;
    for (body, mentions) in [
        (r#"{"coats": 1}"#, "shade"),
        (r#"{"shade": "mauve"}"#, "mauve"),
        (r#"{"shade": "red", "coats": "two"}"#, "coats"),
        (
            r#"{"shade": "red", "finish": {"width": true}}"#,
            "finish.width",
        ),
    ] {
        let resp = send(&server, Method::POST, "/widgets/w-1/paint", Some(body)).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{body}");
        let (_, message) = graph_error(resp).await;
        assert!(message.contains(mentions), "{body}: {message}");
    }
}

/// Two pages documenting one route (as Graph documents `POST /me/events` both for creating an
/// event and for creating one with an extended property): the request is served by the first
/// page whose body it fits, and refused with the first page's objections when it fits none.
#[tokio::test]
async fn a_route_two_pages_document_is_served_by_the_page_the_body_fits() {
    use docspec_codegen::model::{Parameter, RequestBody, TypeRef};
    let mut api = fixture();
    let paint = api
        .endpoint_named("widget-paint")
        .expect("fixture endpoint")
        .clone();
    let mut primer = paint.clone();
    primer.name = "widget-prime".to_string();
    primer.request_body = Some(RequestBody::Parameters {
        represents: None,
        parameters: vec![Parameter {
            name: "primer".to_string(),
            ty: TypeRef::single("String"),
            description: None,
            required: true,
        }],
    });
    let answer = primer
        .examples
        .first_mut()
        .and_then(|x| x.response.as_mut())
        .expect("widget-paint has an example response");
    // widget-paint answers `202`; this page answers `201`.
    answer.status = Some(201);
    // Tried first: the route table keeps the model's order.
    api.endpoints.insert(0, primer);
    let server = MockServer::start(api, MockServer::LOOPBACK)
        .await
        .expect("mock binds");

    // Each body is served by the page it fits, the one fitting neither by the first page.
    let mut last = None;
    for (body, status) in [
        (r#"{"shade": "red"}"#, StatusCode::ACCEPTED),
        (r#"{"primer": "grey"}"#, StatusCode::CREATED),
        (r#"{"coats": 1}"#, StatusCode::BAD_REQUEST),
    ] {
        let resp = send(&server, Method::POST, "/widgets/w-1/paint", Some(body)).await;
        assert_eq!(resp.status(), status, "{body}");
        last = Some(resp);
    }
    let resp = last.expect("three requests sent");
    let (_, message) = graph_error(resp).await;
    assert!(
        message.contains("primer"),
        "the first page's objection: {message}"
    );

    let served: Vec<Option<String>> = server.received().into_iter().map(|r| r.endpoint).collect();
    assert_eq!(
        served,
        [
            Some("widget-paint".to_string()),
            Some("widget-prime".to_string()),
            Some("widget-prime".to_string()),
        ]
    );
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405() {
    let (server, api) = start().await;
    let resp = send(&server, Method::GET, "/gizmos/1", None).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let (code, _) = graph_error(resp).await;
    assert_eq!(code, "ResourceNotFound");

    let resp = send(&server, Method::PUT, "/widgets/w-1", Some("{}")).await;
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    let allow = resp.headers()["allow"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    let mut documented: Vec<String> = api
        .endpoints
        .iter()
        .filter(|e| e.paths.iter().any(|p| p == "/widgets/{id}"))
        .map(|e| e.method.clone())
        .collect();
    documented.sort();
    assert_eq!(allow, documented.join(", "));
    let (code, _) = graph_error(resp).await;
    assert_eq!(code, "MethodNotAllowed");
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_and_the_server_goes_on() {
    let (server, _) = start().await;
    let big = format!(r#"{{"name": "{}"}}"#, "x".repeat(2 * MAX_BODY_BYTES));
    let resp = send(&server, Method::POST, "/widgets", Some(&big)).await;
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let (code, _) = graph_error(resp).await;
    assert_eq!(code, "RequestEntityTooLarge");

    // Just under the limit is read and validated.
    let fits = format!(r#"{{"name": "{}"}}"#, "x".repeat(MAX_BODY_BYTES - 20));
    let resp = send(&server, Method::POST, "/widgets", Some(&fits)).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn what_was_received_is_recorded() {
    let (server, _) = start().await;
    let resp = Client::new()
        .post(format!(
            "{}/v1.0/shops/caf%C3%A9%2F1/widgets?$select=id,name",
            server.url()
        ))
        .header("Authorization", "Bearer t0ken")
        .header("client-request-id", "abc-123")
        .json(&json!({"name": "n", "size": 3}))
        .send()
        .await
        .expect("answered");
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_eq!(resp.headers()["client-request-id"], "abc-123");
    send(&server, Method::GET, "/nowhere", None).await;

    let got = server.received();
    assert_eq!(got.len(), 2);
    let first = &got[0];
    assert_eq!(first.method, "POST");
    assert_eq!(first.path, "/v1.0/shops/caf%C3%A9%2F1/widgets");
    assert_eq!(first.query.as_deref(), Some("$select=id,name"));
    assert_eq!(first.header("authorization"), Some("Bearer t0ken"));
    assert_eq!(first.body, Some(json!({"name": "n", "size": 3})));
    assert_eq!(first.endpoint.as_deref(), Some("widget-create"));
    assert_eq!(first.status, 201);
    assert_eq!(got[1].status, 404);
    assert_eq!(got[1].endpoint, None);

    server.clear_received();
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn a_thousand_sequential_requests_all_succeed() {
    let (server, _) = start().await;
    let client = Client::new();
    let mut ok = 0;
    for i in 0..1000 {
        let (method, path, body) = match i % 3 {
            0 => (Method::GET, format!("/v1.0/widgets/w-{i}"), None),
            1 => (
                Method::POST,
                "/widgets".to_string(),
                Some(r#"{"name":"n"}"#),
            ),
            _ => (Method::GET, "/widgets/delta".to_string(), None),
        };
        let mut req = client.request(method, format!("{}{path}", server.url()));
        if let Some(b) = body {
            req = req.header("Content-Type", "application/json").body(b);
        }
        if let Ok(resp) = req.send().await {
            if resp.status().is_success() && resp.bytes().await.is_ok() {
                ok += 1;
            }
        }
    }
    assert_eq!(ok, 1000);
    assert_eq!(server.received().len(), 1000);
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let (server, _) = start().await;
    let url = server.url();
    assert!(reqwest::get(format!("{url}/widgets")).await.is_ok());
    server.shutdown().await;
    assert!(reqwest::get(format!("{url}/widgets")).await.is_err());
}

/// Sends one HTTP/1.1 request with std only and returns the status line.
fn blocking_status_line(addr: std::net::SocketAddr, path: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr)?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )?;
    let mut text = String::new();
    stream.read_to_string(&mut text)?;
    Ok(text.lines().next().unwrap_or_default().to_string())
}

#[test]
fn runs_on_its_own_thread_for_blocking_callers() {
    let mock = MockServer::spawn_blocking_thread(fixture()).expect("mock starts");
    assert!(mock.url().starts_with("http://127.0.0.1:"));
    let line = blocking_status_line(mock.addr(), "/v1.0/widgets/w-1").expect("answered");
    assert_eq!(line, "HTTP/1.1 200 OK");
    assert_eq!(mock.received().len(), 1);
    let addr = mock.addr();
    mock.shutdown();
    assert!(blocking_status_line(addr, "/widgets").is_err());
}

#[test]
fn lists_its_routes() {
    let mock = MockServer::spawn_blocking_thread(fixture()).expect("mock starts");
    let routes = mock.routes();
    let api = fixture();
    let expected: usize = api.endpoints.iter().map(|e| e.paths.len()).sum();
    assert_eq!(routes.len(), expected);
    assert!(routes.iter().any(|r| r.method == "POST"
        && r.path == "/widgets/{id}/paint"
        && r.endpoint == "widget-paint"));
}
