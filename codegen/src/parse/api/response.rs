//! Responses: the success statuses the response section names and the types they return.

use super::named_type::named_type;
use super::sections::sections_starting;
use crate::diag::{codes, Diagnostic};
use crate::model::{Example, Response, TypeRef};
use crate::parse::doc::{Block, Document};

/// DS0310 for each example response that says `204 No Content` and yet shows a body: one of
/// the two is wrong, and a client trusting the status reads nothing.
pub(super) fn report_no_content_bodies(
    file: &str,
    examples: &[Example],
    diags: &mut Vec<Diagnostic>,
) {
    for response in examples.iter().filter_map(|x| x.response.as_ref()) {
        if response.is_no_content_with_body() {
            diags.push(Diagnostic::new(
                codes::NO_CONTENT_BODY,
                file,
                response.source.line,
                1,
                "the example response is `204 No Content` but shows a body; fix the status (`200 OK` when the body is returned) or drop the body",
            ));
        }
    }
}

/// The success statuses the response section names, with the type of the body.
/// Falls back on the first example response's status when the text names none.
pub(super) fn responses(
    doc: &Document,
    examples: &[Example],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Response> {
    // The response section before the examples (`## Response` may also head an example).
    let section = sections_starting(doc, "response");
    let mut out: Vec<Response> = Vec::new();
    let mut orphan_type: Option<TypeRef> = None;
    if let Some(section) = &section {
        let mentions_location = section.blocks.iter().any(|b| match b {
            Block::Paragraph(p) => p.text.contains("Location"),
            _ => false,
        });
        for p in section.paragraphs() {
            let statuses = statuses_in(&p.text);
            let ty = if statuses.iter().all(|&s| s == 204) && !statuses.is_empty() {
                None
            } else {
                named_type(doc, p, diags)
            };
            if statuses.is_empty() {
                // "... returns a 200 OK response code." then "The body is a [x](...)".
                match out.iter_mut().find(|r| r.ty.is_none() && r.status != 204) {
                    Some(r) => r.ty = ty,
                    None => orphan_type = orphan_type.or(ty),
                }
                continue;
            }
            for status in statuses {
                if out.iter().any(|r| r.status == status) {
                    continue;
                }
                let body = status != 204 && status != 202 || ty.is_some();
                let mut headers = Vec::new();
                if matches!(status, 201 | 202 | 302 | 303) && mentions_location {
                    headers.push("Location".to_string());
                }
                out.push(Response {
                    status,
                    ty: if body && (200..300).contains(&status) {
                        ty.clone()
                    } else {
                        None
                    },
                    headers,
                });
            }
        }
    }
    if out.is_empty() {
        let status = examples
            .iter()
            .find_map(|e| e.response.as_ref().and_then(|r| r.status))
            .filter(|s| (200..400).contains(s));
        if let Some(status) = status {
            out.push(Response {
                status,
                ty: orphan_type.filter(|_| status != 204),
                headers: Vec::new(),
            });
            return out;
        }
        let line = section
            .as_ref()
            .map_or(doc.title_line.unwrap_or(1), |s| s.heading.line);
        diags.push(Diagnostic::new(
            codes::NO_STATUS,
            &doc.file,
            line,
            1,
            if section.is_some() {
                "the response section names no status code (such as `200 OK`)"
            } else {
                "the page has no `## Response` section, so no status code is documented"
            },
        ));
    }
    out
}

/// Reason phrases that mark a number as a status code.
const REASONS: [&str; 12] = [
    "ok",
    "created",
    "accepted",
    "no content",
    "found",
    "see other",
    "not modified",
    "partial content",
    "multi-status",
    "moved",
    "temporary redirect",
    "non-authoritative",
];

/// Success (2xx/3xx) status codes written in `text`, in order: `200 OK`, `` `201, Created` ``,
/// `returns a 200`, `204` followed by `response`.
pub fn statuses_in(text: &str) -> Vec<u16> {
    let lower = text.to_lowercase();
    let bytes = lower.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        // Most of the text is not digits: skip it before looking around.
        if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
            continue;
        }
        let is_num = bytes
            .get(i..i + 3)
            .is_some_and(|w| w.iter().all(u8::is_ascii_digit));
        // Not part of a longer word or number (`1.200`, `200.5`, `x200`).
        let at = |j: Option<usize>| j.and_then(|j| bytes.get(j)).copied();
        let digit = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_digit());
        let prev = at(i.checked_sub(1));
        let next = at(Some(i + 3));
        let word_before = prev.is_some_and(|b| b.is_ascii_alphanumeric())
            || (prev == Some(b'.') && digit(at(i.checked_sub(2))));
        let word_after = next.is_some_and(|b| b.is_ascii_alphanumeric())
            || (next == Some(b'.') && digit(at(Some(i + 4))));
        let bounded = !word_before && !word_after;
        if !(is_num && bounded) {
            i += 1;
            continue;
        }
        let code: u16 = lower
            .get(i..i + 3)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let after = lower
            .get(i + 3..)
            .unwrap_or("")
            .trim_start_matches([',', '`', ' ', '"']);
        let before = lower
            .get(..i)
            .unwrap_or("")
            .trim_end_matches(['`', ' ', '"']);
        let marked = REASONS.iter().any(|r| after.starts_with(r))
            || after.starts_with("response")
            || after.starts_with("status")
            || before.ends_with("returns")
            || before.ends_with("returns a")
            || before.ends_with("returns an")
            || before.ends_with("status code")
            || before.ends_with("status code of");
        if marked && (200..400).contains(&code) && !out.contains(&code) {
            out.push(code);
        }
        i += 3;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_pages::codes_of;
    use super::*;

    #[test]
    fn status_forms() {
        assert_eq!(
            statuses_in("returns `201, Created` response code"),
            vec![201]
        );
        assert_eq!(statuses_in("returns a `200 OK` response code"), vec![200]);
        assert_eq!(statuses_in("returns a 204 No Content response"), vec![204]);
        assert_eq!(
            statuses_in("this method returns a 200 and a body"),
            vec![200]
        );
        assert_eq!(
            statuses_in("returns `202 Accepted` and a Location header"),
            vec![202]
        );
        assert_eq!(statuses_in("returns 404 Not Found"), Vec::<u16>::new());
        assert_eq!(
            statuses_in("up to 200 items are returned"),
            Vec::<u16>::new()
        );
        assert_eq!(statuses_in("version 1.200 OK"), Vec::<u16>::new());
        assert_eq!(statuses_in("the method returns 200."), vec![200]);
    }

    #[test]
    fn a_204_example_that_shows_a_body_is_ds0310() {
        let page = |response: &str| {
            let text = format!(
                "# Update gadget\n\n## HTTP request\n\n```http\nPATCH /gadgets/{{id}}\n```\n\n\
                 ## Response\n\nIf successful, this method returns `204 No Content`.\n\n\
                 ## Example\n\n### Request\n\n```http\nPATCH https://graph.microsoft.com/v1.0/gadgets/1\n\
                 Content-Type: application/json\n\n{{\"name\": \"g\"}}\n```\n\n### Response\n\n\
                 ```http\n{response}\n```\n"
            );
            crate::parse::parse_page("api/gadget-update.md", text.as_bytes())
        };
        let shows =
            page("HTTP/1.1 204 No Content\nContent-Type: application/json\n\n{\"name\": \"g\"}");
        let found: Vec<&Diagnostic> = shows
            .diagnostics
            .iter()
            .filter(|d| d.code == codes::NO_CONTENT_BODY.id)
            .collect();
        assert_eq!(found.len(), 1, "{:?}", shows.diagnostics);
        assert_eq!(found[0].line, 27, "the status line: {:?}", found[0]);
        assert!(found[0].message.contains("204 No Content"));
        // An empty object is a body too; no body, or a 200 with one, is fine.
        let empty = page("HTTP/1.1 204 No Content\n\n{}");
        assert!(codes_of(&empty).contains(&codes::NO_CONTENT_BODY.id));
        for fine in [
            "HTTP/1.1 204 No Content",
            "HTTP/1.1 200 OK\n\n{\"name\": \"g\"}",
        ] {
            let page = page(fine);
            assert!(
                !codes_of(&page).contains(&codes::NO_CONTENT_BODY.id),
                "{fine}"
            );
        }
    }
}
