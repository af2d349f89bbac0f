//! The examples of an API page: request and response fences, paired.
//!
//! Fences are recognized by their annotation (`blockType: request` / `response`), else by their
//! content (`METHOD url` or `HTTP/1.1 200 OK` on the first line). Only the HTTP tab of SDK tab
//! groups counts. A headers-only fence followed by a JSON fence (the 2018 layout, where the
//! JSON carries `blockType: example` or `ignored`) is one message. Requests to hosts other than
//! Graph (notifications a service posts to a bot) are not examples of the endpoint.

use super::annotation::{lenient_json_text, trailing_commas, Annotation};
use super::ascii::contains_ignore_case;
use super::doc::{line_col_of, with_ascii_lowercase, Block, Code, Document};
use super::http::{split_request_line, RequestLine};
use crate::diag::{codes, Diagnostic};
use crate::model::{Example, ExampleRequest, ExampleResponse, JsonText, Source};
use crate::route::{RequestUrl, Target, Template};

/// Fence languages of SDK snippets, never HTTP examples.
const SDK_LANGS: [&str; 16] = [
    "csharp",
    "c#",
    "cs",
    "javascript",
    "js",
    "typescript",
    "ts",
    "objc",
    "objective-c",
    "java",
    "go",
    "powershell",
    "python",
    "php",
    "swift",
    "cpp",
];

/// What the previous fence left open for a following JSON fence to complete.
#[derive(Clone, Copy)]
enum Open {
    None,
    Request(usize),
    Response(usize),
    /// A request that is not an example (a callback); its JSON is dropped too.
    Skipped,
}

/// Reads every example of the page's `## Example(s)` sections, in order. `paths` are the
/// page's request paths (templates): an example request to another host counts only when it
/// is sent to one of them.
pub fn parse_examples(
    doc: &Document,
    paths: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Example> {
    let mut ex = Examples {
        file: &doc.file,
        paths,
        diags,
        out: Vec::new(),
        open: Open::None,
        hint: None,
        after_response: false,
    };
    let mut in_examples = false;
    for section in doc.sections() {
        let h = section.heading.normalized();
        if is_example_heading(h) {
            in_examples = true;
        } else if !(in_examples && (h.starts_with("request") || h.starts_with("response"))) {
            // `## Request` / `## Response` right after `## Example` belong to it.
            in_examples = false;
            continue;
        }
        let mut tab: Option<&str> = None;
        ex.hint = hint_of(&section.heading.text);
        for block in section.blocks {
            match block {
                Block::Heading(h) => {
                    tab = h.tab.as_deref();
                    if h.tab.is_none() {
                        ex.open = Open::None;
                        ex.after_response = false;
                        ex.hint = hint_of(&h.text);
                    }
                }
                Block::Paragraph(p) => {
                    if let Some(h) = paragraph_hint(&p.text) {
                        ex.hint = Some(h);
                    }
                }
                Block::Code(code) => {
                    if tab.is_some_and(|t| t != "http") || SDK_LANGS.contains(&code.lang.as_str()) {
                        continue;
                    }
                    ex.code(code);
                }
                _ => {}
            }
        }
    }
    let Examples {
        out, diags, file, ..
    } = ex;
    for e in &out {
        let (what, line) = match (&e.request, &e.response) {
            (Some(r), None) => ("request example has no response", r.source.line),
            (None, Some(r)) => ("response example has no request", r.source.line),
            _ => continue,
        };
        diags.push(Diagnostic::new(
            codes::UNPAIRED_EXAMPLE,
            file,
            line,
            1,
            format!("this {what} example to pair it with"),
        ));
    }
    out
}

/// `Example`, `Examples`, `Example 2: ...`, `Sample request`.
pub fn is_example_heading(normalized: &str) -> bool {
    normalized.starts_with("example") || normalized.starts_with("sample")
}

struct Examples<'a> {
    file: &'a str,
    /// The page's request paths.
    paths: &'a [String],
    diags: &'a mut Vec<Diagnostic>,
    out: Vec<Example>,
    open: Open,
    /// What the nearest heading or lead-in paragraph announces.
    hint: Option<Hint>,
    /// A response was just read, with no heading or request since.
    after_response: bool,
}

/// What a heading or a paragraph says the next fence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hint {
    Request,
    Response,
}

fn hint_of(heading: &str) -> Option<Hint> {
    if contains_ignore_case(heading, "response") {
        Some(Hint::Response)
    } else if contains_ignore_case(heading, "request") {
        Some(Hint::Request)
    } else {
        None
    }
}

