//! Where a request goes: its URL is built and parsed exactly once, and refused when parsing
//! would send it somewhere other than the path the caller asked for.

use crate::encode::{encode_query, push_query};
use crate::{Error, Result};
use percent_encoding::percent_decode_str;
use reqwest::Url;
use std::fmt;

/// The destination of a [`crate::Request`], resolved to a [`Url`] when it is sent.
pub(crate) enum Target {
    /// A path under the client's base URL, already percent-encoded, starting with `/`; it may
    /// carry its own query string.
    Path(String),
    /// An absolute URL the server handed out (`@odata.nextLink`, `Location`), already parsed
    /// and checked against the client's origin.
    Url(Url),
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Path(p) => fmt::Debug::fmt(p, f),
            Target::Url(u) => fmt::Debug::fmt(u.as_str(), f),
        }
    }
}

/// The URL to send to: `target` (under `base_url`, whose parsed path is `base_path` without a
/// trailing `/`) plus the query pairs, percent-encoded here.
///
/// A WHATWG URL parser (and so reqwest) resolves dot-segments even when percent-encoded, so an
/// identifier `..` encoded as `%2E%2E` would silently address the parent resource. Rather than
/// trusting any one encoding, the parsed path is compared with the requested one, and a
/// request whose path the parser rewrote is refused before anything is sent.
pub(crate) fn resolve(
    base_url: &str,
    base_path: &str,
    target: &Target,
    query: &[(String, String)],
) -> Result<Url> {
    match target {
        Target::Url(url) => with_query(url.clone(), query),
        Target::Path(path) => {
            let mut url = String::with_capacity(base_url.len() + path.len() + 1);
            url.push_str(base_url);
            if !path.starts_with('/') {
                url.push('/');
            }
            url.push_str(path);
            // The base URL has no query (the builder checks), so only `path` can start one.
            let mut sep = if path.contains('?') { '&' } else { '?' };
            for (name, value) in query {
                url.push(sep);
                sep = '&';
                url.push_str(&encode_query(name));
                url.push('=');
                url.push_str(&encode_query(value));
            }
            let parsed =
                Url::parse(&url).map_err(|e| Error::InvalidRequest(format!("bad URL: {e}")))?;
            check_path(base_path, path, parsed.path())?;
            Ok(parsed)
        }
    }
}

/// The part of `target`'s URL after the base URL, path and query, exactly as [`resolve`]
/// would send it (`/users/a%20b?$select=id`): what a `$batch` item's `url` holds. Refused like
/// [`resolve`] refuses it, and when the URL is not under the base URL.
#[cfg(test)]
pub(crate) fn relative(
    base_url: &str,
    base_path: &str,
    target: &Target,
    query: &[(String, String)],
) -> Result<String> {
    let mut out = String::new();
    push_relative(&mut out, base_url, base_path, target, query)?;
    Ok(out)
}

/// Appends what [`relative`] returns to `out` (which it leaves as it was on error).
pub(crate) fn push_relative(
    out: &mut String,
    base_url: &str,
    base_path: &str,
    target: &Target,
    query: &[(String, String)],
) -> Result<()> {
    if let Target::Path(path) = target {
        if push_plain_relative(out, path, query) {
            return Ok(());
        }
    }
    let url = resolve(base_url, base_path, target, query)?;
    let path = url
        .path()
        .strip_prefix(base_path)
        .filter(|rest| rest.is_empty() || rest.starts_with('/'))
        .ok_or_else(|| {
            Error::InvalidRequest(format!("{} is not under the base URL", url.path()))
        })?;
    if path.is_empty() {
        out.push('/');
    }
    out.push_str(path);
    if let Some(q) = url.query() {
        out.push('?');
        out.push_str(q);
    }
    Ok(())
}

/// Bytes a URL parser keeps as they are in a path (`'` included) or, with `?` and without
/// `'`, in a query: RFC 3986 unreserved and sub-delims, `:`, `@`, `%` and `/`.
const fn kept_table(query: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'%'
                    | b'/'
            )
            || (query && c == b'?')
            || (!query && c == b'\'');
        b += 1;
    }
    table
}

const KEPT_IN_PATH: [bool; 256] = kept_table(false);
const KEPT_IN_QUERY: [bool; 256] = kept_table(true);

/// [`push_relative`] without parsing a URL, for a path the URL parser would keep byte for
/// byte (only characters it leaves alone, no dot-segment however encoded); `false`, with
/// nothing written, otherwise.
fn push_plain_relative(out: &mut String, path: &str, query: &[(String, String)]) -> bool {
    let (bare, own_query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    if !bare.bytes().all(|b| KEPT_IN_PATH[usize::from(b)])
        || !own_query.is_none_or(|q| q.bytes().all(|b| KEPT_IN_QUERY[usize::from(b)]))
    {
        return false;
    }
    let dot = |seg: &str| {
        seg.starts_with(['.', '%']) && {
            let mut decoded = percent_decode_str(seg);
            matches!(
                (decoded.next(), decoded.next(), decoded.next()),
                (Some(b'.'), None, _) | (Some(b'.'), Some(b'.'), None)
            )
        }
    };
    if bare.split('/').any(dot) {
        return false;
    }
    if !path.starts_with('/') {
        out.push('/');
    }
    out.push_str(path);
    let mut sep = if own_query.is_some() { '&' } else { '?' };
    for (name, value) in query {
        out.push(sep);
        sep = '&';
        push_query(out, name);
        out.push('=');
        push_query(out, value);
    }
    true
}

/// Appends `query` to an already-parsed URL, re-parsing only its query.
fn with_query(mut url: Url, query: &[(String, String)]) -> Result<Url> {
    if query.is_empty() {
        return Ok(url);
    }
    let mut q = url.query().unwrap_or_default().to_owned();
    for (name, value) in query {
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(&encode_query(name));
        q.push('=');
        q.push_str(&encode_query(value));
    }
    url.set_query(Some(&q));
    Ok(url)
}

/// Refuses the request unless the parser kept `path` (the part before any `?` or `#`) as the
/// caller wrote it under `base_path`.
fn check_path(base_path: &str, path: &str, parsed: &str) -> Result<()> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let slash = if path.starts_with('/') { "" } else { "/" };
    let rest = parsed
        .strip_prefix(base_path)
        .and_then(|r| r.strip_prefix(slash));
    if rest.is_some_and(|rest| same_path(path, rest)) {
        return Ok(());
    }
    Err(Error::InvalidRequest(format!(
        "path {path:?} would be sent as {parsed:?}: a path parameter that is \".\" or \"..\" \
         cannot be sent as a path segment (URL parsers resolve it even when percent-encoded), \
         nor can a path hold a raw backslash, tab or newline"
    )))
}

