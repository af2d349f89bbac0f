//! Request lines (`METHOD /path?query`) of the HTTP request section, and the paths and
//! parameters of the endpoint they make.

use crate::diag::{codes, Diagnostic};
use crate::model::PathParam;
use crate::parse::doc::{Document, Section};
use crate::parse::http::{merge_params, path_template, placeholders, split_request_line};

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

/// One request line of the HTTP request section, reduced.
pub(super) struct Request {
    pub(super) method: String,
    pub(super) path: String,
    pub(super) query: Vec<String>,
    pub(super) line: u32,
    pub(super) col: u32,
}

pub(super) fn request_lines(
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
pub(super) fn majority_method(requests: &[Request]) -> String {
    let mut best: Option<(&str, usize)> = None;
    for r in requests {
        let n = requests.iter().filter(|q| q.method == r.method).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((&r.method, n));
        }
    }
    best.map_or_else(String::new, |(m, _)| m.to_string())
}

/// The paths, path parameters and query parameters of an endpoint, in docs order.
pub(super) struct Targets {
    pub(super) paths: Vec<String>,
    pub(super) path_params: Vec<PathParam>,
    pub(super) query: Vec<String>,
}

/// What the request lines using `method` address; a line with another method is reported once
/// (the first such line) and left out.
pub(super) fn targets(
    requests: &[Request],
    method: &str,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Targets {
    let mut paths: Vec<String> = Vec::new();
    let mut path_params: Vec<PathParam> = Vec::new();
    let mut query: Vec<String> = Vec::new();
    let mut mixed_reported = false;
    for r in requests {
        if r.method != method {
            if !mixed_reported {
                diagnostics.push(Diagnostic::new(
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
    Targets {
        paths,
        path_params,
        query,
    }
}
