//! `api!`'s expansion as a plain function, so it can be tested and benchmarked without a
//! compiler: [`expand`] loads the docs with `docspec_codegen::load`, picks the version, hands
//! the selection to `docspec_codegen::emit::tokens`, and turns the errors that concern what
//! was emitted into `syn::Error`s. Which endpoints an entry names, and which pages' problems
//! concern a selection, is the library's call (`emit::Emitted::concerns`); this file only
//! decides where each error is shown.

use crate::settings::Settings;
use docspec_codegen::diag::{codes, Diagnostic, Severity};
use docspec_codegen::emit::{self, Options};
use docspec_codegen::model::Api;
use docspec_codegen::Loaded;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::path::Path;

/// The items `api!` expands to: exactly what `emit::tokens` gives for the same docs and
/// selection, followed by one `include_bytes!` per page read so cargo rebuilds the crate
/// when a page changes ([`page_includes`]).
///
/// Fails with every error, not only the first: with `endpoints`, the errors in the pages of
/// the selected endpoints and of the types they reach (a broken page the user did not ask
/// for does not fail their build), and each entry that names no endpoint; without it, the
/// errors of every page. Warnings never fail (`docspec check` shows them), nor do errors with
/// `allow_errors = true` (a version that cannot be found, or no API at all, still does).
pub fn expand(settings: &Settings) -> Result<TokenStream, Vec<syn::Error>> {
    let loaded = docspec_codegen::load(&[settings.docs_path()]);
    let mut errors = Vec::new();
    let Some(api) = pick_version(settings, &loaded, &mut errors) else {
        // Nothing to select from: every error counts, before the one about the version.
        let mut all: Vec<syn::Error> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| to_error(settings, d))
            .collect();
        all.append(&mut errors);
        return Err(all);
    };
    let selection = settings
        .endpoints
        .as_ref()
        .map(|entries| entries.iter().map(|lit| lit.value()).collect());
    let emitted = emit::tokens(api, &options(settings, selection));
    let errors: Vec<syn::Error> = loaded
        .diagnostics
        .iter()
        .chain(&emitted.diagnostics)
        .filter(|d| d.severity == Severity::Error && emitted.concerns(d))
        // A selection naming nothing is a mistake in this crate, not in the docs.
        .filter(|d| !settings.allow_errors || d.code == codes::UNKNOWN_SELECTION.id)
        .map(|d| to_error(settings, d))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let tokens = emitted.tokens;
    let pages = loaded
        .files
        .iter()
        .filter_map(|f| std::path::absolute(f).ok())
        .filter_map(|f| f.to_str().map(str::to_owned));
    let includes = page_includes(pages);
    Ok(quote! {
        #tokens
        #includes
    })
}

/// One `include_bytes!` per page, so that the pages are in the crate's dep-info and cargo
/// rebuilds it when one changes. They are one tuple in the body of a function that is never
/// called, inside an unnamed const: rustc reads each page but keeps nothing of it. As items of
/// their own (`const _: &[u8] = include_bytes!(..)`), the pages' bytes were const-evaluated
/// and written into the crate's metadata (28 MB for Graph v1.0): a third of `cargo check` of a
/// one-endpoint crate over Graph v1.0 (0.42 s of 1.2 s), against 0.1 s now. One statement per
/// page, each coerced to `&[u8]`, cost twice as much to type-check and borrow-check.
fn page_includes(pages: impl Iterator<Item = String>) -> TokenStream {
    quote! {
        const _: () = {
            #[allow(dead_code, clippy::all)]
            fn pages() {
                let _ = (#(::core::include_bytes!(#pages),)*);
            }
        };
    }
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

/// The API the settings ask for ([`Loaded::api`] chooses), or an error at the setting that
/// cannot be met. No error when loading already failed: its diagnostics say why.
fn pick_version<'a>(
    settings: &Settings,
    loaded: &'a Loaded,
    errors: &mut Vec<syn::Error>,
) -> Option<&'a Api> {
    let wanted = settings.version.as_ref();
    let missing = match loaded.api(wanted.map(|v| v.value()).as_deref()) {
        Ok(api) => return Some(api),
        Err(missing) => missing,
    };
    let failed = loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    match wanted {
        None if !failed => errors.push(syn::Error::new(
            settings.docs.span(),
            format!(
                "no API pages found under `{}`; point `docs` at a folder of Graph-style markdown pages",
                settings.docs.value()
            ),
        )),
        Some(wanted) if !missing.found.is_empty() => {
            let found: Vec<String> = missing.found.iter().map(|v| format!("`{v}`")).collect();
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
        _ => {}
    }
    None
}

/// Where and how a diagnostic is shown. A selection entry that names no endpoint goes on that
/// entry (the library gives its position as the `line`); everything else is about the docs
/// and goes on `docs = "..."`, starting with the page's location as the user would write it
/// (`docs/api/x.md:12:3`), so terminals and editors link it.
fn to_error(settings: &Settings, d: &Diagnostic) -> syn::Error {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    if d.code == codes::UNKNOWN_SELECTION.id && d.file.is_empty() {
        let entry = (d.line as usize)
            .checked_sub(1)
            .and_then(|i| settings.endpoints.as_ref()?.get(i));
        if let Some(lit) = entry {
            return syn::Error::new(lit.span(), format!("{level}[{}]: {}", d.code, d.message));
        }
    }
    let text = if d.code == codes::MISSING_PATH.id {
        format!(
            "{level}[{}]: `{}` does not exist; `docs` is relative to the folder of this crate's Cargo.toml",
            d.code,
            settings.docs.value()
        )
    } else if d.file.is_empty() {
        format!("{level}[{}]: {}", d.code, d.message)
    } else {
        format!(
            "{}:{}:{}: {level}[{}]: {}",
            page_path(settings, &d.file),
            d.line,
            d.column,
            d.code,
            d.message
        )
    };
    syn::Error::new(settings.docs.span(), text)
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
