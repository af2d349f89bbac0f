//! API pages: one endpoint per page, from the sections `HTTP request`, `Permissions`,
//! `Request headers`, `Request body`, `Response` and the examples.

use super::doc::{Block, Cell, Document, Link, Paragraph, Section, Table};
use super::example::{is_example_heading, parse_examples};
use super::frontmatter::DocType;
use super::http::{merge_params, path_template, placeholders, split_request_line};
use super::typeref::{is_identifier, parse_type_cell};
use super::{is_http_request_heading, ParsedPage};
use crate::diag::{codes, Diagnostic};
use crate::model::{
    Endpoint, Example, ExampleRequest, Header, Parameter, PathParam, Permissions, RequestBody,
    Response, Source, TypeRef,
};

/// Fence languages that never hold request lines.
const NOT_REQUEST_LANGS: [&str; 8] = [
    "csharp",
    "javascript",
    "json",
    "objc",
    "java",
    "powershell",
    "python",
    "go",
];

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
    let mut paths: Vec<String> = Vec::new();
    let mut path_params: Vec<PathParam> = Vec::new();
    let mut query: Vec<String> = Vec::new();
    let mut mixed_reported = false;
    for r in &requests {
        if r.method != method {
            if !mixed_reported {
                page.diagnostics.push(Diagnostic::new(
                    codes::MIXED_METHODS,
                    file,
                    r.line,
                    r.col,
                    format!(
                        "request lines disagree on the method: `{}` here, `{method}` elsewhere; only the `{method}` lines are used",
                        r.method
                    ),
                ));
                mixed_reported = true;
            }
            continue;
        }
        if !paths.contains(&r.path) {
            paths.push(r.path.clone());
            merge_params(&mut path_params, placeholders(&r.path));
        }
        for q in &r.query {
            if !query.contains(q) {
                query.push(q.clone());
            }
        }
    }
    let source_line = requests
        .iter()
        .find(|r| r.method == method)
        .map_or(first.line, |r| r.line);
    let mut diags = Vec::new();
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
        permissions: permissions(doc),
        headers: headers(doc),
        request_body,
        responses: Vec::new(),
        examples,
        source: Source {
            file: file.to_string(),
            line: source_line,
        },
    };
    let mut endpoint = endpoint;
    endpoint.responses = responses(doc, &endpoint.examples, &mut diags);
    report_no_content_bodies(file, &endpoint.examples, &mut diags);
    if endpoint.request_body.is_none() && partial {
        // Nothing in the section names the resource: the one the update returns, else the one
        // the page's description names alone ("Update an [event](...) object.").
        endpoint.request_body = single_response_type(&endpoint.responses, None)
            .or_else(|| described_type(doc, &mut diags))
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
            diags.push(Diagnostic::new(
                codes::UNDESCRIBED_BODY,
                file,
                body_line,
                body_col,
                format!(
                    "the example at line {} sends a JSON body, but the page does not say what the body is, so the endpoint takes none; describe it under `## Request body` with a parameter table or a link to the resource (\"a JSON representation of [x](...)\")",
                    sent.source.line
                ),
            ));
        }
    }
    page.diagnostics.append(&mut diags);
    page.endpoint = Some(endpoint);
}

