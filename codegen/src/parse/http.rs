//! Request lines (`POST /app/calls/{id}/participants`) and path templates.
//!
//! The docs write the same path many ways: absolute URLs, a `/v1.0` or `/beta` prefix, `~/`,
//! no leading slash, `{id | userPrincipalName}` with spaces inside the braces, function
//! parameters `(period='{period_value}')`, a `?query`. Everything here reduces them to a path
//! template starting with `/` plus the query parameter names.

use crate::model::PathParam;
use crate::route::query::query_names;
use crate::route::{self, version, Piece, Target};

/// The HTTP methods an endpoint can have.
pub const METHODS: [&str; 7] = ["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"];

/// One `METHOD target` line, split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestLine {
    /// Uppercase method.
    pub method: String,
    /// The target as written (URL or path, query included).
    pub target: String,
    /// 0-based character offset of the target within the line.
    pub target_offset: usize,
}

/// A request target reduced to a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathTemplate {
    /// Starts with `/`, no version prefix, no query, no trailing `/`.
    pub path: String,
    /// Names of the query parameters (`$filter`, `startDateTime`).
    pub query: Vec<String>,
}

/// Splits `METHOD target [HTTP/1.1]`. The method may be glued to the path (`DELETE/x`) or
/// lowercase. `None` when the line does not start with a method.
pub fn split_request_line(line: &str) -> Option<RequestLine> {
    let lead = line.len() - line.trim_start().len();
    let t = line.trim();
    let (word, _) = t.split_at(
        t.find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(t.len()),
    );
    let method = METHODS
        .iter()
        .find(|m| m.eq_ignore_ascii_case(word))?
        .to_string();
    let rest = t.get(word.len()..)?;
    // `GETx` is a word, not a method; `DELETE/x` is a glued method.
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) && !rest.starts_with('/') {
        return None;
    }
    let target_start = word.len() + (rest.len() - rest.trim_start().len());
    let target = take_target(rest.trim_start());
    if target.is_empty() {
        return None;
    }
    let byte_offset = lead + target_start;
    let target_offset = line.get(..byte_offset).map_or(0, |s| s.chars().count());
    Some(RequestLine {
        method,
        target: target.to_string(),
        target_offset,
    })
}

/// The target up to the first whitespace outside `{}`, `()` and quotes (so
/// `{id | userPrincipalName}` stays whole and `HTTP/1.1` is cut off).
fn take_target(s: &str) -> &str {
    // Byte by byte: the delimiters are ASCII, and a UTF-8 continuation byte never equals one.
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    for (i, &c) in s.as_bytes().iter().enumerate() {
        // Most bytes are none of the delimiters: one table lookup each.
        if !TARGET_STOPS[usize::from(c)] {
            continue;
        }
        match c {
            b'\'' | b'"' if quote.is_none() => quote = Some(c),
            c if quote == Some(c) => quote = None,
            b'{' | b'(' | b'[' if quote.is_none() => depth += 1,
            b'}' | b')' | b']' if quote.is_none() => depth -= 1,
            _ if depth <= 0 && quote.is_none() && super::doc::whitespace_at(s, i).is_some() => {
                return s.get(..i).unwrap_or(s)
            }
            _ => {}
        }
    }
    s
}

/// The bytes [`take_target`] looks at: quotes, brackets, ASCII whitespace and the lead bytes of
/// the other whitespace characters (those [`super::doc::whitespace_at`] reads).
static TARGET_STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let bytes = *b"'\"{([})] \t\n\r\x0b\x0c\xc2\xe1\xe2\xe3";
    let mut i = 0;
    while i < bytes.len() {
        stops[bytes[i] as usize] = true;
        i += 1;
    }
    stops
};

/// Reduces a request target to a path template, or says why it is not one.
pub fn path_template(target: &str) -> Result<PathTemplate, String> {
    let split = Target::split(target);
    let mut path = split.path.trim().to_string();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if let Some((_, rest)) = version::strip_prefix(&path) {
        path = if rest.is_empty() { "/" } else { rest }.to_string();
    }
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    if !looks_like_path(&path) {
        return Err(format!("`{}` is not a URL path", target.trim()));
    }
    let query = split.query.map(query_names).unwrap_or_default();
    Ok(PathTemplate { path, query })
}

