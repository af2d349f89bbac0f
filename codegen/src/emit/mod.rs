//! Rust code from a resolved [`Api`]: one code path (`generate`) behind three doors, the
//! proc macros' [`tokens`], build scripts' [`file()`]
//! ([`crate::build_script::write_to_out_dir`]) and the CLI's [`crate_files`] (`docspec
//! generate`). It takes a model and options, never a file or a page.
//!
//! What comes out, per type and endpoint:
//! * entity and complex types -> structs ([`models`]), enum types -> enums with a catch-all
//!   ([`enums`]);
//! * endpoints -> one method each on a generated client type, returning a request builder
//!   ([`requests`], [`builders`]), plus a struct for each request body given as a parameter table.
//!
//! Output is byte-identical for identical input: everything is emitted in model order (which
//! is sorted), names are handed out in that order, and nothing reads the clock or iterates a
//! hash map. Problems with names are diagnostics (`DS0601`, `DS0602`, `DS0701`); the code
//! generated around them stays valid.
//!
//! The generated `lib.rs` deliberately carries no `#![deny(warnings)]`: a lint added by a
//! future compiler would then break the build of every user of the crate. Warning-freedom is
//! checked by docspec's own tests instead, which add the attribute to a copy
//! (`tests/it/emit_compile.rs`, `tests/it/golden_calls_2018.rs`). Likewise a generated crate carries
//! a `rustfmt.toml` that turns rustfmt off: the code is laid out by prettyplease,
//! deterministically and independent of the rustfmt version, and `cargo fmt --check` over a
//! workspace that contains the crate must not fail on it.

mod builders;
mod call_names;
mod cargo;
mod context;
mod contract;
mod docs;
mod enums;
mod features;
mod files;
mod model_crates;
mod models;
pub mod names;
pub(crate) mod paths;
mod render;
mod requests;
mod scc;
mod select;
pub mod slice;
mod supports;
mod view;

pub use files::crate_files;

use crate::diag::{self, Diagnostic};
use crate::model::{Api, TypeKind};
use context::Ctx;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// How the generated crate's `Cargo.toml` depends on `docspec-runtime`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuntimeDep {
    /// `docspec-runtime = { path = "..." }`, the path as written (relative to the crate).
    Path(String),
    /// `docspec-runtime = "..."`.
    Version(String),
}

/// What to generate and how to refer to the runtime.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The generated package's name (`graph-calls`).
    pub crate_name: String,
    /// The Rust path generated code uses for the runtime (`::docspec_runtime`); a macro user
    /// who re-exports the runtime under another name sets it here.
    pub runtime_path: String,
    /// How `Cargo.toml` depends on the runtime.
    pub runtime_dep: RuntimeDep,
    /// Endpoints to emit (page names, call names or request lines); `None` emits everything. Only the
    /// types the selected endpoints reach are emitted with them.
    pub selection: Option<Vec<String>>,
    /// The command named in the do-not-edit header (`docspec generate`). Keep it free of
    /// machine-specific paths so output is the same everywhere.
    pub command: String,
    /// Markdown appended verbatim to the crate docs of `lib.rs`, after the generated summary:
    /// the place for a hand-written introduction and examples (doctests included).
    pub crate_doc: Option<String>,
    /// How the crate was generated, recorded in `[package.metadata.docspec]` of its
    /// `Cargo.toml` so that `docspec generate` can regenerate it without flags. `None` writes
    /// no such table (build scripts and macros regenerate on every build anyway).
    pub provenance: Option<Provenance>,
    /// Cargo features by area ([`crate_files`] only): each area of the API (the first
    /// segment of an endpoint's first path, `users` for `/users/{id}/messages`) is a feature
    /// of the generated crate holding its endpoints' calls and the types they reach; `full`,
    /// the default, turns on all of them. Recorded in `[package.metadata.docspec]`
    /// (`features-by-area = true`). The token stream of [`tokens`] (macros, build scripts) is
    /// never gated.
    pub features_by_area: bool,
    /// How many crates the models of [`crate_files`] are split into (see [`model_crates`]):
    /// `Some(1)` keeps them in the crate's `models` module; more puts them into
    /// `parts/models-K/`, crates named `<crate_name>-models-K` that the crate depends on and
    /// re-exports, so that no one `rustc` holds all of a big API's models and cargo can
    /// build them in parallel. The API is the same either way. `None` (the default) leaves
    /// it to the API's size: one crate for a small API, about one per
    /// [`model_crates::AUTO_TOKENS`] tokens of models for a big one, in layers that cargo
    /// checks in parallel (6 for whole Graph v1.0, 12 for beta). A count is recorded in
    /// `[package.metadata.docspec]` (`model-crates = N`).
    pub model_crates: Option<usize>,
}

