//! `contract::check_example_values` (DS0506) over a small docs folder written for this test,
//! and over the Graph v1.0 docs: an example value a generated client could not decode is
//! reported at its example, a well-formed one is not.
#![cfg(feature = "mock")]

use crate::corpus;

use docspec_codegen::contract::check_example_values;
use docspec_codegen::diag::codes;
use docspec_codegen::Diagnostic;
use std::path::Path;

const GADGET: &str = "# gadget resource type\n\n## Properties\n\n\
| Property | Type | Description |\n|:--|:--|:--|\n\
| id | String | The identifier. |\n\
| madeDateTime | DateTimeOffset | When it was made. |\n\
| size | Int32 | How big it is. |\n\
| parts | [part](part.md) collection | What it is made of. |\n";

const PART: &str = "# part resource type\n\n## Properties\n\n\
| Property | Type | Description |\n|:--|:--|:--|\n\
| serial | Guid | The serial number. |\n";

/// An API page: `request` (method and path), the request body section `body`, a `200 OK`
/// or `201 Created` response of `returns`, and one example pair.
fn api_page(
    request: &str,
    body: &str,
    returns: &str,
    example_request: &str,
    example_response: &str,
) -> String {
    format!(
        "# A gadget call\n\n## HTTP request\n\n```http\n{request}\n```\n\n## Request body\n\n{body}\n\n\
         ## Response\n\nIf successful, this method returns {returns}.\n\n## Example\n\n### Request\n\n\
         ```http\n{example_request}\n```\n\n### Response\n\n```http\n{example_response}\n```\n"
    )
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("folder");
    std::fs::write(path, text).expect("page written");
}

fn value_warnings(root: &Path) -> Vec<Diagnostic> {
    let loaded = docspec_codegen::load(&[root]);
    assert!(
        loaded
            .diagnostics
            .iter()
            .all(|d| d.code != codes::EXAMPLE_VALUE.id),
        "loading alone does not check example values"
    );
    check_example_values(&loaded.apis)
}

/// Three pages: `gadget-get` (its response example has bad values), `gadget-list` (fits) and
/// `gadget-create` (its request example has a bad date).
fn gadget_docs(root: &Path) {
    write(root, "resources/gadget.md", GADGET);
    write(root, "resources/part.md", PART);
    write(
        root,
        "api/gadget-get.md",
        &api_page(
            "GET /gadgets/{id}",
            "Do not supply a request body for this method.",
            "a `200 OK` response code and a [gadget](../resources/gadget.md) object",
            "GET https://graph.microsoft.com/v1.0/gadgets/7",
            "HTTP/1.1 200 OK\nContent-Type: application/json\n\n\
             {\"id\": \"7\", \"madeDateTime\": \"datetime-value\", \"size\": \"big\",\n\
             \"parts\": [{\"serial\": \"00000000-0000-0000-0000-000000000001\"}, {\"serial\": \"Guid\"}]}",
        ),
    );
    write(
        root,
        "api/gadget-list.md",
        &api_page(
            "GET /gadgets",
            "Do not supply a request body for this method.",
            "a `200 OK` response code and a collection of [gadget](../resources/gadget.md) objects",
            "GET https://graph.microsoft.com/v1.0/gadgets",
            "HTTP/1.1 200 OK\nContent-Type: application/json\n\n\
             {\"value\": [{\"id\": \"7\", \"madeDateTime\": \"2021-07-13T08:00:00.5Z\", \"size\": 3, \"parts\": []}]}",
        ),
    );
    write(
        root,
        "api/gadget-create.md",
        &api_page(
            "POST /gadgets",
            "In the request body, supply a JSON representation of a [gadget](../resources/gadget.md) object.",
            "a `201 Created` response code and a [gadget](../resources/gadget.md) object",
            "POST https://graph.microsoft.com/v1.0/gadgets\nContent-Type: application/json\n\n\
             {\"madeDateTime\": \"2021-13-45T00:00:00Z\", \"size\": 3}",
            "HTTP/1.1 201 Created\nContent-Type: application/json\n\n\
             {\"id\": \"8\", \"madeDateTime\": \"2021-07-13T08:00:00Z\", \"size\": 3}",
        ),
    );
}