/// `**Response**`, "Here is an example of the response." and the like.
fn paragraph_hint(text: &str) -> Option<Hint> {
    let t = text.trim().trim_end_matches([':', '.']);
    let says = |what: &str, of_the: &str, shows_the: &str| {
        t.eq_ignore_ascii_case(what)
            || contains_ignore_case(t, of_the)
            || contains_ignore_case(t, shows_the)
    };
    if says("response", "of the response", "shows the response") {
        Some(Hint::Response)
    } else if says("request", "of the request", "shows the request") {
        Some(Hint::Request)
    } else {
        None
    }
}

impl Examples<'_> {
    fn code(&mut self, code: &Code) {
        let ann = code.annotation.as_deref();
        let kind = ann
            .and_then(Annotation::block_type)
            .map(str::to_ascii_lowercase);
        if matches!(kind.as_deref(), Some("resource") | Some("samples")) {
            return;
        }
        // The fence's first line, and the request line it is if it is one (what `request`
        // would split again).
        let first = first_line(&code.text);
        let line = split_request_line(first);
        match kind.as_deref() {
            Some("request") => return self.request(code, line),
            Some("response") if line.is_none() => return self.response(code),
            _ => {}
        }
        if line.is_some() {
            self.request(code, line);
        } else if first.starts_with("HTTP/") {
            self.response(code);
        } else if first.starts_with('{') || first.starts_with('[') {
            let merges = match self.open {
                Open::Response(_) | Open::Skipped => true,
                Open::Request(_) => self.hint != Some(Hint::Response),
                Open::None => false,
            };
            if merges {
                self.merge_body(code);
            } else if self.hint == Some(Hint::Response) {
                // A bare JSON response under `**Response**`.
                self.response(code);
            }
        }
    }

    /// The request of fence `code`, whose first line (the start of its message) splits as
    /// `line`.
    fn request(&mut self, code: &Code, line: Option<RequestLine>) {
        let msg = Message::split(&code.text);
        let Some(line) = line else {
            self.diags.push(Diagnostic::new(
                codes::BAD_EXAMPLE,
                self.file,
                code.line + msg.start_index,
                1,
                "example request does not start with a `METHOD url` line",
            ));
            self.open = Open::None;
            return;
        };
        self.after_response = false;
        if is_to_another_party(&line.target, self.paths) {
            self.open = Open::Skipped;
            return;
        }
        let (body, raw_body) = self.body(&msg, code);
        let request = ExampleRequest {
            method: line.method,
            url: line.target,
            headers: msg.headers.clone(),
            body,
            raw_body,
            source: Source {
                file: self.file.to_string(),
                line: code.line + msg.start_index,
            },
        };
        let name = code
            .annotation
            .as_deref()
            .and_then(Annotation::name)
            .map(str::to_string);
        self.out.push(Example {
            name,
            request: Some(request),
            response: None,
        });
        self.open = if msg.body.is_none() {
            Open::Request(self.out.len() - 1)
        } else {
            Open::None
        };
    }

    fn response(&mut self, code: &Code) {
        if matches!(self.open, Open::Skipped) {
            // The answer to a callback, not to the endpoint.
            self.open = Open::None;
            return;
        }
        let ann = code.annotation.as_deref();
        if self.after_response && ann.and_then(Annotation::name).is_none() {
            // A second response right after the first (the file behind a redirect): an
            // illustration of the same exchange.
            return;
        }
        let msg = Message::split(&code.text);
        let status = status_of_line(msg.start);
        let (headers, body_msg) = if status.is_some() {
            (msg.headers.clone(), msg.body)
        } else {
            // No status line: the whole fence is the body.
            (Vec::new(), Some((code.text.trim(), 0)))
        };
        let (body, raw_body) = self.body(
            &Message {
                body: body_msg,
                ..msg
            },
            code,
        );
        let response = ExampleResponse {
            status,
            headers,
            body,
            raw_body,
            truncated: ann.is_some_and(|a| a.flag("truncated")),
            odata_type: ann.and_then(|a| a.str("@odata.type")).map(str::to_string),
            is_collection: ann.is_some_and(|a| a.flag("isCollection")),
            source: Source {
                file: self.file.to_string(),
                line: code.line + msg.start_index,
            },
        };
        let name = ann.and_then(Annotation::name);
        let by_name = name.and_then(|n| {
            self.out
                .iter()
                .position(|e| e.response.is_none() && e.name.as_deref() == Some(n))
        });
        let by_order = self
            .out
            .last()
            .filter(|e| e.response.is_none())
            .map(|_| self.out.len() - 1);
        let has_body = response.body.is_some() || response.raw_body.is_some();
        let index = match by_name.or(by_order) {
            Some(i) => {
                if let Some(e) = self.out.get_mut(i) {
                    e.response = Some(response);
                }
                i
            }
            None if !ann.is_some_and(|a| a.is("response")) => {
                // An unannotated response after the paired one (the file behind a redirect):
                // an illustration, not an example of its own.
                self.open = Open::None;
                return;
            }
            None => {
                self.out.push(Example {
                    name: name.map(str::to_string),
                    request: None,
                    response: Some(response),
                });
                self.out.len() - 1
            }
        };
        self.after_response = true;
        self.open = if has_body {
            Open::None
        } else {
            Open::Response(index)
        };
    }

    /// A JSON fence completing the headers-only fence before it.
    fn merge_body(&mut self, code: &Code) {
        let open = std::mem::replace(&mut self.open, Open::None);
        let msg = Message {
            start: "",
            start_index: 0,
            headers: Vec::new(),
            body: Some((code.text.trim(), 0)),
        };
        match open {
            Open::Request(i) => {
                let (body, raw_body) = self.body(&msg, code);
                if let Some(r) = self.out.get_mut(i).and_then(|e| e.request.as_mut()) {
                    r.body = body;
                    r.raw_body = raw_body;
                }
            }
            Open::Response(i) => {
                let (body, raw_body) = self.body(&msg, code);
                let ann = code.annotation.as_deref();
                if let Some(r) = self.out.get_mut(i).and_then(|e| e.response.as_mut()) {
                    r.body = body;
                    r.raw_body = raw_body;
                    if r.odata_type.is_none() {
                        r.odata_type = ann.and_then(|a| a.str("@odata.type")).map(str::to_string);
                    }
                    r.truncated |= ann.is_some_and(|a| a.flag("truncated"));
                    r.is_collection |= ann.is_some_and(|a| a.flag("isCollection"));
                }
            }
            Open::None | Open::Skipped => {}
        }
    }

    /// The body as JSON, or as raw text when it is not JSON (DS0305 when it looks like JSON).
    fn body(&mut self, msg: &Message<'_>, code: &Code) -> (Option<JsonText>, Option<String>) {
        let Some((text, line_index)) = msg.body else {
            return (None, None);
        };
        let json_like = text.starts_with('{') || text.starts_with('[');
        let declared_json = msg.headers.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case("content-type") && contains_ignore_case(v, "json")
        });
        if !json_like && !declared_json {
            return (None, Some(text.to_string()));
        }
        match lenient_json_text(text) {
            Ok(v) => {
                if v.as_str() != text {
                    self.lenient(text, line_index, code);
                }
                (Some(v), None)
            }
            Err(e) => {
                let line = code.line + line_index + u32::try_from(e.line()).unwrap_or(1) - 1;
                self.diags.push(Diagnostic::new(
                    codes::EXAMPLE_JSON,
                    self.file,
                    line.max(code.line),
                    u32::try_from(e.column()).unwrap_or(1).max(1),
                    format!("example body is not valid JSON ({e}); fix the JSON so the example can serve as a test and a mock response (until then it is kept as text)"),
                ));
                (None, Some(text.to_string()))
            }
        }
    }

    /// Reports (DS0312) the body `text`, at 0-based line `line_index` of the fence `code`,
    /// which is JSON only once repaired; a trailing comma's removal is suggested.
    fn lenient(&mut self, text: &str, line_index: u32, code: &Code) {
        let comma = trailing_commas(text).first().copied();
        let (line, column) = line_col_of(text, comma.unwrap_or(0));
        let line = code.line + line_index + line - 1;
        let message = if comma.is_some() {
            "example body has a trailing comma, which JSON does not allow; docspec reads it without, other JSON tools reject it"
        } else {
            "example body is not strict JSON (an unquoted key or a raw line break in a string); docspec reads it repaired, other JSON tools reject it"
        };
        let d = Diagnostic::new(codes::LENIENT_JSON, self.file, line, column, message);
        self.diags.push(match comma {
            Some(_) => d.with_suggestion(format!("remove the `,` at line {line}, column {column}")),
            None => d,
        });
    }
}

