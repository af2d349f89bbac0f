//! Cargo features by area ([`super::Options::features_by_area`]): a generated crate in which
//! each area of the API is a cargo feature, so that a user of a few endpoints compiles only
//! what they reach.
//!
//! **The rule.** An endpoint's area is the first segment of its first path (up to a `/`, `(`
//! or `?`), lowercased, with every character outside `[a-z0-9_]` made `_` and `_` trimmed
//! from the ends (`/users/{id}/messages` -> `users`, `/me/events` -> `me`,
//! `/deviceAppManagement/...` -> `deviceappmanagement`). Lowercase, not snake case: Graph's
//! paths are case-insensitive and its pages spell the same segment both ways
//! (`directoryRoles`, `directoryroles`), which must be one area. A first segment that is a
//! placeholder or empty gives `root`; the names cargo or the crate already use (`default`,
//! `full`, `contract`) get `_area` appended.
//!
//! **Sub-areas.** An area whose calls reach more than [`SPLIT_ABOVE`] types (v1.0's
//! `devicemanagement`, `me`, `users`, `groups`, `teams`, `deviceappmanagement`), or that holds
//! more than [`SPLIT_CALLS_ABOVE`] calls (each a method, a path enum and a contract arm to
//! check, whatever types they reach), is split: a
//! call's sub-area is the area, `_`, and the next segment of its first path that is not a
//! placeholder (`/deviceManagement/deviceConfigurations/{id}` ->
//! `devicemanagement_deviceconfigurations`, `/users/{id}/managedDevices` ->
//! `users_manageddevices`), when two calls or more share it, or when its one call reaches more
//! than [`OWN_ADDS_AT_MOST`] types that the area's calls without such a segment do not
//! (`/me/sendMail` -> `me_sendmail`, with the types of a message); the others (`GET
//! /users/{id}`, an action of one call that brings few types) are the sub-area `<area>_own`
//! (`users_own`). The area's feature turns on its sub-areas, so `users` is still all of
//! `/users` (an app's features hold when an area grows past the threshold), an app using
//! Intune's device configurations (`devicemanagement_deviceconfigurations`) does not compile
//! the rest of Intune, one using `GET /me/memberOf` (`me_memberof`) not the rest of `/me`,
//! and one using `GET /users/{id}` (`users_own`) not the types of every action on a user.
//!
//! **Sub-areas of sub-areas.** A sub-area of two calls or more whose calls reach more than
//! [`SPLIT_ABOVE`] types, or that holds more than [`SPLIT_CALLS_ABOVE`] calls, is split the
//! same way, by the next segment of its calls' first path that is not a placeholder after
//! the one that named it, and so on down (`/deviceManagement/deviceConfigurations/{id}/assignments`
//! -> `devicemanagement_deviceconfigurations` ->
//! `devicemanagement_deviceconfigurations_assignments`; v1.0's 182 calls under `/me/drive`
//! go `me_drive` -> `me_drive_items` -> `me_drive_items_workbook` ->
//! `me_drive_items_workbook_worksheets`, `_tables`, `_names`, ...), with the same rules at
//! each level (two calls or more share the segment, or one call reaches more than
//! [`OWN_ADDS_AT_MOST`] types the sub-area's calls without a further segment do not; the rest,
//! and the calls with no further segment, are `<sub-area>_own`). When more than
//! [`SPLIT_CALLS_ABOVE`] calls are left without a further segment (Intune's pages of each
//! derived configuration type, all on `/deviceManagement/deviceConfigurations/{id}`), those of
//! each resource's pages (two calls or more) are a part too, named after the resource: the page's
//! file stem without its action, its last `-` part
//! (`intune-deviceconfig-windows10generalconfiguration-get` ->
//! `devicemanagement_deviceconfigurations_windows10generalconfiguration`). A feature none of
//! whose calls gets a part of its own stays whole rather than becoming one `_own` part. Each split
//! feature turns on its parts, so `devicemanagement` and `devicemanagement_deviceconfigurations`
//! are still all of what is under them. A sub-area's name is its parent's, `_` and its
//! segment; one named like another feature is one feature with it.
//!
//! **The gates.** Each endpoint's items (its method, marker, path enum, body struct and
//! contract arm) get `#[cfg(feature = "<area>")]`. A model type (its struct or enum, its
//! `AnyX` enum, their impls) gets `#[cfg(any(feature = "a", ...))]` over every area whose
//! endpoints reach it (bodies, answers, then properties and derived types, transitively,
//! navigation properties not followed, nor a hub's derived types: the rule of
//! [`super::select`]). Three kinds of types get something else:
//! * a type reached by more than [`MAX_LISTED_AREAS`] areas (but not all) gets the feature of
//!   its set of areas, `_sharedN`, which each of those areas turns on (`users = ["_shared3",
//!   ...]`): the gate stays short however many areas reach the type (many of Graph's areas
//!   reach `user` or `directoryObject`), and a type is compiled exactly when an area that
//!   needs it is on;
//! * a type every area reaches gets no gate;
//! * a type no endpoint reaches gets `#[cfg(feature = "full")]`.
//!
//! **Navigation fields.** A navigation property (`user.messages`) whose type is not compiled
//! with every area that compiles its owner gets its type's gate itself, on the field, its
//! setter and its `AnyX` accessor; without that feature the member the service sends
//! (`$expand`) is kept in `additional_properties`. Following navigation properties instead
//! made `users` reach a third of Graph's types (494 of v1.0's, against 91 now).
//!
//! **Hubs.** The variants of a hub's enum (`AnyEntity`: Graph's `entity` is the base of every
//! entity type) are gated by their own types' gates: a search hit's `resource` is a
//! `DriveItem` when an area that compiles `driveItem` is on, and `Entity` with the members
//! kept otherwise. v1.0's `search` (one call) compiled 386 types before this rule, 7 now.
//!
//! A crate so gated compiles with any set of its features, because the gates only grow along
//! what a compiled item names: the types a type's structural properties and derived types
//! name are reached by every area that reaches it (so their gates are wider, or absent), a
//! navigation field is gated like its type, and an endpoint's area reaches its body and
//! answer types. `full` turns on every area, so with it (the default) the crate is the whole
//! crate.
//!
//! **The files.** The items of each gate are a module of their own, in a file of its own
//! ([`by_module`], [`module_of`]), which the file that held them declares under the gate and
//! re-exports: rustc does not read the file of a module its `cfg` leaves out. With the items
//! inline, checking one area of whole v1.0 parsed all of `requests.rs` (131,000 lines) and
//! of the three model crates to strip them: 0.5 s of the 0.9 s it took for a small area.
//!
//! **Model crates.** When the models are split into crates ([`super::model_crates`]), a
//! feature turns on the same feature of the model crates whose items name it, and a model
//! crate all of whose items are gated is an optional dependency, turned on (through the
//! internal feature `_modelsK`, which its glob imports are gated by) by those features only:
//! an app enabling `appcatalogs` builds one of whole v1.0's seven model crates.