/// A path has balanced braces and no stray characters that never occur in a URL path.
fn looks_like_path(path: &str) -> bool {
    let mut braces = 0i32;
    let mut parens = 0i32;
    for c in path.chars() {
        match c {
            '{' => braces += 1,
            '}' => braces -= 1,
            '(' => parens += 1,
            ')' => parens -= 1,
            c if braces == 0 && parens == 0 && (c.is_whitespace() || "*\"`^\\".contains(c)) => {
                return false
            }
            _ => {}
        }
        if braces < 0 || parens < 0 {
            return false;
        }
    }
    (braces == 0 && path.len() > 1) || path == "/"
}

/// The placeholders of `path` in order, each with the literal segment before it
/// (`calls` for `/calls/{id}`, `getX` for `/getX(period='{p}')`).
pub fn placeholders(path: &str) -> Vec<PathParam> {
    let mut out = Vec::new();
    let mut end = 0; // where the current piece ends in `path`
    for piece in route::pieces(path) {
        let start = end;
        end += piece.span_len();
        if let Piece::Param(name) = piece {
            out.push(PathParam {
                name: name.trim().to_string(),
                segment: segment_before(path.get(..start).unwrap_or("")),
            });
        }
    }
    out
}

/// The last literal word in `before` (the path up to a placeholder), without function-call
/// punctuation: `/app/calls/` -> `calls`, `/lists('` -> `lists`, and for a function parameter
/// the parameter's name: `/reports/getX(period='` -> `period`. Segments that are themselves
/// placeholders are skipped.
fn segment_before(before: &str) -> Option<String> {
    before
        .rsplit(['/', '(', ')', ',', '=', '\''])
        .map(str::trim)
        .find(|s| !s.is_empty() && !s.contains('{') && !s.contains('}') && !s.starts_with('$'))
        .map(|s| s.trim_end_matches(':').to_string())
        .filter(|s| !s.is_empty())
}

/// Merges `params` into `into`, keeping the first occurrence of each name.
pub fn merge_params(into: &mut Vec<PathParam>, params: Vec<PathParam>) {
    for p in params {
        if !into.iter().any(|q| q.name == p.name) {
            into.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tpl(s: &str) -> PathTemplate {
        path_template(s).unwrap()
    }

    #[test]
    fn splits_lines() {
        let l = split_request_line("  GET /users/{id | userPrincipalName}/photo HTTP/1.1").unwrap();
        assert_eq!(l.method, "GET");
        assert_eq!(l.target, "/users/{id | userPrincipalName}/photo");
        assert_eq!(l.target_offset, 6);
        assert_eq!(
            split_request_line("DELETE/identity/x").unwrap().target,
            "/identity/x"
        );
        assert!(split_request_line("Getting /x").is_none());
        assert!(split_request_line("workbook-session-id: {id}").is_none());
        assert!(split_request_line("GET").is_none());
        assert_eq!(
            split_request_line("GET /me/people/?$search=\"maria smith\" HTTP/1.1")
                .unwrap()
                .target,
            "/me/people/?$search=\"maria smith\""
        );
    }

    #[test]
    fn templates() {
        assert_eq!(
            tpl("https://graph.microsoft.com/v1.0/me/events?$select=subject&$top=5"),
            PathTemplate {
                path: "/me/events".into(),
                query: vec!["$select".into(), "$top".into()]
            }
        );
        assert_eq!(
            tpl("/beta/teams/{id}/photo/$value").path,
            "/teams/{id}/photo/$value"
        );
        assert_eq!(
            tpl("~/onPremises/{t}/agentGroups").path,
            "/onPremises/{t}/agentGroups"
        );
        assert_eq!(tpl("me/devices/").path, "/me/devices");
        assert_eq!(tpl("/betaUsers").path, "/betaUsers");
        assert!(path_template("**").is_err());
        assert!(path_template("/a/{b").is_err());
    }

    #[test]
    fn placeholder_segments() {
        let p = placeholders("/applications/{id}/calls/{id}/participants");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].segment.as_deref(), Some("applications"));
        assert_eq!(p[1].segment.as_deref(), Some("calls"));
        let p = placeholders("/reports/getEmailActivityCounts(period='{period_value}')");
        assert_eq!(p[0].name, "period_value");
        assert_eq!(p[0].segment.as_deref(), Some("period"));
        let p = placeholders("/range/resizedRange(deltaRows={n}, deltaColumns={m})");
        assert_eq!(p[1].segment.as_deref(), Some("deltaColumns"));
        let p = placeholders("/users/{id | userPrincipalName}/photos/{size}/$value");
        assert_eq!(p[0].name, "id | userPrincipalName");
        assert_eq!(p[1].segment.as_deref(), Some("photos"));
        let mut all = Vec::new();
        merge_params(&mut all, placeholders("/a/{id}/b/{id}"));
        assert_eq!(all.len(), 1);
    }
}
