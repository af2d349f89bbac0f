//! Matching request paths against the docs' path templates.
//!
//! axum's own router cannot express Graph templates (`{id | userPrincipalName}`, placeholders
//! inside a segment such as `getReport(period='{period}')`, case-insensitive literals), so the
//! mock routes everything itself through one fallback handler.

use crate::model::Api;
use crate::route::call::strip_args;
use crate::route::{RequestUrl, Template};
use std::collections::HashMap;
use std::sync::Arc;

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
                        (Template::parse(path), Template::parse_loose(path))
                    else {
                        continue;
                    };
                    let specificity = template.specificity();
                    let index = table.routes.len();
                    table.by_len.entry(template.len()).or_default().push(index);
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
    pub(crate) fn lookup(&self, method: &str, path: &RequestUrl) -> Lookup {
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

    #[test]
    fn type_casts_are_qualified_names() {
        for (segment, want) in [
            ("microsoft.graph.user", true),
            ("ns.sub.type_2", true),
            ("user", false),
            (".user", false),
            ("ns.", false),
            ("getcounts(period='d7')", false),
            ("v1.0", false),
        ] {
            assert_eq!(is_type_cast(segment), want, "{segment}");
        }
    }

    #[test]
    fn lenient_variants_drop_count_and_cast() {
        let owned = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            variants(&owned(&["a", "$count"]), false),
            [owned(&["a", "$count"])]
        );
        assert_eq!(
            variants(&owned(&["a", "f(x=1)", "ns.t", "$count"]), true),
            [
                owned(&["a", "f", "ns.t", "$count"]),
                owned(&["a", "f", "ns.t"]),
                owned(&["a", "f"]),
            ]
        );
    }
}
