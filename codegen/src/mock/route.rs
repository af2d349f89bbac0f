//! Matching request paths against the docs' path templates.
//!
//! axum's own router cannot express Graph templates (`{id | userPrincipalName}`, placeholders
//! inside a segment such as `getReport(period='{period}')`, case-insensitive literals), so the
//! mock routes everything itself through one fallback handler.

use crate::model::Api;
use std::collections::HashMap;
use std::sync::Arc;

/// The version prefixes a request path may start with.
const VERSION_PREFIXES: [&str; 2] = ["v1.0", "beta"];

/// A part of one template segment: a literal (stored ASCII-lowercased) or a placeholder.
#[derive(Debug)]
enum Piece {
    Lit(String),
    Param,
}

/// One `/`-separated segment of a template.
#[derive(Debug)]
struct Segment {
    pieces: Vec<Piece>,
}

impl Segment {
    /// How specific the segment is: a pure literal beats a mixed segment beats a placeholder,
    /// so `/me/events/delta` wins over `/me/events/{id}`.
    fn rank(&self) -> u8 {
        let params = self
            .pieces
            .iter()
            .filter(|p| matches!(p, Piece::Param))
            .count();
        match (params, self.pieces.len()) {
            (0, _) => 2,
            (_, 1) => 0,
            _ => 1,
        }
    }

    fn matches(&self, lowered: &str) -> bool {
        glob(&self.pieces, lowered)
    }
}

/// Matches `s` against literals and placeholders; a placeholder takes at least one character,
/// and never a whole OData system segment (`$count`, `$value`, `$ref`), which is not an id.
fn glob(pieces: &[Piece], s: &str) -> bool {
    if let [Piece::Param, ..] = pieces {
        if s.starts_with('$') {
            return false;
        }
    }
    glob_from(pieces, s)
}

fn glob_from(pieces: &[Piece], s: &str) -> bool {
    match pieces.split_first() {
        None => s.is_empty(),
        Some((Piece::Lit(lit), rest)) => s
            .strip_prefix(lit.as_str())
            .is_some_and(|tail| glob_from(rest, tail)),
        Some((Piece::Param, rest)) => s
            .char_indices()
            .skip(1)
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()))
            .filter(|&i| i > 0)
            .any(|i| s.get(i..).is_some_and(|tail| glob_from(rest, tail))),
    }
}

/// A compiled path template such as `/app/calls/{id}/participants`.
#[derive(Debug)]
pub(crate) struct Template {
    segments: Vec<Segment>,
}

impl Template {
    /// Compiles a template as the model spells it; `None` when nothing usable is left.
    pub(crate) fn parse(template: &str) -> Option<Template> {
        Self::parse_with(template, false)
    }

    /// Compiles a template; `loose` drops function arguments (`f(a='{a}')` becomes `f`), so a
    /// call matches whatever arguments it is given.
    fn parse_with(template: &str, loose: bool) -> Option<Template> {
        let path = template
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .trim()
            .trim_start_matches('~');
        if !path.starts_with('/') {
            return None;
        }
        let segments = split_segments(path)
            .into_iter()
            .map(|seg| parse_segment(if loose { strip_args(seg) } else { seg }))
            .collect::<Vec<_>>();
        Some(Template { segments })
    }

    fn matches(&self, lowered: &[String]) -> bool {
        self.segments.len() == lowered.len()
            && self
                .segments
                .iter()
                .zip(lowered)
                .all(|(seg, s)| seg.matches(s))
    }

    fn specificity(&self) -> Vec<u8> {
        self.segments.iter().map(Segment::rank).collect()
    }
}

/// `name(args)` -> `name`; anything else unchanged.
fn strip_args(seg: &str) -> &str {
    match seg.find('(') {
        Some(open) if open > 0 && seg.ends_with(')') => &seg[..open],
        _ => seg,
    }
}

