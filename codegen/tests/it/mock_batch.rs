//! The mock's JSON batching (`POST /$batch`) over real HTTP on loopback, against the
//! project's own calls docs (`docs/`).
#![cfg(feature = "mock")]

use docspec_codegen::mock::{MockServer, BATCH_ENDPOINT, MAX_BATCH_REQUESTS, STATUS_KNOB};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs");

async fn start() -> MockServer {
    MockServer::start_apis(docspec_codegen::load(&[DOCS]).apis)
        .await
        .expect("docs serve")
}

/// Posts `body` (raw text) to `path` on the mock as JSON.
async fn post_raw(server: &MockServer, path: &str, body: &str) -> reqwest::Response {
    Client::new()
        .post(format!("{}{path}", server.url()))
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("answered")
}

/// Sends a batch to `/v1.0/$batch` and returns its status and JSON answer.
async fn batch(server: &MockServer, body: &Value) -> (StatusCode, Value) {
    let resp = post_raw(server, "/v1.0/$batch", &body.to_string()).await;
    let status = resp.status();
    (status, resp.json().await.expect("JSON answer"))
}

/// The answer of item `id` in a batch answer.
fn item<'a>(answer: &'a Value, id: &str) -> &'a Value {
    answer["responses"]
        .as_array()
        .expect("responses")
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no response {id} in {answer}"))
}

