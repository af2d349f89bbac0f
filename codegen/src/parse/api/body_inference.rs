//! The request body when the page does not describe it: taken from what the examples send and
//! the responses return, or reported.

use super::body::{is_update, says_no_body};
use super::named_type::{is_type_page, named_type};
use crate::diag::{codes, Diagnostic};
use crate::model::{Endpoint, Example, ExampleRequest, Primitive, RequestBody, Response, TypeRef};
use crate::parse::doc::{Document, Section};

/// Fills in `endpoint.request_body` when the request body section (`body_section`) named none:
/// an update asking for values (`partial`) takes the resource it returns or the one its
/// description names; a write whose example sends an object takes the type its response
/// returns (DS0309). A body still unknown while an example sends one is reported (DS0308) and
/// taken to be any JSON, unless the section says there is none or the method is GET.
pub(super) fn infer_request_body(
    doc: &Document,
    endpoint: &mut Endpoint,
    body_section: Option<Section<'_>>,
    partial: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let file = doc.file.as_str();
    // An example sending `{}` to a parameter table shows that none of its rows is required
    // (a `$ref` PUT whose page says "to disable it, the value can be {}").
    if endpoint.examples.iter().any(sends_empty_object) {
        if let Some(RequestBody::Parameters { parameters, .. }) = &mut endpoint.request_body {
            for p in parameters {
                p.required = false;
            }
        }
    }
    if endpoint.request_body.is_none() && partial {
        // Nothing in the section names the resource: the one the update returns, else the one
        // the page's description names alone ("Update an [event](...) object.").
        endpoint.request_body = single_response_type(&endpoint.responses, None)
            .or_else(|| described_type(doc, diags))
            .map(|ty| RequestBody::Type { ty });
    }
    // A section that says there is no body is believed; one that says nothing usable ("supply
    // a name for the section group") is as good as none.
    let body_denied = body_section.is_some_and(|s| s.paragraphs().any(|p| says_no_body(&p.text)));
    // Where a warning about the body points: the section's heading, else the request line.
    let (body_line, body_col) = body_section.map_or((endpoint.source.line, 1), |s| {
        (s.heading.line, s.heading.col)
    });
    if endpoint.request_body.is_none() && !body_denied {
        // The page does not say what the body is, yet the examples send an object: a create
        // (`201`) or an update sends the resource it returns.
        let sent = endpoint
            .examples
            .iter()
            .find_map(sends_body)
            .filter(|r| r.body.as_ref().is_some_and(|b| b.as_str().starts_with('{')));
        let created = endpoint.method.eq_ignore_ascii_case("POST").then_some(201);
        let writes = created.is_some()
            || is_update(&endpoint.method)
            || endpoint.method.eq_ignore_ascii_case("PUT");
        if let Some(sent) = sent.filter(|_| writes) {
            if let Some(ty) = single_response_type(&endpoint.responses, created) {
                diags.push(Diagnostic::new(
                    codes::IMPLIED_BODY,
                    file,
                    body_line,
                    body_col,
                    format!(
                        "{}; the body is taken to be the `{}` the response returns, as the example at line {} sends one",
                        if body_section.is_some() {
                            "the `## Request body` section names no type"
                        } else {
                            "the page has no `## Request body` section"
                        },
                        ty.name,
                        sent.source.line
                    ),
                ));
                endpoint.request_body = Some(RequestBody::Type { ty });
            }
        }
    }
    if endpoint.request_body.is_none() {
        if let Some(sent) = endpoint.examples.iter().find_map(sends_body) {
            // The body is real, its shape unknown: the endpoint takes any JSON, so that it
            // can be called at all, unless the section says it takes none.
            let takes = if body_denied {
                "the `## Request body` section says there is none, so the endpoint takes none"
            } else if endpoint.method.eq_ignore_ascii_case("GET") {
                "a GET sends none, so the endpoint takes none"
            } else {
                endpoint.request_body = Some(RequestBody::Type {
                    ty: TypeRef::single(Primitive::Json.name()),
                });
                "the page does not say what the body is, so the endpoint takes any JSON"
            };
            diags.push(Diagnostic::new(
                codes::UNDESCRIBED_BODY,
                file,
                body_line,
                body_col,
                format!(
                    "the example at line {} sends a JSON body, but {takes}; describe it under `## Request body` with a parameter table or a link to the resource (\"a JSON representation of [x](...)\")",
                    sent.source.line
                ),
            ));
        }
    }
}

