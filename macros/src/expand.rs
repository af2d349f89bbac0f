//! `api!`'s expansion as a plain function, so it can be tested and benchmarked without a
//! compiler: [`expand`] loads the docs with `docspec_codegen::load`, picks the version, hands
//! the selection to `docspec_codegen::emit::tokens`, and turns error diagnostics into
//! `syn::Error`s spanned at the argument they come from.

use crate::selection;
use crate::settings::Settings;
use docspec_codegen::diag::{codes, Diagnostic, Severity};
use docspec_codegen::emit::{self, Options};
use docspec_codegen::model::Api;
use docspec_codegen::Loaded;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::path::Path;
use syn::LitStr;

/// The items `api!` expands to: exactly what `emit::tokens` gives for the same docs and
/// selection, followed by one `include_bytes!` per page read so cargo rebuilds the crate
/// when a page changes. Every error (in the docs, the selection, the version) is returned,
/// not only the first; warnings are left out.
pub fn expand(settings: &Settings) -> Result<TokenStream, Vec<syn::Error>> {
    let loaded = docspec_codegen::load(&[settings.docs_path()]);
    let fails = |d: &&Diagnostic| d.severity == Severity::Error || settings.denies_warnings();
    let mut errors: Vec<syn::Error> = loaded
        .diagnostics
        .iter()
        .filter(fails)
        .map(|d| docs_error(settings, d))
        .collect();
    let Some(api) = pick_version(settings, &loaded, &mut errors) else {
        return Err(errors);
    };
    let (selection, mut selection_errors) = resolve_selection(settings, api);
    let opts = options(settings, selection);
    let emitted = emit::tokens(api, &opts);
    for d in emitted.diagnostics.iter().filter(fails) {
        match emit_error(settings, api, d) {
            (Some(entry), e) => selection_errors.push((entry, e)),
            (None, e) => errors.push(e),
        }
    }
    // Selection errors in the order the entries are written.
    selection_errors.sort_by_key(|(entry, _)| *entry);
    errors.extend(selection_errors.into_iter().map(|(_, e)| e));
    if !errors.is_empty() {
        return Err(errors);
    }
    let tokens = emitted.tokens;
    let pages = loaded
        .files
        .iter()
        .filter_map(|f| std::path::absolute(f).ok())
        .filter_map(|f| f.to_str().map(str::to_owned));
    Ok(quote! {
        #tokens
        #(const _: &[u8] = ::core::include_bytes!(#pages);)*
    })
}

/// The emitter options `api!` uses: the defaults (as the CLI and build scripts use them), the
/// runtime path and the selection. Public so tests can emit the same way by another route.
pub fn options(settings: &Settings, selection: Option<Vec<String>>) -> Options {
    let mut opts = Options {
        selection,
        command: "docspec_macros::api!".to_string(),
        ..Options::default()
    };
    if let Some(rt) = &settings.runtime {
        opts.runtime_path = quote!(#rt).to_string().replace(' ', "");
    }
    opts
}

fn pick_version<'a>(
    settings: &Settings,
    loaded: &'a Loaded,
    errors: &mut Vec<syn::Error>,
) -> Option<&'a Api> {
    let Some(wanted) = &settings.version else {
        let api = emit::pick_api(&loaded.apis);
        if api.is_none() && errors.is_empty() {
            errors.push(syn::Error::new(
                settings.docs.span(),
                format!(
                    "no API pages found under `{}`; point `docs` at a folder of Graph-style markdown pages",
                    settings.docs.value()
                ),
            ));
        }
        return api;
    };
    let api = loaded
        .apis
        .iter()
        .find(|a| a.version.as_deref() == Some(wanted.value().as_str()));
    if api.is_none() && !loaded.apis.is_empty() {
        let found: Vec<String> = loaded
            .apis
            .iter()
            .map(|a| format!("`{}`", a.version.as_deref().unwrap_or("unversioned")))
            .collect();
        errors.push(syn::Error::new(
            wanted.span(),
            format!(
                "the docs under `{}` have no `{}` version; they hold {}",
                settings.docs.value(),
                wanted.value(),
                found.join(", ")
            ),
        ));
    }
    api
}

/// Errors about entries of `endpoints`, with the entry's index.
type EntryErrors = Vec<(usize, syn::Error)>;