/// The inputs of a `docspec generate` run, as `[package.metadata.docspec]` records them. Paths
/// are relative to the generated crate's folder and `/`-separated, so the record is the same
/// on every machine. The runtime is recorded from [`Options::runtime_dep`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The docs folder (`docs`).
    pub docs: String,
    /// The markdown file whose text is [`Options::crate_doc`] (`crate-doc`), if any.
    pub crate_doc: Option<String>,
    /// The API version asked for (`api-version`), if one was.
    pub api_version: Option<String>,
    /// The path prefixes the API was cut to (`paths`, [`slice::by_paths`]); empty for all of
    /// it. The caller cuts the model; this only records it.
    pub paths: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            crate_name: "graph-calls".to_string(),
            runtime_path: "::docspec_runtime".to_string(),
            runtime_dep: RuntimeDep::Version("0.1".to_string()),
            selection: None,
            command: "docspec generate".to_string(),
            crate_doc: None,
            provenance: None,
            features_by_area: false,
            model_crates: None,
        }
    }
}

/// The result of [`tokens`].
#[derive(Clone, Debug)]
pub struct Emitted {
    /// Every item, models first, then the client and its calls, ready to splice into one module.
    pub tokens: TokenStream,
    /// Naming and selection diagnostics, sorted. A selection entry that matches no endpoint
    /// is a `DS0701` with an empty `file` and the entry's 1-based position as its `line`.
    pub diagnostics: Vec<Diagnostic>,
    /// The pages (relative `file`s, as in [`Diagnostic::file`]) the selected endpoints and the
    /// types they reach come from, base types' pages included; `None` when nothing was
    /// selected, so every page counts. See [`Emitted::concerns`].
    pub pages: Option<BTreeSet<String>>,
}

impl Emitted {
    /// Whether `d` is about what was emitted, so a front end should report it: always without
    /// a selection; with one, when it is located in one of [`Emitted::pages`] or in no page
    /// at all (selection and option problems). Problems in pages the selection does not
    /// reach are the business of whoever uses those pages.
    pub fn concerns(&self, d: &Diagnostic) -> bool {
        concerns(self.pages.as_ref(), d)
    }
}

/// The result of [`file()`]: [`Emitted`] with the items laid out as a file's text.
#[derive(Clone, Debug)]
pub struct EmittedFile {
    /// The formatted file, after the do-not-edit header.
    pub text: String,
    /// As in [`Emitted::diagnostics`].
    pub diagnostics: Vec<Diagnostic>,
    /// As in [`Emitted::pages`].
    pub pages: Option<BTreeSet<String>>,
}

impl EmittedFile {
    /// As [`Emitted::concerns`].
    pub fn concerns(&self, d: &Diagnostic) -> bool {
        concerns(self.pages.as_ref(), d)
    }
}

/// The one rule of [`Emitted::concerns`].
fn concerns(pages: Option<&BTreeSet<String>>, d: &Diagnostic) -> bool {
    match pages {
        None => true,
        Some(pages) => d.file.is_empty() || pages.contains(&d.file),
    }
}

