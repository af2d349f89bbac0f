//! Which endpoints and types to emit: all of them, or the selected endpoints and every type
//! they reach (bodies, responses, then properties, transitively).
//!
//! A selection does not follow navigation properties (the Relationships table of a resource
//! page: `user.manager`, `user.messages`). The service fills them only when asked
//! (`$expand`), and following them from one endpoint reaches much of the API: `user`'s lead
//! to a third of Graph's directory. A navigation property whose type the selection reaches
//! anyway (another selected endpoint answers it, a property names it) is a typed field as
//! usual; the others are no field, their members are kept in `additional_properties` like
//! any undocumented one, and the struct's docs name them ([`Ctx::fields`]).
//!
//! Nor does it follow a hub ([`Ctx::is_hub`], Graph's `entity`) to its derived types: a
//! search hit's `resource` may be any entity of Graph, and reaching all of them made one call
//! reach 386 of v1.0's types. The hub's enum holds the derived types reached otherwise; a
//! value of another one is the hub's own variant, its members kept in `additional_properties`.
//!
//! A selection entry names an endpoint by its page (`call-post-participants`), by one of its
//! generated calls (`create_participant`), or by a request line
//! (`POST /app/calls/{id}/participants`; placeholder names, case, a trailing `/` and a
//! `/v1.0` or `/beta` prefix do not matter). An entry that matches nothing is a `DS0701`
//! error naming the closest names. Every front end (CLI, build script, macro) selects here.

use super::context::Ctx;
use super::requests::EndpointNames;
use crate::diag::{codes, Diagnostic};
use crate::model::{Api, Endpoint, RequestBody, TypeRef};
use crate::route::{route_key, version};
use std::collections::BTreeSet;

/// How many names a "no such endpoint" error suggests.
const SUGGESTIONS: usize = 3;

/// The indices (into `api.endpoints` and `api.types`) to emit.
pub(crate) struct Selection {
    pub endpoints: BTreeSet<usize>,
    pub types: BTreeSet<usize>,
    /// The pages (relative `file`s) the selected endpoints and reached types come from,
    /// including the pages of their base types; `None` when everything is selected.
    pub pages: Option<BTreeSet<String>>,
    /// The types a selected endpoint's request body reaches (the body type, the types of its
    /// properties, transitively): the ones a caller builds, which get setters. The others are
    /// only read from answers.
    pub buildable: BTreeSet<usize>,
    /// The base types with derived types that a field, body or answer of the selection names:
    /// the ones whose enum is emitted ([`super::models::polymorphic`]).
    pub polymorphic: BTreeSet<usize>,
}

/// Resolves `wanted` to endpoints (see the module docs); every entry that matches nothing is a
/// `DS0701` error whose `line` is the entry's 1-based position in `wanted` (its `file` is
/// empty: it is about the selection, not a page). `None` selects everything. Records the
/// selected types in [`Ctx::selected`].
pub(crate) fn select(
    ctx: &mut Ctx<'_>,
    names: &[EndpointNames],
    wanted: Option<&[String]>,
) -> Selection {
    let api = ctx.api;
    let Some(wanted) = wanted else {
        let endpoints: BTreeSet<usize> = (0..api.endpoints.len()).collect();
        let types = (0..api.types.len()).collect();
        return Selection {
            buildable: buildable(ctx, &endpoints),
            polymorphic: polymorphic(ctx, &endpoints, &types),
            endpoints,
            types,
            pages: None,
        };
    };
    let mut endpoints = BTreeSet::new();
    for (entry, w) in wanted.iter().enumerate() {
        let found = matching(api, names, w);
        if found.is_empty() {
            ctx.diags.push(unknown(api, names, w, entry));
        }
        endpoints.extend(found);
    }
    let mut pages = BTreeSet::new();
    let mut todo: Vec<&TypeRef> = Vec::new();
    for &i in &endpoints {
        let Some(e) = api.endpoints.get(i) else {
            continue;
        };
        pages.insert(e.source.file.clone());
        todo.extend(endpoint_refs(e));
    }
    let types = reach(ctx, todo, Navigation::Skip);
    for &i in &types {
        add_type_pages(ctx, i, &mut pages);
    }
    ctx.selected = Some(types.clone());
    Selection {
        buildable: buildable(ctx, &endpoints),
        polymorphic: polymorphic(ctx, &endpoints, &types),
        endpoints,
        types,
        pages: Some(pages),
    }
}

