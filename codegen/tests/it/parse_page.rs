//! `parse_page` on small hand-written pages: page kinds, request lines, diagnostics, examples.

use docspec_codegen::model::RequestBody;
use docspec_codegen::parse::{parse_page, PageKind, ParsedPage};

fn parse(text: &str) -> ParsedPage {
    parse_page("api/thing-do.md", text.as_bytes())
}

fn codes(p: &ParsedPage) -> Vec<(&str, u32, u32)> {
    p.diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.line, d.column))
        .collect()
}

const FENCE: &str = "```";

fn api_page(request_lines: &str, rest: &str) -> String {
    format!("# Do the thing\n\nDoes it.\n\n## HTTP request\n\n{FENCE}http\n{request_lines}{FENCE}\n\n{rest}")
}

#[test]
fn kinds_from_front_matter_and_shape() {
    let fm = |t: &str| format!("---\ndoc_type: {t}\n---\n# T\n\nText.\n");
    assert_eq!(parse(&fm("apiPageType")).kind, PageKind::Api);
    assert_eq!(parse(&fm("\"conceptualPageType\"")).kind, PageKind::Other);
    assert_eq!(parse(&api_page("GET /a\n", "")).kind, PageKind::Api);
    let resource = "# thing resource type\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n| id | String | The id. |\n";
    assert_eq!(parse(resource).kind, PageKind::Resource);
    let members = "# color enum\n\n## Members\n\n| Member | Value | Description |\n|--|--|--|\n| red | 0 | Red. |\n";
    assert_eq!(parse(members).kind, PageKind::Enum);
    let enums = "# Enums\n\n### color values\n\n| Member |\n|--|\n| red |\n";
    assert_eq!(parse(enums).kind, PageKind::Enums);
}

#[test]
fn other_pages_say_why() {
    let p = parse("# Overview\n\nSome words about the API.\n");
    assert_eq!(p.kind, PageKind::Other);
    assert_eq!(codes(&p), vec![("DS0204", 1, 1)]);
    assert!(p.diagnostics[0].message.contains("no HTTP request section"));
    let p = parse("---\ndoc_type: conceptualPageType\n---\n# Concepts\n");
    assert_eq!(codes(&p), vec![("DS0204", 4, 1)]);
    assert!(p.diagnostics[0].message.contains("conceptual"));
}

#[test]
fn invalid_utf8_is_reported_where_it_is_and_read_lossily() {
    let mut bytes = b"# Title\n\nab".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b" rest\n");
    let p = parse_page("x.md", &bytes);
    let d = p.diagnostics.iter().find(|d| d.code == "DS0102").unwrap();
    assert_eq!((d.line, d.column), (3, 3));
    assert_eq!(p.title.as_deref(), Some("Title"));
}

#[test]
fn request_line_forms() {
    let p = parse(&api_page(
        "GET https://graph.microsoft.com/v1.0/users/{id | userPrincipalName}/events?$select=a&$top=2\nGET ~/me/events\nGET /beta/groups/{group-id}/events/\nor\nGET /reports/getX(period='{period_value}')\n",
        "",
    ));
    let e = p.endpoint.unwrap();
    assert_eq!(
        e.paths,
        vec![
            "/users/{id | userPrincipalName}/events",
            "/me/events",
            "/groups/{group-id}/events",
            "/reports/getX(period='{period_value}')"
        ]
    );
    assert_eq!(e.query, vec!["$select", "$top"]);
    let names: Vec<&str> = e.path_params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["id | userPrincipalName", "group-id", "period_value"]
    );
}

#[test]
fn bad_and_mixed_request_lines_are_located() {
    let p = parse(&api_page(
        "POST /a/{id}/b\n  workbook-session-id: {s}\nGET /c\nPOST /x/{y\n",
        "",
    ));
    // The fence's first content line is line 8.
    assert!(codes(&p).contains(&("DS0301", 9, 3)), "{:?}", codes(&p));
    assert!(codes(&p).contains(&("DS0301", 11, 6)), "{:?}", codes(&p));
    assert!(codes(&p).contains(&("DS0303", 10, 1)), "{:?}", codes(&p));
    let e = p.endpoint.unwrap();
    assert_eq!(e.method, "POST");
    assert_eq!(e.paths, vec!["/a/{id}/b"]);
}

#[test]
fn headers_body_and_response_sections() {
    let rest = "## Request headers\n\n| Name | Type | Description |\n|--|--|--|\n| Authorization | string | Bearer {token}. Required. |\n| Prefer | string | Optional. A preference. |\n\n## Request body\n\n| Parameter | Type | Description | Required |\n|--|--|--|--|\n| comment | String | A note. | Yes |\n| count | Int32 | How many. | No |\n\n## Response\n\nIf successful, this method returns a `202 Accepted` response code. The `Location` header has the URL to poll.\n";
    let p = parse(&api_page("POST /things/{id}/do\n", rest));
    let e = p.endpoint.unwrap();
    assert_eq!(e.headers.len(), 2);
    assert!(e.headers[0].required);
    assert!(!e.headers[1].required);
    let Some(RequestBody::Parameters { parameters, .. }) = &e.request_body else {
        panic!("{:?}", e.request_body)
    };
    assert_eq!(
        parameters
            .iter()
            .map(|p| (p.name.as_str(), p.ty.name.as_str(), p.required))
            .collect::<Vec<_>>(),
        vec![("comment", "String", true), ("count", "Int32", false)]
    );
    assert_eq!(e.responses.len(), 1);
    assert_eq!(e.responses[0].status, 202);
    assert_eq!(e.responses[0].headers, vec!["Location"]);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
}

