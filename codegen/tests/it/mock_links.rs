//! The mock points the documented service's links back at itself, and tells examples sent to
//! one path apart by their query, so a client can page and poll against it. Runs over real
//! HTTP on loopback against the widget-shop fixture (`mock_fixture.json`) with examples added
//! here.
#![cfg(feature = "mock")]

use docspec_codegen::mock::MockServer;
use docspec_codegen::model::{Api, Example};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const GRAPH: &str = "https://graph.microsoft.com";

/// An example pair in the model's JSON shape.
fn example(method: &str, url: &str, status: u16, headers: Value, body: Value) -> Example {
    serde_json::from_value(json!({
        "name": null,
        "request": {
            "method": method, "url": url, "headers": [], "body": null,
            "source": {"file": "api/links.md", "line": 1}
        },
        "response": {
            "status": status, "headers": headers, "body": body,
            "truncated": false, "is_collection": true,
            "source": {"file": "api/links.md", "line": 2}
        }
    }))
    .expect("example shape")
}

fn page(ids: &[&str], next: Option<&str>) -> Value {
    let mut body = json!({
        "@odata.context": format!("{GRAPH}/v1.0/$metadata#widgets"),
        "value": ids.iter().map(|id| json!({"id": id, "name": "w"})).collect::<Vec<_>>(),
    });
    if let Some(next) = next {
        body["@odata.nextLink"] = json!(next);
    }
    body
}

/// The fixture, with `widget-list` documented as three pages (the third asked for with its
/// parameters in another order than the second page's link writes them) and `widget-paint`
/// answering with links on the documented service and elsewhere.
fn api() -> Api {
    let mut api: Api =
        serde_json::from_str(include_str!("../mock_fixture.json")).expect("fixture model parses");
    let ct = json!([["Content-Type", "application/json"]]);
    for endpoint in &mut api.endpoints {
        match endpoint.name.as_str() {
            "widget-list" => {
                endpoint.examples = vec![
                    example(
                        "GET",
                        &format!("{GRAPH}/v1.0/widgets"),
                        200,
                        ct.clone(),
                        page(
                            &["a", "b"],
                            Some(&format!("{GRAPH}/v1.0/widgets?$skiptoken=p2")),
                        ),
                    ),
                    example(
                        "GET",
                        &format!("{GRAPH}/v1.0/widgets?$skiptoken=p2"),
                        200,
                        ct.clone(),
                        page(
                            &["c"],
                            Some(&format!("{GRAPH}/v1.0/widgets?$skiptoken=p3&$top=1")),
                        ),
                    ),
                    example(
                        "GET",
                        "/widgets?$top=1&$skiptoken=p3",
                        200,
                        ct.clone(),
                        page(&["d"], None),
                    ),
                ];
            }
            "widget-paint" => {
                endpoint.examples = vec![example(
                    "POST",
                    &format!("{GRAPH}/v1.0/widgets/w-1/paint"),
                    202,
                    json!([
                        [
                            "Location",
                            format!("{GRAPH}/v1.0/widgets/w-1/operations/op-1")
                        ],
                        ["Content-Location", format!("{GRAPH}/beta/widgets/w-1")],
                        ["Link-Elsewhere", format!("{GRAPH}/v1.0/widgets/w-1")],
                        ["Content-Type", "application/json"],
                    ]),
                    json!({
                        "id": "op-1",
                        "resource": format!("{GRAPH}/beta/widgets/w-1?$select=id"),
                        "nested": [{"link": format!("{GRAPH}/v1.0/shops")}],
                        "elsewhere": "https://api.example.test/v1.0/widgets/w-1",
                        "lookalike": format!("{GRAPH}.example.test/v1.0/widgets"),
                        "sentence": format!("see {GRAPH}/v1.0/widgets"),
                    }),
                )];
            }
            _ => {}
        }
    }
    api
}

async fn start() -> MockServer {
    MockServer::start(api(), MockServer::LOOPBACK)
        .await
        .expect("mock binds")
}