use super::context::{Ctx, HUB_ABOVE};
use super::docs;
use super::requests::generates_method;
use super::select;
use crate::model::Endpoint;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};
use sub_areas::{area, first_segment, split, Calls, Feature};
pub(crate) use sub_areas::{OWN_ADDS_AT_MOST, SPLIT_ABOVE, SPLIT_CALLS_ABOVE};

mod sub_areas;

/// A type reached by more areas than this is gated by a feature of its set of areas.
pub(crate) const MAX_LISTED_AREAS: usize = 3;

/// The prefix of the features of sets of areas, followed by a number from 1.
const SHARED: &str = "_shared";

/// The feature that turns on every area; a type no endpoint reaches is compiled with it.
pub(crate) const FULL: &str = "full";

/// What compiles a model type that is not always compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Gate {
    /// Compiled with any of these areas (one to [`MAX_LISTED_AREAS`]).
    Areas(BTreeSet<String>),
    /// Compiled with this feature, which the areas of a set turn on.
    Shared(String),
    /// Reached by no endpoint: compiled with `full`.
    Full,
}

/// One area's feature.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Area {
    /// How many calls it holds.
    pub calls: usize,
    /// How many types its calls reach.
    pub types: usize,
    /// The path its calls start with, as the first of them writes it (`/deviceManagement`,
    /// `/users/{id}/messages` for a sub-area).
    pub prefix: String,
    /// The sub-areas it turns on (those of a split area or sub-area, see the module docs;
    /// each may have parts of its own), in order.
    pub parts: Vec<String>,
    /// The `_sharedN` features it turns on, in order.
    pub shared: Vec<String>,
}