/// The result of [`crate_files`].
#[derive(Clone, Debug, Default)]
pub struct GeneratedCrate {
    /// File contents by path relative to the crate root (`Cargo.toml`, `src/lib.rs`, ...).
    pub files: BTreeMap<String, String>,
    /// Naming and selection diagnostics, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// The generated items, split by the module they go to, as the [`Sink`] given to [`generate`]
/// made them: `M` of each model item, `F` of each other item.
struct Parts<M, F> {
    /// The generated client type's name.
    client: String,
    /// The runtime import every module of models starts with (empty for the macro).
    rt_import: TokenStream,
    /// One item per model type (struct or enum, with its `AnyX` enum and impls), in model
    /// order, then one per struct of a request body given as a parameter table: what
    /// the sink made of each.
    models: Vec<M>,
    /// The items of the `requests` module, in order.
    requests: Vec<F>,
    /// By area, the modules of `requests`, by name (see [`features::by_module`]), each with
    /// its items in order.
    request_modules: Vec<(String, Vec<F>)>,
    /// The items of the generated crate's `contract` module (see [`contract`]), in order;
    /// none unless the sink asks for them ([`Sink::CONTRACT`]).
    contract: Vec<F>,
    endpoint_count: usize,
    type_count: usize,
    diagnostics: Vec<Diagnostic>,
    /// See [`Emitted::pages`].
    pages: Option<BTreeSet<String>>,
    /// The areas and their call counts, when the crate has features by area.
    areas: Option<BTreeMap<String, features::Area>>,
}

/// The items of one module holding everything (the macros' expansion, a build script's
/// file), in order, taken out of `parts`: the runtime import (made by `import`) when there are
/// models, the models, then the calls.
fn single_module<T>(parts: &mut Parts<T, T>, import: impl FnOnce(&TokenStream) -> T) -> Vec<T> {
    let mut items = Vec::new();
    if !parts.models.is_empty() && !parts.rt_import.is_empty() {
        items.push(import(&parts.rt_import));
    }
    items.append(&mut parts.models);
    items.append(&mut parts.requests);
    items
}

/// What [`generate`] hands each item to as soon as it is made, and keeps what it returns (in
/// [`Parts`]): a big API's items then need not all be held as tokens before they are laid
/// out (whole Graph v1.0's took about 100 MB, beta's by area about 280 MB).
trait Sink {
    /// What is kept of a model item.
    type Model;
    /// What is kept of any other top-level item (or items) of a file.
    type Item;
    /// Whether the `contract` module is made: a crate has one, the macro's output not.
    const CONTRACT: bool;
    /// Takes a model item, with its gate, as soon as it is made.
    fn model(&mut self, item: model_crates::Item) -> Self::Model;
    /// Takes top-level items of the `requests` or `contract` module (or one of their module
    /// files by area), in the order they are made, which need not be the file's.
    fn item(&mut self, tokens: TokenStream) -> Self::Item;
}

/// Keeps the tokens, for [`tokens`] (the macro's output is one token stream).
struct KeepTokens;

impl Sink for KeepTokens {
    type Model = TokenStream;
    type Item = TokenStream;
    const CONTRACT: bool = false;
    fn model(&mut self, item: model_crates::Item) -> TokenStream {
        item.tokens
    }
    fn item(&mut self, tokens: TokenStream) -> TokenStream {
        tokens
    }
}

/// Hands each item to the renderer to format at once, for [`file()`].
struct Fragments<'a, 'r, 's>(&'a mut render::Renderer<'r, 's>);

impl Sink for Fragments<'_, '_, '_> {
    type Model = render::Fragment;
    type Item = render::Fragment;
    const CONTRACT: bool = false;
    fn model(&mut self, item: model_crates::Item) -> render::Fragment {
        self.0.fragment(&item.tokens)
    }
    fn item(&mut self, tokens: TokenStream) -> render::Fragment {
        self.0.fragment(&tokens)
    }
}

