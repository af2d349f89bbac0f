//! A slice of an API by path prefix (`docspec openapi --paths`, `docspec generate --paths`):
//! the endpoints with a path under one of the prefixes, each keeping only those paths, and the
//! types they reach, as an [`Api`] of its own that any later stage takes as it takes the whole.
//!
//! A prefix matches whole segments by the route key's rule ([`route_key`]: case and placeholder
//! names do not matter, a `/v1.0` or `/beta` prefix is dropped): `/me/messages` takes
//! `/me/messages` and `/Me/messages/{id}/attachments`, not `/me/messagesArchive`. The types are
//! [`select::reach`]'s (bodies and answers, then properties and derived types, transitively,
//! not following navigation properties), plus the base types of each, whose properties theirs
//! inherit; a navigation property whose type is outside the slice is dropped from it. A prefix under which no path
//! lies is a `DS0701` error naming the closest prefixes, as an unknown selection entry is.

use super::context::Ctx;
use super::select;
use super::Options;
use crate::diag::{codes, Diagnostic};
use crate::model::{Api, Endpoint, TypeRef};
use crate::route::{route_key, version};
use std::collections::BTreeSet;

/// The part of `api` under `prefixes` (see the module docs), and a `DS0701` for each prefix
/// under which no path lies, its `line` the prefix's 1-based position in `prefixes`.
pub fn by_paths(api: &Api, prefixes: &[String]) -> (Api, Vec<Diagnostic>) {
    let keys: Vec<String> = prefixes.iter().map(|p| prefix_key(p)).collect();
    let mut used = vec![false; keys.len()];
    let mut endpoints: Vec<Endpoint> = Vec::new();
    for e in &api.endpoints {
        let paths: Vec<String> = e
            .paths
            .iter()
            .filter(|p| {
                let key = prefix_key(p);
                let mut under_any = false;
                for (k, seen) in keys.iter().zip(used.iter_mut()) {
                    if is_under(&key, k) {
                        *seen = true;
                        under_any = true;
                    }
                }
                under_any
            })
            .cloned()
            .collect();
        if paths.is_empty() {
            continue;
        }
        let mut kept = e.clone();
        kept.path_params.retain(|p| {
            paths
                .iter()
                .any(|path| path.contains(&format!("{{{}}}", p.name)))
        });
        kept.paths = paths;
        endpoints.push(kept);
    }

    let mut ctx = Ctx::new(api, &Options::default());
    let refs: Vec<&TypeRef> = endpoints.iter().flat_map(select::endpoint_refs).collect();
    let mut types = select::reach(&ctx, refs, select::Navigation::Skip);
    let reached: Vec<usize> = types.iter().copied().collect();
    for i in reached {
        add_bases(&ctx, i, &mut types);
    }

    ctx.selected = Some(types.clone());

    let diagnostics = prefixes
        .iter()
        .zip(&used)
        .enumerate()
        .filter(|(_, (_, seen))| !**seen)
        .map(|(entry, (prefix, _))| unknown(api, prefix, entry))
        .collect();
    let sliced = Api {
        version: api.version.clone(),
        endpoints,
        types: types
            .iter()
            .filter_map(|&i| api.types.get(i))
            .map(|t| {
                let mut t = t.clone();
                // A selection's rule: a navigation property to a type outside the slice is
                // left out of it (see `select`).
                t.properties.retain(|p| !ctx.left_out(p));
                t
            })
            .collect(),
    };
    (sliced, diagnostics)
}

/// `path`'s route key without the method and a version prefix: `/me/messages/{}`.
fn prefix_key(path: &str) -> String {
    let path = path.trim();
    let path = version::strip_prefix(path).map_or(path, |(_, rest)| rest);
    let key = route_key("", path);
    let key = key.trim_start();
    if key.starts_with('/') {
        key.to_string()
    } else {
        format!("/{key}")
    }
}

