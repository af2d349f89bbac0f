//! `docspec inspect` and `docspec stats`: what docspec understood of some docs.

use crate::report::print_diagnostics;
use docspec_codegen::contract::check_example_values;
use docspec_codegen::diag::{self, Diagnostic};
use docspec_codegen::load::read_pages;
use docspec_codegen::model::{Api, TypeKind};
use docspec_codegen::parse::PageKind;
use docspec_codegen::Loaded;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `docspec inspect`.
#[derive(clap::Args)]
pub struct InspectArgs {
    /// Pages or folders to read.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print the model as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `docspec stats`.
#[derive(clap::Args)]
pub struct StatsArgs {
    /// The docs folder.
    pub path: PathBuf,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The JSON `docspec inspect --json` prints (documented in `codegen/MODEL.md`).
#[derive(Serialize)]
struct ModelJson<'a> {
    apis: &'a [Api],
    diagnostics: &'a [Diagnostic],
}

/// The folder a single page is resolved in: the docs root above `api/` or `resources/` (so its
/// links bind), else the page's own folder.
fn docs_root_of(page: &Path) -> PathBuf {
    let parent = page.parent().map(Path::to_path_buf).unwrap_or_default();
    let is_section = parent.file_name().is_some_and(|n| {
        let n = n.to_string_lossy().to_ascii_lowercase();
        n == "api" || n == "resources"
    });
    match parent.parent() {
        Some(grand) if is_section => grand.to_path_buf(),
        _ => parent,
    }
}

/// Keeps only what `file` (relative to the loaded root) defines, and its diagnostics.
fn only_page(mut loaded: Loaded, file: &str) -> Loaded {
    for api in &mut loaded.apis {
        api.endpoints.retain(|e| e.source.file == file);
        api.types.retain(|t| t.source.file == file);
    }
    loaded
        .apis
        .retain(|a| !a.endpoints.is_empty() || !a.types.is_empty());
    loaded.diagnostics.retain(|d| d.file == file);
    loaded
}

/// Loads `paths`; a single page is resolved within its docs root and then shown alone.
fn load_for_inspect(paths: &[PathBuf]) -> Loaded {
    if let [single] = paths {
        if single.is_file() {
            let root = docs_root_of(single);
            let rel = single.strip_prefix(&root).ok().map(|r| {
                r.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            });
            if let Some(rel) = rel {
                return only_page(with_example_checks(docspec_codegen::load(&[root])), &rel);
            }
        }
    }
    with_example_checks(docspec_codegen::load(paths))
}

/// `loaded` with the diagnostics of its examples' values (DS0506), which loading leaves out.
fn with_example_checks(mut loaded: Loaded) -> Loaded {
    let mut found = check_example_values(&loaded.apis);
    loaded.diagnostics.append(&mut found);
    diag::sort(&mut loaded.diagnostics);
    loaded
}

/// Runs `docspec inspect`.
pub fn inspect(args: InspectArgs) -> ExitCode {
    let loaded = load_for_inspect(&args.paths);
    if args.json {
        let json = ModelJson {
            apis: &loaded.apis,
            diagnostics: &loaded.diagnostics,
        };
        match serde_json::to_string_pretty(&json) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: cannot serialize the model: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print_diagnostics(&loaded.root, &loaded.diagnostics);
        print!("{}", summary(&loaded));
    }
    if diag::has_errors(&loaded.diagnostics) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The human summary: each API's endpoints and types.
fn summary(loaded: &Loaded) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    for api in &loaded.apis {
        let version = api.version.as_deref().unwrap_or("(unversioned)");
        let _ = writeln!(
            o,
            "{version}: {} endpoints, {} types",
            api.endpoints.len(),
            api.types.len()
        );
        for e in &api.endpoints {
            let path = e.paths.first().map_or("", String::as_str);
            let _ = writeln!(o, "  {:<6} {path}  ({})", e.method, e.name);
        }
        for t in &api.types {
            let kind = kind_name(t.kind);
            let detail = match t.kind {
                TypeKind::Enum => format!("{} members", t.members.len()),
                _ => format!("{} properties", t.properties.len()),
            };
            let base = t
                .base_type
                .as_deref()
                .map(|b| format!(" : {b}"))
                .unwrap_or_default();
            let _ = writeln!(o, "  {kind:<7} {}{base} ({detail})", t.name);
        }
    }
    let (errors, warnings) = counts(&loaded.diagnostics);
    let _ = writeln!(
        o,
        "{} files, {errors} errors, {warnings} warnings",
        loaded.files.len()
    );
    o
}

fn kind_name(k: TypeKind) -> &'static str {
    match k {
        TypeKind::Entity => "entity",
        TypeKind::Complex => "complex",
        TypeKind::Enum => "enum",
    }
}

fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == diag::Severity::Error)
        .count();
    (errors, diags.len() - errors)
}

/// The figures of `docspec stats`.
#[derive(Serialize)]
struct Stats {
    files: usize,
    pages: BTreeMap<String, usize>,
    apis: Vec<ApiStats>,
    diagnostics: BTreeMap<String, usize>,
    millis: u128,
}

/// Counts for one version.
#[derive(Serialize)]
struct ApiStats {
    version: Option<String>,
    endpoints: usize,
    types: usize,
    entities: usize,
    complex: usize,
    enums: usize,
}

fn page_kind_name(k: PageKind) -> &'static str {
    match k {
        PageKind::Api => "api",
        PageKind::Resource => "resource",
        PageKind::Enum => "enum",
        PageKind::Enums => "enums",
        PageKind::Other => "other",
    }
}

/// Runs `docspec stats`.
pub fn stats(args: StatsArgs) -> ExitCode {
    let started = Instant::now();
    let read = read_pages(&[args.path.as_path()]);
    let mut pages = BTreeMap::new();
    for p in &read.pages {
        *pages.entry(page_kind_name(p.kind).to_string()).or_insert(0) += 1;
    }
    let loaded = read.resolve();
    let millis = started.elapsed().as_millis();
    let loaded = with_example_checks(loaded);
    let mut diagnostics = BTreeMap::new();
    for d in &loaded.diagnostics {
        *diagnostics.entry(d.code.clone()).or_insert(0) += 1;
    }
    let apis = loaded
        .apis
        .iter()
        .map(|a| {
            let of = |k| a.types.iter().filter(|t| t.kind == k).count();
            ApiStats {
                version: a.version.clone(),
                endpoints: a.endpoints.len(),
                types: a.types.len(),
                entities: of(TypeKind::Entity),
                complex: of(TypeKind::Complex),
                enums: of(TypeKind::Enum),
            }
        })
        .collect();
    let stats = Stats {
        files: loaded.files.len(),
        pages,
        apis,
        diagnostics,
        millis,
    };
    if args.json {
        match serde_json::to_string_pretty(&stats) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: cannot serialize the figures: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", stats_text(&stats));
    }
    if diag::has_errors(&loaded.diagnostics) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn stats_text(s: &Stats) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let _ = writeln!(o, "files: {}", s.files);
    let _ = writeln!(o, "pages by kind:");
    for (k, n) in &s.pages {
        let _ = writeln!(o, "  {k:<9} {n}");
    }
    for a in &s.apis {
        let _ = writeln!(
            o,
            "{}: {} endpoints, {} types ({} entity, {} complex, {} enum)",
            a.version.as_deref().unwrap_or("(unversioned)"),
            a.endpoints,
            a.types,
            a.entities,
            a.complex,
            a.enums
        );
    }
    let _ = writeln!(o, "diagnostics by code:");
    for (code, n) in &s.diagnostics {
        let _ = writeln!(o, "  {code} {n}");
    }
    let _ = writeln!(o, "time: {} ms", s.millis);
    o
}
