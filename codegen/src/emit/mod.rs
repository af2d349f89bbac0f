//! Rust code from a resolved [`Api`]: one entry point, [`tokens`], shared by the CLI
//! (`docspec generate`, through [`crate_files`]), build scripts
//! ([`crate::build_script::write_to_out_dir`]) and the proc macros. It takes a model and
//! options, never a file or a page.
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
        match &self.pages {
            None => true,
            Some(pages) => d.file.is_empty() || pages.contains(&d.file),
        }
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

/// The generated items, split by the module they go to.
struct Parts {
    /// The generated client type's name.
    client: String,
    /// The runtime import every module of models starts with (empty for the macro).
    rt_import: TokenStream,
    /// One item per model type (struct or enum, with its `AnyX` enum and impls), in model
    /// order, then one per struct of a request body given as a parameter table.
    models: Vec<model_crates::Item>,
    requests: TokenStream,
    /// By area, the modules of `requests`, by name (see [`features::by_module`]).
    request_modules: Vec<(String, TokenStream)>,
    /// The generated crate's `contract` module (see [`contract`]).
    contract: TokenStream,
    endpoint_count: usize,
    type_count: usize,
    diagnostics: Vec<Diagnostic>,
    /// See [`Emitted::pages`].
    pages: Option<BTreeSet<String>>,
    /// The areas and their call counts, when the crate has features by area.
    areas: Option<BTreeMap<String, features::Area>>,
}

/// `models` as one module, after the runtime import; empty when there are none.
fn models_module(rt_import: &TokenStream, models: Vec<model_crates::Item>) -> TokenStream {
    if models.is_empty() {
        return TokenStream::new();
    }
    let mut module = rt_import.clone();
    module.extend(models.into_iter().map(|t| t.tokens));
    module
}

/// Every item for `api` as one token stream, for a single module (macro expansion, or an
/// `include!`d file). The one code path every front end shares.
pub fn tokens(api: &Api, opts: &Options) -> Emitted {
    let parts = generate(api, opts, TokenStream::new(), false, false, &mut |_| {});
    let mut tokens = models_module(&parts.rt_import, parts.models);
    tokens.extend([parts.requests]);
    Emitted {
        tokens,
        diagnostics: parts.diagnostics,
        pages: parts.pages,
    }
}

