//! Every request/response example in the project's own `docs/` replayed through the crate
//! generated from them (`graph-calls`, feature `contract`) against the mock: the typed call
//! built from the example body sends the example's method, path, query and JSON, and the
//! example response decodes into the typed result and serializes back to the same JSON.
//! docs/ is ours, so every example must pass: a failure is a bug in the emitter, the runtime
//! or the docs.

use docspec_codegen::contract::{self, ContractReport};
use std::path::Path;

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs");

async fn replay_docs() -> ContractReport {
    let loaded = docspec_codegen::load(&[Path::new(DOCS)]);
    let api = loaded.api(None).expect("docs/ resolves to an API");
    contract::run(api, |client, call| async move {
        graph_calls::contract::invoke(&client, &call).await
    })
    .await
    .expect("the mock starts")
}

#[tokio::test]
async fn every_docs_example_round_trips_through_graph_calls() {
    let report = replay_docs().await;
    println!("{}", report.summary_with(usize::MAX));
    let loaded = docspec_codegen::load(&[Path::new(DOCS)]);
    let examples: usize = loaded
        .apis
        .iter()
        .flat_map(|a| &a.endpoints)
        .map(|e| e.examples.len())
        .sum();
    assert!(examples > 0, "docs/ has examples");
    assert_eq!(report.total(), examples, "every example is counted once");
    assert!(
        report.failed.is_empty() && report.untestable.is_empty(),
        "{}",
        report.summary_with(usize::MAX)
    );
    assert_eq!(report.passed, examples);
}

/// The runner must catch a client that gets an example wrong: replaying docs/ through a
/// dispatch that drops the typed result fails every example with a response body, and one
/// that sends another id (or an extra body member) fails all of them.
#[tokio::test]
async fn a_wrong_client_is_reported() {
    let loaded = docspec_codegen::load(&[Path::new(DOCS)]);
    let api = loaded.api(None).expect("docs/ resolves to an API");
    let with_body = api
        .endpoints
        .iter()
        .flat_map(|e| &e.examples)
        .filter(|x| {
            x.response
                .as_ref()
                .is_some_and(|r| r.body.as_ref().is_some_and(|b| !b.value().is_null()))
        })
        .count();
    assert!(with_body > 0);
    let report = contract::run(api, |client, call| async move {
        graph_calls::contract::invoke(&client, &call)
            .await
            .map(|_| None)
    })
    .await
    .expect("the mock starts");
    assert_eq!(report.failed.len(), with_body, "{}", report.summary());
    assert!(report
        .failed
        .iter()
        .all(|f| f.reason == "response differs: member missing"));

    let report = contract::run(api, |client, mut call| async move {
        // Another id than the example's, or where the path has none, an extra body member.
        match (call.args.first_mut(), call.body.as_mut()) {
            (Some(first), _) => first.push('x'),
            (None, Some(serde_json::Value::Object(body))) => {
                body.insert("unexpectedMember".into(), 1.into());
            }
            // Neither (a delta function): an extra query parameter.
            (None, _) => call.query = call.query.clone().param("unexpected", "1"),
        }
        graph_calls::contract::invoke(&client, &call).await
    })
    .await
    .expect("the mock starts");
    assert_eq!(report.passed, 0, "{}", report.summary());
    assert!(
        report.failed.iter().all(|f| f.reason == "path differs"
            || f.reason == "request body differs: member added"
            || f.reason == "query differs"),
        "{}",
        report.summary()
    );
}