/// DS0310 for each example response that says `204 No Content` and yet shows a body: one of
/// the two is wrong, and a client trusting the status reads nothing.
fn report_no_content_bodies(file: &str, examples: &[Example], diags: &mut Vec<Diagnostic>) {
    for response in examples.iter().filter_map(|x| x.response.as_ref()) {
        let shown = response.body.is_some()
            || response
                .raw_body
                .as_deref()
                .is_some_and(|t| !t.trim().is_empty());
        if response.status == Some(204) && shown {
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

/// The `## HTTP request` section or, failing that, every `### HTTP request` (one per
/// alternative, under H2s such as `## List a group's drives`).
fn http_request_sections<'d>(doc: &'d Document<'_>) -> Vec<Section<'d>> {
    if let Some(s) = doc.find_section(is_http_request_heading) {
        return vec![s];
    }
    deep_sections(doc, is_http_request_heading)
}

/// Sections under non-tab headings of level 3 and below whose normalized text satisfies
/// `pred`, each up to the next heading of the same or a higher level.
fn deep_sections<'d>(doc: &'d Document<'_>, pred: impl Fn(&str) -> bool) -> Vec<Section<'d>> {
    let mut out = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        let Block::Heading(h) = b else { continue };
        if h.tab.is_some() || h.level < 3 || !pred(h.normalized()) {
            continue;
        }
        let rest = doc.blocks.get(i + 1..).unwrap_or(&[]);
        let end = rest
            .iter()
            .position(|b| matches!(b, Block::Heading(g) if g.tab.is_none() && g.level <= h.level))
            .unwrap_or(rest.len());
        out.push(Section {
            heading: h,
            blocks: rest.get(..end).unwrap_or(&[]),
        });
    }
    out
}

/// The H2 section whose heading starts with `prefix`, else the first deeper one (some pages
/// nest `### Request body` inside `## HTTP request`). Sections inside the examples do not count.
fn sections_starting<'d>(doc: &'d Document, prefix: &str) -> Option<Section<'d>> {
    let sections = doc.sections();
    let first_example = sections
        .iter()
        .find_map(|e| is_example_heading(e.heading.normalized()).then_some(e.heading.line));
    let before_examples = |s: &Section<'_>| first_example.is_none_or(|l| s.heading.line < l);
    sections
        .into_iter()
        .filter(|s| before_examples(s))
        .find(|s| s.heading.normalized().starts_with(prefix))
        .or_else(|| {
            deep_sections(doc, |h| h.starts_with(prefix))
                .into_iter()
                .find(|s| before_examples(s))
        })
}

/// The page's file stem: the endpoint's stable name.
fn stem(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    base.strip_suffix(".md").unwrap_or(base).to_string()
}

/// One request line of the HTTP request section, reduced.
struct Request {
    method: String,
    path: String,
    query: Vec<String>,
    line: u32,
    col: u32,
}

fn request_lines(
    doc: &Document,
    section: &Section<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Request> {
    let mut out = Vec::new();
    for code in section.codes() {
        if NOT_REQUEST_LANGS.contains(&code.lang.as_str()) {
            continue;
        }
        for (i, text) in code.text.lines().enumerate() {
            let t = text.trim();
            if t.is_empty() || is_separator(t) {
                continue;
            }
            let line = code.line + u32::try_from(i).unwrap_or(0);
            // Columns are of the file's line (a fence may be indented in a list).
            let base = doc
                .line_text(line)
                .and_then(|l| {
                    // Usually the fence line is `t` after some indentation.
                    let indent = l.len() - l.trim_start().len();
                    let at = if l.get(indent..).is_some_and(|r| r.starts_with(t)) {
                        Some(indent)
                    } else {
                        l.find(t)
                    };
                    at.map(|b| l.get(..b).map_or(0, |s| s.chars().count()))
                })
                .unwrap_or(0);
            let col = |offset: usize| u32::try_from(base + offset + 1).unwrap_or(1);
            let Some(rl) = split_request_line(t) else {
                diags.push(Diagnostic::new(
                    codes::BAD_REQUEST_LINE,
                    &doc.file,
                    line,
                    col(0),
                    format!(
                        "not a request line (expected `METHOD /path`): `{}`",
                        clip(t)
                    ),
                ));
                continue;
            };
            match path_template(&rl.target) {
                Ok(tpl) => out.push(Request {
                    method: rl.method,
                    path: tpl.path,
                    query: tpl.query,
                    line,
                    col: col(0),
                }),
                Err(why) => diags.push(Diagnostic::new(
                    codes::BAD_REQUEST_LINE,
                    &doc.file,
                    line,
                    col(rl.target_offset),
                    format!("not a request line: {why}"),
                )),
            }
        }
    }
    if out.is_empty() {
        // Some pages write the request line as a paragraph or inline code.
        for p in section.paragraphs() {
            for span in p.code_spans.iter().chain(std::iter::once(&p.text)) {
                if let Some(rl) = split_request_line(span) {
                    if let Ok(tpl) = path_template(&rl.target) {
                        out.push(Request {
                            method: rl.method,
                            path: tpl.path,
                            query: tpl.query,
                            line: p.line,
                            col: p.col,
                        });
                        break;
                    }
                }
            }
        }
    }
    out
}

/// Lines between alternatives that are not requests: `or`, `...`, comments.
fn is_separator(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    l == "or"
        || l == "and"
        || l.starts_with("//")
        || l.starts_with('#')
        || l.chars().all(|c| c == '.')
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push_str("...");
    }
    out
}

