//! API pages: one endpoint per page, from the sections `HTTP request`, `Permissions`,
//! `Request headers`, `Request body`, `Response` and the examples.

mod body;
mod body_inference;
mod function_params;
mod headers;
mod named_type;
mod parameters;
mod permissions;
mod query_options;
mod request_line;
mod response;
mod sections;
#[cfg(test)]
mod test_pages;

pub use response::statuses_in;

use super::doc::Document;
use super::example::parse_examples;
use super::frontmatter::DocType;
use super::ParsedPage;
use crate::diag::{codes, Diagnostic};
use crate::model::{Endpoint, Source};
use body::{is_update, request_body, says_values_to_update};
use body_inference::infer_request_body;
use function_params::{add_function_parameters, written_arguments};
use headers::headers;
use permissions::permissions;
use query_options::query_options;
use request_line::{majority_method, request_lines, targets, Request, Targets};
use response::{report_no_content_bodies, responses};
use sections::{http_request_sections, sections_starting};

/// Reads an API page into `page.endpoint`. Without request lines there is no endpoint, and a
/// diagnostic says why: an error when the front matter declares an API page (the page is
/// broken), else a warning (the page only looked like one).
pub fn parse_api_page(doc: &Document, page: &mut ParsedPage) {
    let file = doc.file.as_str();
    let title_line = doc.title_line.unwrap_or(1);
    let declared =
        doc.front_matter.as_ref().and_then(|f| f.doc_type.as_ref()) == Some(&DocType::Api);
    let no_endpoint = if declared {
        codes::NO_HTTP_REQUEST_DECLARED
    } else {
        codes::NO_HTTP_REQUEST
    };
    let http_sections = http_request_sections(doc);
    let Some(http_section) = http_sections.first().copied() else {
        page.diagnostics.push(Diagnostic::new(
            no_endpoint,
            file,
            title_line,
            1,
            "API page has no `## HTTP request` section, so it defines no endpoint; add one with the request line (`METHOD /path`) in an ```http block, or fix `doc_type` if this is not an API page",
        ));
        return;
    };
    let requests: Vec<Request> = http_sections
        .iter()
        .flat_map(|s| request_lines(doc, s, &mut page.diagnostics))
        .collect();
    let Some(first) = requests.first() else {
        page.diagnostics.push(Diagnostic::new(
            no_endpoint,
            file,
            http_section.heading.line,
            1,
            "the HTTP request section has no `METHOD /path` line, so the page defines no endpoint; put the request line in an ```http block under the heading",
        ));
        return;
    };
    let method = majority_method(&requests);
    let Targets {
        mut paths,
        mut path_params,
        query,
    } = targets(&requests, &method, file, &mut page.diagnostics);
    let source = Source {
        file: file.to_string(),
        line: requests
            .iter()
            .find(|r| r.method == method)
            .map_or(first.line, |r| r.line),
    };
    let mut diags = Vec::new();
    written_arguments(
        doc,
        &method,
        &mut paths,
        &mut path_params,
        &source,
        &mut diags,
    );
    let body_section = sections_starting(doc, "request body");
    // "Supply the values for relevant fields that should be updated": a partial resource.
    let partial = is_update(&method)
        && body_section.is_some_and(|s| s.paragraphs().any(|p| says_values_to_update(&p.text)));
    let request_body = request_body(doc, body_section, &method, &paths, partial, &mut diags);
    let examples = parse_examples(doc, &paths, &mut diags);
    let endpoint = Endpoint {
        name: stem(file),
        title: page.title.clone().unwrap_or_else(|| stem(file)),
        description: doc.description().or_else(|| {
            doc.front_matter
                .as_ref()
                .and_then(|f| f.description.clone())
        }),
        method,
        paths,
        path_params,
        query,
        query_options: query_options(doc, &mut diags),
        permissions: permissions(doc),
        headers: headers(doc),
        request_body,
        responses: Vec::new(),
        examples,
        source,
    };
    let mut endpoint = endpoint;
    add_function_parameters(doc, &mut endpoint, &mut diags);
    endpoint.responses = responses(doc, &endpoint.examples, &mut diags);
    report_no_content_bodies(file, &endpoint.examples, &mut diags);
    infer_request_body(doc, &mut endpoint, body_section, partial, &mut diags);
    page.diagnostics.append(&mut diags);
    page.endpoint = Some(endpoint);
}

/// The page's file stem: the endpoint's stable name.
fn stem(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    base.strip_suffix(".md").unwrap_or(base).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples_of_another_api_on_its_own_host() {
        let page = "# Get widget\n\n## HTTP request\n\n```http\nGET /widgets/{id}\n```\n\n\
                    ## Example\n\n### Request\n\n```http\n\
                    GET https://api.contoso.com/v2/widgets/42\n```\n\n### Response\n\n\
                    ```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"id\": \"42\"}\n```\n\n\
                    ### Notification sent to your service\n\n```http\n\
                    POST https://app.contoso.com/callback\nContent-type: application/json\n\n\
                    {\"changed\": \"42\"}\n```\n";
        let parsed = crate::parse::parse_page("api/widget-get.md", page.as_bytes());
        let examples = parsed.endpoint.expect("an endpoint").examples;
        assert_eq!(examples.len(), 1, "{examples:#?}");
        let request = examples[0].request.as_ref().expect("a request");
        assert_eq!(request.url, "https://api.contoso.com/v2/widgets/42");
        let response = examples[0].response.as_ref().expect("a response");
        assert_eq!(response.status, Some(200));
    }
}
