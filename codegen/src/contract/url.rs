//! Example URLs taken apart, and matched onto an endpoint's path templates to recover the
//! ids a typed function takes.

use crate::emit::paths::{self, Piece};
use crate::mock::percent_decode;

/// Hosts of the Graph service and its national clouds: an example on any other host (a
/// token endpoint, a webhook receiver, SharePoint) is not a call of this client.
const GRAPH_HOSTS: [&str; 6] = [
    "graph.microsoft.com",
    "graph.microsoft.us",
    "dod-graph.microsoft.us",
    "microsoftgraph.chinacloudapi.cn",
    "graph.microsoft.de",
    "canary.graph.microsoft.com",
];

/// The version prefixes a path may start with; the client adds its own.
const VERSIONS: [&str; 2] = ["v1.0", "beta"];

/// A URL split into what the contract compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SplitUrl {
    /// The host of an absolute URL, lowercased; `None` for a relative one.
    pub host: Option<String>,
    /// Decoded path segments after any version prefix.
    pub segments: Vec<String>,
    /// Decoded `name=value` pairs of the query string, in order.
    pub query: Vec<(String, String)>,
}

impl SplitUrl {
    /// Reads an example URL (absolute or relative) or a received path plus raw query.
    pub(crate) fn parse(url: &str) -> SplitUrl {
        let url = url.trim();
        let (host, rest) = match url.find("://") {
            Some(i) => {
                let after = &url[i + 3..];
                let end = after.find(['/', '?', '#']).unwrap_or(after.len());
                let authority = &after[..end];
                let host = authority.rsplit('@').next().unwrap_or(authority);
                let host = host.split(':').next().unwrap_or(host);
                (Some(host.to_ascii_lowercase()), &after[end..])
            }
            None => (None, url),
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        let path = path.trim_start_matches('~');
        let mut segments: Vec<String> = path
            .trim_start_matches('/')
            .trim_end_matches('/')
            .split('/')
            .map(percent_decode)
            .collect();
        if segments.len() == 1 && segments.first().is_some_and(String::is_empty) {
            segments.clear();
        }
        if segments
            .first()
            .is_some_and(|s| VERSIONS.iter().any(|v| v.eq_ignore_ascii_case(s)))
        {
            segments.remove(0);
        }
        SplitUrl {
            host,
            segments,
            query: query.map(query_pairs).unwrap_or_default(),
        }
    }

    /// Whether the URL is relative or on a Graph host.
    pub(crate) fn on_graph(&self) -> bool {
        self.host
            .as_deref()
            .is_none_or(|h| GRAPH_HOSTS.contains(&h))
    }
}

/// Decoded `name=value` pairs of a raw query string; a name without `=` has an empty value.
pub(crate) fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((n, v)) => (percent_decode(n), percent_decode(v)),
            None => (percent_decode(p), String::new()),
        })
        .collect()
}

/// The ids `segments` give the placeholders of `template`, in the order the generated
/// function takes them (their order in the template), or `None` when it does not match.
/// Literal text matches case-insensitively, as Graph's does; a placeholder takes at least one
/// character, and a whole-segment placeholder never takes an OData segment (`$count`).
pub(crate) fn match_template(template: &str, segments: &[String]) -> Option<Vec<String>> {
    let raw = template
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim()
        .trim_start_matches('~')
        .trim_start_matches('/')
        .trim_end_matches('/');
    let mut raw_segments: Vec<&str> = raw.split('/').collect();
    if raw_segments.len() == 1 && raw_segments.first().is_some_and(|s| s.is_empty()) {
        raw_segments.clear();
    }
    if raw_segments
        .first()
        .is_some_and(|s| VERSIONS.iter().any(|v| v.eq_ignore_ascii_case(s)))
    {
        raw_segments.remove(0);
    }
    if raw_segments.len() != segments.len() {
        return None;
    }
    let mut ids = Vec::new();
    for (pattern, actual) in raw_segments.iter().zip(segments) {
        let pieces = paths::pieces(pattern);
        if matches!(pieces.first(), Some(Piece::Param { .. })) && actual.starts_with('$') {
            return None;
        }
        ids.extend(glob(&pieces, actual)?);
    }
    Some(ids)
}

/// Matches one segment, shortest placeholder first; the captures in order.
fn glob(pieces: &[Piece], s: &str) -> Option<Vec<String>> {
    match pieces.split_first() {
        None => s.is_empty().then(Vec::new),
        Some((Piece::Literal(lit), rest)) => {
            let lit = percent_decode(lit);
            let head = s.get(..lit.len())?;
            if !head.eq_ignore_ascii_case(&lit) {
                return None;
            }
            glob(rest, s.get(lit.len()..)?)
        }
        Some((Piece::Param { .. }, rest)) => s
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .find_map(|end| {
                let mut tail = glob(rest, s.get(end..)?)?;
                tail.insert(0, s.get(..end)?.to_string());
                Some(tail)
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(path: &str) -> Vec<String> {
        SplitUrl::parse(path).segments
    }

    #[test]
    fn splits_host_version_path_and_query() {
        let u = SplitUrl::parse(
            "https://graph.microsoft.com/v1.0/users/a%40b.com/events?$select=subject,body&$top=5",
        );
        assert_eq!(u.host.as_deref(), Some("graph.microsoft.com"));
        assert_eq!(u.segments, ["users", "a@b.com", "events"]);
        assert_eq!(
            u.query,
            [
                ("$select".to_string(), "subject,body".to_string()),
                ("$top".to_string(), "5".to_string())
            ]
        );
        assert!(u.on_graph());
        assert!(!SplitUrl::parse("https://login.microsoftonline.com/x/token").on_graph());
        assert!(SplitUrl::parse("/me").on_graph());
        assert_eq!(segs("/"), Vec::<String>::new());
        assert_eq!(segs("me/"), ["me"]);
    }

    #[test]
    fn recovers_ids_in_template_order() {
        let ids = match_template(
            "/applications/{id}/calls/{id}/participants",
            &segs("/beta/Applications/app%201/calls/c-2/participants"),
        );
        assert_eq!(ids, Some(vec!["app 1".to_string(), "c-2".to_string()]));
        assert_eq!(
            match_template(
                "/reports/getCounts(period='{period}')",
                &segs("/reports/getCounts(period='D7')")
            ),
            Some(vec!["D7".to_string()])
        );
        assert_eq!(match_template("/me", &segs("/me")), Some(vec![]));
    }

    #[test]
    fn refuses_what_does_not_fit() {
        assert_eq!(
            match_template("/me/messages/{id}", &segs("/me/messages/$count")),
            None
        );
        assert_eq!(match_template("/me/events/{id}", &segs("/me/events")), None);
        assert_eq!(match_template("/me/{id}", &segs("/you/x")), None);
        assert_eq!(match_template("/a({x})", &segs("/a()")), None);
    }
}