#[test]
fn example_values_that_a_client_cannot_decode_are_reported_at_their_example() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    gadget_docs(root);
    let found = value_warnings(root);
    let at: Vec<(&str, u32)> = found.iter().map(|d| (d.file.as_str(), d.line)).collect();
    // At the request line of the create page's example and the status line of the get
    // page's; the list page's example fits.
    assert_eq!(
        at,
        vec![("api/gadget-create.md", 22), ("api/gadget-get.md", 28)],
        "{found:#?}"
    );
    let (create, get) = (&found[0].message, &found[1].message);
    assert!(
        get.contains("does not fit the `gadget` the page returns"),
        "{get}"
    );
    assert!(
        get.contains("Property 'madeDateTime' must be DateTimeOffset, found \"datetime-value\""),
        "{get}"
    );
    assert!(
        get.contains("Property 'size' must be Int32, found a string"),
        "{get}"
    );
    assert!(
        get.contains("Property 'parts[1].serial' must be Guid, found \"Guid\""),
        "{get}"
    );
    assert!(!get.contains("parts[0]"), "{get}");
    assert!(
        create.contains("the example request does not fit"),
        "{create}"
    );
    assert!(
        create.contains("found \"2021-13-45T00:00:00Z\""),
        "{create}"
    );
    assert!(found.iter().all(|d| d.code == codes::EXAMPLE_VALUE.id));
}

#[test]
fn graph_v1_examples_with_placeholders_are_found() {
    let Some(root) = corpus::dir("graph-2021-07/api-reference/v1.0") else {
        return;
    };
    let found = value_warnings(&root);
    println!("DS0506 over graph v1.0: {} examples", found.len());
    // A response example that writes a time as a placeholder, reported at its status line.
    let conversation = found
        .iter()
        .find(|d| d.file == "api/conversation-get.md")
        .unwrap_or_else(|| panic!("conversation-get is reported: {found:#?}"));
    assert_eq!(conversation.line, 81);
    assert!(
        conversation.message.contains(
            "Property 'lastDeliveredDateTime' must be DateTimeOffset, found \"datetime-value\""
        ),
        "{}",
        conversation.message
    );
    // A date where a DateTimeOffset goes, in a request.
    assert!(
        found.iter().any(|d| d.file == "api/contact-update.md"
            && d.message.starts_with("the example request does not fit")
            && d.message
                .contains("'birthday' must be DateTimeOffset, found \"1974-07-22\"")),
        "contact-update's request is reported"
    );
}

/// A contract failure where the typed client refuses an example that DS0506 reports is the
/// docs' fault, and is counted apart; the same failure on a well-formed example stays a
/// failure. (The client here refuses every body, as a generated one refuses a bad one; the
/// real generated clients are replayed in `contract_v1` and `contract_docs`.)
#[tokio::test]
async fn refusals_of_examples_that_contradict_their_types_are_counted_apart() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    gadget_docs(root);
    let loaded = docspec_codegen::load(&[root]);
    let api = loaded.apis.first().expect("an API");
    let report = docspec_codegen::contract::run(api, |_client, call| async move {
        Err(docspec_runtime::contract::InvokeError::Body(format!(
            "{} does not decode",
            call.endpoint
        )))
    })
    .await
    .expect("the mock starts");
    let ids = |findings: &[docspec_codegen::contract::Finding]| -> Vec<String> {
        findings.iter().map(|f| f.example.clone()).collect()
    };
    assert_eq!(report.total(), 3);
    assert_eq!(report.passed, 0);
    let contradicted = ids(&report.contradicted);
    assert_eq!(contradicted.len(), 2, "{}", report.summary());
    assert!(contradicted
        .iter()
        .any(|id| id.starts_with("api/gadget-create.md:")));
    assert!(contradicted
        .iter()
        .any(|id| id.starts_with("api/gadget-get.md:")));
    let failed = ids(&report.failed);
    assert_eq!(failed.len(), 1, "{}", report.summary());
    assert!(failed[0].starts_with("api/gadget-list.md:"), "{failed:?}");
    assert!(report
        .summary()
        .contains("3 examples: 0 passed, 1 failed, 2 contradict their own page"));
}

