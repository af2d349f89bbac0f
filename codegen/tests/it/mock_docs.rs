//! The mock serving real docs: the project's own `docs/` (every example request must be
//! accepted and answered with its example response, and every link it hands out leads back to
//! it) and the read-only Graph corpus (every example request is answered, none with a server
//! error).
#![cfg(feature = "mock")]

use crate::corpus;

use docspec_codegen::mock::{MockConfig, MockServer};
use docspec_codegen::model::{Api, Example};
use reqwest::{Client, Method};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs");

/// The path and query of an example URL (absolute or relative), version prefix kept.
pub(crate) fn path_and_query(url: &str) -> String {
    let url = url.trim();
    let rest = match url.find("://") {
        Some(i) => url[i + 3..].find('/').map_or("/", |s| &url[i + 3 + s..]),
        None => url,
    };
    let rest = rest.split_whitespace().collect::<Vec<_>>().join("%20");
    if rest.starts_with('/') {
        rest
    } else {
        format!("/{rest}")
    }
}

/// Sends an example's request as written; `None` when it is not an HTTP request at all
/// (a method or URL no client could send), an error when the mock did not answer.
async fn replay(
    client: &Client,
    base: &str,
    example: &Example,
) -> Option<Result<reqwest::Response, reqwest::Error>> {
    let request = example.request.as_ref()?;
    let method = Method::from_bytes(request.method.trim().as_bytes()).ok()?;
    let mut builder = client.request(method, format!("{base}{}", path_and_query(&request.url)));
    if let Some(body) = &request.body {
        builder = builder.json(body);
    } else if let Some(raw) = &request.raw_body {
        builder = builder.body(raw.clone());
    }
    match builder.send().await {
        Err(e) if e.is_builder() => None,
        other => Some(other),
    }
}

/// A client that reports a 3xx as it is: examples redirect to hosts that do not exist here.
fn no_redirects() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client builds")
}

/// The service the docs' absolute URLs are on; the mock serves them moved onto itself.
const GRAPH: &str = "https://graph.microsoft.com";

