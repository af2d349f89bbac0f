//! `docspec openapi`: the model of a docs folder as an OpenAPI document.

use crate::report::print_diagnostics;
use docspec_codegen::diag::{self, Diagnostic};
use docspec_codegen::emit::slice;
use docspec_codegen::openapi::{document, Spec};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `docspec openapi`.
#[derive(clap::Args)]
pub struct OpenapiArgs {
    /// The docs folder (or page).
    pub path: PathBuf,
    /// Which API version to export when the docs hold several (`v1.0`, `beta`; default:
    /// `v1.0` if present, else the first).
    #[arg(long)]
    pub api_version: Option<String>,
    /// Write the document to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The OpenAPI version: `3.1` or `3.0`.
    #[arg(long, default_value = "3.1", value_parser = parse_spec)]
    pub spec: Spec,
    /// Export only the paths under PREFIX (`/me/messages`: whole segments; case, placeholder
    /// names and a version prefix do not matter) and the types their operations reach; may be
    /// given several times.
    #[arg(long = "paths", value_name = "PREFIX")]
    pub paths: Vec<String>,
}

/// `--spec`'s value.
fn parse_spec(text: &str) -> Result<Spec, String> {
    Spec::parse(text).ok_or_else(|| format!("`{text}` is not 3.1 or 3.0"))
}

/// Runs `docspec openapi`: diagnostics to stderr, the document to `--out` or stdout. Fails
/// when the docs have errors (after writing what could be exported) or nothing can be written.
pub fn openapi(args: OpenapiArgs) -> ExitCode {
    let loaded = docspec_codegen::load(&[&args.path]);
    let api = match loaded.api(args.api_version.as_deref()) {
        Ok(api) => api,
        Err(missing) => {
            print_diagnostics(&loaded.root, &loaded.diagnostics);
            eprintln!(
                "error: no API {}in {} (found: {})",
                args.api_version
                    .as_deref()
                    .map(|v| format!("version `{v}` "))
                    .unwrap_or_default(),
                args.path.display(),
                if missing.found.is_empty() {
                    "none".to_string()
                } else {
                    missing.found.join(", ")
                }
            );
            return ExitCode::FAILURE;
        }
    };
    let mut diagnostics: Vec<Diagnostic> = loaded.diagnostics.clone();
    let sliced;
    let api = if args.paths.is_empty() {
        api
    } else {
        let (part, unmatched) = slice::by_paths(api, &args.paths);
        diagnostics.extend(unmatched);
        sliced = part;
        &sliced
    };
    let (doc, skipped) = document(api, args.spec);
    diagnostics.extend(skipped);
    diag::sort(&mut diagnostics);
    print_diagnostics(&loaded.root, &diagnostics);
    let text = match serde_json::to_string_pretty(&doc) {
        Ok(text) => text + "\n",
        Err(e) => {
            eprintln!("error: cannot serialize the document: {e}");
            return ExitCode::FAILURE;
        }
    };
    match &args.out {
        Some(out) => {
            if let Err(e) = std::fs::write(out, text) {
                eprintln!("error: cannot write {}: {e}", out.display());
                return ExitCode::FAILURE;
            }
        }
        None => print!("{text}"),
    }
    if diag::has_errors(&diagnostics) {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == diag::Severity::Error)
            .count();
        eprintln!("error: {errors} errors in the docs; exported what could be exported");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
