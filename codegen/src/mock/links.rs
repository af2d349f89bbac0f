//! Pointing the documented service's absolute URLs back at the mock.
//!
//! The docs' examples hand out absolute links (`@odata.nextLink`, a `Location` header) on the
//! real service's host. A client pointed at the mock must not follow those to the real
//! service, and a careful one refuses to send its token to another host at all; so the mock
//! serves them rewritten onto its own base URL, path and query kept, and paging or polling
//! works against the mock as it would against the service.

use serde_json::Value;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The service roots the docs write their absolute URLs on. Compared ASCII-case-insensitively,
/// as scheme and host are.
pub(crate) const DOCUMENTED_ORIGINS: [&str; 1] = ["https://graph.microsoft.com"];

/// The response headers that carry a URL a client is expected to follow.
pub(crate) const LINK_HEADERS: [&str; 2] = ["location", "content-location"];

/// Rewrites the documented service's URLs onto one base URL.
#[derive(Clone, Debug)]
pub(crate) struct Links {
    /// `http://127.0.0.1:PORT`, without a trailing `/`.
    base: String,
}

impl Links {
    /// Links onto `base` (`http://host:port`; a trailing `/` is dropped).
    pub(crate) fn new(base: &str) -> Links {
        Links {
            base: base.trim_end_matches('/').to_string(),
        }
    }

    /// Links onto the server bound at `addr`. A wildcard address (`0.0.0.0`, `::`) is not one
    /// a client can connect to, so links name loopback of the same family instead.
    pub(crate) fn for_addr(addr: SocketAddr) -> Links {
        let ip = match addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        Links::new(&format!("http://{}", SocketAddr::new(ip, addr.port())))
    }

    /// The base URL links are moved onto (`http://127.0.0.1:PORT`, no trailing `/`).
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// `url` moved onto the base when it is on a documented origin (version, path, query and
    /// fragment kept), else `None`.
    pub(crate) fn rewrite(&self, url: &str) -> Option<String> {
        DOCUMENTED_ORIGINS.iter().find_map(|origin| {
            let head = url.get(..origin.len())?;
            if !head.eq_ignore_ascii_case(origin) {
                return None;
            }
            let rest = url.get(origin.len()..)?;
            // `https://graph.microsoft.com.evil.test/` is another host, not a path.
            let is_boundary = rest.is_empty() || rest.starts_with(['/', '?', '#']);
            is_boundary.then(|| format!("{}{rest}", self.base))
        })
    }

    /// Rewrites every string value in `value` (object keys are names, never links).
    pub(crate) fn rewrite_json(&self, value: &mut Value) {
        match value {
            Value::String(s) => {
                if let Some(moved) = self.rewrite(s) {
                    *s = moved;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.rewrite_json(v)),
            Value::Object(map) => map.values_mut().for_each(|v| self.rewrite_json(v)),
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    /// The value to send for header `name`: rewritten when it is a link header.
    pub(crate) fn rewrite_header(&self, name: &str, value: &str) -> Option<String> {
        if LINK_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            self.rewrite(value)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn links() -> Links {
        Links::new("http://127.0.0.1:8080/")
    }

    #[test]
    fn documented_urls_keep_version_path_and_query() {
        let l = links();
        assert_eq!(
            l.rewrite("https://graph.microsoft.com/v1.0/a/b?$skiptoken=X")
                .as_deref(),
            Some("http://127.0.0.1:8080/v1.0/a/b?$skiptoken=X")
        );
        assert_eq!(
            l.rewrite("HTTPS://Graph.Microsoft.com/beta/$metadata#x")
                .as_deref(),
            Some("http://127.0.0.1:8080/beta/$metadata#x")
        );
        assert_eq!(
            l.rewrite("https://graph.microsoft.com").as_deref(),
            Some("http://127.0.0.1:8080")
        );
    }

    #[test]
    fn other_hosts_and_look_alikes_are_left_alone() {
        let l = links();
        for url in [
            "https://graph.microsoft.com.evil.test/v1.0/a",
            "https://graph.microsoft.us/v1.0/a",
            "http://graph.microsoft.com/v1.0/a",
            "see https://graph.microsoft.com/v1.0/a",
            "",
            "é",
        ] {
            assert_eq!(l.rewrite(url), None, "{url}");
        }
    }

    #[test]
    fn nested_string_values_are_rewritten_and_keys_are_not() {
        let mut v = json!({
            "https://graph.microsoft.com/k": "https://graph.microsoft.com/v1.0/x",
            "value": [{"link": "https://graph.microsoft.com/beta/y"}, 1, null, "plain"],
        });
        links().rewrite_json(&mut v);
        assert_eq!(
            v,
            json!({
                "https://graph.microsoft.com/k": "http://127.0.0.1:8080/v1.0/x",
                "value": [{"link": "http://127.0.0.1:8080/beta/y"}, 1, null, "plain"],
            })
        );
    }

    #[test]
    fn only_link_headers_are_rewritten() {
        let l = links();
        let url = "https://graph.microsoft.com/v1.0/ops/1";
        assert!(l.rewrite_header("Location", url).is_some());
        assert!(l.rewrite_header("content-location", url).is_some());
        assert_eq!(l.rewrite_header("Link-ish", url), None);
    }

    #[test]
    fn wildcard_binds_link_to_loopback() {
        let any: SocketAddr = "0.0.0.0:81".parse().expect("addr");
        assert_eq!(Links::for_addr(any).base, "http://127.0.0.1:81");
        let any6: SocketAddr = "[::]:82".parse().expect("addr");
        assert_eq!(Links::for_addr(any6).base, "http://[::1]:82");
    }
}
