//! Request targets and example URLs taken apart: host, version, path segments, query.
//!
//! The docs write a request as an absolute URL (`https://graph.microsoft.com/v1.0/me`), a path
//! with or without a version prefix, `~/...`, or a path without its leading `/`; a server
//! receives a path and a raw query. All of them are read here.

use super::query::{percent_decode, query_pairs};
use super::version::is_version;

/// Hosts of the Graph service and its national clouds: an example on any other host (a
/// token endpoint, a webhook receiver, SharePoint) is not a call of a Graph client.
pub const GRAPH_HOSTS: [&str; 6] = [
    "graph.microsoft.com",
    "graph.microsoft.us",
    "dod-graph.microsoft.us",
    "microsoftgraph.chinacloudapi.cn",
    "graph.microsoft.de",
    "canary.graph.microsoft.com",
];

/// A target split as written, nothing decoded: what both a path template (whose braces and
/// spaces must survive) and a concrete URL start from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target<'a> {
    /// The host of an absolute URL (no user, no port), as written; `None` for a path.
    pub host: Option<&'a str>,
    /// The path, up to the query or fragment, without a leading `~` (the docs' "service
    /// root"); may be empty, and may lack its leading `/`.
    pub path: &'a str,
    /// The raw query after `?`, without any `#fragment`.
    pub query: Option<&'a str>,
}

impl<'a> Target<'a> {
    /// Splits a URL (absolute or relative) or a path. Only a scheme at the very start makes a
    /// URL absolute, so a `https://` inside the query (`$ref?$id=https://...`) stays query.
    pub fn split(url: &'a str) -> Target<'a> {
        let url = url.trim();
        let (host, rest) = match after_scheme(url) {
            Some(after) => {
                let end = after.find(['/', '?', '#']).unwrap_or(after.len());
                let (authority, rest) = after.split_at(end);
                let host = authority.rsplit('@').next().unwrap_or(authority);
                (Some(host.split(':').next().unwrap_or(host)), rest)
            }
            None => (None, url),
        };
        // Byte searches: this runs on every request line and example URL of the docs.
        let rest = match memchr::memchr(b'#', rest.as_bytes()) {
            Some(end) => rest.get(..end).unwrap_or_default(),
            None => rest,
        };
        let (path, query) = match memchr::memchr(b'?', rest.as_bytes()) {
            Some(at) => (
                rest.get(..at).unwrap_or_default(),
                rest.get(at + 1..).or(Some("")),
            ),
            None => (rest, None),
        };
        Target {
            host,
            path: path.trim_start_matches('~'),
            query,
        }
    }
}

/// What follows the host (and port) of an absolute URL, path, query and fragment as written
/// (`/v1.0/users?$skip=2`); `None` for a relative one.
pub fn after_origin(url: &str) -> Option<&str> {
    let after = after_scheme(url.trim_start())?;
    Some(&after[after.find(['/', '?', '#']).unwrap_or(after.len())..])
}

/// What follows `scheme://` when `url` starts with a scheme ([`is_scheme`]). A scheme holds no
/// `:`, so only the first `:` can end one.
fn after_scheme(url: &str) -> Option<&str> {
    let colon = memchr::memchr(b':', url.as_bytes())?;
    let after = url.get(colon + 1..)?.strip_prefix("//")?;
    is_scheme(url.get(..colon)?).then_some(after)
}

/// `https`, `http`, `wss`, `mailto`: a letter first, then letters, digits, `+`, `-`, `.`
/// (RFC 3986, 3.1). The one home of what a URL scheme is: request URLs here, links on pages
/// in [`crate::parse::doc::link`].
pub(crate) fn is_scheme(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Splits a path into raw segments: the leading `/` and one trailing `/` do not make
/// segments, while an empty segment in the middle (`a//b`) does (and matches no template).
pub fn segments(path: &str) -> Vec<&str> {
    let body = path.strip_prefix('/').unwrap_or(path);
    let body = body.strip_suffix('/').unwrap_or(body);
    if body.is_empty() {
        return Vec::new();
    }
    body.split('/').collect()
}

/// A concrete request URL taken apart and decoded: what the mock routes on and the contract
/// tests compare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestUrl {
    /// The host of an absolute URL, lowercased; `None` for a relative one.
    pub host: Option<String>,
    /// The version prefix the path started with (`v1.0`, `beta`), lowercased.
    pub version: Option<String>,
    /// Decoded path segments after any version prefix, as sent.
    pub segments: Vec<String>,
    /// Decoded `name=value` pairs of the query string, in order.
    pub query: Vec<(String, String)>,
}

impl RequestUrl {
    /// Reads an example URL (absolute or relative) or a received path (raw, percent-encoded).
    pub fn parse(url: &str) -> RequestUrl {
        let target = Target::split(url);
        let mut segments: Vec<String> = segments(target.path)
            .into_iter()
            .map(percent_decode)
            .collect();
        let version = match segments.first() {
            Some(first) if is_version(first) => Some(segments.remove(0).to_ascii_lowercase()),
            _ => None,
        };
        RequestUrl {
            host: target.host.map(str::to_ascii_lowercase),
            version,
            segments,
            query: target.query.map(query_pairs).unwrap_or_default(),
        }
    }