fn parse_segment(seg: &str) -> Segment {
    let mut pieces = Vec::new();
    let mut rest = seg;
    while !rest.is_empty() {
        match rest.find('{') {
            Some(open) => {
                let close = rest[open..].find('}').map(|c| open + c);
                match close {
                    Some(close) => {
                        push_lit(&mut pieces, &rest[..open]);
                        if !matches!(pieces.last(), Some(Piece::Param)) {
                            pieces.push(Piece::Param);
                        }
                        rest = &rest[close + 1..];
                    }
                    None => {
                        push_lit(&mut pieces, rest);
                        rest = "";
                    }
                }
            }
            None => {
                push_lit(&mut pieces, rest);
                rest = "";
            }
        }
    }
    Segment { pieces }
}

fn push_lit(pieces: &mut Vec<Piece>, lit: &str) {
    if lit.is_empty() {
        return;
    }
    let lowered = percent_decode(lit).to_ascii_lowercase();
    match pieces.last_mut() {
        Some(Piece::Lit(prev)) => prev.push_str(&lowered),
        _ => pieces.push(Piece::Lit(lowered)),
    }
}

/// Splits an absolute path into raw segments: the leading `/` and one trailing `/` do not make
/// segments, while an empty segment in the middle (`a//b`) does (and matches nothing).
fn split_segments(path: &str) -> Vec<&str> {
    let body = path.strip_prefix('/').unwrap_or(path);
    let body = body.strip_suffix('/').unwrap_or(body);
    if body.is_empty() {
        return Vec::new();
    }
    body.split('/').collect()
}

/// Decodes `%XX` escapes; malformed escapes and invalid UTF-8 are kept (lossily), never fatal.
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = |at: usize| bytes.get(at).and_then(|&c| (c as char).to_digit(16));
            if let (Some(h), Some(l)) = (hex(i + 1), hex(i + 2)) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A request path taken apart: decoded segments without any version prefix.
#[derive(Debug)]
pub(crate) struct RequestPath {
    /// The version prefix the path started with (`v1.0`, `beta`), lowercased.
    pub(crate) version: Option<String>,
    /// Decoded segments after the version prefix, as sent.
    pub(crate) segments: Vec<String>,
}

impl RequestPath {
    /// Reads a path (raw, percent-encoded) or an example URL (absolute or relative).
    pub(crate) fn parse(url: &str) -> RequestPath {
        let url = url.trim();
        let after_scheme = match url.find("://") {
            Some(i) => {
                let rest = &url[i + 3..];
                rest.find('/').map_or("/", |slash| &rest[slash..])
            }
            None => url,
        };
        let path = after_scheme
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .trim_start_matches('~');
        let mut segments: Vec<String> = split_segments(path)
            .into_iter()
            .map(percent_decode)
            .collect();
        let version = match segments.first() {
            Some(first)
                if VERSION_PREFIXES
                    .iter()
                    .any(|v| v.eq_ignore_ascii_case(first)) =>
            {
                Some(segments.remove(0).to_ascii_lowercase())
            }
            _ => None,
        };
        RequestPath { version, segments }
    }

    /// The decoded path without version prefix (`/app/calls/42`): what examples are keyed by.
    pub(crate) fn key(&self) -> String {
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
}

/// One endpoint path of one API.
#[derive(Debug)]
struct Route {
    api: usize,
    endpoint: usize,
    method: String,
    template: Template,
    /// The template with function arguments dropped, for the lenient second pass.
    loose: Template,
    specificity: Vec<u8>,
}

/// The outcome of a lookup.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// The endpoint `(api index, endpoint index)` serves this method and path. `others`:
    /// endpoints of the same API documenting the same method on an equally specific path
    /// (two pages of one route, such as creating an event and creating an event with an
    /// extended property), in table order; the handler tries their bodies after `endpoint`'s.
    Found {
        api: usize,
        endpoint: usize,
        others: Vec<usize>,
    },
    /// The path is known, but not with this method; these methods are.
    WrongMethod(Vec<String>),
    /// No template matches the path.
    NotFound,
}

