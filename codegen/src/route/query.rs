//! Query strings and percent-decoding.

use std::borrow::Cow;

/// Decodes `%XX` escapes; a malformed escape is kept as written and invalid UTF-8 is replaced,
/// never fatal, as a request from any client must be readable.
pub fn percent_decode(s: &str) -> String {
    match percent_encoding::percent_decode_str(s).decode_utf8_lossy() {
        Cow::Borrowed(b) => b.to_string(),
        Cow::Owned(o) => o,
    }
}

/// Decoded `name=value` pairs of a raw query string (without `?`), in order; a name without
/// `=` has an empty value, and empty parameters (`a=1&&b=2`) are dropped.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    pairs(query, percent_decode)
}

/// [`query_pairs`] with `+` read as a space, as form encoding (which many clients use for
/// queries) writes it.
pub fn form_pairs(query: &str) -> Vec<(String, String)> {
    pairs(query, |component| {
        percent_decode(&component.replace('+', " "))
    })
}

/// The parameter names of a query as written, not decoded (`$filter`, `startDateTime`): what a
/// request line of the docs declares. Unnamed parameters are dropped.
pub fn query_names(query: &str) -> Vec<String> {
    query
        .split('&')
        .filter_map(|kv| {
            let name = kv.split('=').next().unwrap_or("").trim();
            (!name.is_empty()).then(|| name.to_string())
        })
        .collect()
}

fn pairs(query: &str, decode: impl Fn(&str) -> String) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((n, v)) => (decode(n), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn malformed_escapes_are_kept() {
        for (raw, want) in [
            ("a%2", "a%2"),
            ("%zz%41", "%zzA"),
            ("%", "%"),
            ("%%41", "%A"),
            ("a%20b", "a b"),
            ("%ff", "\u{fffd}"),
            ("plain", "plain"),
        ] {
            assert_eq!(percent_decode(raw), want, "{raw}");
        }
    }

    #[test]
    fn pairs_in_order_decoded() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "$select=subject,body&$top=5",
                &[("$select", "subject,body"), ("$top", "5")],
            ),
            ("%24top=2&&flag", &[("$top", "2"), ("flag", "")]),
            ("a=b+c", &[("a", "b+c")]),
            ("", &[]),
        ];
        for (query, want) in cases {
            assert_eq!(query_pairs(query), owned(want), "{query}");
        }
    }

    #[test]
    fn form_pairs_read_plus_as_space() {
        assert_eq!(
            form_pairs("q=a+b&r=%2B"),
            owned(&[("q", "a b"), ("r", "+")])
        );
    }

    #[test]
    fn names_as_written() {
        assert_eq!(
            query_names("$select=subject&$top=5& =x&flag"),
            ["$select", "$top", "flag"]
        );
    }
}