/// The one type the success responses return (not a collection), from the response with
/// `status` when given.
fn single_response_type(responses: &[Response], status: Option<u16>) -> Option<TypeRef> {
    let mut types = responses
        .iter()
        .filter(|r| status.is_none_or(|s| r.status == s))
        .filter_map(|r| r.ty.as_ref());
    let first = types.next()?;
    (!first.collection && types.all(|t| t == first)).then(|| first.clone())
}

/// The type the page's description links, when it links exactly one page of the docs that is
/// not an API page ("Update an [event](../resources/event.md) object.").
fn described_type(doc: &Document, diags: &mut Vec<Diagnostic>) -> Option<TypeRef> {
    let p = doc.description_paragraph()?;
    let mut targets = p
        .links
        .iter()
        .filter_map(|(_, target)| doc.resolve_link(target))
        .filter(|t| is_type_page(t));
    let first = targets.next()?;
    if targets.any(|t| t != first) {
        return None;
    }
    named_type(doc, p, diags)
}

/// An example request whose JSON body is `{}`.
fn sends_empty_object(example: &Example) -> bool {
    sent_body(example).is_some_and(|(_, empty)| empty == Some('{'))
}

/// An example request with a JSON body that says something (not `{}` or `[]`).
fn sends_body(example: &Example) -> Option<&ExampleRequest> {
    let (request, empty) = sent_body(example)?;
    empty.is_none().then_some(request)
}

/// An example's request when it sends a JSON body, and that body's bracket when it is an
/// empty object or array (`{}`, `[ ]`, whitespace aside).
fn sent_body(example: &Example) -> Option<(&ExampleRequest, Option<char>)> {
    let request = example.request.as_ref()?;
    let body = request.body.as_ref()?.as_str().trim();
    let mut inside = body.chars();
    let empty = match (inside.next(), inside.next_back()) {
        (Some(open @ '{'), Some('}')) | (Some(open @ '['), Some(']'))
            if inside.as_str().trim().is_empty() =>
        {
            Some(open)
        }
        _ => None,
    };
    Some((request, empty))
}

#[cfg(test)]
mod tests {
    /// A body of any JSON, what an example's undescribed body is taken to be.
    fn json_body() -> Option<crate::model::RequestBody> {
        Some(crate::model::RequestBody::Type {
            ty: crate::model::TypeRef::single("Json"),
        })
    }

    use super::super::test_pages::{codes_of, page_with, type_body};
    use crate::diag::{codes, Diagnostic};

    #[test]
    fn a_write_whose_page_does_not_describe_the_body_sends_what_it_returns() {
        let intro =
            "Create a new [gadget](../resources/gadget.md) in a [shelf](../resources/shelf.md).";
        let created = "If successful, this method returns a `201 Created` response code and a [gadget](../resources/gadget.md) object.";
        let sends = r#"{"name": "g"}"#;
        let page = page_with(intro, "POST", None, created, sends);
        let endpoint = page.endpoint.as_ref().expect("an endpoint");
        assert_eq!(endpoint.request_body, type_body("gadget", false));
        assert_eq!(codes_of(&page), vec![codes::IMPLIED_BODY.id]);
        assert!(
            page.diagnostics[0].message.contains("`gadget`"),
            "{}",
            page.diagnostics[0].message
        );
        // An update that returns the resource, without the section: the same.
        let updated = "If successful, this method returns `200 OK` and the updated [gadget](../resources/gadget.md) object.";
        let page = page_with(intro, "PATCH", None, updated, sends);
        assert_eq!(
            page.endpoint.expect("an endpoint").request_body,
            type_body("gadget", false)
        );
        // An action returning `200` is not a create: its body is any JSON, DS0308 says so.
        let page = page_with(intro, "POST", None, updated, sends);
        assert_eq!(
            page.endpoint.as_ref().expect("an endpoint").request_body,
            json_body()
        );
        assert_eq!(codes_of(&page), vec![codes::UNDESCRIBED_BODY.id]);
        assert!(page.diagnostics[0].message.contains("takes any JSON"));
        // A section that names no type ("supply a name") is as good as none; the warning
        // is at its heading.
        let page = page_with(intro, "POST", Some("Supply a name."), created, sends);
        assert_eq!(
            page.endpoint.as_ref().expect("an endpoint").request_body,
            type_body("gadget", false)
        );
        assert_eq!(codes_of(&page), vec![codes::IMPLIED_BODY.id]);
        assert_eq!(page.diagnostics[0].line, 11, "{:?}", page.diagnostics[0]);
        assert!(page.diagnostics[0].message.contains("names no type"));
        // A section that says there is no body is believed: DS0308 reports the example.
        let page = page_with(
            intro,
            "POST",
            Some("Do not supply a request body."),
            created,
            sends,
        );
        assert_eq!(
            page.endpoint.as_ref().expect("an endpoint").request_body,
            None
        );
        assert_eq!(codes_of(&page), vec![codes::UNDESCRIBED_BODY.id]);
        assert!(page.diagnostics[0].message.contains("says there is none"));
        // No body sent, nothing taken, nothing said; whitespace inside the brackets aside.
        for empty in ["{}", "{\n}", "[ ]", " [\n\t] "] {
            let page = page_with(intro, "POST", None, created, empty);
            assert_eq!(
                page.endpoint.as_ref().expect("an endpoint").request_body,
                None,
                "{empty:?}"
            );
            assert!(
                page.diagnostics.is_empty(),
                "{empty:?}: {:?}",
                page.diagnostics
            );
        }
    }