async fn get(url: &str) -> Value {
    let resp = reqwest::get(url).await.expect("answered");
    assert_eq!(resp.status(), StatusCode::OK, "{url}");
    resp.json().await.expect("JSON body")
}

fn ids(page: &Value) -> Vec<String> {
    page["value"]
        .as_array()
        .map(|v| {
            v.iter()
                .filter_map(|w| w["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn next_links_lead_back_to_the_mock_until_the_last_page() {
    let server = start().await;
    let mut url = format!("{}/v1.0/widgets", server.url());
    let mut seen = Vec::new();
    for _ in 0..10 {
        let page = get(&url).await;
        seen.extend(ids(&page));
        match page["@odata.nextLink"].as_str() {
            Some(next) => {
                assert!(next.starts_with(&server.url()), "{next}");
                url = next.to_string();
            }
            None => break,
        }
    }
    assert_eq!(seen, ["a", "b", "c", "d"]);
    // Path and query are kept as the docs wrote them.
    let page_one = get(&format!("{}/widgets", server.url())).await;
    assert_eq!(
        page_one["@odata.nextLink"],
        format!("{}/v1.0/widgets?$skiptoken=p2", server.url())
    );
    assert_eq!(
        page_one["@odata.context"],
        format!("{}/v1.0/$metadata#widgets", server.url())
    );
}

#[tokio::test]
async fn the_example_with_the_same_query_is_preferred_then_the_same_path() {
    let server = start().await;
    let base = server.url();
    let cases = [
        ("/v1.0/widgets", vec!["a", "b"]),
        ("/v1.0/widgets?$skiptoken=p2", vec!["c"]),
        ("/beta/widgets?%24skiptoken=p2", vec!["c"]),
        ("/widgets?$SkipToken=p2&", vec!["c"]),
        ("/widgets?$skiptoken=p3&$top=1", vec!["d"]),
        ("/widgets?$top=1&$skiptoken=p3", vec!["d"]),
        // Values are compared exactly, and a query no example was sent with falls back to
        // the first example sent to the path.
        ("/widgets?$skiptoken=P2", vec!["a", "b"]),
        ("/widgets?$skiptoken=p3", vec!["a", "b"]),
        ("/widgets?$top=5", vec!["a", "b"]),
    ];
    for (path, want) in cases {
        assert_eq!(ids(&get(&format!("{base}{path}")).await), want, "{path}");
    }
}

#[tokio::test]
async fn link_headers_and_string_values_on_the_documented_service_are_rewritten() {
    let server = start().await;
    let base = server.url();
    let resp = Client::new()
        .post(format!("{base}/v1.0/widgets/w-1/paint"))
        .json(&json!({"shade": "red"}))
        .send()
        .await
        .expect("answered");
    assert_eq!(resp.status(), StatusCode::ACCEPTED);
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(
        header("location"),
        Some(format!("{base}/v1.0/widgets/w-1/operations/op-1"))
    );
    assert_eq!(
        header("content-location"),
        Some(format!("{base}/beta/widgets/w-1"))
    );
    // Only headers that are links to follow are moved.
    assert_eq!(
        header("link-elsewhere"),
        Some(format!("{GRAPH}/v1.0/widgets/w-1"))
    );
    let body: Value = resp.json().await.expect("JSON body");
    assert_eq!(
        body,
        json!({
            "id": "op-1",
            "resource": format!("{base}/beta/widgets/w-1?$select=id"),
            "nested": [{"link": format!("{base}/v1.0/shops")}],
            "elsewhere": "https://api.example.test/v1.0/widgets/w-1",
            "lookalike": format!("{GRAPH}.example.test/v1.0/widgets"),
            "sentence": format!("see {GRAPH}/v1.0/widgets"),
        })
    );
}

#[test]
fn a_thread_mock_links_to_its_own_port() {
    let mock = MockServer::spawn_blocking_thread(api()).expect("mock starts");
    let url = mock.url();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let page = runtime.block_on(get(&format!("{url}/v1.0/widgets")));
    assert_eq!(
        page["@odata.nextLink"],
        format!("{url}/v1.0/widgets?$skiptoken=p2")
    );
}
