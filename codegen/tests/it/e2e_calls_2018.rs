//! The generated calls-2018 client (the committed golden crate, `calls-2018-golden`) against
//! a real HTTP server on 127.0.0.1: what goes on the wire, and what comes back typed.
//!
//! Bodies are the docs' own examples, read from the corpus at test time, so the test checks
//! the claim users rely on: the example a page shows can be sent and received through the
//! typed API without losing anything.
//!
//! These tests live in docspec-codegen rather than in the golden crate's `tests/` because
//! the golden's `Cargo.toml` is generated and cannot declare the dev-dependencies (axum,
//! tokio) a server needs.

use crate::calls_2018::*;
use calls::runtime::{Client, QueryOptions, RetryPolicy, StaticToken};
use calls_2018_golden as calls;
use futures_util::StreamExt;
use serde_json::{json, Value};
use std::time::Duration;

fn client(server: &Server) -> Client {
    Client::builder()
        .base_url(&server.base)
        .token_provider(StaticToken::new("test-token"))
        // Quick backoff; a `Retry-After` is still honoured as sent.
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::from_millis(10)))
        .build()
        .expect("client for the loopback server")
}

/// The generated client over [`client`].
fn graph(server: &Server) -> calls::Graph {
    calls::Graph::new(client(server))
}

/// The first path of `create_participant`, `/app/calls/{id}/participants`.
fn app(call_id: &str) -> calls::CreateParticipantPath<'_> {
    calls::CreateParticipantPath::App { call_id }
}

#[tokio::test]
async fn create_participant_sends_the_docs_example_and_decodes_the_201_example() {
    let Some(api) = calls_2018_api() else {
        return;
    };
    let (request, response) = create_participant_example(&api);
    let answer = response.clone();
    let server = serve(move |_, _, _| json(201, &answer)).await;
    let client = client(&server);

    let body: calls::Participant =
        serde_json::from_value(request.clone()).expect("the example request is a Participant");
    let created = calls::Graph::new(client.clone())
        .create_participant(app("call-1"), &body)
        .await
        .expect("201 decodes");
    let created_app = calls::Graph::new(client.clone())
        .create_participant(
            calls::CreateParticipantPath::Application {
                application_id: "app-7",
                call_id: "call-1",
            },
            &body,
        )
        .await
        .expect("201 decodes");

    let hits = server.hits();
    assert_eq!(hits.len(), 2);
    let paths: Vec<&str> = hits.iter().map(|h| h.raw_path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/app/calls/call-1/participants",
            "/applications/app-7/calls/call-1/participants"
        ]
    );
    for hit in &hits {
        assert_eq!(hit.method, "POST");
        assert_eq!(hit.header("content-type"), Some("application/json"));
        assert_eq!(hit.header("authorization"), Some("Bearer test-token"));
        assert_eq!(hit.json(), request, "the server got the docs' example body");
    }

    // Decoding and re-encoding the 201 example loses nothing.
    for decoded in [&created, &created_app] {
        assert_eq!(serde_json::to_value(decoded).unwrap(), response);
    }
    // Including a member the example has but the resource page does not list.
    let participant = api.type_named("participant").expect("participant type");
    let listed = |name: &str| participant.properties.iter().any(|p| p.name == name);
    let unlisted: Vec<&String> = response
        .as_object()
        .expect("object body")
        .keys()
        .filter(|k| !listed(k))
        .collect();
    assert_eq!(unlisted, ["isTyping"], "the example's unlisted members");
    assert_eq!(
        created.additional_properties.get("isTyping"),
        response.get("isTyping")
    );
    assert_eq!(created.id.as_deref(), response["id"].as_str());
}