/// The items of [`tokens`] as one formatted file, after the do-not-edit header naming the
/// options' command: the text [`render_file`] makes of [`tokens`]' stream, but each item is
/// formatted (on all cores) as soon as it is made, so a big API is never held whole as
/// tokens. What a build script writes for `include!`.
pub fn file(api: &Api, opts: &Options) -> EmittedFile {
    let (parts, mut text) = render::session(&opts.command, render::CHUNK, |renderer| {
        let mut sink = Fragments(renderer);
        let mut parts = generate(api, opts, TokenStream::new(), false, false, &mut sink);
        let Fragments(renderer) = sink;
        let items = single_module(&mut parts, |import| renderer.fragment(import));
        renderer.file(items);
        parts
    });
    EmittedFile {
        text: text.pop().unwrap_or_default(),
        diagnostics: parts.diagnostics,
        pages: parts.pages,
    }
}

/// Every item for `api` as one token stream, for a single module: the proc macros'
/// expansion ([`file()`] lays the same items out as a file).
pub fn tokens(api: &Api, opts: &Options) -> Emitted {
    let mut parts = generate(api, opts, TokenStream::new(), false, false, &mut KeepTokens);
    Emitted {
        tokens: single_module(&mut parts, Clone::clone)
            .into_iter()
            .collect(),
        diagnostics: parts.diagnostics,
        pages: parts.pages,
    }
}