/// `rt_alias`: each generated module imports the runtime as `rt` (`use ::docspec_runtime as
/// rt;`) and names it so; a crate's own files do, while the macro's output, which shares a
/// module with the user's items, spells the whole path. `by_area`: gate the items by area
/// ([`Options::features_by_area`], see [`features`]). `on_model` gets each model item as
/// soon as it is made.
fn generate(
    api: &Api,
    opts: &Options,
    model_prefix: TokenStream,
    rt_alias: bool,
    by_area: bool,
    on_model: &mut dyn FnMut(&model_crates::Item),
) -> Parts {
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
        on_model(&item);
        models.push(item);
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
            on_model(&item);
            models.push(item);
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
                let call = features::gated(&gate, emitted.call);
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
        let (mut methods, mut markers): (Vec<_>, Vec<_>) =
            std::mem::take(&mut laid.ungated).into_iter().unzip();
        functions.push(quote!(#rt_import));
        functions.push(builders::client_type(&ctx, &client));
        functions.append(&mut methods);
        functions.push(laid.declarations());
        for (name, (gate, items)) in &laid.modules {
            let m = syn::Ident::new(name, proc_macro2::Span::call_site());
            markers.push(quote!(#gate #[allow(unused_imports)] pub use super::#m::ops::*;));
            let (module_methods, module_markers): (Vec<_>, Vec<_>) = items.iter().cloned().unzip();
            let prelude = features::module_prelude();
            request_modules.push((
                name.clone(),
                quote! {
                    #prelude
                    #(#module_methods)*
                    /// The markers of this module's calls, re-exported by `ops`.
                    pub mod ops {
                        #rt_import
                        #(#module_markers)*
                    }
                },
            ));
        }
        functions.push(quote! {
            /// One marker type per operation, the `Op` of the `Call` its method returns: it
            /// carries the page's permissions and grants the options the page documents.
            pub mod ops {
                #rt_import
                #(#markers)*
            }
        });
    }
    let contract = contract::module(&ctx, &client, &selection.endpoints, &names, gates.as_ref());
    let mut diagnostics = std::mem::take(&mut ctx.diags);
    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    Parts {
        client,
        rt_import,
        models,
        requests: functions.into_iter().collect(),
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

/// The generated crate's `rustfmt.toml` (see the module docs for why formatting is off).
fn rustfmt_toml(command: &str) -> String {
    format!(
        "# @generated by {command}; do not edit.\n\
         # The Rust files here are laid out by prettyplease, deterministically and whatever the\n\
         # rustfmt version, and `docspec check` compares them byte for byte: rustfmt must leave\n\
         # them alone, or `cargo fmt` and `docspec check` would fight over them.\n\
         disable_all_formatting = true\n"
    )
}

/// `markdown` as crate doc lines (`//! line`), kept verbatim apart from line endings; blank
/// lines at either end are dropped so the spacing after the generated summary is fixed.
fn appended_doc_lines(markdown: &str) -> Vec<String> {
    let lines: Vec<&str> = markdown.lines().collect();
    let start = lines.iter().position(|l| !l.trim().is_empty());
    let end = lines.iter().rposition(|l| !l.trim().is_empty());
    let (Some(start), Some(end)) = (start, end) else {
        return Vec::new();
    };
    lines
        .get(start..=end)
        .unwrap_or_default()
        .iter()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect()
}

/// `#[cfg(feature = "_modelsK")]` for what names model crate number `k` when it is an
/// optional dependency (see [`cargo::models_feature`]), else nothing.
fn models_gate(optional: bool, k: usize) -> Option<TokenStream> {
    let feature = cargo::models_feature(k);
    optional.then(|| quote!(#[cfg(feature = #feature)]))
}

/// The Rust name of package `name` (`graph-beta-models-1` -> `graph_beta_models_1`).
fn crate_ident(name: &str) -> syn::Ident {
    quote::format_ident!("{}", name.replace('-', "_"))
}

/// The start of `src/lib.rs` of model crate number `k` (from 1) of `n`, which names the
/// crates numbered `deps` (each with whether it is an optional dependency): the runtime
/// import `rt_import` and a glob import of each of `deps`; its items follow.
fn model_crate_lib(
    rt_import: &TokenStream,
    deps: &[(usize, bool)],
    k: usize,
    n: usize,
    opts: &Options,
) -> TokenStream {
    let doc = [
        format!(
            " Models {k} of {n} of `{}`, generated by docspec; use them through that crate,",
            cargo::package_name(opts)
        ),
        " which re-exports all of them (see `docspec generate --model-crates`).".to_string(),
    ];
    // An item's gate may leave a crate it names unused under some features.
    let uses = deps.iter().map(|&(d, optional)| {
        let krate = crate_ident(&cargo::model_crate_name(opts, d));
        let gate = models_gate(optional, d);
        quote!(#gate #[allow(unused_imports)] use #krate::*;)
    });
    quote! {
        #(#![doc = #doc])*
        #rt_import
        #(#uses)*
    }
}

/// The models' files (see [`crate_files`]): one module, or the libraries of the model
/// crates, made of `items`, the model items already handed to `renderer` one by one, each
/// with its gate. By area, each gate's items go to a module file of their own
/// (`src/models/area_users.rs`, `parts/models-1/src/area_users.rs`; see
/// [`features::module_of`]).
fn model_files(
    renderer: &mut render::Renderer<'_, '_>,
    paths: &mut Vec<String>,
    parts: &mut Parts,
    items: Vec<(TokenStream, render::Fragment)>,
    opts: &Options,
) -> Option<Vec<model_crates::ModelCrate>> {
    let models = std::mem::take(&mut parts.models);
    let crates = model_crates::split(&models, opts.model_crates);
    drop(models);
    // One file (`path`, in folder `dir`): `prefix`, then `items`, by module when by area.
    let mut file = |renderer: &mut render::Renderer<'_, '_>,
                    path: String,
                    dir: &str,
                    prefix: &TokenStream,
                    items: Vec<(TokenStream, render::Fragment)>| {
        let prefix = renderer.fragment(prefix);
        if !opts.features_by_area {
            paths.push(path);
            renderer.file(std::iter::once(prefix).chain(items.into_iter().map(|(_, f)| f)));
            return;
        }
        let mut laid = features::by_module(items);
        let declarations = renderer.fragment(&laid.declarations());
        paths.push(path);
        let ungated = std::mem::take(&mut laid.ungated);
        renderer.file(
            std::iter::once(prefix)
                .chain(ungated)
                .chain(std::iter::once(declarations)),
        );
        for (name, (_, fragments)) in laid.modules {
            let prelude = renderer.fragment(&features::module_prelude());
            paths.push(format!("{dir}/{name}.rs"));
            renderer.file(std::iter::once(prelude).chain(fragments));
        }
    };
    if crates.len() <= 1 {
        if items.is_empty() {
            paths.push("src/models.rs".to_string());
            renderer.submit(TokenStream::new());
        } else {
            file(
                renderer,
                "src/models.rs".to_string(),
                "src/models",
                &parts.rt_import,
                items,
            );
        }
        return None;
    }
    let mut items: Vec<Option<(TokenStream, render::Fragment)>> =
        items.into_iter().map(Some).collect();
    for (k, c) in crates.iter().enumerate() {
        // Numbered from 1; by area, with whether the crate is an optional dependency.
        let deps: Vec<(usize, bool)> = c
            .deps
            .iter()
            .map(|&d| {
                let optional = crates
                    .get(d)
                    .is_some_and(model_crates::ModelCrate::optional);
                (d + 1, optional)
            })
            .collect();
        let lib = model_crate_lib(&parts.rt_import, &deps, k + 1, crates.len(), opts);
        let mine: Vec<(TokenStream, render::Fragment)> = c
            .items
            .iter()
            .filter_map(|&i| items.get_mut(i)?.take())
            .collect();
        let dir = format!("parts/{}/src", cargo::model_crate_dir(k + 1));
        file(renderer, format!("{dir}/lib.rs"), &dir, &lib, mine);
    }
    Some(crates)
}

/// A complete crate for `api`: `Cargo.toml`, `rustfmt.toml`, `src/lib.rs`, `src/models.rs`,
/// `src/requests.rs`, and `src/contract.rs` (compiled only with the crate's `contract`
/// feature, for docspec's contract tests). `lib.rs` re-exports both modules, so users write
/// `graph_calls::Graph` and `graph_calls::Participant`.
pub fn crate_files(api: &Api, opts: &Options) -> GeneratedCrate {
    // The files are formatted on rayon workers as they are made (see `render`): each model
    // item as soon as it is made (which file it goes to is known once all are), then the
    // contract and the calls, which the workers format while this thread splits the models.
    let ((mut parts, paths, split, any_models, any_requests), rendered) =
        render::session(&opts.command, render::CHUNK, |renderer| {
            let mut items = Vec::new();
            let mut parts = generate(
                api,
                opts,
                quote!(crate::models::),
                true,
                opts.features_by_area,
                &mut |item| items.push((item.gate.clone(), renderer.fragment(&item.tokens))),
            );
            let any_models = !parts.models.is_empty();
            let any_requests = !parts.requests.is_empty();
            // The calls first: the workers format them while this thread splits the models.
            let mut paths = Vec::new();
            for (path, tokens) in [
                ("src/contract.rs", std::mem::take(&mut parts.contract)),
                ("src/requests.rs", std::mem::take(&mut parts.requests)),
            ] {
                paths.push(path.to_string());
                renderer.submit(tokens);
            }
            for (name, tokens) in std::mem::take(&mut parts.request_modules) {
                paths.push(format!("src/requests/{name}.rs"));
                renderer.submit(tokens);
            }
            let split = model_files(renderer, &mut paths, &mut parts, items, opts);
            (parts, paths, split, any_models, any_requests)
        });
    let mut diagnostics = std::mem::take(&mut parts.diagnostics);
    let mut files: BTreeMap<String, String> = paths.into_iter().zip(rendered).collect();
    let named_parts: Vec<(String, &model_crates::ModelCrate)> = split
        .iter()
        .flatten()
        .enumerate()
        .map(|(k, c)| (cargo::model_crate_name(opts, k + 1), c))
        .collect();
    let (manifest, mut manifest_diags) = cargo::manifest(opts, parts.areas.as_ref(), &named_parts);
    diagnostics.append(&mut manifest_diags);
    diag::sort(&mut diagnostics);
    files.insert("Cargo.toml".to_string(), manifest);
    files.insert("rustfmt.toml".to_string(), rustfmt_toml(&opts.command));

    let version = match api.version.as_deref() {
        Some(v) => format!(" of API version {v}"),
        None => String::new(),
    };
    let mut crate_doc = vec![
        format!(
            " Typed client for {} endpoints and {} types{version}, generated by",
            parts.endpoint_count, parts.type_count
        ),
        format!(
            " docspec from markdown API docs. Regenerate it with `{}`.",
            opts.command
        ),
        String::new(),
        format!(
            " Calls are methods of [`{0}`], a client over the runtime's",
            parts.client
        ),
        " `Client` (re-exported with the rest of the runtime as [`runtime`]): build it once with"
            .to_string(),
        format!(
            " `{0}::new(client)`, then call `graph.create_x(..).send().await` (or `.await`).",
            parts.client
        ),
    ];
    if let Some(areas) = &parts.areas {
        crate_doc.extend(features::doc_lines(areas));
    }
    if let Some(extra) = &opts.crate_doc {
        crate_doc.push(String::new());
        crate_doc.extend(appended_doc_lines(extra));
    }
    let rt: TokenStream = syn::parse_str::<syn::Path>(&opts.runtime_path)
        .map(|p| quote!(#p))
        .unwrap_or_else(|_| quote!(::docspec_runtime));
    let mut small = Vec::new();
    if let Some(crates) = &split {
        let by_area = parts.areas.is_some();
        for k in 1..=crates.len() {
            let dir = format!("parts/{}", cargo::model_crate_dir(k));
            files.insert(
                format!("{dir}/Cargo.toml"),
                cargo::model_crate_manifest(opts, k, crates, by_area),
            );
        }
        // Under some features a model crate has nothing to export, or is not there.
        let uses = named_parts.iter().enumerate().map(|(k, (n, c))| {
            let krate = crate_ident(n);
            let gate = models_gate(c.optional(), k + 1);
            quote!(#gate #[allow(unused_imports)] pub use #krate::*;)
        });
        small.push(("src/models.rs".to_string(), quote!(#(#uses)*)));
    }
    // Without features, a crate gated by area may have no model to export.
    let allow_unused = parts
        .areas
        .is_some()
        .then(|| quote!(#[allow(unused_imports)]));
    let reexport_models = any_models.then(|| {
        quote!(
            #allow_unused
            pub use models::*;
        )
    });
    let reexport_requests = any_requests.then(|| {
        quote!(
            pub use requests::*;
        )
    });
    let lib = quote! {
        #(#![doc = #crate_doc])*
        /// The runtime every request goes through: `Client`, `Error`, `Page`, `QueryOptions`.
        pub use #rt as runtime;
        /// Structs and enums for the types the docs define.
        pub mod models;
        /// The client type and one call per endpoint: a method returning a request builder.
        pub mod requests;
        /// Makes any call from a description of it, for contract tests.
        #[cfg(feature = "contract")]
        pub mod contract;
        #reexport_models
        #reexport_requests
    };
    small.push(("src/lib.rs".to_string(), lib));
    let (paths, small): (Vec<String>, Vec<TokenStream>) = small.into_iter().unzip();
    files.extend(
        paths
            .into_iter()
            .zip(render::render_files(small, &opts.command)),
    );
    GeneratedCrate { files, diagnostics }
}