/// The base types with derived types that the bodies and answers of `endpoints` or the
/// properties of `types` name; see [`Selection::polymorphic`].
fn polymorphic(
    ctx: &Ctx<'_>,
    endpoints: &BTreeSet<usize>,
    types: &BTreeSet<usize>,
) -> BTreeSet<usize> {
    let mut refs: Vec<&TypeRef> = Vec::new();
    for e in endpoints.iter().filter_map(|&i| ctx.api.endpoints.get(i)) {
        refs.extend(endpoint_refs(e));
    }
    for &i in types {
        // Inherited ones too: a base type is not always selected itself.
        refs.extend(ctx.fields(i).into_iter().map(|p| &p.ty));
    }
    refs.into_iter()
        .filter_map(|r| ctx.lookup(r))
        .filter(|i| ctx.derived.contains_key(i))
        .collect()
}

/// The types the request bodies of `endpoints` reach; see [`Selection::buildable`].
fn buildable(ctx: &Ctx<'_>, endpoints: &BTreeSet<usize>) -> BTreeSet<usize> {
    let mut todo: Vec<&TypeRef> = Vec::new();
    for e in endpoints.iter().filter_map(|&i| ctx.api.endpoints.get(i)) {
        match &e.request_body {
            Some(RequestBody::Type { ty }) => todo.push(ty),
            Some(RequestBody::Parameters { parameters, .. }) => {
                todo.extend(parameters.iter().map(|p| &p.ty))
            }
            None => {}
        }
    }
    // Deep inserts build navigation properties too, but not through a hub: before that rule,
    // the bodies that reach `user` made every entity type of Graph buildable through
    // `sharedInsight.resource` (52 of v1.0's types had setters only for that).
    reach(ctx, todo, Navigation::Follow)
}

/// Whether [`reach`] follows navigation properties.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Navigation {
    /// Every property: what a caller may build into a request body (deep inserts).
    Follow,
    /// Structural properties only: a selection's rule (see the module docs).
    Skip,
}

/// The types `refs` name and every type they reach: the types of their properties (the
/// navigation ones only with [`Navigation::Follow`]) and, for a base type, its derived types
/// (a value of it may be any of them, see [`super::models::polymorphic`]), transitively.
/// A hub's derived types ([`Ctx::is_hub`]: Graph's `entity`) are not reached through it: a
/// value of the hub is one of those reached otherwise, or the hub itself with every member
/// kept in `additional_properties`.
pub(crate) fn reach(ctx: &Ctx<'_>, refs: Vec<&TypeRef>, navigation: Navigation) -> BTreeSet<usize> {
    let mut todo: Vec<usize> = refs.into_iter().filter_map(|r| ctx.lookup(r)).collect();
    let mut types = BTreeSet::new();
    while let Some(i) = todo.pop() {
        if types.insert(i) {
            let props = ctx.all_properties(i);
            todo.extend(
                props
                    .into_iter()
                    .filter(|p| navigation == Navigation::Follow || !p.navigation)
                    .filter_map(|p| ctx.lookup(&p.ty)),
            );
            if !ctx.is_hub(i) {
                todo.extend(ctx.derived.get(&i).into_iter().flatten().copied());
            }
        }
    }
    types
}

/// The types endpoint `e` names: its body's (or its body parameters') and its answers'.
pub(crate) fn endpoint_refs(e: &Endpoint) -> Vec<&TypeRef> {
    let mut refs: Vec<&TypeRef> = Vec::new();
    match &e.request_body {
        Some(RequestBody::Type { ty }) => refs.push(ty),
        Some(RequestBody::Parameters { parameters, .. }) => {
            refs.extend(parameters.iter().map(|p| &p.ty))
        }
        None => {}
    }
    refs.extend(e.responses.iter().filter_map(|r| r.ty.as_ref()));
    refs
}

/// The pages of type `i` and of its base types (their properties are flattened into it).
fn add_type_pages(ctx: &Ctx<'_>, i: usize, pages: &mut BTreeSet<String>) {
    let mut seen = BTreeSet::new();
    let mut at = Some(i);
    while let Some(idx) = at.filter(|&idx| seen.insert(idx)) {
        let Some(t) = ctx.api.types.get(idx) else {
            break;
        };
        pages.insert(t.source.file.clone());
        at = t
            .base_type
            .as_ref()
            .and_then(|b| ctx.lookup(&TypeRef::single(b.clone())));
    }
}