#[tokio::test]
async fn a_graph_error_body_becomes_the_typed_error() {
    let Some(api) = calls_2018_api() else {
        return;
    };
    let (request, _) = create_participant_example(&api);
    let error = json!({"error": {
        "code": "Request_ResourceNotFound",
        "message": "The call does not exist.",
        "innerError": {"request-id": "6c4d1a2b-0000-4000-8000-000000000001", "date": "2021-07-16T00:00:00"}
    }});
    let server = serve(move |_, _, _| json(404, &error)).await;
    let body: calls::Participant = serde_json::from_value(request).unwrap();

    let err = graph(&server)
        .create_participant(app("missing"), &body)
        .await
        .expect_err("404 is an error");

    assert_eq!(err.status(), Some(404));
    let graph = err.graph().expect("a typed Graph error");
    assert_eq!(graph.code(), Some("Request_ResourceNotFound"));
    assert_eq!(graph.message(), Some("The call does not exist."));
    assert_eq!(
        graph.request_id(),
        Some("6c4d1a2b-0000-4000-8000-000000000001")
    );
    assert_eq!(server.hits().len(), 1, "a 404 is not retried");
}

#[tokio::test]
async fn a_throttled_create_is_retried_after_retry_after_then_succeeds() {
    let Some(api) = calls_2018_api() else {
        return;
    };
    let (request, response) = create_participant_example(&api);
    let answer = response.clone();
    let throttled = json!({"error": {"code": "TooManyRequests", "message": "Slow down."}});
    let server = serve(move |_, n, _| match n {
        0 => json_with(429, &[("retry-after", "1")], &throttled),
        _ => json(201, &answer),
    })
    .await;
    let body: calls::Participant = serde_json::from_value(request.clone()).unwrap();

    let created = graph(&server)
        .create_participant(app("call-1"), &body)
        .await
        .expect("the retry succeeds");

    assert_eq!(serde_json::to_value(&created).unwrap(), response);
    let hits = server.hits();
    assert_eq!(hits.len(), 2, "one throttled attempt, one retry");
    assert_eq!(hits[1].json(), request, "the retry re-sends the same body");
    assert_eq!(
        hits[0].header("client-request-id"),
        hits[1].header("client-request-id"),
        "a retry is the same request"
    );
}

/// The single segment between `/app/calls/` and `/participants` in a raw path.
fn call_segment(raw_path: &str) -> Option<&str> {
    raw_path
        .strip_prefix("/app/calls/")?
        .strip_suffix("/participants")
        .filter(|s| !s.contains('/'))
}

#[tokio::test]
async fn an_id_with_reserved_characters_reaches_the_server_as_one_segment() {
    let Some(api) = calls_2018_api() else {
        return;
    };
    let (request, response) = create_participant_example(&api);
    let server = serve(move |_, _, _| json(201, &response)).await;
    let client = client(&server);
    let body: calls::Participant = serde_json::from_value(request).unwrap();

    let ids = ["a/b?c#d%e..f g", "%2E%2E", "../x", "..."];
    for id in ids {
        calls::Graph::new(client.clone())
            .create_participant(app(id), &body)
            .await
            .unwrap_or_else(|e| panic!("id {id:?}: {e}"));
    }

    let hits = server.hits();
    assert_eq!(hits.len(), ids.len());
    for (id, hit) in ids.iter().zip(&hits) {
        let segment = call_segment(&hit.raw_path).unwrap_or_else(|| {
            panic!(
                "id {id:?} arrived as path {:?}, not one segment",
                hit.raw_path
            )
        });
        assert!(hit.query.is_none(), "id {id:?} leaked a query: {hit:?}");
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        assert_eq!(decoded, *id, "raw path {:?}", hit.raw_path);
    }
}

#[tokio::test]
async fn a_dot_segment_id_is_refused_rather_than_sent_elsewhere() {
    let Some(api) = calls_2018_api() else {
        return;
    };
    let (request, response) = create_participant_example(&api);
    let server = serve(move |_, _, _| json(201, &response)).await;
    let client = client(&server);
    let body: calls::Participant = serde_json::from_value(request).unwrap();

    // No URL library following the WHATWG URL standard can put `.` or `..` (encoded or not)
    // in a path, so the only safe outcomes are: it arrives as one segment, or nothing is sent.
    for id in [".", ".."] {
        let result = calls::Graph::new(client.clone())
            .create_participant(app(id), &body)
            .await;
        for hit in server.hits() {
            let segment = call_segment(&hit.raw_path).unwrap_or_else(|| {
                panic!("id {id:?} was sent to {:?}, another resource", hit.raw_path)
            });
            let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
            assert_eq!(decoded, id);
        }
        if server.hits().is_empty() {
            assert!(
                matches!(result, Err(calls::runtime::Error::InvalidRequest(_))),
                "id {id:?}: nothing was sent, yet {result:?}"
            );
        }
    }
}