/// The areas of a selection and the gates of its items.
#[derive(Clone, Debug, Default)]
pub(crate) struct Gates {
    /// Each area, sorted by name.
    pub areas: BTreeMap<String, Area>,
    /// The area of each selected endpoint that gets a call, by endpoint index.
    pub endpoints: BTreeMap<usize, String>,
    /// The gate of each selected type that has one (absent: always compiled).
    pub types: BTreeMap<usize, Gate>,
    /// The areas that reach each type (absent: none does).
    reached: BTreeMap<usize, BTreeSet<String>>,
    /// The feature that turns on each part (absent for an area): the first, by name, whose
    /// [`Area::parts`] list it.
    parents: BTreeMap<String, String>,
}

impl Gates {
    /// The areas and gates of the `endpoints` and `types` selected (indices into `ctx.api`).
    pub(crate) fn new(ctx: &Ctx<'_>, endpoints: &BTreeSet<usize>, types: &BTreeSet<usize>) -> Self {
        let mut gates = Gates::default();
        let mut by_area: BTreeMap<String, Calls<'_>> = BTreeMap::new();
        for &i in endpoints {
            let Some(e) = ctx.api.endpoints.get(i) else {
                continue;
            };
            if generates_method(&e.method.to_ascii_uppercase()) {
                by_area.entry(area(e)).or_default().push((i, e));
            }
        }
        let reach = |calls: &[(usize, &Endpoint)]| {
            let refs = calls
                .iter()
                .flat_map(|(_, e)| select::endpoint_refs(e))
                .collect();
            select::reach(ctx, refs, select::Navigation::Skip)
        };
        // Each call's feature, with the path its calls start with and, when already known,
        // the types they reach: its area, or in an area that reaches many types, its
        // sub-area, and so on down.
        let mut features: BTreeMap<String, Feature<'_>> = BTreeMap::new();
        for (a, calls) in by_area {
            let prefix = calls
                .first()
                .map_or_else(String::new, |(_, e)| format!("/{}", first_segment(e)));
            split(&reach, &mut features, &mut gates.areas, a, prefix, 1, calls);
        }
        // The features that hold calls: a type all of them reach needs no gate.
        let with_calls = features.len();
        let mut reached: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
        for (name, (prefix, calls, types)) in &mut features {
            let types = types.take().unwrap_or_else(|| reach(calls));
            let area = gates.areas.entry(name.clone()).or_default();
            area.calls = calls.len();
            area.types = types.len();
            area.prefix.clone_from(prefix);
            for &(i, _) in calls.iter() {
                gates.endpoints.insert(i, name.clone());
            }
            for t in types {
                reached.entry(t).or_default().insert(name.as_str());
            }
        }
        // The sets of areas that get a feature, numbered in their order.
        let shared: BTreeSet<&BTreeSet<&str>> = types
            .iter()
            .filter_map(|t| reached.get(t))
            .filter(|set| set.len() > MAX_LISTED_AREAS && set.len() < with_calls)
            .collect();
        let mut shared_names: BTreeMap<&BTreeSet<&str>, String> = BTreeMap::new();
        for (n, set) in shared.into_iter().enumerate() {
            let name = format!("{SHARED}{}", n + 1);
            for a in set {
                if let Some(area) = gates.areas.get_mut(*a) {
                    area.shared.push(name.clone());
                }
            }
            shared_names.insert(set, name);
        }
        for &t in types {
            let gate = match reached.get(&t) {
                None => Gate::Full,
                Some(set) if set.len() == with_calls => continue,
                Some(set) => match shared_names.get(set) {
                    Some(name) => Gate::Shared(name.clone()),
                    None => Gate::Areas(set.iter().map(|s| s.to_string()).collect()),
                },
            };
            gates.types.insert(t, gate);
        }
        gates.reached = reached
            .into_iter()
            .map(|(t, set)| (t, set.into_iter().map(str::to_string).collect()))
            .collect();
        for (name, area) in &gates.areas {
            for part in &area.parts {
                gates
                    .parents
                    .entry(part.clone())
                    .or_insert_with(|| name.clone());
            }
        }
        gates
    }