/// An HTTP message as written in a fence: start line, headers, body.
struct Message<'t> {
    start: &'t str,
    /// 0-based line index of the start line within the fence.
    start_index: u32,
    headers: Vec<(String, String)>,
    /// The body text (trimmed) and its 0-based line index within the fence.
    body: Option<(&'t str, u32)>,
}

impl<'t> Message<'t> {
    fn split(text: &'t str) -> Message<'t> {
        let mut offset = 0usize;
        let mut start = "";
        let mut start_index = 0;
        let mut headers = Vec::new();
        let mut body_from: Option<(usize, u32)> = None;
        let mut state = 0; // 0 = before start line, 1 = headers
        for (index, line) in (0u32..).zip(text.split_inclusive('\n')) {
            let t = line.trim();
            match state {
                0 if t.is_empty() => {}
                0 => {
                    start = t;
                    start_index = index;
                    state = 1;
                }
                _ if t.is_empty() => {
                    let rest = text.get(offset + line.len()..).unwrap_or("");
                    if !headers_follow(rest, &headers) {
                        body_from = Some((offset + line.len(), index + 1));
                        break;
                    }
                    // Headers after a blank line (`POST /x`, blank, `Content-type: ...`).
                }
                _ => match header(t) {
                    Some(h) => headers.push(h),
                    None => {
                        body_from = Some((offset, index));
                        break;
                    }
                },
            }
            offset += line.len();
        }
        let body = body_from.and_then(|(o, i)| {
            let raw = text.get(o..)?;
            let skipped = raw.len() - raw.trim_start().len();
            let lines_skipped = raw.get(..skipped).map_or(0, |s| s.matches('\n').count());
            let b = raw.trim();
            (!b.is_empty()).then_some((b, i + u32::try_from(lines_skipped).unwrap_or(0)))
        });
        Message {
            start,
            start_index,
            headers,
            body,
        }
    }
}

/// Whether the text after a blank line of the header block (`rest`) still holds headers: a run
/// of `Name: value` lines followed by nothing or by a JSON body, and no header read so far
/// declares a body that is not JSON. A body that is itself made of `Name: value` lines (text,
/// form data) is declared by its content type, and a URL line (`https://...`) is not a header.
fn headers_follow(rest: &str, headers: &[(String, String)]) -> bool {
    let declares_other = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("content-type") && !contains_ignore_case(v, "json"));
    if declares_other {
        return false;
    }
    let mut lines = rest.lines().map(str::trim).skip_while(|l| l.is_empty());
    let mut run = 0usize;
    let after = loop {
        match lines.next() {
            None => break None,
            Some(l) if looks_like_header(l) => run += 1,
            Some(l) => break Some(l),
        }
    };
    let json_or_nothing = match after {
        None => true,
        Some("") => lines
            .find(|l| !l.is_empty())
            .is_none_or(|l| l.starts_with('{') || l.starts_with('[')),
        Some(l) => l.starts_with('{') || l.starts_with('['),
    };
    run > 0 && json_or_nothing
}

