//! Which feature each call is in: its area, or in an area whose calls reach many types, its
//! sub-area, or a sub-area of that, and so on (the rule is in [`super`]'s docs).

use super::{Area, FULL};
use crate::model::Endpoint;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

/// An area, or a sub-area of two calls or more, whose calls reach more types than this is
/// split into sub-areas (see [`super`]'s docs).
pub(crate) const SPLIT_ABOVE: usize = 80;

/// An area, or a sub-area of two calls or more, that holds more calls than this is split
/// into sub-areas too, whatever types they reach: each call is a method, a path enum and a
/// contract arm to check (see [`super`]'s docs).
pub(crate) const SPLIT_CALLS_ABOVE: usize = 100;

/// A call alone under its segment in a split area or sub-area is a sub-area of its own when it
/// reaches more than this many types that the calls without a segment do not (see [`super`]'s
/// docs).
pub(crate) const OWN_ADDS_AT_MOST: usize = 10;

/// Feature names an area may not take.
const RESERVED: [&str; 3] = ["default", FULL, "contract"];

/// The area of endpoint `e`: see [`super`]'s docs.
pub(crate) fn area(e: &Endpoint) -> String {
    let segment = first_segment(e);
    if segment.starts_with('{') {
        return "root".to_string();
    }
    let name = feature_name(segment);
    if name.is_empty() {
        "root".to_string()
    } else if RESERVED.contains(&name.as_str()) {
        format!("{name}_area")
    } else {
        name
    }
}

/// The sub-area of endpoint `e` in feature `parent` (an area or a sub-area reaching more than
/// [`SPLIT_ABOVE`] types) at `level` (1 in an area, 2 in a sub-area of it, ...): `parent`, `_`,
/// and the `level`th segment of its first path after the first that is not a placeholder, as a
/// feature name (`/users/{id}/messages` at 1 in `users` -> `users_messages`,
/// `/me/drive/items/{id}/workbook` at 2 in `me_drive` -> `me_drive_items`), with the path up to
/// that segment as written; `None` when there is no such segment (`/users/{id}` at 1), which
/// keeps the endpoint in `parent`'s own calls.
pub(crate) fn sub_area(e: &Endpoint, parent: &str, level: usize) -> Option<(String, String)> {
    let first = e.paths.first().map_or("", String::as_str);
    let path = first.split('?').next().unwrap_or("");
    let rest = path.trim_start_matches('/');
    let mut at = path.len() - rest.len();
    let mut seen = 0;
    for (i, segment) in rest.split('/').enumerate() {
        let start = at;
        at += segment.len() + 1;
        let literal = segment.split('(').next().unwrap_or("");
        if i == 0 || literal.starts_with('{') {
            continue;
        }
        let name = feature_name(literal);
        if name.is_empty() {
            continue;
        }
        seen += 1;
        if seen == level {
            let written = path.get(..start + literal.len()).unwrap_or(path);
            return Some((format!("{parent}_{name}"), written.to_string()));
        }
    }
    None
}

/// The resource the page of endpoint `e` is about, as a feature name: its file stem without
/// the action after the last `-`, and of what is left the last `-` part
/// (`intune-deviceconfig-androidcustomconfiguration-get` -> `androidcustomconfiguration`,
/// `user-get` -> `user`); `None` for a stem without `-`.
fn page_resource(e: &Endpoint) -> Option<String> {
    let (rest, _action) = e.name.rsplit_once('-')?;
    let name = feature_name(rest.rsplit('-').next()?);
    (!name.is_empty()).then_some(name)
}

/// `segment` lowercased, every character outside `[a-z0-9_]` made `_`, `_` trimmed from the
/// ends.
fn feature_name(segment: &str) -> String {
    let lower: String = segment
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    lower.trim_matches('_').to_string()
}

/// The first segment of `e`'s first path, as written.
pub(super) fn first_segment(e: &Endpoint) -> &str {
    let first = e.paths.first().map_or("", String::as_str);
    first
        .trim_start_matches('/')
        .split(['/', '(', '?'])
        .next()
        .unwrap_or("")
}

/// Calls of a feature: each endpoint's index in the API and the endpoint.
pub(super) type Calls<'a> = Vec<(usize, &'a Endpoint)>;

/// The feature of the calls of split area or sub-area `area` that are in none of its
/// sub-areas (`me_own`: `GET /me`, `POST /me/sendMail`, ...).
fn own_feature(area: &str) -> String {
    format!("{area}_{OWN}")
}