/// Whether path key `key` is `prefix` or lies under it, segment-wise.
fn is_under(key: &str, prefix: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    prefix.is_empty()
        || key
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Adds the base types of type `i`, transitively, to `types`.
fn add_bases(ctx: &Ctx<'_>, i: usize, types: &mut BTreeSet<usize>) {
    let mut at = ctx.api.types.get(i).and_then(|t| t.base_type.clone());
    while let Some(base) = at {
        let Some(b) = ctx.lookup(&TypeRef::single(base)) else {
            break;
        };
        if !types.insert(b) {
            break;
        }
        at = ctx.api.types.get(b).and_then(|t| t.base_type.clone());
    }
}

/// The `DS0701` for `prefix`, entry number `entry` (0-based), with the closest prefixes of as
/// many segments that do hold paths.
fn unknown(api: &Api, prefix: &str, entry: usize) -> Diagnostic {
    let depth = prefix_key(prefix)
        .split('/')
        .filter(|s| !s.is_empty())
        .count();
    let mut candidates: Vec<String> = api
        .endpoints
        .iter()
        .flat_map(|e| &e.paths)
        .map(|p| {
            let segments: Vec<&str> = p.split('/').filter(|s| !s.is_empty()).collect();
            format!(
                "/{}",
                segments
                    .iter()
                    .take(depth)
                    .copied()
                    .collect::<Vec<_>>()
                    .join("/")
            )
        })
        .collect();
    candidates.sort();
    candidates.dedup();
    let closest: Vec<String> = select::closest(prefix, &candidates)
        .into_iter()
        .map(|c| format!("`{c}`"))
        .collect();
    let hint = if closest.is_empty() {
        "the docs define no paths".to_string()
    } else {
        format!("the closest are {}", closest.join(", "))
    };
    let line = u32::try_from(entry + 1).unwrap_or(u32::MAX);
    Diagnostic::new(
        codes::UNKNOWN_SELECTION,
        "",
        line,
        1,
        format!("no path lies under `{prefix}`; {hint}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Response, TypeDef};

    fn api() -> Api {
        let mut get = Endpoint::stub(
            "message-get",
            "Get message",
            "GET",
            &["/me/messages/{id}", "/users/{id}/messages/{message-id}"],
        );
        get.responses.push(Response {
            status: 200,
            ty: Some(TypeRef::single("message")),
            headers: vec![],
        });
        let list = Endpoint::stub(
            "user-list",
            "List users",
            "GET",
            &["/users", "/me/messagesArchive"],
        );
        Api {
            version: Some("v1.0".into()),
            endpoints: vec![get, list],
            types: vec![
                TypeDef::stub("entity", None, &[]),
                TypeDef::stub("item", Some("entity"), &[]),
                TypeDef::stub("message", Some("item"), &[("flag", "followupFlag")]),
                TypeDef::stub("followupFlag", None, &[]),
                TypeDef::stub("user", Some("entity"), &[]),
            ],
        }
    }

    fn names<'a>(items: impl IntoIterator<Item = &'a String>) -> Vec<&'a str> {
        items.into_iter().map(String::as_str).collect()
    }

    #[test]
    fn prefixes_match_whole_segments_ignoring_case_placeholders_and_version() {
        for (key, prefix, under) in [
            ("/me/messages/{}", "/me/messages", true),
            ("/me/messages", "/me/messages/", true),
            ("/me/messagesarchive", "/me/messages", false),
            ("/users/{}/messages", "/users/{}", true),
            ("/users", "/", true),
        ] {
            assert_eq!(is_under(key, &prefix_key(prefix)), under, "{key} {prefix}");
        }
        assert_eq!(prefix_key("/v1.0/Me/Messages/{id}"), "/me/messages/{}");
        assert_eq!(prefix_key("me/messages"), "/me/messages");
    }

    #[test]
    fn a_slice_keeps_the_paths_under_the_prefixes_and_the_types_they_reach_with_bases() {
        let (sliced, diags) = by_paths(&api(), &["/Me/Messages".to_string()]);
        assert!(diags.is_empty(), "{diags:?}");
        let [e] = sliced.endpoints.as_slice() else {
            panic!("one endpoint: {:?}", sliced.endpoints);
        };
        assert_eq!(e.name, "message-get");
        assert_eq!(names(&e.paths), ["/me/messages/{id}"]);
        let types: Vec<&str> = sliced.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(types, ["entity", "item", "message", "followupFlag"]);
    }

    #[test]
    fn a_prefix_under_which_nothing_lies_is_an_error_with_the_closest() {
        let prefixes = ["/users".to_string(), "/me/mesages".to_string()];
        let (sliced, diags) = by_paths(&api(), &prefixes);
        let paths: Vec<&str> = sliced
            .endpoints
            .iter()
            .flat_map(|e| names(&e.paths))
            .collect();
        assert_eq!(paths, ["/users/{id}/messages/{message-id}", "/users"]);
        let [d] = diags.as_slice() else {
            panic!("one diagnostic: {diags:?}");
        };
        assert_eq!(d.code, codes::UNKNOWN_SELECTION.id);
        assert_eq!(d.line, 2);
        assert!(
            d.message
                .starts_with("no path lies under `/me/mesages`; the closest are `/me/messages`"),
            "{}",
            d.message
        );
    }
}