/// The method most request lines use (the first one on a tie).
fn majority_method(requests: &[Request]) -> String {
    let mut best: Option<(&str, usize)> = None;
    for r in requests {
        let n = requests.iter().filter(|q| q.method == r.method).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((&r.method, n));
        }
    }
    best.map_or_else(String::new, |(m, _)| m.to_string())
}

/// The permissions table: one row per permission type, permissions split on commas; "Not
/// supported." and empty cells give empty lists. It is under `## Permissions`, or, on many
/// Intune pages, under `## Prerequisites` (then only a table with a permissions column counts).
fn permissions(doc: &Document) -> Permissions {
    let mut p = Permissions::default();
    let has_permission_column = |t: &&Table| t.column(|h| h.contains("permission")).is_some();
    let table = match sections_starting(doc, "permission") {
        Some(section) => section
            .tables()
            .find(has_permission_column)
            .or_else(|| section.tables().next()),
        None => sections_starting(doc, "prerequisite")
            .and_then(|section| section.tables().find(has_permission_column)),
    };
    let Some(table) = table else {
        return p;
    };
    let col = table
        .column(|h| h.contains("permissions") || h.contains("least"))
        .filter(|&c| c > 0)
        .unwrap_or(1);
    for row in &table.rows {
        let kind = row.text(0).to_ascii_lowercase();
        let list = split_permissions(row.text(col));
        let target = if kind.contains("delegated") && kind.contains("personal") {
            &mut p.delegated_personal
        } else if kind.contains("delegated") {
            &mut p.delegated_work
        } else if kind.contains("application") {
            &mut p.application
        } else {
            continue;
        };
        for item in list {
            if !target.contains(&item) {
                target.push(item);
            }
        }
    }
    p
}

fn split_permissions(cell: &str) -> Vec<String> {
    cell.split([',', ';'])
        .flat_map(|s| s.split(" or "))
        .flat_map(|s| s.split(" and "))
        .map(|s| {
            let s = s.split('(').next().unwrap_or("");
            s.trim().trim_end_matches('.').trim().to_string()
        })
        .filter(|s| {
            !s.is_empty()
                && !s.contains(char::is_whitespace)
                && !matches!(
                    s.to_ascii_lowercase().as_str(),
                    "none" | "n/a" | "-" | "notsupported" | "not" | "supported"
                )
        })
        .collect()
}

/// The request headers table, in any of its shapes.
fn headers(doc: &Document) -> Vec<Header> {
    let Some(section) = sections_starting(doc, "request header") else {
        return Vec::new();
    };
    let Some(table) = section.tables().next() else {
        return Vec::new();
    };
    let desc_cols: Vec<usize> = (1..table.header.len())
        .filter(|&i| {
            let h = table
                .header
                .get(i)
                .map_or(String::new(), |c| c.text.to_lowercase());
            !(h == "type" || h.contains("required"))
        })
        .collect();
    let required_col = table.column(|h| h.contains("required"));
    table
        .rows
        .iter()
        .filter_map(|row| {
            let name = row.text(0).trim_matches(|c| c == '`' || c == '*').trim();
            if name.is_empty() || name.contains(char::is_whitespace) && !name.contains(':') {
                return None;
            }
            let description = desc_cols
                .iter()
                .map(|&i| row.text(i))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let required = match required_col.map(|c| row.text(c).to_ascii_lowercase()) {
                Some(r) if !r.is_empty() => is_yes(&r),
                _ => says_required(&description),
            };
            Some(Header {
                name: name.trim_end_matches(':').to_string(),
                description,
                required,
            })
        })
        .collect()
}