    #[test]
    fn an_update_names_its_resource_in_the_description() {
        let values =
            "In the request body, supply the values for relevant fields that should be updated.";
        let no_content = "If successful, this method returns a `204 No Content` response code.";
        let update =
            |intro: &str| page_with(intro, "PATCH", Some(values), no_content, r#"{"name": "g"}"#);
        let page = update("Update a [gadget](../resources/gadget.md) object.");
        assert_eq!(
            page.endpoint.as_ref().expect("an endpoint").request_body,
            type_body("gadget", false)
        );
        assert!(page.diagnostics.is_empty(), "{:?}", page.diagnostics);
        // Two types linked: which one is updated is not said; the example's body is any JSON.
        let page = update(
            "Update a [gadget](../resources/gadget.md) of a [shelf](../resources/shelf.md).",
        );
        assert_eq!(
            page.endpoint.as_ref().expect("an endpoint").request_body,
            json_body()
        );
        assert_eq!(codes_of(&page), vec![codes::UNDESCRIBED_BODY.id]);
    }

    /// An own-words page whose example sends `body` and whose request body section says only
    /// `prose`: its DS0308 warnings.
    fn undescribed_body_warnings(prose: &str, body: &str) -> Vec<Diagnostic> {
        let page = format!(
            "# Widget\n\n## HTTP request\n\n```http\nPOST /widgets\n```\n\n\
             ## Request body\n\n{prose}\n\n## Response\n\nReturns `204 No Content`.\n\n\
             ## Example\n\n### Request\n\n```http\nPOST https://graph.microsoft.com/v1.0/widgets\n\
             Content-Type: application/json\n\n{body}\n```\n\n### Response\n\n\
             ```http\nHTTP/1.1 204 No Content\n```\n"
        );
        let parsed = crate::parse::parse_page("api/widget-post.md", page.as_bytes());
        parsed
            .diagnostics
            .into_iter()
            .filter(|d| d.code == codes::UNDESCRIBED_BODY.id)
            .collect()
    }

    #[test]
    fn an_example_sending_an_empty_object_makes_no_row_required() {
        let table = "| Parameter | Type | Description |\n|:--|:--|:--|\n\
                     | name | String | The name. Required. |";
        let required = |example: &str| -> Vec<bool> {
            let page = page_with(
                "Name a gadget.",
                "POST",
                Some(table),
                "Returns `204`.",
                example,
            );
            match page.endpoint.expect("an endpoint").request_body {
                Some(crate::model::RequestBody::Parameters { parameters, .. }) => {
                    parameters.iter().map(|p| p.required).collect()
                }
                other => panic!("a parameter table, not {other:?}"),
            }
        };
        assert_eq!(required(r#"{"name": "g"}"#), [true]);
        assert_eq!(required("{ }"), [false]);
    }

    #[test]
    fn an_example_body_the_page_does_not_describe_is_ds0308() {
        let found = undescribed_body_warnings("Supply the widget's name.", "{\"name\": \"w\"}");
        assert_eq!(found.len(), 1);
        // At the section heading, naming the example's line.
        assert_eq!((found[0].line, found[0].column), (9, 1));
        assert!(found[0].message.contains("line 22"), "{}", found[0].message);
        // An empty object says nothing; a described body is no finding.
        assert!(undescribed_body_warnings("Supply the widget's name.", "{ }").is_empty());
        assert!(undescribed_body_warnings(
            "A [widget](../resources/widget.md).",
            "{\"name\": \"w\"}"
        )
        .is_empty());
    }
}