/// Every path template of every API, indexed by segment count.
#[derive(Debug, Default)]
pub(crate) struct RouteTable {
    routes: Vec<Route>,
    by_len: HashMap<usize, Vec<usize>>,
    versions: Vec<Option<String>>,
}

impl RouteTable {
    /// Compiles the paths of every endpoint; paths that are not absolute are skipped.
    pub(crate) fn new(apis: &[Arc<Api>]) -> RouteTable {
        let mut table = RouteTable::default();
        for (a, api) in apis.iter().enumerate() {
            table
                .versions
                .push(api.version.as_ref().map(|v| v.to_ascii_lowercase()));
            for (e, endpoint) in api.endpoints.iter().enumerate() {
                for path in &endpoint.paths {
                    let (Some(template), Some(loose)) =
                        (Template::parse(path), Template::parse_with(path, true))
                    else {
                        continue;
                    };
                    let specificity = template.specificity();
                    let index = table.routes.len();
                    table
                        .by_len
                        .entry(template.segments.len())
                        .or_default()
                        .push(index);
                    table.routes.push(Route {
                        api: a,
                        endpoint: e,
                        method: endpoint.method.trim().to_ascii_uppercase(),
                        template,
                        loose,
                        specificity,
                    });
                }
            }
        }
        table
    }

    /// `(method, template)` of every route, for printing what is served.
    pub(crate) fn describe<'a>(&self, apis: &'a [Arc<Api>]) -> Vec<(String, &'a str, &'a str)> {
        let mut seen = Vec::new();
        for r in &self.routes {
            let Some(endpoint) = apis.get(r.api).and_then(|a| a.endpoints.get(r.endpoint)) else {
                continue;
            };
            for p in &endpoint.paths {
                let entry = (r.method.clone(), p.as_str(), endpoint.name.as_str());
                if !seen.contains(&entry) {
                    seen.push(entry);
                }
            }
        }
        seen
    }

    /// Finds the endpoint for `method` and a parsed path. A versioned path prefers the API of
    /// that version; a path whose first segment only looks like a version is also tried whole.
    /// When nothing matches as written, OData decorations the docs' templates leave out are
    /// tolerated: a trailing `$count`, a trailing type cast (`microsoft.graph.user`), and
    /// function arguments that differ from the template's.
    pub(crate) fn lookup(&self, method: &str, path: &RequestPath) -> Lookup {
        let lowered: Vec<String> = path
            .segments
            .iter()
            .map(|s| s.to_ascii_lowercase())
            .collect();
        // The common case, a route matching as written, needs no variants.
        if let found @ Lookup::Found { .. } =
            self.lookup_in(method, &lowered, path.version.as_deref(), false)
        {
            return found;
        }
        let mut shapes: Vec<(Vec<String>, Option<&str>)> = Vec::with_capacity(2);
        if let Some(v) = &path.version {
            let mut whole = Vec::with_capacity(lowered.len() + 1);
            whole.push(v.clone());
            whole.extend(lowered.iter().cloned());
            shapes.insert(0, (lowered, path.version.as_deref()));
            shapes.push((whole, None));
        } else {
            shapes.push((lowered, None));
        }
        // A wrong method as written gives way to a route the lenient pass finds, so a cast
        // on a collection (`POST /widgets/ns.gadget`) is not taken for an item's path.
        let mut wrong_method = None;
        for loose in [false, true] {
            for (segments, version) in &shapes {
                for variant in variants(segments, loose) {
                    match self.lookup_in(method, &variant, *version, loose) {
                        Lookup::NotFound => {}
                        Lookup::WrongMethod(allowed) => {
                            wrong_method.get_or_insert(Lookup::WrongMethod(allowed));
                        }
                        found => return found,
                    }
                }
            }
        }
        wrong_method.unwrap_or(Lookup::NotFound)
    }

    fn lookup_in(
        &self,
        method: &str,
        lowered: &[String],
        version: Option<&str>,
        loose: bool,
    ) -> Lookup {
        let Some(candidates) = self.by_len.get(&lowered.len()) else {
            return Lookup::NotFound;
        };
        let matched: Vec<&Route> = candidates
            .iter()
            .filter_map(|&i| self.routes.get(i))
            .filter(|r| {
                if loose {
                    r.loose.matches(lowered)
                } else {
                    r.template.matches(lowered)
                }
            })
            .collect();
        if matched.is_empty() {
            return Lookup::NotFound;
        }
        let version_fits = |r: &&Route| match (version, self.versions.get(r.api)) {
            (Some(v), Some(Some(api_v))) => api_v == v,
            _ => true,
        };
        let best = |only_version: bool| {
            matched
                .iter()
                .filter(|r| r.method == method)
                .filter(|r| !only_version || version_fits(r))
                .fold(None::<&&Route>, |best, r| match best {
                    Some(b) if b.specificity >= r.specificity => Some(b),
                    _ => Some(r),
                })
        };
        if let Some(r) = best(true).or_else(|| best(false)) {
            let mut others: Vec<usize> = Vec::new();
            for o in &matched {
                let same_route =
                    o.method == method && o.api == r.api && o.specificity == r.specificity;
                if same_route && o.endpoint != r.endpoint && !others.contains(&o.endpoint) {
                    others.push(o.endpoint);
                }
            }
            return Lookup::Found {
                api: r.api,
                endpoint: r.endpoint,
                others,
            };
        }
        let mut allowed: Vec<String> = matched.iter().map(|r| r.method.clone()).collect();
        allowed.sort();
        allowed.dedup();
        Lookup::WrongMethod(allowed)
    }
}