/// A line read as a header only after a blank line: a [`header`] whose name starts with a
/// letter and whose value is not the rest of a URL.
fn looks_like_header(line: &str) -> bool {
    header(line).is_some_and(|(name, value)| {
        name.starts_with(|c: char| c.is_ascii_alphabetic()) && !value.starts_with("//")
    })
}

/// `Name: value` where the name is a header token.
fn header(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    let token = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    token.then(|| (name.to_string(), value.trim().to_string()))
}

fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// The status of `HTTP/1.1 201 Created` (also `HTTP 200`).
pub fn status_of_line(line: &str) -> Option<u16> {
    let rest = line.trim().strip_prefix("HTTP")?;
    let rest = match rest.strip_prefix('/') {
        Some(v) => v.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.'),
        None => rest,
    };
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let code: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    code.parse().ok().filter(|c| (100..600).contains(c))
}

/// Whether a request to `target` is a message to another party (a notification to a bot or
/// a webhook) rather than an example of the page's endpoint: an absolute URL on a host other
/// than Graph's whose path ends with none of the page's request `paths`. So the examples of
/// another API documented the same way (`GET https://api.contoso.com/v2/widgets/42` for
/// `GET /widgets/{id}`) are kept, whatever its host and version prefix.
fn is_to_another_party(target: &str, paths: &[String]) -> bool {
    // The host decides most requests; the path is decoded only for the others.
    let Some(host) = Target::split(target).host else {
        return false;
    };
    let on_graph = |h: &str| h.contains("graph") || h.contains("microsoft") || h.contains('{');
    if with_ascii_lowercase(host, on_graph) {
        return false;
    }
    let url = RequestUrl::parse(target);
    !paths
        .iter()
        .filter_map(|p| Template::parse(p))
        .any(|t| t.matches_end(&url.segments))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_paragraphs_say_which_block_follows() {
        assert_eq!(hint_of("Example 1: Response"), Some(Hint::Response));
        assert_eq!(hint_of("REQUEST"), Some(Hint::Request));
        assert_eq!(hint_of("Example 2"), None);
        assert_eq!(paragraph_hint(" Response. "), Some(Hint::Response));
        assert_eq!(
            paragraph_hint("The following is an example of the Response."),
            Some(Hint::Response)
        );
        assert_eq!(
            paragraph_hint("This example SHOWS THE REQUEST body."),
            Some(Hint::Request)
        );
        assert_eq!(paragraph_hint("Requests are batched."), None);
    }

    #[test]
    fn status_lines() {
        assert_eq!(status_of_line("HTTP/1.1 201 Created"), Some(201));
        assert_eq!(status_of_line("HTTP/1.1 204 No Content"), Some(204));
        assert_eq!(status_of_line("HTTP 200 OK"), Some(200));
        assert_eq!(status_of_line("HTTP/2 202"), Some(202));
        assert_eq!(status_of_line("{"), None);
    }

    #[test]
    fn message_split_without_blank_line() {
        let m = Message::split("\nPOST /x\nContent-type: application/json\n{\n \"a\": 1\n}\n");
        assert_eq!(m.start, "POST /x");
        assert_eq!(m.start_index, 1);
        assert_eq!(m.headers.len(), 1);
        assert_eq!(m.body, Some(("{\n \"a\": 1\n}", 3)));
    }

    #[test]
    fn message_split_headers_after_a_blank_line() {
        let m = Message::split(
            "POST /x\n\nContent-type: application/json\nContent-length: 12\n\n{\"a\": 1}\n",
        );
        assert_eq!(m.start, "POST /x");
        assert_eq!(
            m.headers,
            vec![
                ("Content-type".to_string(), "application/json".to_string()),
                ("Content-length".to_string(), "12".to_string()),
            ]
        );
        assert_eq!(m.body, Some(("{\"a\": 1}", 5)));

        // Nothing after the headers: no body.
        let m = Message::split("GET /x\n\nPrefer: odata.maxpagesize=2\n");
        assert_eq!(m.headers.len(), 1);
        assert_eq!(m.body, None);

        // The JSON right after the headers, without a second blank line.
        let m = Message::split("POST /x\n\n\nContent-Type: application/json\n[1]");
        assert_eq!(m.headers.len(), 1);
        assert_eq!(m.body, Some(("[1]", 4)));
    }

    #[test]
    fn message_split_keeps_bodies_that_only_look_like_headers() {
        // Followed by text that is not JSON: a text body, not headers.
        let m = Message::split("POST /x\n\nName: value\n\nplain text\n");
        assert!(m.headers.is_empty());
        assert_eq!(m.body, Some(("Name: value\n\nplain text", 2)));
        // The content type says the body is not JSON.
        let m = Message::split("POST /x\nContent-Type: text/plain\n\nSubject: hi\n");
        assert_eq!(m.headers.len(), 1);
        assert_eq!(m.body, Some(("Subject: hi", 3)));
        // A URL is not a header.
        let m = Message::split("POST /x\n\nhttps://example.com/a\n");
        assert!(m.headers.is_empty());
        assert_eq!(m.body, Some(("https://example.com/a", 2)));
        // A JSON body after a blank line stays the body.
        let m = Message::split("POST /x\nA: b\n\n{\"c\": \"d: e\"}");
        assert_eq!(m.headers.len(), 1);
        assert_eq!(m.body, Some(("{\"c\": \"d: e\"}", 3)));
    }

    #[test]
    fn requests_to_another_party() {
        let paths = ["/communications/calls/{id}/answer".to_string()];
        // A notification sent to a bot, on a page about answering a call.
        assert!(is_to_another_party(
            "https://bot.contoso.com/api/calls",
            &paths
        ));
        assert!(!is_to_another_party(
            "https://graph.microsoft.com/beta/me",
            &paths
        ));
        assert!(!is_to_another_party("/me", &paths));
        // Another API's own host, version prefix and ids.
        assert!(!is_to_another_party(
            "https://api.contoso.com/v2/communications/calls/57/answer?x=1",
            &paths
        ));
        assert!(is_to_another_party(
            "https://api.contoso.com/v2/communications/calls/57",
            &paths
        ));
        let report = ["/reports/getReport(period='{period_value}')".to_string()];
        assert!(!is_to_another_party(
            "https://reports.contoso.com/reports/GetReport(period='D7')",
            &report
        ));
        assert!(is_to_another_party(
            "https://reports.contoso.com/reports/getReport(period=",
            &report
        ));
    }
}