/// The endpoints entry `w` names.
fn matching(api: &Api, names: &[EndpointNames], w: &str) -> Vec<usize> {
    if let Some(key) = request_line(w) {
        return api
            .endpoints
            .iter()
            .enumerate()
            .filter(|(_, e)| e.paths.iter().any(|p| route_key(&e.method, p) == key))
            .map(|(i, _)| i)
            .collect();
    }
    api.endpoints
        .iter()
        .enumerate()
        .filter(|(i, e)| e.name == w || names.get(*i).is_some_and(|n| n.method == w))
        .map(|(i, _)| i)
        .collect()
}

/// The `DS0701` for entry number `entry` (0-based), `w`, with the closest names.
fn unknown(api: &Api, names: &[EndpointNames], w: &str, entry: usize) -> Diagnostic {
    let by_line = request_line(w).is_some();
    let closest: Vec<String> = closest(w, &candidates(api, names, by_line))
        .into_iter()
        .map(|c| format!("`{c}`"))
        .collect();
    let hint = if closest.is_empty() {
        "the docs define no endpoints".to_string()
    } else {
        format!("the closest are {}", closest.join(", "))
    };
    let message = if by_line {
        format!("no endpoint has the method and path `{w}`; {hint}")
    } else {
        format!(
            "no endpoint is named `{w}`; {hint} (name an endpoint by its page, its call (method name) or its request line, `METHOD /path`)"
        )
    };
    let line = u32::try_from(entry + 1).unwrap_or(u32::MAX);
    Diagnostic::new(codes::UNKNOWN_SELECTION, "", line, 1, message)
}

/// `"POST /app/calls/{id}/participants"` -> `"POST /app/calls/{}/participants"`, the entry's
/// [`route_key`] without a `/v1.0` or `/beta` prefix. `None` when `wanted` is not of that shape.
fn request_line(wanted: &str) -> Option<String> {
    let (method, path) = wanted.trim().split_once(' ')?;
    let path = path.trim();
    if !path.starts_with('/')
        || method.is_empty()
        || !method.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let path = version::strip_prefix(path).map_or(path, |(_, rest)| rest);
    Some(route_key(method, path))
}

/// Every name an entry could have meant: page names and call names, plus `METHOD /path`
/// when the entry is a request line. Sorted, no duplicates.
fn candidates(api: &Api, names: &[EndpointNames], request_lines: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (e, n) in api.endpoints.iter().zip(names) {
        out.push(e.name.clone());
        out.push(n.method.clone());
        if request_lines {
            let method = e.method.to_ascii_uppercase();
            out.extend(e.paths.iter().map(|p| format!("{method} {p}")));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The [`SUGGESTIONS`] names of `candidates` closest to `wanted` by edit distance (ignoring
/// case), closest first, ties in `candidates` order.
pub(crate) fn closest<'c>(wanted: &str, candidates: &'c [String]) -> Vec<&'c str> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .iter()
        .map(|c| (edit_distance(&wanted, &c.to_lowercase()), c.as_str()))
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, c)| c)
        .collect()
}