/// `Required.`, `(required)`, `Required:` ... but not `not required` or `Optional`.
fn says_required(text: &str) -> bool {
    let l = text.to_ascii_lowercase();
    l.contains("required")
        && !l.contains("not required")
        && !l.contains("isn't required")
        && !l.contains("is not required")
        && !l.starts_with("optional")
        && !l.contains("optional.")
        && !l.contains("(optional)")
}

fn is_yes(cell: &str) -> bool {
    matches!(
        cell.trim().trim_end_matches('.'),
        "yes" | "true" | "required" | "y" | "✓" | "x"
    )
}

/// The request body section: none, a whole resource, or a parameter table.
///
/// A POST or PUT to a `/$ref` path adds a reference: its body is `{"@odata.id": "<url>"}`
/// whatever object the prose names (pages say "a JSON representation of a directoryObject",
/// "the identifier of ...", "the `@odata.id` of ..."), so it becomes one `@odata.id`
/// parameter, unless the section has a parameter table of its own. `section` is the page's
/// request body section; `partial`: it asks an update for the values to change.
fn request_body(
    doc: &Document,
    section: Option<Section<'_>>,
    method: &str,
    paths: &[String],
    partial: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<RequestBody> {
    if adds_reference(method, paths) {
        let table = section
            .as_ref()
            .and_then(|s| s.tables().find(|t| is_parameter_table(t)));
        return Some(match table {
            Some(t) => RequestBody::Parameters {
                parameters: parameters(doc, t, diags),
            },
            None => reference_body(),
        });
    }
    let section = section?;
    for block in section.blocks {
        match block {
            Block::Paragraph(p) if says_no_body(&p.text) => return None,
            Block::Paragraph(p) if representation_of(p) => {
                if let Some(ty) = named_type(doc, p, diags) {
                    return Some(RequestBody::Type { ty });
                }
            }
            Block::Table(t) if is_parameter_table(t) => {
                return Some(RequestBody::Parameters {
                    parameters: parameters(doc, t, diags),
                });
            }
            _ => {}
        }
    }
    // Without a representation or a table, other ways of naming the body's type: "Provide the
    // new [shift](...) object", "A [teamsTab](...).", "a JSON body of an [x](...)", and, for
    // an update (`partial`), "supply the values of the relevant [printJob](...) fields".
    section
        .paragraphs()
        .filter(|p| partial || names_body_type(p))
        .find_map(|p| named_type(doc, p, diags))
        .map(|ty| RequestBody::Type { ty })
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

/// A link target (normalized) that can hold a type: a page of the docs outside `api/`.
fn is_type_page(target: &str) -> bool {
    target.ends_with(".md") && !target.contains("/api/") && !target.starts_with("api/")
}

/// An example request with a JSON body that says something (not `{}` or `[]`).
fn sends_body(example: &Example) -> Option<&ExampleRequest> {
    let request = example.request.as_ref()?;
    let body = request.body.as_ref()?;
    let compact: String = body
        .as_str()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    (compact != "{}" && compact != "[]").then_some(request)
}

/// `PATCH`: an update of some properties of a resource.
fn is_update(method: &str) -> bool {
    method.eq_ignore_ascii_case("PATCH")
}

/// "Supply the values for relevant fields that should be updated", "supply only the values of
/// the fields you want to update", "supply the values of the relevant [x] fields", ...
fn says_values_to_update(text: &str) -> bool {
    let l = text.to_ascii_lowercase();
    l.contains("values") && (l.contains("supply") || l.contains("update") || l.contains("change"))
}

/// A paragraph that names the body by a linked type without saying "representation of".
fn names_body_type(p: &Paragraph) -> bool {
    if p.links.is_empty() {
        return false;
    }
    let l = p.text.to_ascii_lowercase();
    let l = l.trim().trim_end_matches('.');
    let bare = (l.starts_with("a ") || l.starts_with("an ")) && l.split_whitespace().count() <= 3;
    bare || l.contains("representation for")
        || l.contains("json body of")
        || ((l.contains("provide") || l.contains("supply")) && l.contains(" object"))
}

/// The wire name of a reference's URL.
const ODATA_ID: &str = "@odata.id";

/// `POST`/`PUT` on paths that all end in `/$ref`.
fn adds_reference(method: &str, paths: &[String]) -> bool {
    let writes = method.eq_ignore_ascii_case("POST") || method.eq_ignore_ascii_case("PUT");
    writes
        && !paths.is_empty()
        && paths.iter().all(|p| {
            p.trim_end_matches('/')
                .to_ascii_lowercase()
                .ends_with("/$ref")
        })
}

/// The body of a `$ref` write: one required `@odata.id` string.
fn reference_body() -> RequestBody {
    RequestBody::Parameters {
        parameters: vec![Parameter {
            name: ODATA_ID.to_string(),
            ty: TypeRef::single("String"),
            description: Some(
                "The URL of the object to reference, such as `https://graph.microsoft.com/v1.0/directoryObjects/{id}`."
                    .to_string(),
            ),
            required: true,
        }],
    }
}

fn says_no_body(text: &str) -> bool {
    let l = text.to_ascii_lowercase();
    let l = l.trim().trim_end_matches('.');
    l == "none"
        || l.starts_with("do not supply")
        || l.starts_with("don't supply")
        || l.contains("do not supply a request body")
        || l.contains("don't supply a request body")
        || l.contains("no request body")
        || l.contains("request body is not required")
        || l.contains("not supply a request body")
}

/// "A JSON representation of [x](...)" (or of `**x**`, see [`named_type`]).
fn representation_of(p: &Paragraph) -> bool {
    p.text.to_ascii_lowercase().contains("representation of")
}

fn is_parameter_table(t: &Table) -> bool {
    let first = t
        .header
        .first()
        .map_or(String::new(), |c| c.text.to_ascii_lowercase());
    (first.contains("parameter") || first.contains("property") || first == "name")
        && type_column(t).is_some()
}

/// The `Type` column, or `Value` in a `Name|Value|Description` table.
fn type_column(t: &Table) -> Option<usize> {
    t.column(|h| h == "type" || h.starts_with("type"))
        .or_else(|| {
            (t.header.len() >= 3)
                .then(|| t.column(|h| h == "value"))
                .flatten()
        })
}

fn parameters(doc: &Document, t: &Table, diags: &mut Vec<Diagnostic>) -> Vec<Parameter> {
    let type_col = type_column(t).unwrap_or(1);
    let desc_col = t.column(|h| h.contains("description"));
    let req_col = t.column(|h| h.contains("required"));
    t.rows
        .iter()
        .filter_map(|row| {
            let name = row.text(0).trim_matches(|c| c == '`' || c == '*').trim();
            if name.is_empty() {
                return None;
            }
            let ty = match row.cell(type_col) {
                Some(cell) => type_of(doc, cell, diags),
                None => {
                    diags.push(Diagnostic::new(
                        codes::SHORT_ROW,
                        &doc.file,
                        row.line,
                        1,
                        format!("row `{name}` has no type cell; its type is `Json`"),
                    ));
                    TypeRef::single("Json")
                }
            };
            let description = desc_col
                .map(|c| row.text(c).to_string())
                .filter(|s| !s.is_empty());
            let required = match req_col.map(|c| row.text(c).to_ascii_lowercase()) {
                Some(r) if !r.is_empty() => is_yes(&r),
                _ => description.as_deref().is_some_and(says_required),
            };
            Some(Parameter {
                name: name.to_string(),
                ty,
                description,
                required,
            })
        })
        .collect()
}

fn type_of(doc: &Document, cell: &Cell, diags: &mut Vec<Diagnostic>) -> TypeRef {
    match parse_type_cell(cell, &doc.file) {
        Ok(t) => t,
        Err(why) => {
            diags.push(Diagnostic::new(
                codes::BAD_TYPE,
                &doc.file,
                cell.line,
                cell.col,
                format!("{why}; the type falls back to `Json`"),
            ));
            TypeRef::single("Json")
        }
    }
}

/// The type a paragraph names, in order of trust: a link to a page of the docs whose text is
/// a name (`[alert](...)`), a bold name followed by "object" or "collection" (`an **alert**
/// object`, as some pages write it without a link), then any other link to a page of the
/// docs (`[directory (deleted items)](...)`). "collection of" in the sentence, or a bold name
/// followed by "objects" or "collection", makes it a collection.
fn named_type(doc: &Document, p: &Paragraph, diags: &mut Vec<Diagnostic>) -> Option<TypeRef> {
    // Each link resolved once: the first and the last tier both look at these.
    let to_type_pages: Vec<&Link> = p
        .links
        .iter()
        .filter(|(_, target)| doc.resolve_link(target).is_some_and(|t| is_type_page(&t)))
        .collect();
    let (text, target) = match to_type_pages
        .iter()
        .find(|(text, _)| is_identifier(text.trim()))
    {
        Some(link) => *link,
        None => {
            if let Some(ty) = bold_type(doc, p) {
                return Some(ty);
            }
            *to_type_pages.first()?
        }
    };
    let cell = Cell {
        text: text.clone(),
        links: vec![(text.clone(), target.clone())],
        code_spans: Vec::new(),
        line: p.line,
        col: p.col,
    };
    let mut ty = type_of(doc, &cell, diags);
    if sentence_of(&p.text, text)
        .is_some_and(|s| s.contains("collection") || s.contains("array of"))
    {
        ty.collection = true;
    }
    Some(ty)
}

/// The first `**name**` in the paragraph's source followed by "object(s)" or "collection":
/// the type, unlinked (resolved by name). Plain text loses the bold, so the source lines are
/// read, from the paragraph's first line to the blank line that ends it.
fn bold_type(doc: &Document, p: &Paragraph) -> Option<TypeRef> {
    let source: Vec<&str> = (p.line..p.line.saturating_add(64))
        .map_while(|n| doc.line_text(n))
        .take_while(|l| !l.trim().is_empty())
        .collect();
    let source = source.join(" ");
    let mut rest = source.as_str();
    while let Some(open) = rest.find("**") {
        let after = rest.get(open + 2..).unwrap_or("");
        let close = after.find("**")?;
        let name = after.get(..close).unwrap_or("");
        let next = after.get(close + 2..).unwrap_or("");
        let follows = |word: &str| {
            let t = next.trim_start();
            t.get(..word.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(word))
        };
        let many = follows("objects") || follows("collection");
        if is_identifier(name) && (many || follows("object")) {
            let mut ty = TypeRef::single(name);
            ty.collection =
                many || sentence_of(&p.text, name).is_some_and(|s| s.contains("collection of"));
            return Some(ty);
        }
        rest = next;
    }
    None
}

/// The sentence of `text` that contains `needle` (lowercased).
fn sentence_of(text: &str, needle: &str) -> Option<String> {
    let l = text.to_lowercase();
    let n = needle.to_lowercase();
    let at = l.find(&n)?;
    let start = l.get(..at)?.rfind(". ").map_or(0, |i| i + 2);
    let end = l.get(at..)?.find(". ").map_or(l.len(), |i| at + i);
    l.get(start..end).map(str::to_string)
}

/// The success statuses the response section names, with the type of the body.
/// Falls back on the first example response's status when the text names none.
fn responses(doc: &Document, examples: &[Example], diags: &mut Vec<Diagnostic>) -> Vec<Response> {
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
    fn permissions_split() {
        assert_eq!(
            split_permissions("User.Read, User.ReadWrite or Directory.Read.All."),
            vec!["User.Read", "User.ReadWrite", "Directory.Read.All"]
        );
        assert!(split_permissions("Not supported.").is_empty());
        assert!(split_permissions("").is_empty());
    }

    /// The request body of an own-words page whose `## Request body` section is `body`, and
    /// whose response section is `response`.
    fn body_of(method: &str, body: &str, response: &str) -> Option<RequestBody> {
        let page = format!(
            "# Widget\n\n## HTTP request\n\n```http\n{method} /widgets/{{id}}\n```\n\n\
             ## Request body\n\n{body}\n\n## Response\n\n{response}\n"
        );
        let parsed = crate::parse::parse_page("api/widget-update.md", page.as_bytes());
        parsed.endpoint.expect("an endpoint").request_body
    }

    fn type_body(name: &str, collection: bool) -> Option<RequestBody> {
        let mut ty = TypeRef::single(name);
        ty.collection = collection;
        ty.link = Some(format!("resources/{}.md", name.to_ascii_lowercase()));
        Some(RequestBody::Type { ty })
    }

    #[test]
    fn prose_that_names_the_body_type() {
        let none = "If successful, this method returns `204 No Content`.";
        assert_eq!(
            body_of(
                "POST",
                "Provide the new [gadget](../resources/gadget.md) object in the request body.",
                none
            ),
            type_body("gadget", false)
        );
        assert_eq!(
            body_of("POST", "A [gadget](../resources/gadget.md).", none),
            type_body("gadget", false)
        );
        assert_eq!(
            body_of("PATCH", "Supply an array of [gadget](../resources/gadget.md) objects that describe the changes.", none),
            type_body("gadget", true)
        );
        // A link given for reference only names nothing.
        assert_eq!(
            body_of("POST", "Send the app's ID. For details, see [gadget properties](../resources/gadget.md#properties).", none),
            None
        );
    }

    #[test]
    fn an_update_that_supplies_values_takes_a_partial_resource() {
        let returns_gizmo = "If successful, this method returns `200 OK` and the updated [gizmo](../resources/gizmo.md) object.";
        let values =
            "In the request body, supply the values for relevant fields that should be updated.";
        // The type the section links wins over the one the response returns.
        assert_eq!(
            body_of(
                "PATCH",
                &format!("{values}\n\nFor the properties, see [gadget](../resources/gadget.md)."),
                returns_gizmo
            ),
            type_body("gadget", false)
        );
        assert_eq!(
            body_of("PATCH", values, returns_gizmo),
            type_body("gizmo", false)
        );
        // Only an update: a POST saying the same names no type.
        assert_eq!(body_of("POST", values, returns_gizmo), None);
    }

    /// An own-words page: `intro` under the title, `method` on `/gadgets/{id}`, a request
    /// body section saying `body_prose` if any, `response` under `## Response`, and an example
    /// request sending `example` (with a `204` response).
    fn page_with(
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

    fn codes_of(page: &ParsedPage) -> Vec<&str> {
        page.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

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
        // An action returning `200` is not a create: nothing taken, DS0308 says so.
        let page = page_with(intro, "POST", None, updated, sends);
        assert_eq!(
            page.endpoint.as_ref().expect("an endpoint").request_body,
            None
        );
        assert_eq!(codes_of(&page), vec![codes::UNDESCRIBED_BODY.id]);
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
        // No body sent, nothing taken, nothing said.
        let page = page_with(intro, "POST", None, created, "{}");
        assert_eq!(
            page.endpoint.as_ref().expect("an endpoint").request_body,
            None
        );
        assert!(page.diagnostics.is_empty(), "{:?}", page.diagnostics);
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

    #[test]
    fn a_type_named_in_bold_counts_unless_a_link_names_one() {
        let intro = "Read gadgets.";
        let response_type = |response: &str| {
            let page = page_with(intro, "GET", None, response, "{}");
            let endpoint = page.endpoint.expect("an endpoint");
            endpoint.responses.first().and_then(|r| r.ty.clone())
        };
        // A bold name before "object" is the type, unlinked (the resolver finds it by name),
        // even when a later sentence links a page that is not about the type.
        let ty = response_type(
            "If successful, this method returns a `200 OK` response code and a **gadget** object in the response body. \
             On errors, see [the error responses](../resources/errors.md).",
        )
        .expect("a type");
        assert_eq!(
            (ty.name.as_str(), ty.collection, ty.link),
            ("gadget", false, None)
        );
        let ty = response_type(
            "If successful, this method returns `200 OK` and a collection of **gadget**\nobjects.",
        )
        .expect("a type");
        assert!(ty.collection, "{ty:?}");
        // Bold that names no object is not a type.
        assert_eq!(
            response_type("**Note:** If successful, this method returns `200 OK`."),
            None
        );
        // A link whose text is a name beats bold; a link whose text is a phrase loses to it,
        // and is taken when nothing else names a type.
        let ty = response_type(
            "Returns `200 OK` and a **widget** object: a [gadget](../resources/gadget.md).",
        )
        .expect("a type");
        assert_eq!(ty.link.as_deref(), Some("resources/gadget.md"));
        let ty = response_type(
            "Returns `200 OK` and [gadget (deleted) properties](../resources/gadget.md).",
        )
        .expect("a type");
        assert_eq!(ty.link.as_deref(), Some("resources/gadget.md"));
        // The request body: "a JSON representation of **gadget** object".
        let page = page_with(
            intro,
            "POST",
            Some("In the request body, supply a JSON representation of **gadget** object."),
            "Returns `204 No Content`.",
            r#"{"name": "g"}"#,
        );
        let body = page.endpoint.expect("an endpoint").request_body;
        assert_eq!(
            body,
            Some(RequestBody::Type {
                ty: TypeRef::single("gadget")
            })
        );
        assert!(page.diagnostics.is_empty(), "{:?}", page.diagnostics);
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
        // Two types linked: which one is updated is not said.
        let page = update(
            "Update a [gadget](../resources/gadget.md) of a [shelf](../resources/shelf.md).",
        );
        assert_eq!(
            page.endpoint.as_ref().expect("an endpoint").request_body,
            None
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

    /// Own-words page: the permissions table sits under `## Prerequisites` with a sentence
    /// and a second table that is not about permissions.
    #[test]
    fn permissions_under_prerequisites() {
        let page = "# Get a widget\n\n## Prerequisites\n\nThe caller needs a licence.\n\n\
            | Licence | Note |\n|:--|:--|\n| Basic | any |\n\n\
            | Permission type | Permissions (from least to most privileged) |\n|:--|:--|\n\
            | Delegated (work or school account) | Widget.Read, Widget.ReadWrite |\n\
            | Delegated (personal Microsoft account) | Not supported. |\n\
            | Application | Widget.Read.All |\n\n\
            ## HTTP request\n\n```http\nGET /widgets/{id}\n```\n";
        let parsed = crate::parse::parse_page("api/widget-get.md", page.as_bytes());
        let e = parsed.endpoint.expect("an endpoint");
        assert_eq!(
            e.permissions.delegated_work,
            ["Widget.Read", "Widget.ReadWrite"]
        );
        assert!(e.permissions.delegated_personal.is_empty());
        assert_eq!(e.permissions.application, ["Widget.Read.All"]);
        // Without a permissions column, a prerequisites table is not read as permissions.
        let page = "# Get a widget\n\n## Prerequisites\n\n| Licence | Note |\n|:--|:--|\n\
            | Application | any |\n\n## HTTP request\n\n```http\nGET /widgets/{id}\n```\n";
        let parsed = crate::parse::parse_page("api/widget-get.md", page.as_bytes());
        let e = parsed.endpoint.expect("an endpoint");
        assert!(e.permissions.application.is_empty());
    }

    #[test]
    fn reference_writes() {
        let paths = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(adds_reference(
            "POST",
            &paths(&["/groups/{id}/members/$ref"])
        ));
        assert!(adds_reference("PUT", &paths(&["/users/{id}/manager/$ref"])));
        assert!(adds_reference(
            "post",
            &paths(&["/a/{id}/b/$ref", "/c/{id}/b/$REF/"])
        ));
        assert!(!adds_reference(
            "DELETE",
            &paths(&["/groups/{id}/members/{m}/$ref"])
        ));
        assert!(!adds_reference(
            "GET",
            &paths(&["/groups/{id}/members/$ref"])
        ));
        assert!(!adds_reference("POST", &paths(&["/groups/{id}/members"])));
        assert!(!adds_reference("POST", &paths(&["/a/$ref", "/a/members"])));
        assert!(!adds_reference("POST", &paths(&["/a/$refs"])));
        assert!(!adds_reference("POST", &[]));
        let Some(RequestBody::Parameters { parameters }) = Some(reference_body()) else {
            panic!("a reference body is a parameter list");
        };
        assert_eq!(parameters.len(), 1);
        assert_eq!(parameters[0].name, "@odata.id");
        assert_eq!(parameters[0].ty, TypeRef::single("String"));
        assert!(parameters[0].required);
    }

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

    #[test]
    fn required_wording() {
        assert!(says_required("Bearer {token}. Required."));
        assert!(says_required("(required) the id"));
        assert!(!says_required("Optional. Not required."));
        assert!(!says_required("application/json"));
    }
}