    /// The navigation fields of `types` that need a `#[cfg]` of their own (see
    /// [`Ctx::field_gates`]): those whose type some area compiling the owner does not reach.
    /// Such a field gets its type's gate; its member is kept in `additional_properties`
    /// without it.
    pub(crate) fn field_gates(
        &self,
        ctx: &Ctx<'_>,
        types: &BTreeSet<usize>,
    ) -> BTreeMap<(usize, String), TokenStream> {
        let none = BTreeSet::new();
        let mut out = BTreeMap::new();
        for &owner in types {
            if !ctx.is_struct(owner) {
                continue;
            }
            let owner_areas = self.reached.get(&owner).unwrap_or(&none);
            for p in ctx.fields(owner).into_iter().filter(|p| p.navigation) {
                let Some(t) = ctx.lookup(&p.ty) else {
                    continue;
                };
                // An owner no area reaches comes with `full` only, which turns on every
                // area and so compiles every type.
                let covered = !self.types.contains_key(&t)
                    || owner_areas.is_empty()
                    || owner_areas.is_subset(self.reached.get(&t).unwrap_or(&none));
                if !covered {
                    out.insert((owner, p.name.clone()), self.type_attr(t));
                }
            }
        }
        out
    }

    /// The `#[cfg]` of type `t`, empty when it has none.
    pub(crate) fn type_attr(&self, t: usize) -> TokenStream {
        match self.types.get(&t) {
            None => TokenStream::new(),
            Some(Gate::Full) => quote!(#[cfg(feature = #FULL)]),
            Some(Gate::Shared(name)) => quote!(#[cfg(feature = #name)]),
            Some(Gate::Areas(set)) if set.len() == 1 => {
                let a = set.iter();
                quote!(#[cfg(#(feature = #a)*)])
            }
            Some(Gate::Areas(set)) => {
                let a = set.iter();
                quote!(#[cfg(any(#(feature = #a),*))])
            }
        }
    }

    /// The variants of hubs' enums ([`Ctx::variant_gates`]) among `types`: each derived type of
    /// a hub is gated by its own areas, which need not be the hub's (reaching the hub does not
    /// reach them); a derived type no area reaches comes with `full`.
    pub(crate) fn variant_gates(
        &self,
        ctx: &Ctx<'_>,
        types: &BTreeSet<usize>,
    ) -> BTreeMap<(usize, usize), TokenStream> {
        let mut out = BTreeMap::new();
        for &base in types.iter().filter(|&&b| ctx.is_hub(b)) {
            for &d in ctx.derived.get(&base).into_iter().flatten() {
                if types.contains(&d) && self.types.contains_key(&d) {
                    out.insert((base, d), self.type_attr(d));
                }
            }
        }
        out
    }

    /// The `#[cfg]` of endpoint `e`'s items, empty when it has no area.
    pub(crate) fn endpoint_attr(&self, e: usize) -> TokenStream {
        match self.endpoints.get(&e) {
            Some(a) => quote!(#[cfg(feature = #a)]),
            None => TokenStream::new(),
        }
    }

    /// The paragraph of each gated type's docs that names the features it comes with (rustdoc
    /// shows no `cfg`; a `_sharedN` gate says nothing to a user): the areas that reach it, or
    /// `full` alone for a type no call reaches.
    pub(crate) fn type_docs(&self) -> BTreeMap<usize, String> {
        // A type no area reaches (`reached` has no entry for it) is gated by `full`.
        self.types
            .keys()
            .map(|&t| {
                let areas: Vec<String> = self
                    .reached
                    .get(&t)
                    .into_iter()
                    .flatten()
                    .map(|a| format!("`{a}`"))
                    .collect();
                let doc = match areas.as_slice() {
                    [] => {
                        format!("No call answers or takes it: it comes with the feature `{FULL}`.")
                    }
                    [one] => format!("Comes with the feature {one} (and `{FULL}`)."),
                    more => format!(
                        "Comes with any of the features {} (and `{FULL}`).",
                        more.join(", ")
                    ),
                };
                (t, doc)
            })
            .collect()
    }

    /// The paragraph of endpoint `e`'s call docs that names the feature it needs, and what
    /// turns that on: rustdoc does not show a `cfg`, and a call missing from an app's build
    /// is found by name in the docs of the whole crate.
    pub(crate) fn feature_doc(&self, e: usize) -> Option<String> {
        let a = self.endpoints.get(&e)?;
        // The features that turn it on, innermost first: its parent, the parent's, ... (a
        // part's name is longer than its parent's, so this ends).
        let mut on = Vec::new();
        let mut at = a;
        while let Some(parent) = self.parents.get(at) {
            on.push(format!("`{parent}`"));
            at = parent;
        }
        let turned_on = if on.is_empty() {
            format!("`{FULL}` turns")
        } else {
            format!("{} and `{FULL}` turn", on.join(", "))
        };
        Some(format!("Needs the feature `{a}`, which {turned_on} on."))
    }
}

/// The name of the module of a crate gated by area that holds the items of gate `attr` (a
/// `#[cfg(..)]` of [`Gates::type_attr`] or [`Gates::endpoint_attr`]): `area_` and the
/// features it names, joined by `_or_` (`area_users`, `area_me_drive_or_search`,
/// `area_shared3`); `None` for no gate. [`by_module`] numbers names that two gates would
/// share.
///
/// Such a module is a file of its own, declared `#[cfg(..)] mod area_x;` and re-exported:
/// rustc does not even read the file of a module its `cfg` leaves out, where it parses every
/// item it then strips (parsing `requests.rs` and the model crates was half of checking one
/// area of whole v1.0).
pub(crate) fn module_of(attr: &TokenStream) -> Option<String> {
    let text = attr.to_string();
    let names: Vec<&str> = text
        .split('"')
        .skip(1)
        .step_by(2)
        .map(|f| f.trim_start_matches('_'))
        .collect();
    (!names.is_empty()).then(|| format!("area_{}", names.join("_or_")))
}

/// `items` (each with its gate) laid out for a crate gated by area: the ungated ones, and one
/// module per gate, named by [`module_of`], holding that gate's items in order.
pub(crate) fn by_module<T>(items: impl IntoIterator<Item = (TokenStream, T)>) -> Modules<T> {
    let mut by_gate: BTreeMap<String, (TokenStream, Vec<T>)> = BTreeMap::new();
    let mut ungated = Vec::new();
    for (gate, item) in items {
        if gate.is_empty() {
            ungated.push(item);
        } else {
            let key = gate.to_string();
            by_gate
                .entry(key)
                .or_insert_with(|| (gate, Vec::new()))
                .1
                .push(item);
        }
    }
    let mut modules = BTreeMap::new();
    for (gate, items) in by_gate.into_values() {
        let Some(base) = module_of(&gate) else {
            ungated.extend(items);
            continue;
        };
        let mut name = base.clone();
        let mut n = 1;
        while modules.contains_key(&name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        modules.insert(name, (gate, items));
    }
    Modules { ungated, modules }
}

/// What [`by_module`] makes.
pub(crate) struct Modules<T> {
    /// The items without a gate, which stay in the parent file.
    pub ungated: Vec<T>,
    /// Each module by name: its gate and its items.
    pub modules: BTreeMap<String, (TokenStream, Vec<T>)>,
}

impl<T> Modules<T> {
    /// The declarations of the modules and their re-exports, for the parent file.
    pub(crate) fn declarations(&self) -> TokenStream {
        let decls = self.modules.iter().map(|(name, (gate, _))| {
            let m = syn::Ident::new(name, proc_macro2::Span::call_site());
            quote! {
                #gate
                mod #m;
                #gate
                #[allow(unused_imports)]
                pub use #m::*;
            }
        });
        quote!(#(#decls)*)
    }
}

/// The start of a module file of [`by_module`]: everything its parent names.
pub(crate) fn module_prelude() -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use super::*;
    }
}

/// `items` with `attr` before each of them (before their own attributes), the items as
/// [`super::render::items`] finds them.
pub(crate) fn gated(attr: &TokenStream, items: TokenStream) -> TokenStream {
    if attr.is_empty() || items.is_empty() {
        return items;
    }
    let mut out = TokenStream::new();
    for item in super::render::items(items) {
        out.extend([attr.clone(), item]);
    }
    out
}

/// The lines of the generated crate docs that list the features (`areas`, with how many
/// calls each holds, sub-areas under the area or sub-area they split, nested).
pub(crate) fn doc_lines(areas: &BTreeMap<String, Area>) -> Vec<String> {
    let text = format!(
        "
# Cargo features

Compile only what you call: `full` (the default) turns on every feature; with
`default-features = false, features = [\"users\"]` only the calls of that feature and the
types they reach are compiled. Each call's docs name the feature it needs.

The features come from the docs' paths:

* An area is the first segment of its endpoints' paths, lowercased: `/users/{{id}}/messages`
  is in `users`, `/deviceManagement/...` in `devicemanagement`.
* An area whose calls reach more than {SPLIT_ABOVE} types or that holds more than {SPLIT_CALLS_ABOVE} calls
  is split by the next segment of the path that is not a placeholder, and so is such a
  part of two calls or more, and so on down
  (`/deviceManagement/deviceConfigurations/{{id}}/assignments` is in
  `devicemanagement_deviceconfigurations_assignments`):
  * the calls that share a segment are a part (`/users/{{id}}/managedDevices` is in
    `users_manageddevices`), and so is a segment's one call that reaches more than {OWN_ADDS_AT_MOST}
    types the calls without such a segment do not (`/me/sendMail` is in `me_sendmail`);
  * when more than {SPLIT_CALLS_ABOVE} calls are left without a further segment, the calls of each
    resource's pages are a part
    (`devicemanagement_deviceconfigurations_windows10generalconfiguration`);
  * the other calls are the part `<feature>_own` (`GET /users/{{id}}` is in `users_own`).

  A feature so split turns on its parts, listed under it below.
* Types no endpoint reaches come with `full` only. The `_sharedN` features are internal:
  each gates the types a set of areas reaches, and those areas turn it on.
* A navigation property (`$expand`) whose type no enabled area compiles is no field: what
  the service sends for it stays in `additional_properties`. A value typed by a base of more
  than {HUB_ABOVE} types (Graph's `entity`: a search hit's resource) is one of those the enabled
  areas compile, or the base type with every member kept in `additional_properties`.

The features, with how many calls each holds and how many types they reach:
"
    );
    let mut lines: Vec<String> = text.lines().map(docs::comment_line).collect();
    lines.push(String::new());
    let line = |indent: &str, name: &str, area: &Area| {
        let n = area.calls;
        let s = if n == 1 { "" } else { "s" };
        let t = area.types;
        let ts = if t == 1 { "" } else { "s" };
        let under = docs::code(&area.prefix);
        let mut text = if n == 0 {
            format!("{indent}* `{name}`: under {under}")
        } else {
            format!("{indent}* `{name}`: {n} call{s} under {under}, {t} type{ts}")
        };
        if !area.parts.is_empty() {
            let k = area.parts.len();
            let s = if k == 1 { "" } else { "s" };
            text.push_str(&format!("; turns on its {k} sub-area{s}:"));
        }
        text
    };
    // Each area, then its parts under it, theirs under them, and so on (a part's name is
    // longer than its parent's, so this ends).
    let parts: BTreeSet<&String> = areas.values().flat_map(|a| &a.parts).collect();
    let mut stack: Vec<(String, &String)> = areas
        .keys()
        .filter(|a| !parts.contains(a))
        .rev()
        .map(|a| (" ".to_string(), a))
        .collect();
    while let Some((indent, a)) = stack.pop() {
        let Some(area) = areas.get(a) else {
            continue;
        };
        lines.push(line(&indent, a, area));
        let inner = format!("{indent}  ");
        stack.extend(area.parts.iter().rev().map(|p| (inner.clone(), p)));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_gate_is_a_module_named_by_its_features() {
        let users = quote!(#[cfg(feature = "users")]);
        let two = quote!(#[cfg(any(feature = "me_drive", feature = "search"))]);
        let shared = quote!(#[cfg(feature = "_shared3")]);
        assert_eq!(module_of(&users).as_deref(), Some("area_users"));
        assert_eq!(module_of(&two).as_deref(), Some("area_me_drive_or_search"));
        assert_eq!(module_of(&shared).as_deref(), Some("area_shared3"));
        assert_eq!(module_of(&TokenStream::new()), None);
        // `feature = "a_or_b"` and `any(a, b)` would share a name: the second is numbered.
        let one = quote!(#[cfg(feature = "a_or_b")]);
        let any = quote!(#[cfg(any(feature = "a", feature = "b"))]);
        let laid = by_module([
            (users.clone(), 1),
            (TokenStream::new(), 2),
            (one.clone(), 3),
            (users.clone(), 4),
            (any.clone(), 5),
        ]);
        assert_eq!(laid.ungated, [2]);
        let modules: Vec<(&str, String, &[i32])> = laid
            .modules
            .iter()
            .map(|(name, (gate, items))| (name.as_str(), gate.to_string(), items.as_slice()))
            .collect();
        assert_eq!(
            modules,
            [
                ("area_a_or_b", any.to_string(), &[5][..]),
                ("area_a_or_b_2", one.to_string(), &[3][..]),
                ("area_users", users.to_string(), &[1, 4][..]),
            ]
        );
        let declarations = laid.declarations().to_string();
        assert!(
            declarations.contains("# [cfg (feature = \"users\")] mod area_users ;"),
            "{declarations}"
        );
        assert!(
            declarations.contains("pub use area_a_or_b_2 :: * ;"),
            "{declarations}"
        );
    }

    #[test]
    fn gated_puts_the_attribute_on_every_item() {
        let attr = quote!(#[cfg(feature = "users")]);
        let out = gated(
            &attr,
            quote!(pub struct A; impl A {} pub enum B {} rt::string_enum_impls!(B);),
        );
        let text = out.to_string();
        assert_eq!(
            text.matches("cfg (feature = \"users\")").count(),
            4,
            "{text}"
        );
        // Before the item's own attributes; an expression's braces end no item.
        let out = gated(
            &attr,
            quote!(
                /// Docs.
                #[derive(Debug)]
                pub struct A;
                const C: u8 = if true { 1 } else { 2 };
            ),
        );
        let expected = quote!(
            #[cfg(feature = "users")]
            /// Docs.
            #[derive(Debug)]
            pub struct A;
            #[cfg(feature = "users")]
            const C: u8 = if true { 1 } else { 2 };
        );
        assert_eq!(out.to_string(), expected.to_string());
        assert!(gated(
            &TokenStream::new(),
            quote!(
                struct A;
            )
        )
        .to_string()
        .starts_with("struct"));
    }
}
