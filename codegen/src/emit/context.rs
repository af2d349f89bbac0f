//! What every emitter needs to know about the whole [`Api`]: the Rust name of each type, how a
//! [`TypeRef`] is spelled in Rust, which fields must be boxed, and the diagnostics so far.
//!
//! Names are given to every type and endpoint of the API, not only to the selected ones, so a
//! type is called the same whichever endpoints a macro user picks.

use super::names::{self, Case, Scope};
use super::scc;
use super::Options;
use crate::diag::{codes, Diagnostic};
use crate::model::{Api, Primitive, Property, Source, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Shared state of one generation run.
pub(crate) struct Ctx<'a> {
    pub api: &'a Api,
    /// The runtime crate's path as tokens (`::docspec_runtime`).
    pub rt: TokenStream,
    /// `use <runtime path> as rt;` when `rt` is that alias, else empty: the first item of
    /// every generated module.
    pub rt_import: TokenStream,
    /// The Rust name of `api.types[i]`.
    pub type_names: Vec<String>,
    /// Put before model type names: empty where the models are in scope, `crate::models::`
    /// in the requests module of a generated crate.
    pub model_prefix: TokenStream,
    /// Types whose names have been handed out; endpoint body structs are added here.
    pub type_scope: Scope,
    exact: BTreeMap<&'a str, usize>,
    folded: BTreeMap<String, usize>,
    /// `(type index, wire name)` of fields that close a cycle of by-value fields.
    boxed: BTreeSet<(usize, String)>,
    pub diags: Vec<Diagnostic>,
    /// `path_origin[i][k]`: the page's own index of path `k` of endpoint `i` (they differ
    /// where paths were split off, see [`super::view`]).
    pub path_origin: Vec<Vec<usize>>,
    /// `overload_of[i]`: the endpoint whose call endpoint `i`'s overloads, and the parameters
    /// it adds ([`super::view::Split::overload_of`]).
    pub overload_of: Vec<Option<(usize, Vec<String>)>>,
    /// The types that get setters ([`super::select::Selection::buildable`]).
    pub buildable: BTreeSet<usize>,
    /// `derived[b]`: every struct type that inherits from struct type `b`, directly or not, in
    /// model order; only bases with derived types are keys.
    pub derived: BTreeMap<usize, Vec<usize>>,
    /// The Rust name of the enum that holds a value of base type `b` or of one of its derived
    /// types (`AnyAttachment`), for every key of `derived`; a value of type `b` is that enum
    /// wherever it occurs (see [`super::models::polymorphic`]).
    pub any_names: BTreeMap<usize, String>,
    /// The types a selection emits, when it left some out (`None`: every type is emitted).
    /// A navigation property whose type is left out is no field (see [`Ctx::fields`]).
    pub selected: Option<BTreeSet<usize>>,
    /// The `#[cfg]` of a field compiled under a narrower gate than its struct, by `(type
    /// index, wire name)`: a navigation property whose type is gated apart from its owner's
    /// ([`super::features::Gates::field_gates`]).
    pub field_gates: BTreeMap<(usize, String), TokenStream>,
    /// The `#[cfg]` of a variant of a hub's enum, by `(base, derived)` index: a derived type
    /// of a hub ([`Ctx::is_hub`]) is gated by its own areas, not by the hub's
    /// ([`super::features::Gates::variant_gates`]).
    pub variant_gates: BTreeMap<(usize, usize), TokenStream>,
    /// By area, the paragraph of a gated type's docs that names the features it comes with
    /// ([`super::features::Gates::type_docs`]).
    pub type_feature_docs: BTreeMap<usize, String>,
}