/// An example that sends another method than its page's request line, a body with a GET,
/// members its page's table spells otherwise, or shows a body on a `204` its page documents: a client that does what the page says fails on it, and that is
/// counted as the page contradicting itself; the same failure on a page that agrees with its
/// example stays a failure.
#[tokio::test]
async fn failures_where_the_page_contradicts_its_example_are_counted_apart() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    write(root, "resources/gadget.md", GADGET);
    write(root, "resources/part.md", PART);
    let no_body = "Do not supply a request body for this method.";
    let no_content = "a `204 No Content` response code";
    let page = |request: &str, example: &str, answer: &str| {
        api_page(request, no_body, no_content, example, answer)
    };
    let spun = "HTTP/1.1 204 No Content";
    // The page says POST, its example PUT.
    let flip = page(
        "POST /gadgets/{id}/flip",
        "PUT https://graph.microsoft.com/v1.0/gadgets/7/flip",
        spun,
    );
    write(root, "api/gadget-flip.md", &flip);
    // `204 No Content`, and a body with it.
    let reset = page(
        "POST /gadgets/{id}/reset",
        "POST https://graph.microsoft.com/v1.0/gadgets/7/reset",
        "HTTP/1.1 204 No Content\nContent-Type: application/json\n\n{\"id\": \"7\"}",
    );
    write(root, "api/gadget-reset.md", &reset);
    // Agrees with itself; the client below gets it wrong (sends DELETE).
    let spin = page(
        "POST /gadgets/{id}/spin",
        "POST https://graph.microsoft.com/v1.0/gadgets/7/spin",
        spun,
    );
    write(root, "api/gadget-spin.md", &spin);
    // A GET whose example sends a body (a function's parameter, which belongs in the URL).
    let peek = page(
        "GET /gadgets/{id}/peek",
        "GET https://graph.microsoft.com/v1.0/gadgets/7/peek\nContent-Type: application/json\n\n{\"deep\": true}",
        spun,
    );
    write(root, "api/gadget-peek.md", &peek);
    // The table spells the parameter `Level`, the example `level` (Graph's `sendMail` does
    // so with `Message`): a typed client sends the table's spelling.
    let tune = api_page(
        "POST /gadgets/{id}/tune",
        "| Parameter | Type | Description |\n|:--|:--|:--|\n| Level | Int32 | How far. |",
        no_content,
        "POST https://graph.microsoft.com/v1.0/gadgets/7/tune\nContent-Type: application/json\n\n{\"level\": 3}",
        spun,
    );
    write(root, "api/gadget-tune.md", &tune);
    let loaded = docspec_codegen::load(&[root]);
    let api = loaded.apis.first().expect("an API");
    // A client doing what each page's request line says: POST, no body back.
    let report = docspec_codegen::contract::run(api, |client, call| async move {
        let verb = call
            .endpoint
            .rsplit('-')
            .next()
            .unwrap_or_default()
            .to_string();
        let method = if verb == "spin" {
            docspec_runtime::Method::DELETE
        } else if verb == "peek" {
            docspec_runtime::Method::GET
        } else {
            docspec_runtime::Method::POST
        };
        let id = call.args.first().cloned().unwrap_or_default();
        let mut request = client.request(method, format!("/gadgets/{id}/{verb}"));
        if verb == "tune" {
            request = request
                .json(&serde_json::json!({"Level": 3}))
                .expect("a JSON body");
        }
        // What the mock answers is not the point: the runner judges what it received.
        let _ = request.send_empty().await;
        Ok(None)
    })
    .await
    .expect("the mock starts");
    let found = |findings: &[docspec_codegen::contract::Finding]| -> Vec<(String, String)> {
        findings
            .iter()
            .map(|f| (f.example.clone(), f.reason.clone()))
            .collect()
    };
    let contradicted = found(&report.contradicted);
    assert_eq!(contradicted.len(), 4, "{}", report.summary());
    assert!(contradicted.iter().any(|(id, why)| {
        id.starts_with("api/gadget-tune.md:") && why.starts_with("request body differs")
    }));
    assert!(contradicted.iter().any(|(id, why)| {
        id.starts_with("api/gadget-peek.md:") && why.starts_with("request body differs")
    }));
    assert!(contradicted
        .iter()
        .any(|(id, why)| id.starts_with("api/gadget-flip.md:") && why == "method differs"));
    assert!(contradicted.iter().any(|(id, why)| {
        id.starts_with("api/gadget-reset.md:") && why.starts_with("response differs")
    }));
    let failed = found(&report.failed);
    assert_eq!(failed.len(), 1, "{}", report.summary());
    assert!(failed[0].0.starts_with("api/gadget-spin.md:"), "{failed:?}");
    assert_eq!(failed[0].1, "method differs");
}