    /// The decoded path without version prefix (`/app/calls/42`); `/` for the root.
    pub fn key(&self) -> String {
        let mut key = String::new();
        for s in &self.segments {
            key.push('/');
            key.push_str(s);
        }
        if key.is_empty() {
            key.push('/');
        }
        key
    }

    /// Whether the URL is relative or on a Graph host.
    pub fn on_graph(&self) -> bool {
        self.host
            .as_deref()
            .is_none_or(|h| GRAPH_HOSTS.contains(&h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_split_as_written() {
        let cases = [
            (
                "https://graph.microsoft.com/v1.0/me/events?$top=5#x",
                (
                    Some("graph.microsoft.com"),
                    "/v1.0/me/events",
                    Some("$top=5"),
                ),
            ),
            (
                " https://user@Host.test:8080?q ",
                (Some("Host.test"), "", Some("q")),
            ),
            (
                "/groups/{id}/x/$ref?$id=https://graph.microsoft.com/v1.0/users/1",
                (
                    None,
                    "/groups/{id}/x/$ref",
                    Some("$id=https://graph.microsoft.com/v1.0/users/1"),
                ),
            ),
            (
                "~/users/{id | userPrincipalName}",
                (None, "/users/{id | userPrincipalName}", None),
            ),
            ("me/devices/", (None, "me/devices/", None)),
        ];
        for (url, (host, path, query)) in cases {
            assert_eq!(Target::split(url), Target { host, path, query }, "{url}");
        }
    }

    #[test]
    fn what_follows_the_origin() {
        for (url, want) in [
            (
                "https://graph.microsoft.com/v1.0/users?$skip=2",
                Some("/v1.0/users?$skip=2"),
            ),
            ("http://127.0.0.1:9", Some("")),
            ("/v1.0/users", None),
            ("/a?u=https://b/c", None),
            // Only the first `:` can end a scheme.
            ("/a:b?u=https://b/c", None),
            ("urn:x://y", None),
            ("a+b.c-d://h/p", Some("/p")),
        ] {
            assert_eq!(after_origin(url), want, "{url}");
        }
    }

    #[test]
    fn segments_keep_inner_empties_only() {
        let cases: &[(&str, &[&str])] = &[
            ("/", &[]),
            ("", &[]),
            ("/me/", &["me"]),
            ("me", &["me"]),
            (
                "/app/calls//participants",
                &["app", "calls", "", "participants"],
            ),
        ];
        for (path, want) in cases {
            assert_eq!(segments(path), *want, "{path}");
        }
    }

    #[test]
    fn splits_host_version_path_and_query() {
        let u = RequestUrl::parse(
            "https://graph.microsoft.com/V1.0/users/a%40b.com/events?$select=subject,body&$top=5",
        );
        assert_eq!(u.host.as_deref(), Some("graph.microsoft.com"));
        assert_eq!(u.version.as_deref(), Some("v1.0"));
        assert_eq!(u.segments, ["users", "a@b.com", "events"]);
        assert_eq!(
            u.query,
            [
                ("$select".to_string(), "subject,body".to_string()),
                ("$top".to_string(), "5".to_string())
            ]
        );
        assert!(u.on_graph());
        assert!(!RequestUrl::parse("https://login.microsoftonline.com/x/token").on_graph());
        assert!(RequestUrl::parse("/me").on_graph());
    }

    #[test]
    fn example_urls_lose_host_version_and_query() {
        let p = RequestUrl::parse("https://graph.microsoft.com/beta/app/calls/a%20b?$top=1");
        assert_eq!(p.version.as_deref(), Some("beta"));
        assert_eq!(p.key(), "/app/calls/a b");
        assert_eq!(RequestUrl::parse("/").key(), "/");
        assert_eq!(RequestUrl::parse("/v1.0").key(), "/");
    }
}