/// The names to hand the emitter, with `"METHOD /path"` entries turned into page names.
fn resolve_selection(settings: &Settings, api: &Api) -> (Option<Vec<String>>, EntryErrors) {
    let Some(wanted) = &settings.endpoints else {
        return (None, Vec::new());
    };
    let mut names = Vec::with_capacity(wanted.len());
    let mut errors = Vec::new();
    for (entry, lit) in wanted.iter().enumerate() {
        match selection::by_request_line(api, &lit.value()) {
            None => names.push(lit.value()),
            Some(Ok(name)) => names.push(name),
            Some(Err(())) => errors.push((
                entry,
                unknown_endpoint(lit, api, "no endpoint has this method and path", true),
            )),
        }
    }
    (Some(names), errors)
}

fn unknown_endpoint(lit: &LitStr, api: &Api, what: &str, request_lines: bool) -> syn::Error {
    let candidates = selection::candidates(api, request_lines);
    let closest: Vec<String> = selection::closest(&lit.value(), &candidates)
        .into_iter()
        .map(|c| format!("`{c}`"))
        .collect();
    let hint = if closest.is_empty() {
        "the docs define no endpoints".to_string()
    } else {
        format!("the closest are {}", closest.join(", "))
    };
    syn::Error::new(
        lit.span(),
        format!(
            "error[{}]: {what} (`{}`); {hint}",
            codes::UNKNOWN_SELECTION,
            lit.value()
        ),
    )
}

/// A diagnostic from the emitter. Selection errors name the entry they are about, so they go
/// on that entry's literal, with suggestions, and come with its index; the rest are about
/// the docs.
fn emit_error(settings: &Settings, api: &Api, d: &Diagnostic) -> (Option<usize>, syn::Error) {
    if d.code == codes::UNKNOWN_SELECTION {
        let entry = settings
            .endpoints
            .iter()
            .flatten()
            .enumerate()
            .find(|(_, lit)| {
                d.message.contains(&format!("`{}`", lit.value()))
                    && selection::by_request_line(api, &lit.value()).is_none()
            });
        if let Some((i, lit)) = entry {
            let e = unknown_endpoint(lit, api, "no endpoint is named like this", false);
            return (Some(i), e);
        }
    }
    (None, docs_error(settings, d))
}

/// A diagnostic about the docs, spanned at `docs = "..."` and starting with the page's
/// location as the user wrote it (`docs/api/x.md:12:3`), so terminals and editors link it.
fn docs_error(settings: &Settings, d: &Diagnostic) -> syn::Error {
    let span = settings.docs.span();
    let (level, denied) = match d.severity {
        Severity::Error => ("error", ""),
        Severity::Warning => ("warning", " (a warning, denied by `deny_warnings = true`)"),
    };
    let text = if d.code == codes::MISSING_PATH {
        format!(
            "error[{}]: `{}` does not exist; `docs` is relative to the folder of this crate's Cargo.toml",
            d.code,
            settings.docs.value()
        )
    } else if d.file.is_empty() {
        format!("{level}[{}]: {}{denied}", d.code, d.message)
    } else {
        format!(
            "{}:{}:{}: {level}[{}]: {}{denied}",
            page_path(settings, &d.file),
            d.line,
            d.column,
            d.code,
            d.message
        )
    };
    syn::Error::new(span, text)
}

/// `file` (relative to the loaded root) as a path relative to the crate, spelled with the
/// `docs` argument as written.
fn page_path(settings: &Settings, file: &str) -> String {
    let given = settings.docs.value();
    let folder = if settings.docs_path().is_dir() {
        Path::new(&given)
    } else {
        Path::new(&given).parent().unwrap_or(Path::new(""))
    };
    let folder = folder.to_string_lossy().replace('\\', "/");
    let folder = folder.trim_end_matches('/');
    if folder.is_empty() || folder == "." {
        file.to_string()
    } else {
        format!("{folder}/{file}")
    }
}

/// Several errors as one token stream of `compile_error!`s.
pub fn to_compile_errors(errors: Vec<syn::Error>) -> TokenStream {
    let mut out = TokenStream::new();
    for e in errors {
        out.extend(e.to_compile_error());
    }
    if out.is_empty() {
        // Unreachable through `expand`, which never fails without an error; stay total.
        out = syn::Error::new(Span::call_site(), "api! failed").to_compile_error();
    }
    out
}