/// Three pages of participants (2, 2 and 1), each built from the list page's example item
/// with its own id, linked by absolute `@odata.nextLink`s to the server itself.
async fn paged_server(api: &docspec_codegen::model::Api) -> (Server, Vec<Value>) {
    let ex = example(endpoint(api, "call_list_participants"), false, 200);
    let template = ex
        .response
        .as_ref()
        .and_then(|r| r.body.as_ref())
        .and_then(|b| b.value()["value"].get(0).cloned())
        .expect("the list example has an item");
    let items: Vec<Value> = (1..=5)
        .map(|i| {
            let mut item = template.clone();
            item["id"] = json!(format!("participant-{i}"));
            item
        })
        .collect();
    let pages = items.clone();
    let server = serve(move |hit, _, base| {
        let page: usize = match hit.query.as_deref() {
            None => 0,
            Some(q) => q
                .strip_prefix("$skiptoken=")
                .and_then(|n| n.parse().ok())
                .unwrap_or(usize::MAX),
        };
        let Some(chunk) = pages.chunks(2).nth(page) else {
            return json(
                400,
                &json!({"error": {"code": "badPage", "message": "no such page"}}),
            );
        };
        let mut body = json!({ "value": chunk });
        if page < 2 {
            body["@odata.nextLink"] =
                json!(format!("{base}{}?$skiptoken={}", hit.raw_path, page + 1));
        }
        json(200, &body)
    })
    .await;
    (server, items)
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn list_participants_follows_next_links_to_the_last_page() {
    let Some(api) = calls_2018_api() else {
        return;
    };
    let (server, items) = paged_server(&api).await;
    let client = client(&server);

    let mut page = calls::Graph::new(client.clone())
        .list_participants(calls::ListParticipantsPath::App { call_id: "call-1" })
        .options(&QueryOptions::default())
        .await
        .expect("first page");
    let mut got = Vec::new();
    let mut pages = 1;
    loop {
        got.extend(page.value.iter().map(|p| serde_json::to_value(p).unwrap()));
        match page.next(&client).await.expect("next page") {
            Some(next) => {
                page = next;
                pages += 1;
            }
            None => break,
        }
    }

    assert_eq!(pages, 3);
    assert_eq!(got, items, "every item, in order, unchanged");
    let hits = server.hits();
    assert_eq!(hits.len(), 3);
    assert!(hits
        .iter()
        .all(|h| h.method == "GET" && h.raw_path == "/app/calls/call-1/participants"));
}

#[tokio::test]
async fn list_participants_stream_yields_every_item_across_pages() {
    let Some(api) = calls_2018_api() else {
        return;
    };
    let (server, items) = paged_server(&api).await;
    let client = client(&server);

    let graph = calls::Graph::new(client);
    let got: Vec<calls::Participant> = graph
        .list_participants(calls::ListParticipantsPath::Application {
            application_id: "app-7",
            call_id: "call-1",
        })
        .options(&QueryOptions::default())
        .stream()
        .map(|r| r.expect("every page loads"))
        .collect()
        .await;
    let stream: Vec<calls::Participant> = graph
        .list_participants(calls::ListParticipantsPath::App { call_id: "call-1" })
        .options(&QueryOptions::default())
        .stream()
        .map(|r| r.expect("every page loads"))
        .collect()
        .await;

    let as_json: Vec<Value> = stream
        .iter()
        .map(|p| serde_json::to_value(p).unwrap())
        .collect();
    assert_eq!(as_json, items);
    assert_eq!(
        ids(&got
            .iter()
            .map(|p| serde_json::to_value(p).unwrap())
            .collect::<Vec<_>>()),
        ids(&items)
    );
    let hits = server.hits();
    assert_eq!(hits.len(), 6, "three pages per stream");
    assert!(hits[..3]
        .iter()
        .all(|h| h.raw_path == "/applications/app-7/calls/call-1/participants"));
    let queries: Vec<Option<&str>> = hits[3..].iter().map(|h| h.query.as_deref()).collect();
    assert_eq!(queries, [None, Some("$skiptoken=1"), Some("$skiptoken=2")]);
}
