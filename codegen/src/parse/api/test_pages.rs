//! Own-words API pages the tests of the API page reader parse.

use crate::model::{RequestBody, TypeRef};
use crate::parse::ParsedPage;

/// The request body of an own-words page whose `## Request body` section is `body`, and
/// whose response section is `response`.
pub(super) fn body_of(method: &str, body: &str, response: &str) -> Option<RequestBody> {
    let page = format!(
        "# Widget\n\n## HTTP request\n\n```http\n{method} /widgets/{{id}}\n```\n\n\
         ## Request body\n\n{body}\n\n## Response\n\n{response}\n"
    );
    let parsed = crate::parse::parse_page("api/widget-update.md", page.as_bytes());
    parsed.endpoint.expect("an endpoint").request_body
}

pub(super) fn type_body(name: &str, collection: bool) -> Option<RequestBody> {
    let mut ty = TypeRef::single(name);
    ty.collection = collection;
    ty.link = Some(format!("resources/{}.md", name.to_ascii_lowercase()));
    Some(RequestBody::Type { ty })
}

/// An own-words page: `intro` under the title, `method` on `/gadgets/{id}`, a request
/// body section saying `body_prose` if any, `response` under `## Response`, and an example
/// request sending `example` (with a `204` response).
pub(super) fn page_with(
    intro: &str,
    method: &str,
    body_prose: Option<&str>,
    response: &str,
    example: &str,
) -> ParsedPage {
    let body = body_prose.map_or(String::new(), |p| format!("## Request body\n\n{p}\n\n"));
    let page = format!(
        "# Gadget\n\n{intro}\n\n## HTTP request\n\n```http\n{method} /gadgets/{{id}}\n```\n\n\
         {body}## Response\n\n{response}\n\n## Example\n\n### Request\n\n```http\n\
         {method} https://graph.microsoft.com/v1.0/gadgets/1\nContent-Type: application/json\n\n\
         {example}\n```\n\n### Response\n\n```http\nHTTP/1.1 204 No Content\n```\n"
    );
    crate::parse::parse_page("api/gadget-write.md", page.as_bytes())
}

pub(super) fn codes_of(page: &ParsedPage) -> Vec<&str> {
    page.diagnostics.iter().map(|d| d.code.as_str()).collect()
}