/// Whether the parser kept every segment: the same text, or the same bytes once decoded
/// (the parser percent-encodes characters a hand-written path may leave bare, e.g. spaces).
fn same_path(wanted: &str, parsed: &str) -> bool {
    wanted == parsed
        || (wanted.split('/').count() == parsed.split('/').count()
            && wanted
                .split('/')
                .zip(parsed.split('/'))
                .all(|(w, p)| percent_decode_str(w).eq(percent_decode_str(p))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(base: &str, path: &str) -> Result<String> {
        let base_path = Url::parse(base)
            .unwrap()
            .path()
            .trim_end_matches('/')
            .to_owned();
        resolve(base, &base_path, &Target::Path(path.to_owned()), &[]).map(String::from)
    }

    #[test]
    fn dot_segments_are_refused_however_encoded() {
        for base in ["https://h/v1.0", "http://127.0.0.1:8080"] {
            for seg in ["%2E%2E", "%2E", "%2e", ".%2E", "%2e.", "..", "."] {
                for path in [
                    format!("/a/{seg}/b"),
                    format!("/a/{seg}"),
                    format!("/{seg}"),
                ] {
                    let err = url(base, &path).expect_err(&path);
                    assert!(matches!(err, Error::InvalidRequest(_)), "{path}: {err}");
                    let text = err.to_string();
                    assert!(
                        text.contains("\"..\" cannot be sent as a path segment"),
                        "{text}"
                    );
                }
            }
        }
    }

    #[test]
    fn segments_merely_containing_dots_go_through_unchanged() {
        for path in [
            "/a/a..b/c",
            "/a/..%2Fx/c",
            "/a/.../c",
            "/a/.b",
            "/a/b./",
            "/",
        ] {
            assert_eq!(
                url("https://h/v1.0", path).unwrap(),
                format!("https://h/v1.0{path}")
            );
        }
    }

    #[test]
    fn backslashes_and_tabs_that_the_parser_rewrites_are_refused() {
        for path in ["/a\\..\\b", "/a/\\evil.com", "/a/b\tc", "/a/b\nc"] {
            assert!(url("https://h/v1.0", path).is_err(), "{path:?}");
        }
    }

    #[test]
    fn characters_the_parser_merely_escapes_are_kept() {
        assert_eq!(
            url("https://h/v1.0", "/users/a b/é").unwrap(),
            "https://h/v1.0/users/a%20b/%C3%A9"
        );
    }

    #[test]
    fn the_relative_url_is_what_resolve_sends_after_the_base() {
        let q = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        let queries = [
            q(&[]),
            q(&[("$select", "id,displayName")]),
            q(&[
                ("$filter", "startswith(displayName,'A&B') and x eq 1"),
                ("$search", "\"a b\" é+%"),
            ]),
        ];
        let paths = [
            "/me",
            "me/events",
            "/users/a%20b%2Fc/x@y.com",
            "/users/a b/é",
            "/users/it's",
            "/r?x=1",
            "/r?x='1'",
            "/r?x=a b",
            "/a/..%2Fx/.../.b/c.",
            "/a/%2e%2E/b",
            "/a/./b",
            "/a\\b",
            "/$batch",
            "/",
        ];
        for base in ["https://h/v1.0", "http://127.0.0.1:8080"] {
            let base_path = Url::parse(base)
                .unwrap()
                .path()
                .trim_end_matches('/')
                .to_owned();
            for path in paths {
                for query in &queries {
                    let target = Target::Path(path.to_owned());
                    let full = resolve(base, &base_path, &target, query);
                    let rel = relative(base, &base_path, &target, query);
                    match (full, rel) {
                        (Ok(full), Ok(rel)) => {
                            assert_eq!(format!("{base}{rel}"), full.as_str(), "{path} {query:?}")
                        }
                        (Err(_), Err(_)) => {}
                        (full, rel) => panic!("{path} {query:?}: {full:?} vs {rel:?}"),
                    }
                }
            }
        }
    }

    #[test]
    fn a_query_in_the_path_and_added_pairs_share_one_query_string() {
        let t = Target::Path("/r?x=1".to_owned());
        let q = [("$top".to_owned(), "5".to_owned())];
        let u = resolve("https://h/v1.0", "/v1.0", &t, &q).unwrap();
        assert_eq!(u.as_str(), "https://h/v1.0/r?x=1&$top=5");
        let abs = Target::Url(Url::parse("https://h/v1.0/next?$skiptoken=a").unwrap());
        let u = resolve("https://h/v1.0", "/v1.0", &abs, &q).unwrap();
        assert_eq!(u.as_str(), "https://h/v1.0/next?$skiptoken=a&$top=5");
    }
}