#[test]
fn no_body_and_no_status() {
    let rest =
        "## Request body\n\nDo not supply a request body for this method.\n\n## Response\n\nIt works.\n";
    let p = parse(&api_page("DELETE /things/{id}\n", rest));
    assert!(codes(&p).contains(&("DS0304", 15, 1)), "{:?}", codes(&p));
    assert_eq!(p.endpoint.unwrap().request_body, None);
}

#[test]
fn examples_pair_by_name_skip_sdk_tabs_and_tolerate_commas() {
    let rest = format!(
        "## Response\n\nReturns `200 OK` and a [thing](../resources/thing.md) object.\n\n## Examples\n\n### Request\n\n# [HTTP](#tab/http)\n<!-- {{ \"blockType\": \"request\", \"name\": \"do_it\" }} -->\n{FENCE}msgraph-interactive\nPOST https://graph.microsoft.com/v1.0/things/1/do\nContent-Type: application/json\n\n{{ \"a\": [1, 2,], }}\n{FENCE}\n# [C#](#tab/csharp)\n{FENCE}csharp\nvar x = 1;\n{FENCE}\n# [JavaScript](#tab/javascript)\n{FENCE}javascript\nlet x = 1;\n{FENCE}\n---\n\n### Response\n\n<!-- {{ \"blockType\": \"response\", \"truncated\": \"true\", \"@odata.type\": \"microsoft.graph.thing\", \"isCollection\": false }} -->\n{FENCE}http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{{ \"id\": \"1\" oops }}\n{FENCE}\n"
    );
    let p = parse(&api_page("POST /things/{id}/do\n", &rest));
    let e = p.endpoint.unwrap();
    assert_eq!(e.examples.len(), 1);
    let ex = &e.examples[0];
    assert_eq!(ex.name.as_deref(), Some("do_it"));
    let req = ex.request.as_ref().unwrap();
    assert_eq!(
        req.body.as_ref().map(|b| b.value()),
        Some(serde_json::json!({"a": [1, 2]}))
    );
    assert_eq!(
        req.headers,
        vec![("Content-Type".into(), "application/json".into())]
    );
    let resp = ex.response.as_ref().unwrap();
    assert_eq!(resp.status, Some(200));
    assert!(resp.truncated);
    assert_eq!(resp.odata_type.as_deref(), Some("microsoft.graph.thing"));
    assert!(resp.body.is_none());
    assert_eq!(resp.raw_body.as_deref(), Some("{ \"id\": \"1\" oops }"));
    let ds0305 = p.diagnostics.iter().find(|d| d.code == "DS0305").unwrap();
    let line = rest.lines().position(|l| l.contains("oops")).unwrap() as u32;
    // The page has 10 lines before `rest`.
    assert_eq!(ds0305.line, 10 + line + 1);
    let ty = e.responses[0].ty.as_ref().unwrap();
    assert_eq!(ty.link.as_deref(), Some("resources/thing.md"));
}

#[test]
fn headers_only_fences_take_the_json_fence_after_them() {
    let rest = format!(
        "## Example\n\n##### Request\n\n{FENCE}http\nPOST /things\nContent-Type: application/json\n{FENCE}\n<!-- {{ \"blockType\": \"example\" }} -->\n{FENCE}json\n{{ \"name\": \"n\", }}\n{FENCE}\n\n##### Response\n\n{FENCE}http\nHTTP/1.1 201 Created\n{FENCE}\n<!-- {{ \"blockType\": \"example\", \"@odata.type\": \"microsoft.graph.thing\" }} -->\n{FENCE}json\n{{ \"id\": \"1\" }}\n{FENCE}\n\n##### Notification\n\n{FENCE}http\nPOST https://bot.contoso.com/api/calls\n{FENCE}\n{FENCE}json\n{{ \"value\": [] }}\n{FENCE}\n"
    );
    let p = parse(&api_page("POST /things\n", &rest));
    let e = p.endpoint.unwrap();
    assert_eq!(e.examples.len(), 1, "{:?}", e.examples);
    let ex = &e.examples[0];
    assert_eq!(
        ex.request
            .as_ref()
            .unwrap()
            .body
            .as_ref()
            .map(|b| b.value()),
        Some(serde_json::json!({"name": "n"}))
    );
    let resp = ex.response.as_ref().unwrap();
    assert_eq!(resp.status, Some(201));
    assert_eq!(
        resp.body.as_ref().map(|b| b.value()),
        Some(serde_json::json!({"id": "1"}))
    );
    assert_eq!(resp.odata_type.as_deref(), Some("microsoft.graph.thing"));
    // The status comes from the example when the page names none.
    assert_eq!(e.responses[0].status, 201);
}

#[test]
fn bold_response_label_makes_a_bare_json_fence_the_response() {
    let rest = format!(
        "## Example\n\n**Request**\n\n{FENCE}http\nGET https://graph.microsoft.com/beta/things/1\n{FENCE}\n\n**Response**\n\n{FENCE}json\n{{ \"id\": \"1\" }}\n{FENCE}\n"
    );
    let p = parse(&api_page("GET /things/{id}\n", &rest));
    let e = p.endpoint.unwrap();
    let ex = &e.examples[0];
    assert_eq!(ex.request.as_ref().unwrap().body, None);
    let resp = ex.response.as_ref().unwrap();
    assert_eq!(resp.status, None);
    assert_eq!(
        resp.body.as_ref().map(|b| b.value()),
        Some(serde_json::json!({"id": "1"}))
    );
}