/// What [`own_feature`] appends.
const OWN: &str = "own";

/// A feature being made: the path its calls start with, its calls (in model order) and, when
/// already known, the types they reach.
pub(super) type Feature<'a> = (String, Calls<'a>, Option<BTreeSet<usize>>);

/// Adds `calls` to feature `name` of `features` (made with `prefix` and `types` if new). A
/// sub-area named like another area or sub-area is one feature with it, whose reach is then
/// unknown.
fn add_calls<'a>(
    features: &mut BTreeMap<String, Feature<'a>>,
    name: String,
    prefix: String,
    mut calls: Calls<'a>,
    types: Option<BTreeSet<usize>>,
) {
    calls.sort_unstable_by_key(|&(i, _)| i);
    match features.entry(name) {
        Entry::Vacant(v) => {
            v.insert((prefix, calls, types));
        }
        Entry::Occupied(mut o) => {
            let f = o.get_mut();
            f.1.extend(calls);
            f.1.sort_unstable_by_key(|&(i, _)| i);
            f.2 = None;
        }
    }
}

/// The types some calls reach.
pub(super) type Reach<'a, 'r> = dyn Fn(&[(usize, &'a Endpoint)]) -> BTreeSet<usize> + 'r;

/// Adds `calls`, those of feature `name` (an area, or a sub-area at `level` - 1: see
/// [`sub_area`]) whose paths start with `prefix`, to `features`: as they are when they reach
/// at most [`SPLIT_ABOVE`] types (by `reach`) and are at most [`SPLIT_CALLS_ABOVE`], else
/// split into the parts of `name` in `areas`: the sub-areas at `level` that two calls or more
/// share (each split again the same way, at the next level), those of one call that reaches
/// more than [`OWN_ADDS_AT_MOST`] types the calls without a sub-area do not, when more than
/// [`SPLIT_CALLS_ABOVE`] calls are left those of each resource's pages ([`page_resource`]),
/// and `<name>_own` for the rest; `name` stays whole when no call gets a part.
pub(super) fn split<'a>(
    reach: &Reach<'a, '_>,
    features: &mut BTreeMap<String, Feature<'a>>,
    areas: &mut BTreeMap<String, Area>,
    name: String,
    prefix: String,
    level: usize,
    calls: Calls<'a>,
) {
    let types = reach(&calls);
    if types.len() <= SPLIT_ABOVE && calls.len() <= SPLIT_CALLS_ABOVE {
        add_calls(features, name, prefix, calls, Some(types));
        return;
    }
    let mut own = Vec::new();
    let mut subs: BTreeMap<String, (String, Calls<'a>)> = BTreeMap::new();
    for (i, e) in calls {
        match sub_area(e, &name, level) {
            Some((sub, sub_prefix)) => {
                subs.entry(sub)
                    .or_insert_with(|| (sub_prefix, Vec::new()))
                    .1
                    .push((i, e));
            }
            None => own.push((i, e)),
        }
    }
    let mut parts = Vec::new();
    let mut singles = Vec::new();
    for (sub, (sub_prefix, calls)) in subs {
        if calls.len() < 2 {
            singles.push((sub, sub_prefix, calls));
        } else {
            parts.push(sub.clone());
            split(reach, features, areas, sub, sub_prefix, level + 1, calls);
        }
    }
    // A call alone under its segment (an action, `/me/sendMail`) stays with the feature's
    // own calls unless it brings many types of its own: what the calls without a segment
    // (`GET /users/{id}`) reach is not counted (nor walked when there is no such call).
    let core = if singles.is_empty() {
        BTreeSet::new()
    } else {
        reach(&own)
    };
    for (sub, sub_prefix, calls) in singles {
        let types = reach(&calls);
        let adds = types.difference(&core).count();
        if adds > OWN_ADDS_AT_MOST {
            parts.push(sub.clone());
            add_calls(features, sub, sub_prefix, calls, Some(types));
        } else {
            own.extend(calls);
        }
    }
    // Many calls without a further segment (Intune's pages of each derived configuration
    // type, all on `/deviceManagement/deviceConfigurations/{id}`): those of one resource's
    // pages are a part.
    if own.len() > SPLIT_CALLS_ABOVE {
        let mut by_page: BTreeMap<String, Calls<'a>> = BTreeMap::new();
        for (i, e) in std::mem::take(&mut own) {
            match page_resource(e) {
                Some(resource) => by_page
                    .entry(format!("{name}_{resource}"))
                    .or_default()
                    .push((i, e)),
                None => own.push((i, e)),
            }
        }
        for (sub, calls) in by_page {
            if calls.len() < 2 {
                own.extend(calls);
            } else {
                parts.push(sub.clone());
                add_calls(features, sub, prefix.clone(), calls, None);
            }
        }
    }
    // No call has a part of its own: the feature stays whole, not one `_own` part.
    if parts.is_empty() {
        add_calls(features, name, prefix, own, Some(types));
        return;
    }
    // The feature's other calls are a sub-area too, so that an app using `GET /me` need not
    // compile all of `/me`.
    if !own.is_empty() {
        let own_name = own_feature(&name);
        parts.push(own_name.clone());
        add_calls(features, own_name, prefix.clone(), own, None);
    }
    // Two features of one name (an area `a_b` and a sub-area of `a`) are one, with the
    // parts of both.
    let group = areas.entry(name).or_default();
    group.parts.extend(parts);
    group.parts.sort();
    group.parts.dedup();
    if group.prefix.is_empty() {
        group.prefix = prefix;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area_of(path: &str) -> String {
        area(&Endpoint::stub("p", "t", "GET", &[path]))
    }

    #[test]
    fn the_area_is_the_first_segment_as_a_feature_name() {
        for (path, want) in [
            ("/users/{id}/messages", "users"),
            ("/me/events", "me"),
            ("/app/calls", "app"),
            ("/deviceAppManagement/mobileApps", "deviceappmanagement"),
            ("/directoryroles/{id}", "directoryroles"),
            ("/directoryRoles", "directoryroles"),
            ("/oauth2PermissionGrants", "oauth2permissiongrants"),
            ("/some-thing.x", "some_thing_x"),
            ("/reports/getEmailActivityCounts(period='{p}')", "reports"),
            ("/{id}/x", "root"),
            ("/", "root"),
            ("/contract/x", "contract_area"),
            ("/full", "full_area"),
            ("/$batch", "batch"),
        ] {
            assert_eq!(area_of(path), want, "{path}");
        }
        let none = Endpoint::stub("p", "t", "GET", &[]);
        assert_eq!(area(&none), "root");
    }

    /// The features and the areas that [`split`] makes of `endpoints` as area `big`, with
    /// calls that reach no type.
    fn split_big(
        endpoints: &[Endpoint],
    ) -> (BTreeMap<String, Feature<'_>>, BTreeMap<String, Area>) {
        let reach = |_: &[(usize, &Endpoint)]| BTreeSet::new();
        let (mut features, mut areas) = (BTreeMap::new(), BTreeMap::new());
        let calls = endpoints.iter().enumerate().collect();
        let big = || "big".to_string();
        split(
            &reach,
            &mut features,
            &mut areas,
            big(),
            "/big".into(),
            1,
            calls,
        );
        (features, areas)
    }

    /// The features and the parts of `big` that [`split`] makes of calls on `paths`.
    fn split_calls(paths: &[String]) -> (Vec<String>, Vec<String>) {
        let endpoints: Vec<Endpoint> = paths
            .iter()
            .map(|p| Endpoint::stub("p", "t", "GET", &[p.as_str()]))
            .collect();
        let (features, mut areas) = split_big(&endpoints);
        let parts = areas.remove("big").map(|a| a.parts).unwrap_or_default();
        (features.into_keys().collect(), parts)
    }

    #[test]
    fn many_calls_are_split_whatever_types_they_reach() {
        let under = |n: usize, segments: usize| -> Vec<String> {
            (0..n)
                .map(|i| format!("/big/{{id}}/part{}/{{x{i}}}", i % segments))
                .collect()
        };
        // 101 calls: split by their next segment.
        let (features, parts) = split_calls(&under(SPLIT_CALLS_ABOVE + 1, 2));
        assert_eq!(features, ["big_part0", "big_part1"]);
        assert_eq!(parts, features);
        // 100 calls that reach few types: one feature.
        let (features, parts) = split_calls(&under(SPLIT_CALLS_ABOVE, 2));
        assert_eq!(features, ["big"]);
        assert!(parts.is_empty());
        // 101 calls under one segment: that sub-area, whose calls have no further segment,
        // is one feature, not a lone `big_part0_own`; nor are 101 calls without a segment.
        let (features, parts) = split_calls(&under(SPLIT_CALLS_ABOVE + 1, 1));
        assert_eq!(features, ["big_part0"]);
        assert_eq!(parts, features);
        let flat: Vec<String> = (0..=SPLIT_CALLS_ABOVE)
            .map(|i| format!("/big/{{x{i}}}"))
            .collect();
        let (features, parts) = split_calls(&flat);
        assert_eq!(features, ["big"]);
        assert!(parts.is_empty());
    }

    #[test]
    fn many_calls_on_one_path_are_split_by_the_resource_of_their_pages() {
        // Intune's way: the pages of each derived type, all on the collection's paths.
        let mut endpoints = Vec::new();
        for n in 0..=SPLIT_CALLS_ABOVE / 5 {
            for action in ["list", "get", "create", "update", "delete"] {
                let path = if action == "list" {
                    "/big/things"
                } else {
                    "/big/things/{id}"
                };
                let name = format!("intune-big-kind{n}thing-{action}");
                endpoints.push(Endpoint::stub(&name, "t", "GET", &[path]));
            }
        }
        // Pages without an action, and a resource of one page, stay in `_own`.
        endpoints.push(Endpoint::stub("things_post", "t", "POST", &["/big/things"]));
        endpoints.push(Endpoint::stub(
            "lonething-get",
            "t",
            "GET",
            &["/big/things/{id}"],
        ));
        let (features, mut areas) = split_big(&endpoints);
        let parts = areas
            .remove("big_things")
            .map(|a| a.parts)
            .unwrap_or_default();
        assert_eq!(parts.len(), SPLIT_CALLS_ABOVE / 5 + 2, "{parts:?}");
        assert!(parts.contains(&"big_things_kind0thing".to_string()));
        assert!(parts.contains(&"big_things_own".to_string()));
        assert_eq!(features["big_things_kind0thing"].1.len(), 5);
        assert_eq!(features["big_things_own"].1.len(), 2);
    }

    #[test]
    fn a_sub_area_is_the_next_segment_that_is_not_a_placeholder() {
        let sub =
            |path: &str, area: &str| sub_area(&Endpoint::stub("p", "t", "GET", &[path]), area, 1);
        let some = |name: &str, prefix: &str| Some((name.to_string(), prefix.to_string()));
        assert_eq!(
            sub(
                "/deviceManagement/deviceConfigurations/{id}",
                "devicemanagement"
            ),
            some(
                "devicemanagement_deviceconfigurations",
                "/deviceManagement/deviceConfigurations"
            )
        );
        assert_eq!(
            sub("/users/{id | userPrincipalName}/managedDevices", "users"),
            some(
                "users_manageddevices",
                "/users/{id | userPrincipalName}/managedDevices"
            )
        );
        assert_eq!(
            sub("/reports/getEmailActivityCounts(period='{p}')", "reports"),
            some(
                "reports_getemailactivitycounts",
                "/reports/getEmailActivityCounts"
            )
        );
        assert_eq!(
            sub("/me/drive/root:/x:/content?a=b", "me"),
            some("me_drive", "/me/drive")
        );
        assert_eq!(sub("/users/{id}", "users"), None);
        assert_eq!(sub("/users?$filter=x", "users"), None);
        assert_eq!(sub("/users/{id}/--/{x}", "users"), None);
        assert_eq!(sub("/", "root"), None);
        // Deeper levels take the next segment that is not a placeholder, named after their
        // parent.
        let workbook = "/me/drive/items/{id}/workbook/worksheets('{id}')/range";
        let at = |level: usize, parent: &str| {
            sub_area(&Endpoint::stub("p", "t", "GET", &[workbook]), parent, level)
        };
        assert_eq!(at(2, "me_drive"), some("me_drive_items", "/me/drive/items"));
        assert_eq!(
            at(3, "me_drive_items"),
            some("me_drive_items_workbook", "/me/drive/items/{id}/workbook")
        );
        assert_eq!(
            at(4, "me_drive_items_workbook"),
            some(
                "me_drive_items_workbook_worksheets",
                "/me/drive/items/{id}/workbook/worksheets"
            )
        );
        assert_eq!(
            at(5, "x"),
            some(
                "x_range",
                "/me/drive/items/{id}/workbook/worksheets('{id}')/range"
            )
        );
        assert_eq!(at(6, "x"), None);
    }
}