impl<'a> Ctx<'a> {
    pub fn new(api: &'a Api, opts: &Options) -> Self {
        let mut diags = Vec::new();
        let rt = match syn::parse_str::<syn::Path>(&opts.runtime_path) {
            Ok(path) => quote!(#path),
            Err(_) => {
                diags.push(Diagnostic::new(
                    codes::BAD_OPTION_NAME,
                    "",
                    1,
                    1,
                    format!(
                        "runtime path `{}` is not a Rust path; using `::docspec_runtime`",
                        opts.runtime_path
                    ),
                ));
                quote!(::docspec_runtime)
            }
        };
        let mut exact = BTreeMap::new();
        let mut folded = BTreeMap::new();
        for (i, t) in api.types.iter().enumerate() {
            exact.entry(t.name.as_str()).or_insert(i);
            folded.entry(t.name.to_ascii_lowercase()).or_insert(i);
        }
        let mut type_scope = Scope::with_reserved(names::RESERVED_TYPES, "Type");
        let mut type_names = Vec::with_capacity(api.types.len());
        for (i, t) in api.types.iter().enumerate() {
            let name = claim_named(
                &mut type_scope,
                &mut diags,
                &t.name,
                Case::Camel,
                "Type",
                i + 1,
                &t.source,
                "type",
            );
            type_names.push(name);
        }
        let derived = derived_types(api, &exact, &folded);
        let mut any_names = BTreeMap::new();
        for &b in derived.keys() {
            let (Some(t), Some(name)) = (api.types.get(b), type_names.get(b)) else {
                continue;
            };
            let name = claim_named(
                &mut type_scope,
                &mut diags,
                &format!("Any{name}"),
                Case::Camel,
                "Type",
                b + 1,
                &t.source,
                "polymorphic type",
            );
            any_names.insert(b, name);
        }
        let mut ctx = Ctx {
            api,
            rt,
            rt_import: TokenStream::new(),
            type_names,
            model_prefix: TokenStream::new(),
            type_scope,
            exact,
            folded,
            boxed: BTreeSet::new(),
            diags,
            buildable: BTreeSet::new(),
            path_origin: Vec::new(),
            overload_of: Vec::new(),
            derived,
            any_names,
            selected: None,
            field_gates: BTreeMap::new(),
            variant_gates: BTreeMap::new(),
            type_feature_docs: BTreeMap::new(),
        };
        ctx.boxed = ctx.cycle_edges();
        ctx
    }

    /// The index of the type `r` names: an exact match first, else case-insensitively.
    pub fn lookup(&self, r: &TypeRef) -> Option<usize> {
        if r.primitive().is_some() {
            return None;
        }
        self.exact
            .get(r.name.as_str())
            .or_else(|| self.folded.get(&r.name.to_ascii_lowercase()))
            .copied()
    }

    /// `true` when the type at `i` becomes a struct.
    pub fn is_struct(&self, i: usize) -> bool {
        self.api
            .types
            .get(i)
            .is_some_and(|t| t.kind != TypeKind::Enum)
    }

    /// Every property of type `i`, inherited ones first (flattened, see [`super::models`]).
    /// A property redefined lower down keeps its first position and takes the lower definition.
    pub fn all_properties(&self, i: usize) -> Vec<&'a Property> {
        let mut chain = Vec::new();
        let mut seen = BTreeSet::new();
        let mut at = Some(i);
        while let Some(idx) = at {
            if !seen.insert(idx) {
                break; // cyclic inheritance was reported by the resolver (DS0505)
            }
            let Some(t) = self.api.types.get(idx) else {
                break;
            };
            chain.push(t);
            at = t
                .base_type
                .as_ref()
                .and_then(|b| self.lookup(&TypeRef::single(b.clone())))
                .filter(|&b| self.is_struct(b));
        }
        let mut out: Vec<&'a Property> = Vec::new();
        let mut position: BTreeMap<&str, usize> = BTreeMap::new();
        for t in chain.iter().rev() {
            for p in &t.properties {
                match position.get(p.name.as_str()) {
                    Some(&at) => out[at] = p,
                    None => {
                        position.insert(p.name.as_str(), out.len());
                        out.push(p);
                    }
                }
            }
        }
        out
    }