#[tokio::test]
async fn a_batch_runs_each_item_through_the_routes() {
    let server = start().await;
    let (status, answer) = batch(
        &server,
        &json!({"requests": [
            {"id": "1", "method": "GET", "url": "/app/calls/c-1?$select=state"},
            {"id": "2", "method": "POST", "url": "app/calls/c-1/participants/p-2/mute",
             "headers": {"Content-Type": "application/json"},
             "body": {"clientContext": "ctx-9"}},
            {"id": "3", "method": "DELETE", "url": "/app/calls/c-1", "dependsOn": ["1", "2"]},
            {"id": "4", "method": "GET", "url": "/app/nothing/here"},
            {"id": "5", "method": "GET", "url": "/app/calls/c-1", "dependsOn": ["4"]},
        ]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let ids: Vec<&str> = answer["responses"]
        .as_array()
        .expect("responses")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"], "in the batch's order");

    let get = item(&answer, "1");
    assert_eq!(get["status"], 200, "{get}");
    assert_eq!(get["headers"]["Content-Type"], "application/json");
    assert!(get["body"]["id"].is_string(), "the example call: {get}");

    let mute = item(&answer, "2");
    assert_eq!(mute["status"], 200, "{mute}");
    assert_eq!(mute["body"]["status"], "completed");

    let delete = item(&answer, "3");
    assert_eq!(delete["status"], 204, "{delete}");
    assert!(delete.get("body").is_none(), "no body for 204: {delete}");

    let missing = item(&answer, "4");
    assert_eq!(missing["status"], 404);
    assert_eq!(missing["body"]["error"]["code"], "ResourceNotFound");

    let dependent = item(&answer, "5");
    assert_eq!(dependent["status"], 424, "{dependent}");
    assert_eq!(dependent["body"]["error"]["code"], "FailedDependency");

    // Each item that ran is recorded as a request of its own, then the batch.
    let received = server.received();
    let seen: Vec<(&str, &str, u16)> = received
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str(), r.status))
        .collect();
    assert_eq!(
        seen,
        [
            ("GET", "/v1.0/app/calls/c-1", 200),
            ("POST", "/v1.0/app/calls/c-1/participants/p-2/mute", 200),
            ("DELETE", "/v1.0/app/calls/c-1", 204),
            ("GET", "/v1.0/app/nothing/here", 404),
            ("POST", "/v1.0/$batch", 200),
        ]
    );
    assert_eq!(received[0].query.as_deref(), Some("$select=state"));
    assert_eq!(received[0].endpoint.as_deref(), Some("call-get"));
    assert_eq!(received[1].body, Some(json!({"clientContext": "ctx-9"})));
    assert_eq!(received[1].header("content-type"), Some("application/json"));
    assert_eq!(received[4].endpoint.as_deref(), Some(BATCH_ENDPOINT));
    assert_eq!(
        received[4]
            .body
            .as_ref()
            .map(|b| b["requests"].as_array().map(Vec::len)),
        Some(Some(5))
    );
    server.shutdown().await;
}

#[tokio::test]
async fn dependencies_run_first_and_items_are_validated_like_direct_requests() {
    let server = start().await;
    let (status, answer) = batch(
        &server,
        &json!({"requests": [
            {"id": "late", "method": "GET", "url": "/app/calls/a", "dependsOn": ["early"]},
            {"id": "early", "method": "GET", "url": "/app/calls/b"},
            {"id": "bad", "method": "POST", "url": "/app/calls/c/participants/invite",
             "headers": {"Content-Type": "application/json"},
             "body": {"participants": "not a list"}},
        ]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(item(&answer, "late")["status"], 200);
    assert_eq!(item(&answer, "bad")["status"], 400, "{answer}");
    assert_eq!(item(&answer, "bad")["body"]["error"]["code"], "BadRequest");
    let paths: Vec<String> = server.received().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/v1.0/app/calls/b",
            "/v1.0/app/calls/a",
            "/v1.0/app/calls/c/participants/invite",
            "/v1.0/$batch"
        ]
    );
    server.shutdown().await;
}

#[tokio::test]
async fn batch_is_served_under_every_prefix() {
    let server = start().await;
    let body = json!({"requests": [{"id": "1", "method": "GET", "url": "/app/calls/x"}]});
    for path in ["/$batch", "/v1.0/$batch", "/beta/$batch"] {
        let resp = post_raw(&server, path, &body.to_string()).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        let answer: Value = resp.json().await.expect("json");
        assert_eq!(item(&answer, "1")["status"], 200, "{path}: {answer}");
    }
    let prefixes: Vec<String> = server
        .received()
        .into_iter()
        .filter(|r| r.endpoint.as_deref() == Some("call-get"))
        .map(|r| r.path)
        .collect();
    assert_eq!(
        prefixes,
        ["/app/calls/x", "/v1.0/app/calls/x", "/beta/app/calls/x"]
    );
    let resp = Client::new()
        .get(format!("{}/v1.0/$batch", server.url()))
        .send()
        .await
        .expect("answered");
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(resp.headers()["allow"], "POST");
    server.shutdown().await;
}

#[tokio::test]
async fn bad_batches_are_refused_whole_with_a_graph_error() {
    let server = start().await;
    let get = |id: &str| json!({"id": id, "method": "GET", "url": "/app/calls/x"});
    let too_many: Vec<Value> = (0..=MAX_BATCH_REQUESTS)
        .map(|i| get(&i.to_string()))
        .collect();
    let cases: Vec<(&str, String)> = vec![
        ("not JSON", "{\"requests\": [".to_string()),
        ("empty body", String::new()),
        ("no requests", json!({"values": []}).to_string()),
        ("requests not an array", json!({"requests": {"id": "1"}}).to_string()),
        ("empty requests", json!({"requests": []}).to_string()),
        ("too many", json!({ "requests": too_many }).to_string()),
        ("duplicate ids", json!({"requests": [get("1"), get("1")]}).to_string()),
        (
            "unknown dependency",
            json!({"requests": [get("1"), {"id": "2", "method": "GET", "url": "/x", "dependsOn": ["9"]}]})
                .to_string(),
        ),
        (
            "cycle",
            json!({"requests": [
                {"id": "1", "method": "GET", "url": "/x", "dependsOn": ["2"]},
                {"id": "2", "method": "GET", "url": "/x", "dependsOn": ["1"]},
            ]})
            .to_string(),
        ),
        ("no method", json!({"requests": [{"id": "1", "url": "/x"}]}).to_string()),
        ("no url", json!({"requests": [{"id": "1", "method": "GET"}]}).to_string()),
        ("no id", json!({"requests": [{"method": "GET", "url": "/x"}]}).to_string()),
        ("item not an object", json!({"requests": ["GET /x"]}).to_string()),
        (
            "header not a string",
            json!({"requests": [{"id": "1", "method": "GET", "url": "/x", "headers": {"a": 1}}]})
                .to_string(),
        ),
    ];
    for (what, body) in &cases {
        let resp = post_raw(&server, "/v1.0/$batch", body).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{what}");
        let answer: Value = resp.json().await.expect("error body");
        assert_eq!(answer["error"]["code"], "BadRequest", "{what}: {answer}");
        assert!(
            answer["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{what}: {answer}"
        );
        assert!(
            answer["error"]["innerError"]["request-id"].is_string(),
            "{what}"
        );
    }
    // Nothing ran: only the batches themselves were recorded.
    let received = server.received();
    assert_eq!(received.len(), cases.len());
    assert!(received
        .iter()
        .all(|r| r.endpoint.as_deref() == Some(BATCH_ENDPOINT) && r.status == 400));
    server.shutdown().await;
}

#[tokio::test]
async fn items_that_cannot_be_sent_are_refused_on_their_own() {
    let server = start().await;
    let (status, answer) = batch(
        &server,
        &json!({"requests": [
            {"id": "abs", "method": "GET", "url": "https://graph.microsoft.com/v1.0/app/calls/x"},
            {"id": "nested", "method": "POST", "url": "/$batch",
             "headers": {"Content-Type": "application/json"}, "body": {"requests": []}},
            {"id": "no-type", "method": "POST", "url": "/app/calls/x/participants/p/mute",
             "body": {"clientContext": "c"}},
            {"id": "not-base64", "method": "DELETE", "url": "/app/calls/x",
             "headers": {"Content-Type": "text/plain"}, "body": "%%%"},
            {"id": "bad-method", "method": "G E T", "url": "/app/calls/x"},
            {"id": "fine", "method": "get", "url": "/app/calls/x"},
        ]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for id in ["abs", "nested", "no-type", "not-base64", "bad-method"] {
        let answer = item(&answer, id);
        assert_eq!(answer["status"], 400, "{id}: {answer}");
        assert_eq!(answer["body"]["error"]["code"], "BadRequest", "{id}");
    }
    assert_eq!(item(&answer, "fine")["status"], 200);
    server.shutdown().await;
}

#[tokio::test]
async fn non_json_item_bodies_travel_as_base64() {
    let server = start().await;
    // "hello batch" in base64; DELETE takes no JSON, so the text is accepted as it is.
    let (status, answer) = batch(
        &server,
        &json!({"requests": [
            {"id": "1", "method": "DELETE", "url": "/app/calls/x",
             "headers": {"Content-Type": "text/plain"}, "body": "aGVsbG8gYmF0Y2g="},
        ]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(item(&answer, "1")["status"], 204, "{answer}");
    let received = server.received();
    assert_eq!(received[0].body_len, "hello batch".len());
    assert_eq!(received[0].header("content-type"), Some("text/plain"));
    server.shutdown().await;
}

#[tokio::test]
async fn the_status_knob_throttles_an_item_once() {
    let server = start().await;
    let body = json!({"requests": [
        {"id": "1", "method": "GET", "url": "/app/calls/x", "headers": {STATUS_KNOB: "429"}},
        {"id": "2", "method": "GET", "url": "/app/calls/y", "dependsOn": ["1"]},
    ]});
    let (_, first) = batch(&server, &body).await;
    let throttled = item(&first, "1");
    assert_eq!(throttled["status"], 429, "{first}");
    assert_eq!(throttled["headers"]["Retry-After"], "0");
    assert_eq!(throttled["body"]["error"]["code"], "TooManyRequests");
    assert_eq!(item(&first, "2")["status"], 424);
    // The retry of the same batch goes through.
    let (_, second) = batch(&server, &body).await;
    assert_eq!(item(&second, "1")["status"], 200, "{second}");
    assert_eq!(item(&second, "2")["status"], 200);

    // The knob works on direct requests too, as many times as asked.
    let direct = || {
        Client::new()
            .get(format!("{}/v1.0/app/calls/z", server.url()))
            .header(STATUS_KNOB, "503;times=2")
            .send()
    };
    for _ in 0..2 {
        let resp = direct().await.expect("answered");
        assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(resp.headers()["retry-after"], "0");
    }
    assert_eq!(direct().await.expect("answered").status(), StatusCode::OK);
    let bad = Client::new()
        .get(format!("{}/v1.0/app/calls/z", server.url()))
        .header(STATUS_KNOB, "soon")
        .send()
        .await
        .expect("answered");
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    server.shutdown().await;
}

#[tokio::test]
async fn non_json_answers_travel_as_base64() {
    let mut apis = docspec_codegen::load(&[DOCS]).apis;
    // The docs answer only JSON: give one example a text answer.
    let endpoint = apis[0]
        .endpoints
        .iter_mut()
        .find(|e| e.name == "call-get")
        .expect("call-get");
    let response = endpoint.examples[0]
        .response
        .as_mut()
        .expect("example response");
    response.body = None;
    response.raw_body = Some("plain text".into());
    response.headers = vec![("Content-Type".into(), "text/plain".into())];
    let server = MockServer::start_apis(apis).await.expect("serves");
    let (status, answer) = batch(
        &server,
        &json!({"requests": [{"id": "1", "method": "GET", "url": "/app/calls/x"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let text = item(&answer, "1");
    assert_eq!(text["headers"]["Content-Type"], "text/plain", "{answer}");
    assert_eq!(text["body"], "cGxhaW4gdGV4dA==");
    server.shutdown().await;
}