/// The segment lists to try for one request shape: as sent (no variants when not `loose`),
/// else with function arguments dropped, then also without a trailing `$count`, then also
/// without a trailing type cast.
fn variants(segments: &[String], loose: bool) -> Vec<Vec<String>> {
    if !loose {
        return vec![segments.to_vec()];
    }
    let mut current: Vec<String> = segments.iter().map(|s| strip_args(s).to_string()).collect();
    let mut out = vec![current.clone()];
    if current.last().is_some_and(|s| s == "$count") {
        current.pop();
        out.push(current.clone());
    }
    if current.len() > 1 && current.last().is_some_and(|s| is_type_cast(s)) {
        current.pop();
        out.push(current);
    }
    out
}

/// `microsoft.graph.user`, `ns.sub.type`: a qualified name, as a type cast segment is.
fn is_type_cast(segment: &str) -> bool {
    segment.rsplit_once('.').is_some_and(|(ns, name)| {
        !ns.is_empty()
            && !name.is_empty()
            && ns.split('.').chain([name]).all(|part| {
                part.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(path: &str) -> Vec<String> {
        RequestPath::parse(path)
            .segments
            .iter()
            .map(|s| s.to_ascii_lowercase())
            .collect()
    }

    #[test]
    fn placeholder_takes_exactly_one_non_empty_segment() {
        let t = Template::parse("/app/calls/{id}/participants").expect("template");
        assert!(t.matches(&lowered("/app/calls/42/participants")));
        assert!(t.matches(&lowered("/App/Calls/42/participants/")));
        assert!(!t.matches(&lowered("/app/calls//participants")));
        assert!(!t.matches(&lowered("/app/calls/4/2/participants")));
    }

    #[test]
    fn placeholder_inside_a_segment() {
        let t = Template::parse("/reports/getCounts(period='{period_value}')").expect("template");
        assert!(t.matches(&lowered("/reports/getCounts(period='D7')")));
        assert!(t.matches(&lowered("/reports/getCounts(period=%27D7%27)")));
        assert!(!t.matches(&lowered("/reports/getCounts(period='')")));
    }

    #[test]
    fn example_urls_lose_host_version_and_query() {
        let p = RequestPath::parse("https://graph.microsoft.com/beta/app/calls/a%20b?$top=1");
        assert_eq!(p.version.as_deref(), Some("beta"));
        assert_eq!(p.key(), "/app/calls/a b");
    }

    #[test]
    fn malformed_escapes_are_kept() {
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("%"), "%");
    }
}