/// `value` as the mock at `base` serves it: every string on [`GRAPH`] moved onto `base`.
fn served(value: &Value, base: &str) -> Value {
    match value {
        Value::String(s) => match s.strip_prefix(GRAPH) {
            Some(rest) if rest.is_empty() || rest.starts_with(['/', '?', '#']) => {
                Value::String(format!("{base}{rest}"))
            }
            _ => value.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(|v| served(v, base)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), served(v, base)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn load(dir: impl AsRef<Path>) -> Vec<Api> {
    docspec_codegen::load(&[dir.as_ref()]).apis
}

#[tokio::test]
async fn every_example_in_docs_is_accepted_and_answered_with_its_response() {
    let apis = load(DOCS);
    let server = MockServer::start_apis(docspec_codegen::load(&[DOCS]).apis)
        .await
        .expect("docs serve");
    let client = no_redirects();
    let mut replayed = 0;
    for api in &apis {
        for endpoint in &api.endpoints {
            let mut seen_paths = Vec::new();
            for example in &endpoint.examples {
                let (Some(request), Some(want)) = (&example.request, &example.response) else {
                    continue;
                };
                let resp = replay(&client, &server.url(), example)
                    .await
                    .unwrap_or_else(|| panic!("{}: example request not sendable", endpoint.name))
                    .unwrap_or_else(|e| panic!("{}: not answered: {e}", endpoint.name));
                let status = resp.status().as_u16();
                let text = resp.text().await.unwrap_or_default();
                let want_status = want
                    .status
                    .or_else(|| endpoint.responses.first().map(|r| r.status));
                assert_eq!(
                    Some(status),
                    want_status,
                    "{} ({}): {text}",
                    endpoint.name,
                    request.url
                );
                // When two examples share a URL, the first one answers both.
                let key = path_and_query(&request.url);
                if !seen_paths.contains(&key) {
                    let mut got: Option<Value> = serde_json::from_str(&text).ok();
                    let want_body = want
                        .body
                        .as_ref()
                        .map(|b| served(&b.value(), &server.url()));
                    // An upload session is served with the mock's own upload URL.
                    if let (Some(got), Some(want)) = (&mut got, &want_body) {
                        if let Some(url) = got.get_mut("uploadUrl") {
                            let own = format!("{}/_docspec/upload/", server.url());
                            assert!(url.as_str().is_some_and(|u| u.starts_with(&own)), "{url}");
                            *url = want["uploadUrl"].clone();
                        }
                    }
                    assert_eq!(got, want_body, "{} ({})", endpoint.name, request.url);
                    seen_paths.push(key);
                }
                replayed += 1;
            }
        }
    }
    assert!(replayed > 0, "docs/ has no example pairs to replay");
    eprintln!("replayed {replayed} example(s) from docs/");
}

/// The links in one answer, each with whether a client follows it at once: `Location` and
/// `@odata.nextLink` yes, `@odata.deltaLink` no (it is kept for the next round of changes, and
/// asking it again answers with itself).
async fn links_of(resp: reqwest::Response) -> Vec<(String, bool)> {
    let mut links: Vec<(String, bool)> = resp
        .headers()
        .get_all("location")
        .iter()
        .filter_map(|v| Some((v.to_str().ok()?.to_owned(), true)))
        .collect();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    for (key, follow) in [("@odata.nextLink", true), ("@odata.deltaLink", false)] {
        if let Some(link) = body.get(key).and_then(Value::as_str) {
            links.push((link.to_string(), follow));
        }
    }
    links
}

#[tokio::test]
async fn every_link_in_docs_answers_leads_back_to_the_mock_and_paging_ends() {
    let apis = load(DOCS);
    let server = MockServer::start_apis(docspec_codegen::load(&[DOCS]).apis)
        .await
        .expect("docs serve");
    let client = no_redirects();
    let mut followed = 0;
    for endpoint in apis.iter().flat_map(|a| &a.endpoints) {
        for example in &endpoint.examples {
            let Some(Ok(resp)) = replay(&client, &server.url(), example).await else {
                continue;
            };
            let mut pending = links_of(resp).await;
            // A chain of pages ends well before it could have visited every example twice.
            let mut budget = 2 * endpoint.examples.len() + 2;
            while let Some((link, follow)) = pending.pop() {
                assert!(
                    link.starts_with(&format!("{}/", server.url())),
                    "{}: {link} does not lead back to the mock",
                    endpoint.name
                );
                if !follow {
                    continue;
                }
                assert!(budget > 0, "{}: the links never end", endpoint.name);
                budget -= 1;
                let resp = client.get(&link).send().await.expect("answered");
                assert_eq!(resp.status().as_u16(), 200, "{}: {link}", endpoint.name);
                pending.extend(links_of(resp).await);
                followed += 1;
            }
        }
    }
    assert!(followed > 0, "no example in docs/ hands out a link");
    eprintln!("followed {followed} link(s) from docs/ answers");
}

#[tokio::test]
async fn corpus_examples_are_all_answered_without_server_errors() {
    let Some(corpus) = corpus::dir("") else {
        return;
    };
    // MOCK_DOCS_VERBOSE=1 prints why each example request was refused.
    let verbose = std::env::var("MOCK_DOCS_VERBOSE").as_deref() == Ok("1");
    for folder in ["calls-2018", "graph-2021-07/api-reference/v1.0"] {
        let apis: Vec<Arc<Api>> = load(corpus.join(folder))
            .into_iter()
            .map(Arc::new)
            .collect();
        let server =
            MockServer::start_with(apis.clone(), MockServer::LOOPBACK, MockConfig::default())
                .await
                .expect("corpus serves");
        let client = no_redirects();
        let mut by_status: BTreeMap<u16, usize> = BTreeMap::new();
        let mut unsent = 0;
        for endpoint in apis.iter().flat_map(|a| &a.endpoints) {
            for example in &endpoint.examples {
                if example.request.is_none() {
                    continue;
                }
                match replay(&client, &server.url(), example).await {
                    Some(Err(e)) => panic!("{}: not answered: {e}", endpoint.name),
                    Some(Ok(resp)) => {
                        let status = resp.status().as_u16();
                        assert!(status < 500, "{}: {status}", endpoint.name);
                        if verbose && status >= 400 {
                            let text = resp.text().await.unwrap_or_default();
                            eprintln!("{status} {}: {text}", endpoint.name);
                        }
                        *by_status.entry(status).or_default() += 1;
                    }
                    None => unsent += 1,
                }
            }
        }
        let total: usize = by_status.values().sum();
        assert!(total > 0, "{folder}: no example was answered");
        eprintln!("{folder}: {total} example requests answered by status {by_status:?}; {unsent} not sendable");
        server.shutdown().await;
    }
}