/// Levenshtein distance over characters, with one row of memory.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let replace = diagonal + usize::from(ca != *cb);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = replace.min(above + 1).min(left + 1);
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::super::requests::name_endpoints;
    use super::super::Options;
    use super::*;
    use crate::diag::Severity;
    use crate::model::{Endpoint, Response, TypeDef};

    fn endpoint(name: &str, title: &str, method: &str, paths: &[&str]) -> Endpoint {
        Endpoint::stub(name, title, method, paths)
    }

    fn api() -> Api {
        let mut get = endpoint("call-get", "Get call", "GET", &["/app/calls/{id}"]);
        get.responses.push(Response {
            status: 200,
            ty: Some(TypeRef::single("call")),
            headers: vec![],
        });
        Api {
            version: Some("v1.0".into()),
            endpoints: vec![
                endpoint(
                    "call-post-participants",
                    "Create participant",
                    "POST",
                    &[
                        "/app/calls/{id}/participants",
                        "/communications/calls/{id}/participants",
                    ],
                ),
                get,
            ],
            types: vec![
                TypeDef::stub("call", Some("entity"), &[("state", "callState")]),
                TypeDef::stub("entity", None, &[]),
                TypeDef::stub("callState", None, &[]),
                TypeDef::stub("participant", Some("entity"), &[]),
            ],
        }
    }

    /// Selects `wanted` from `api()`: the selection and its diagnostics.
    fn run(wanted: &[&str]) -> (Selection, Vec<Diagnostic>) {
        let api = api();
        let mut ctx = Ctx::new(&api, &Options::default());
        let (_, names) = name_endpoints(&mut ctx);
        ctx.diags.clear();
        let wanted: Vec<String> = wanted.iter().map(|w| w.to_string()).collect();
        let s = select(&mut ctx, &names, Some(&wanted));
        (s, ctx.diags)
    }

    #[test]
    fn edit_distance_table() {
        for (a, b, d) in [
            ("", "", 0),
            ("abc", "", 3),
            ("", "ab", 2),
            ("kitten", "sitting", 3),
            ("call-get", "call-get", 0),
            ("creat_participant", "create_participant", 1),
            ("é", "e", 1),
        ] {
            assert_eq!(edit_distance(a, b), d, "{a} -> {b}");
        }
    }

    #[test]
    fn entries_name_a_page_a_function_or_a_request_line() {
        for entry in [
            "call-get",
            "get_call",
            "GET /app/calls/{call-id}",
            "get /v1.0/app/calls/{x}/",
        ] {
            let (s, diags) = run(&[entry]);
            assert_eq!(s.endpoints, BTreeSet::from([1]), "{entry}");
            assert!(diags.is_empty(), "{entry}: {diags:?}");
        }
        // The second path's function names the same endpoint.
        let (s, _) = run(&["POST /communications/calls/{id}/participants"]);
        assert_eq!(s.endpoints, BTreeSet::from([0]));
    }

    #[test]
    fn not_request_lines_are_names() {
        assert!(request_line("call-get").is_none());
        assert!(request_line("two words").is_none());
        assert!(request_line("GET app/calls").is_none());
        assert_eq!(
            request_line(" GET /beta/app/Calls/{id}/ "),
            Some("GET /app/calls/{}".to_string())
        );
    }

    #[test]
    fn unknown_entries_are_errors_with_the_closest_names_at_their_position() {
        let (s, diags) = run(&["get_call", "create_particpant", "DELETE /app/calls/{id}"]);
        assert_eq!(s.endpoints, BTreeSet::from([1]));
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(diags.iter().all(|d| d.code == codes::UNKNOWN_SELECTION.id
            && d.severity == Severity::Error
            && d.file.is_empty()));
        assert_eq!(diags[0].line, 2, "the entry's position");
        assert!(
            diags[0].message.starts_with(
                "no endpoint is named `create_particpant`; the closest are `create_participant`, "
            ),
            "{}",
            diags[0].message
        );
        assert_eq!(diags[1].line, 3);
        assert!(
            diags[1].message.starts_with(
                "no endpoint has the method and path `DELETE /app/calls/{id}`; the closest are `GET /app/calls/{id}`"
            ),
            "{}",
            diags[1].message
        );
    }

    #[test]
    fn suggestions_are_the_three_closest_ignoring_case() {
        let all: Vec<String> = [
            "call-get",
            "call-post-participants",
            "create_participant",
            "get_call",
        ]
        .map(String::from)
        .to_vec();
        let near = closest("create_particpant", &all);
        assert_eq!(near.len(), SUGGESTIONS);
        assert_eq!(near[0], "create_participant");
        assert_eq!(closest("CALL-GET", &all)[0], "call-get");
        assert!(closest("x", &[]).is_empty());
    }

    #[test]
    fn pages_are_the_selected_endpoints_and_every_type_they_reach_with_bases() {
        let (s, _) = run(&["get_call"]);
        let pages: Vec<&str> = s.pages.iter().flatten().map(String::as_str).collect();
        assert_eq!(
            pages,
            [
                "api/call-get.md",
                "resources/call.md",
                "resources/callstate.md",
                "resources/entity.md"
            ],
            "participant is not reached"
        );
        let api = api();
        let mut ctx = Ctx::new(&api, &Options::default());
        let (_, names) = name_endpoints(&mut ctx);
        assert!(select(&mut ctx, &names, None).pages.is_none(), "everything");
    }
}