/// `rt_alias`: each generated module imports the runtime as `rt` (`use ::docspec_runtime as
/// rt;`) and names it so; a crate's own files do, while the macro's output, which shares a
/// module with the user's items, spells the whole path. `by_area`: gate the items by area
/// ([`Options::features_by_area`], see [`features`]). `sink` gets each item as soon as it is
/// made.
fn generate<S: Sink>(
    api: &Api,
    opts: &Options,
    model_prefix: TokenStream,
    rt_alias: bool,
    by_area: bool,
    sink: &mut S,
) -> Parts<S::Model, S::Item> {
    let split = view::split(api);
    let api = split.api.as_ref();
    let mut ctx = Ctx::new(api, opts);
    ctx.path_origin = split.origin;
    ctx.overload_of = split.overload_of;
    if rt_alias {
        let full = std::mem::replace(&mut ctx.rt, quote!(rt));
        ctx.rt_import = quote!(use #full as rt;);
    }
    let mut rt_import = ctx.rt_import.clone();
    let (client, names) = requests::name_endpoints(&mut ctx);
    let selection = select::select(&mut ctx, &names, opts.selection.as_deref());
    ctx.buildable = selection.buildable.clone();
    let gates = by_area.then(|| features::Gates::new(&ctx, &selection.endpoints, &selection.types));
    if let Some(g) = &gates {
        ctx.field_gates = g.field_gates(&ctx, &selection.types);
        ctx.variant_gates = g.variant_gates(&ctx, &selection.types);
        ctx.type_feature_docs = g.type_docs();
    }
    if gates.is_some() && !rt_import.is_empty() {
        // A module may hold no item of the features chosen.
        rt_import = quote!(#[allow(unused_imports)] #rt_import);
    }
    let type_gate = |i: usize| gates.as_ref().map(|g| g.type_attr(i)).unwrap_or_default();
    let endpoint_gate = |i: usize| {
        gates
            .as_ref()
            .map(|g| g.endpoint_attr(i))
            .unwrap_or_default()
    };
    let mut models = Vec::new();
    for &i in &selection.types {
        let Some(t) = api.types.get(i) else {
            continue;
        };
        let tokens = match t.kind {
            TypeKind::Enum => enums::enum_item(&mut ctx, i, t),
            TypeKind::Entity | TypeKind::Complex => {
                let mut item = models::type_struct(&mut ctx, i, t);
                if selection.polymorphic.contains(&i) {
                    item.extend([models::polymorphic::any_enum(&ctx, i)]);
                }
                item
            }
        };
        let gate = type_gate(i);
        let item = model_crates::Item {
            tokens: features::gated(&gate, tokens),
            gate,
            names_types: t.kind != TypeKind::Enum,
        };
        models.push(sink.model(item));
    }
    for &i in &selection.endpoints {
        if let (Some(e), Some(Some(body))) = (
            api.endpoints.get(i),
            names.get(i).map(|n| n.body_struct.as_ref()),
        ) {
            let item = requests::body_struct(&mut ctx, e, body);
            let gate = endpoint_gate(i);
            let item = model_crates::Item {
                tokens: features::gated(&gate, item),
                gate,
                names_types: true,
            };
            models.push(sink.model(item));
        }
    }
    ctx.model_prefix = model_prefix;
    // Each call with its gate: its method (and path enum), and its marker.
    let mut calls = Vec::new();
    for &i in &selection.endpoints {
        if let (Some(e), Some(n)) = (api.endpoints.get(i), names.get(i)) {
            let feature_doc = gates.as_ref().and_then(|g| g.feature_doc(i));
            // The call this one overloads, linked where it is there whenever this one is:
            // selected, and in the same area.
            let area = |k: usize| gates.as_ref().and_then(|g| g.endpoints.get(&k));
            let there = |k: usize| selection.endpoints.contains(&k) && area(k) == area(i);
            let overloaded = view::overloaded(&ctx, i, &names, there);
            if let Some(emitted) = builders::call(&mut ctx, &client, e, n, feature_doc, overloaded)
            {
                let gate = endpoint_gate(i);
                let call = sink.item(features::gated(&gate, emitted.call));
                let marker = features::gated(&gate, emitted.marker);
                calls.push((gate, (call, marker)));
            }
        }
    }
    let mut functions = Vec::new();
    let mut request_modules = Vec::new();
    if !calls.is_empty() {
        // By area, each gate's calls are a module of their own, in a file of its own (see
        // `features::module_of`), with their markers in its `ops`, which `ops` re-exports.
        let mut laid = features::by_module(calls);
        let (methods, mut markers): (Vec<_>, Vec<_>) =
            std::mem::take(&mut laid.ungated).into_iter().unzip();
        functions.push(sink.item(quote!(#rt_import)));
        functions.push(sink.item(builders::client_type(&ctx, &client)));
        functions.extend(methods);
        functions.push(sink.item(laid.declarations()));
        for (name, (gate, items)) in laid.modules {
            let m = syn::Ident::new(&name, proc_macro2::Span::call_site());
            markers.push(quote!(#gate #[allow(unused_imports)] pub use super::#m::ops::*;));
            let (module_methods, module_markers): (Vec<_>, Vec<_>) = items.into_iter().unzip();
            let mut module = vec![sink.item(features::module_prelude())];
            module.extend(module_methods);
            module.push(sink.item(quote! {
                /// The markers of this module's calls, re-exported by `ops`.
                pub mod ops {
                    #rt_import
                    #(#module_markers)*
                }
            }));
            request_modules.push((name, module));
        }
        functions.push(sink.item(quote! {
            /// One marker type per operation, the `Op` of the `Call` its method returns: it
            /// carries the page's permissions and grants the options the page documents.
            pub mod ops {
                #rt_import
                #(#markers)*
            }
        }));
    }
    let contract = if S::CONTRACT {
        contract::module(
            &ctx,
            &client,
            &selection.endpoints,
            &names,
            gates.as_ref(),
            &mut |tokens| sink.item(tokens),
        )
    } else {
        Vec::new()
    };
    let mut diagnostics = std::mem::take(&mut ctx.diags);
    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    Parts {
        client,
        rt_import,
        models,
        requests: functions,
        request_modules,
        contract,
        endpoint_count: selection.endpoints.len(),
        type_count: selection.types.len(),
        diagnostics,
        pages: selection.pages,
        areas: gates.map(|g| g.areas),
    }
}

/// The first line of every generated file; `docspec generate` only deletes `.rs` files that
/// start with it.
pub fn header(command: &str) -> String {
    format!("// @generated by {command}; do not edit.\n")
}

/// `tokens` formatted with prettyplease, after the do-not-edit header naming `command`.
/// Tokens that do not parse as a file (a bug in the emitter) are written unformatted, so the
/// compiler points at the problem. A big file is formatted in parallel (see [`render`]).
pub fn render_file(tokens: &TokenStream, command: &str) -> String {
    render::render_files(vec![tokens], command)
        .pop()
        .unwrap_or_default()
}