    /// The properties of type `i` that are fields of its struct: [`Self::all_properties`]
    /// but the navigation properties whose type the selection left out
    /// ([`super::select`]'s rule); their members stay in `additional_properties`.
    pub fn fields(&self, i: usize) -> Vec<&'a Property> {
        let mut all = self.all_properties(i);
        all.retain(|p| !self.left_out(p));
        all
    }

    /// The `#[cfg]` of field `wire` of type `owner` ([`Ctx::field_gates`]), empty for most.
    pub fn field_gate(&self, owner: usize, wire: &str) -> TokenStream {
        self.field_gates
            .get(&(owner, wire.to_string()))
            .cloned()
            .unwrap_or_default()
    }

    /// `true` for a hub: a base type with more than [`HUB_ABOVE`] derived types. Reaching it
    /// does not reach them (see [`super::select::reach`]); its enum holds those emitted anyway.
    pub fn is_hub(&self, base: usize) -> bool {
        self.derived.get(&base).is_some_and(|d| d.len() > HUB_ABOVE)
    }

    /// `true` when type `i` is emitted: every type is, unless a selection left it out.
    pub fn emits(&self, i: usize) -> bool {
        self.selected.as_ref().is_none_or(|s| s.contains(&i))
    }

    /// The `#[cfg]` of the variant of derived type `d` in base `base`'s enum
    /// ([`Ctx::variant_gates`]), empty for most.
    pub fn variant_gate(&self, base: usize, d: usize) -> TokenStream {
        self.variant_gates
            .get(&(base, d))
            .cloned()
            .unwrap_or_default()
    }

    /// `true` for a navigation property whose type the selection left out.
    pub fn left_out(&self, p: &Property) -> bool {
        p.navigation
            && self
                .selected
                .as_ref()
                .zip(self.lookup(&p.ty))
                .is_some_and(|(selected, t)| !selected.contains(&t))
    }

    /// The Rust type of a value of `r` (without `Option`), boxed when `boxed`.
    pub fn rust_type(&self, r: &TypeRef, boxed: bool) -> TokenStream {
        self.shape(r, boxed).ty()
    }

    /// What a value of `r` is made of (boxed when `boxed`): its element type and whether it is
    /// a collection or a box around it.
    pub fn shape(&self, r: &TypeRef, boxed: bool) -> Shape {
        let item = self.item_type(r);
        if r.collection {
            Shape::Collection(item)
        } else if boxed {
            Shape::Boxed(item)
        } else {
            Shape::Plain(item)
        }
    }

    /// The Rust type of one element of `r`.
    pub fn item_type(&self, r: &TypeRef) -> TokenStream {
        let rt = &self.rt;
        if let Some(p) = r.primitive() {
            return match p {
                Primitive::String => quote!(String),
                Primitive::Boolean => quote!(bool),
                Primitive::Byte => quote!(u8),
                Primitive::SByte => quote!(i8),
                Primitive::Int16 => quote!(i16),
                Primitive::Int32 => quote!(i32),
                Primitive::Int64 => quote!(i64),
                Primitive::Single => quote!(f32),
                Primitive::Double | Primitive::Decimal => quote!(f64),
                Primitive::DateTimeOffset => quote!(#rt::types::DateTimeOffset),
                Primitive::Date => quote!(#rt::types::Date),
                Primitive::TimeOfDay => quote!(#rt::types::TimeOfDay),
                Primitive::Duration => quote!(#rt::types::IsoDuration),
                Primitive::Guid => quote!(#rt::types::Uuid),
                Primitive::Binary => quote!(#rt::types::Base64Bytes),
                Primitive::Stream | Primitive::Json => quote!(#rt::serde_json::Value),
            };
        }
        match self.lookup(r).and_then(|i| self.value_type_name(i)) {
            Some(name) => {
                let id = names::ident(name);
                let prefix = &self.model_prefix;
                quote!(#prefix #id)
            }
            // Unresolved: the resolver already reported it (DS0502); any JSON still fits.
            None => quote!(#rt::serde_json::Value),
        }
    }

    /// The Rust name a value of type `i` has: the type's own, or its polymorphic enum's when it
    /// has derived types.
    pub fn value_type_name(&self, i: usize) -> Option<&String> {
        self.any_names.get(&i).or_else(|| self.type_names.get(i))
    }

    /// `true` when the field `wire` of type `owner` must be boxed to keep the type finite.
    pub fn is_boxed(&self, owner: usize, wire: &str) -> bool {
        self.boxed.contains(&(owner, wire.to_string()))
    }

    /// Fields to box: by-value fields (not collections, which already live on the heap) whose
    /// target type is in the same strongly connected component as their owner. Boxing every
    /// such edge is more than strictly needed but never depends on visiting order.
    fn cycle_edges(&self) -> BTreeSet<(usize, String)> {
        let n = self.api.types.len();
        let mut edges: Vec<Vec<(usize, &str)>> = vec![Vec::new(); n];
        for (i, out) in edges.iter_mut().enumerate() {
            if !self.is_struct(i) {
                continue;
            }
            for p in self.all_properties(i) {
                if p.ty.collection {
                    continue;
                }
                if let Some(j) = self.lookup(&p.ty).filter(|&j| self.is_struct(j)) {
                    out.push((j, p.name.as_str()));
                    // The enum holds each derived type by value too.
                    for &d in self.derived.get(&j).into_iter().flatten() {
                        out.push((d, p.name.as_str()));
                    }
                }
            }
        }
        let targets: Vec<Vec<usize>> = edges
            .iter()
            .map(|out| out.iter().map(|&(j, _)| j).collect())
            .collect();
        let component = scc::component_of(&targets);
        let mut boxed = BTreeSet::new();
        for (i, out) in edges.iter().enumerate() {
            for &(j, wire) in out {
                if component[i] == component[j] {
                    boxed.insert((i, wire.to_string()));
                }
            }
        }
        boxed
    }
}

/// A base type with more derived types than this is a hub. Graph has one, `entity`, the base
/// of every entity type (hundreds of them, in v1.0 and beta alike); the next largest base has
/// 18. A value typed by the hub (`searchHit.resource`) may be any entity of Graph: making all
/// of them come with whatever reaches the hub made one search call compile 386 of v1.0's
/// types.
pub(crate) const HUB_ABOVE: usize = 64;

/// Every struct type's derived struct types (see [`Ctx::derived`]), found by walking each
/// type's chain of base types.
fn derived_types(
    api: &Api,
    exact: &BTreeMap<&str, usize>,
    folded: &BTreeMap<String, usize>,
) -> BTreeMap<usize, Vec<usize>> {
    let is_struct = |i: usize| api.types.get(i).is_some_and(|t| t.kind != TypeKind::Enum);
    let base_of = |i: usize| {
        let b = api.types.get(i)?.base_type.as_deref()?;
        exact
            .get(b)
            .or_else(|| folded.get(&b.to_ascii_lowercase()))
            .copied()
            .filter(|&b| is_struct(b))
    };
    let mut derived: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in (0..api.types.len()).filter(|&i| is_struct(i)) {
        let mut seen = BTreeSet::from([i]);
        let mut at = base_of(i);
        // A cycle of base types was reported by the resolver (DS0505); it ends the walk.
        while let Some(b) = at.filter(|&b| seen.insert(b)) {
            derived.entry(b).or_default().push(i);
            at = base_of(b);
        }
    }
    derived
}

/// Claims a name for something from the docs, reporting `DS0601` and `DS0602` at `source`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn claim_named(
    scope: &mut Scope,
    diags: &mut Vec<Diagnostic>,
    raw: &str,
    case: Case,
    base: &str,
    position: usize,
    source: &Source,
    what: &str,
) -> String {
    let converted = names::convert(raw, case, base, position);
    if let Some(why) = &converted.replaced {
        diags.push(Diagnostic::at(
            codes::BAD_NAME,
            source,
            format!("{what} name {why}"),
        ));
    }
    let claimed = scope.claim(&converted.text, case);
    if let Some(other) = &claimed.collided_with {
        diags.push(Diagnostic::at(
            codes::NAME_COLLISION,
            source,
            if *other == raw {
                format!(
                    "{what} name `{raw}` is already taken; it is named `{}`",
                    claimed.text
                )
            } else {
                format!(
                    "{what} `{raw}` would be named `{other}`, which is taken; it is named `{}`",
                    claimed.text
                )
            },
        ));
    }
    claimed.text
}

/// A field's type as the emitter built it: the element type, and what wraps it.
#[derive(Clone, Debug)]
pub(crate) enum Shape {
    /// The type itself.
    Plain(TokenStream),
    /// `Box<item>` (a type that would otherwise contain itself).
    Boxed(TokenStream),
    /// `Vec<item>`.
    Collection(TokenStream),
}

impl Shape {
    /// The whole type.
    pub(crate) fn ty(&self) -> TokenStream {
        match self {
            Shape::Plain(item) => item.clone(),
            Shape::Boxed(item) => quote!(Box<#item>),
            Shape::Collection(item) => quote!(Vec<#item>),
        }
    }
}
