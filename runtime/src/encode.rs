//! Percent-encoding of path segments and query components.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::borrow::Cow;

/// Everything except RFC 3986 "unreserved" characters (`A-Z a-z 0-9 - . _ ~`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters that would change the meaning of a query string if left bare. `$`, `,`, `(`,
/// `)`, `:` and `/` stay readable because OData expressions are full of them and they are
/// legal inside a query component (the URL parser later writes `'` as `%27`, which servers
/// decode the same).
const QUERY: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b';')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Percent-encodes `s` as exactly one URL path segment.
///
/// Every byte outside the RFC 3986 unreserved set is encoded (so `/`, `?`, `#`, `%` and spaces
/// cannot split or end the path), and a segment that is exactly `.` or `..` becomes `%2E` /
/// `%2E%2E`, because servers and proxies resolve bare dot-segments and would otherwise let an
/// identifier like `..` walk up the path.
pub fn encode_segment(s: &str) -> String {
    match s {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        // Through `Cow` rather than `Display`: an id with nothing to encode is just copied.
        _ => Cow::from(utf8_percent_encode(s, SEGMENT)).into_owned(),
    }
}

/// The path `template` with each `{}` replaced by the next of `ids`, percent-encoded as one
/// segment ([`encode_segment`]): what a generated call sends. A `{}` in quotes (`'{}'`, an
/// OData string: a function's text argument, a key) gets each `'` of its id doubled first, as
/// OData escapes a quote inside a string (`range(address='Bob''s!A1')`). A `{}` without an id
/// is left as it is; ids without a `{}` are ignored (generated code always passes one per
/// `{}`).
pub fn fill_path(template: &str, ids: &[&str]) -> String {
    let mut out =
        String::with_capacity(template.len() + ids.iter().map(|i| i.len()).sum::<usize>());
    let mut ids = ids.iter();
    let mut rest = template;
    while let Some(at) = rest.find("{}") {
        let Some(id) = ids.next() else { break };
        let before = rest.get(..at).unwrap_or("");
        let after = rest.get(at + 2..).unwrap_or("");
        out.push_str(before);
        if before.ends_with('\'') && after.starts_with('\'') && id.contains('\'') {
            out.push_str(&encode_segment(&id.replace('\'', "''")));
        } else {
            out.push_str(&encode_segment(id));
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Percent-encodes a query-string name or value.
pub(crate) fn encode_query(s: &str) -> String {
    Cow::from(utf8_percent_encode(s, QUERY)).into_owned()
}

/// Appends `s` encoded as [`encode_query`] does, with the `'` a URL parser writes as `%27`
/// (special schemes) already written so: a query component exactly as it is sent.
pub(crate) fn push_query(out: &mut String, s: &str) {
    for part in utf8_percent_encode(s, QUERY) {
        if part.contains('\'') {
            for c in part.chars() {
                match c {
                    '\'' => out.push_str("%27"),
                    c => out.push(c),
                }
            }
        } else {
            out.push_str(part);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_path_encodes_each_id_as_one_segment() {
        assert_eq!(
            fill_path("/users/{}/events/{}/attachments", &["a/b", ".."]),
            "/users/a%2Fb/events/%2E%2E/attachments"
        );
        assert_eq!(fill_path("/me", &[]), "/me");
        assert_eq!(fill_path("/x/{}/y/{}", &["1"]), "/x/1/y/{}");
    }

    #[test]
    fn a_quoted_placeholder_doubles_the_quotes_of_its_value() {
        assert_eq!(
            fill_path("/ws/{}/range(address='{}')", &["Bob's", "Bob's!A1"]),
            "/ws/Bob%27s/range(address='Bob%27%27s%21A1')"
        );
        assert_eq!(fill_path("/sites('{}')", &["a'b"]), "/sites('a%27%27b')");
    }

    #[test]
    fn query_components_keep_odata_readable_but_escape_separators() {
        assert_eq!(
            encode_query("startswith(displayName,'a b')"),
            "startswith(displayName,'a%20b')"
        );
        assert_eq!(encode_query("a&b=c+d#e%"), "a%26b%3Dc%2Bd%23e%25");
        assert_eq!(encode_query("$select"), "$select");
        assert_eq!(encode_query("é"), "%C3%A9");
    }
}
