//! `docspec generate` writes a client crate from a docs folder; `docspec check` says whether
//! the crate on disk is what `generate` would write.
//!
//! Both find their defaults from the workspace around the current directory (the nearest
//! `Cargo.toml` with a `[workspace]` table): docs in `docs/`, the crate in `generated/`, and
//! the runtime by a relative path to `runtime/`. Output never mentions absolute paths, so the
//! same docs give the same bytes on every machine.
//!
//! A crate written by `generate` records its inputs in `[package.metadata.docspec]` of its
//! `Cargo.toml` (paths relative to the crate). For every flag not given, `generate --out DIR`
//! and `check --out DIR` take the recorded value before the workspace default, so a crate is
//! regenerated (and checked) without repeating how it was made. Precedence: flag, record,
//! workspace default.
//!
//! Diagnostics are printed like rustc's. Errors in the docs do not stop `generate`: it writes
//! everything it could generate (a broken page costs only what it defines), then exits 1 with
//! a summary line; `check` exits 1 on them too. Warnings never change the exit code.

use crate::report::print_diagnostics;
use docspec_codegen::diag::{self, Diagnostic};
use docspec_codegen::emit::{self, slice, Options, Provenance, RuntimeDep};
use docspec_codegen::load::files::lexical_clean;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `docspec generate` and `docspec check`.
#[derive(clap::Args)]
pub struct GenerateArgs {
    /// The docs folder (default: as recorded in the crate's Cargo.toml, else `docs/` at the
    /// workspace root).
    #[arg(long)]
    pub docs: Option<PathBuf>,
    /// The crate folder to write or check (default: `generated/` at the workspace root).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The generated package's name (default: the crate's current name, else `graph-calls`).
    #[arg(long)]
    pub crate_name: Option<String>,
    /// How the generated Cargo.toml refers to docspec-runtime: a version (`0.1`, `^0.1.2`) or
    /// a path relative to the crate folder (default: as recorded, else the workspace's
    /// `runtime/` when the crate is inside the workspace, else version `0.1`).
    #[arg(long)]
    pub runtime: Option<String>,
    /// Which API version to generate when the docs hold several (`v1.0`, `beta`; default: as
    /// recorded, else `v1.0` if present, else the first).
    #[arg(long)]
    pub api_version: Option<String>,
    /// A markdown file appended verbatim to the generated crate docs of `lib.rs` (an
    /// introduction, doctests; default: as recorded, else none).
    #[arg(long, value_name = "FILE")]
    pub crate_doc: Option<PathBuf>,
    /// Make each area of the API (the first segment of an endpoint's first path: `users`,
    /// `me`, `app`) a cargo feature of the crate, with `full` (all of them) the default;
    /// `--features-by-area=false` turns a recorded choice off (default: as recorded, else off).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub features_by_area: Option<bool>,
    /// Generate only the paths under PREFIX (`/me/messages`: whole segments; case and
    /// placeholder names do not matter) and the types their calls reach; may be given several
    /// times (default: as recorded, else every path; `--paths /` is every path).
    #[arg(long = "paths", value_name = "PREFIX")]
    pub paths: Vec<String>,
    /// Split the models into N crates under `parts/` that the crate depends on and
    /// re-exports (same API), so that no one compiler process holds all of a big API's models
    /// and cargo builds them in parallel; 1 keeps them in the crate; `auto` decides by the
    /// API's size: one crate for a small API, 6 for whole Graph v1.0, 12 for beta (default:
    /// as recorded, else auto).
    #[arg(long, value_name = "N|auto", value_parser = parse_model_crates)]
    pub model_crates: Option<ModelCrates>,
}

/// The value of `--model-crates`: a count, or `auto` (`None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelCrates(Option<usize>);

/// Parses `--model-crates`: `auto`, or a count from 1.
fn parse_model_crates(s: &str) -> Result<ModelCrates, String> {
    if s == "auto" {
        return Ok(ModelCrates(None));
    }
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(ModelCrates(Some(n))),
        _ => Err(format!("`{s}` is neither `auto` nor a count from 1")),
    }
}

/// `[package.metadata.docspec]` (and the package name) of an existing generated crate: the
/// defaults for flags not given. Paths are already resolved against the crate folder.
#[derive(Debug, Default, PartialEq, Eq)]
struct Recorded {
    crate_name: Option<String>,
    docs: Option<PathBuf>,
    crate_doc: Option<PathBuf>,
    runtime: Option<String>,
    api_version: Option<String>,
    features_by_area: Option<bool>,
    paths: Option<Vec<String>>,
    model_crates: Option<usize>,
}

/// What `generate` would write, and where.
struct Plan {
    out: PathBuf,
    files: BTreeMap<String, String>,
    /// How many diagnostics (already printed) are errors. The files are still everything that
    /// could be generated: an error in one page does not hold back the rest.
    errors: usize,
}

/// Prints `error: N errors in the docs` plus `tail` when there are any errors, and says
/// whether there were: errors in the docs fail the command like a compiler error.
fn report_errors(errors: usize, tail: &str) -> bool {
    if errors > 0 {
        let s = if errors == 1 { "" } else { "s" };
        eprintln!("error: {errors} error{s} in the docs{tail}");
    }
    errors > 0
}

/// Runs `docspec generate`.
pub fn generate(args: GenerateArgs) -> ExitCode {
    let plan = match plan(&args, "docspec generate") {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let mut written = 0usize;
    for (rel, text) in &plan.files {
        let path = plan.out.join(rel);
        if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            continue;
        }
        let result = match path.parent() {
            Some(parent) => std::fs::create_dir_all(parent),
            None => Ok(()),
        }
        .and_then(|()| std::fs::write(&path, text));
        if let Err(e) = result {
            eprintln!("error: cannot write {}: {e}", shown(&path));
            return ExitCode::FAILURE;
        }
        eprintln!("wrote: {}", shown(&path));
        written += 1;
    }
    for stale in extra_files(&plan) {
        match std::fs::remove_file(&stale) {
            Ok(()) => {
                eprintln!("removed: {}", shown(&stale));
                remove_empty_parents(&stale, &plan.out);
            }
            Err(e) => {
                eprintln!("error: cannot remove {}: {e}", shown(&stale));
                return ExitCode::FAILURE;
            }
        }
    }
    eprintln!(
        "{} files up to date in {} ({written} written)",
        plan.files.len(),
        shown(&plan.out)
    );
    if report_errors(plan.errors, "; generated what could be generated") {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs `docspec check`.
pub fn check(args: GenerateArgs) -> ExitCode {
    let plan = match plan(&args, "docspec generate") {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let mut problems = 0usize;
    for (rel, text) in &plan.files {
        let path = plan.out.join(rel);
        match std::fs::read(&path) {
            Err(_) => {
                println!("missing: {}", shown(&path));
                problems += 1;
            }
            Ok(old) if old != text.as_bytes() => {
                println!("stale: {}", shown(&path));
                problems += 1;
            }
            Ok(_) => {}
        }
    }
    for extra in extra_files(&plan) {
        println!("extra: {}", shown(&extra));
        problems += 1;
    }
    if problems == 0 {
        eprintln!("{} is up to date", shown(&plan.out));
    } else {
        eprintln!("run `docspec generate` to update {}", shown(&plan.out));
    }
    if report_errors(plan.errors, "") || problems > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Loads the docs and generates the crate in memory, printing diagnostics and counting the
/// errors among them. Fails only when there is nothing to generate (no API in the docs) or
/// the arguments cannot be followed.
fn plan(args: &GenerateArgs, command: &str) -> Result<Plan, ExitCode> {
    let cwd = std::env::current_dir().map_err(|e| {
        eprintln!("error: cannot read the current directory: {e}");
        ExitCode::FAILURE
    })?;
    let workspace = find_workspace(&cwd);
    let from_workspace = |dir: &str, flag: &str| match &workspace {
        Some(ws) => Ok(ws.join(dir)),
        None => {
            eprintln!("error: not inside a Cargo workspace; pass --{flag}");
            Err(ExitCode::FAILURE)
        }
    };
    let out = match &args.out {
        Some(o) => lexical_clean(&cwd.join(o)),
        None => from_workspace("generated", "out")?,
    };
    let recorded = read_recorded(&out);
    let docs = match (&args.docs, &recorded.docs) {
        (Some(d), _) => lexical_clean(&cwd.join(d)),
        (None, Some(d)) => d.clone(),
        (None, None) => from_workspace("docs", "docs")?,
    };
    let runtime = args.runtime.as_ref().or(recorded.runtime.as_ref());
    let runtime_dep = match runtime {
        Some(r) if is_version(r) => RuntimeDep::Version(r.clone()),
        Some(r) => RuntimeDep::Path(r.clone()),
        None => match &workspace {
            Some(ws) if out.starts_with(ws) => {
                RuntimeDep::Path(relative(&out, &ws.join("runtime")))
            }
            _ => RuntimeDep::Version("0.1".to_string()),
        },
    };
    let crate_doc_path = match (&args.crate_doc, &recorded.crate_doc) {
        (Some(f), _) => Some(lexical_clean(&cwd.join(f))),
        (None, f) => f.clone(),
    };
    let crate_doc = match &crate_doc_path {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
            eprintln!("error: cannot read the crate doc {}: {e}", shown(path));
            ExitCode::FAILURE
        })?),
        None => None,
    };
    let api_version = args.api_version.clone().or(recorded.api_version);
    let paths = if args.paths.is_empty() {
        recorded.paths.unwrap_or_default()
    } else {
        args.paths.clone()
    };
    let opts = Options {
        crate_name: (args.crate_name.clone())
            .or(recorded.crate_name)
            .unwrap_or_else(|| "graph-calls".to_string()),
        runtime_dep,
        command: command.to_string(),
        crate_doc,
        provenance: Some(Provenance {
            docs: relative(&out, &docs),
            crate_doc: crate_doc_path.map(|p| relative(&out, &p)),
            api_version: api_version.clone(),
            paths: paths.clone(),
        }),
        features_by_area: args
            .features_by_area
            .or(recorded.features_by_area)
            .unwrap_or(false),
        model_crates: match args.model_crates {
            Some(ModelCrates(n)) => n,
            None => recorded.model_crates,
        },
        ..Options::default()
    };
    let loaded = docspec_codegen::load(&[&docs]);
    let mut diagnostics: Vec<Diagnostic> = loaded.diagnostics.clone();
    let api = match loaded.api(api_version.as_deref()) {
        Ok(api) => api,
        Err(missing) => {
            print_diagnostics(&loaded.root, &diagnostics);
            eprintln!(
                "error: no API {}in {} (found: {})",
                api_version
                    .as_deref()
                    .map(|v| format!("version `{v}` "))
                    .unwrap_or_default(),
                shown(&docs),
                if missing.found.is_empty() {
                    "none".to_string()
                } else {
                    missing.found.join(", ")
                }
            );
            return Err(ExitCode::FAILURE);
        }
    };
    let sliced;
    let api = if paths.is_empty() {
        api
    } else {
        let (part, unmatched) = slice::by_paths(api, &paths);
        diagnostics.extend(unmatched);
        sliced = part;
        &sliced
    };
    let generated = emit::crate_files(api, &opts);
    diagnostics.extend(generated.diagnostics);
    diag::sort(&mut diagnostics);
    print_diagnostics(&loaded.root, &diagnostics);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == diag::Severity::Error)
        .count();
    Ok(Plan {
        out,
        files: generated.files,
        errors,
    })
}

/// Generated files under the crate's `src/` and `parts/` (its model crates) that the plan no
/// longer has: `.rs` files, and a model crate's `Cargo.toml`. Only files that start with the
/// do-not-edit header count, so hand-written files are never touched.
fn extra_files(plan: &Plan) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![plan.out.join("src"), plan.out.join("parts")];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
                continue;
            }
            let manifest = path.file_name().is_some_and(|n| n == "Cargo.toml");
            if path.extension().is_none_or(|e| e != "rs") && !manifest {
                continue;
            }
            let rel = path
                .strip_prefix(&plan.out)
                .map(|r| {
                    r.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .unwrap_or_default();
            if plan.files.contains_key(&rel) {
                continue;
            }
            let header = if manifest {
                "# @generated by "
            } else {
                "// @generated by "
            };
            let generated = std::fs::read_to_string(&path).is_ok_and(|t| t.starts_with(header));
            if generated {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Removes the folders `removed` was in, innermost first, while they are empty and inside
/// `out` (a model crate's `parts/models-K/src/` once its files are gone).
fn remove_empty_parents(removed: &Path, out: &Path) {
    let mut dir = removed.parent();
    while let Some(d) = dir {
        if d == out || !d.starts_with(out) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// What `out/Cargo.toml` records about how it was generated; empty when there is no such
/// file. A file that is not valid TOML, or a record of the wrong shape, is reported as a
/// warning and ignored: `generate` is about to rewrite it anyway.
fn read_recorded(out: &Path) -> Recorded {
    let path = out.join("Cargo.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Recorded::default();
    };
    match parse_recorded(&text, out) {
        Ok(recorded) => recorded,
        Err(why) => {
            eprintln!(
                "warning: ignoring what {} records about its generation: {why}",
                shown(&path)
            );
            Recorded::default()
        }
    }
}

/// [`read_recorded`] on the text of a manifest in `out`.
fn parse_recorded(text: &str, out: &Path) -> Result<Recorded, String> {
    let manifest: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| e.message().to_string())?;
    let package = manifest.get("package").and_then(toml::Value::as_table);
    let crate_name = package
        .and_then(|p| p.get("name"))
        .and_then(toml::Value::as_str)
        .map(str::to_string);
    let Some(record) = package
        .and_then(|p| p.get("metadata"))
        .and_then(toml::Value::as_table)
        .and_then(|m| m.get("docspec"))
    else {
        return Ok(Recorded {
            crate_name,
            ..Recorded::default()
        });
    };
    let record = record
        .as_table()
        .ok_or("`package.metadata.docspec` is not a table")?;
    let string = |key: &str| -> Result<Option<String>, String> {
        match record.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("`{key}` is not a string")),
        }
    };
    let path = |key: &str| string(key).map(|p| p.map(|p| lexical_clean(&out.join(p))));
    Ok(Recorded {
        crate_name,
        docs: path("docs")?,
        crate_doc: path("crate-doc")?,
        runtime: string("runtime")?,
        api_version: string("api-version")?,
        features_by_area: match record.get("features-by-area") {
            None => None,
            Some(toml::Value::Boolean(b)) => Some(*b),
            Some(_) => return Err("`features-by-area` is not a boolean".to_string()),
        },
        paths: match record.get("paths") {
            None => None,
            Some(toml::Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect::<Option<Vec<String>>>()
                    .ok_or("`paths` is not a list of strings")?,
            ),
            Some(_) => return Err("`paths` is not a list of strings".to_string()),
        },
        model_crates: match record.get("model-crates") {
            None => None,
            Some(toml::Value::Integer(n)) => Some(
                usize::try_from(*n)
                    .ok()
                    .filter(|&n| n >= 1)
                    .ok_or("`model-crates` is not a count from 1")?,
            ),
            Some(_) => return Err("`model-crates` is not a number".to_string()),
        },
    })
}

/// The nearest folder at or above `start` whose `Cargo.toml` has a `[workspace]` table.
pub(crate) fn find_workspace(start: &Path) -> Option<PathBuf> {
    start.ancestors().find_map(|dir| {
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
        manifest
            .lines()
            .any(|l| l.trim() == "[workspace]")
            .then(|| dir.to_path_buf())
    })
}

/// `true` for a version requirement (`0.1`, `^0.1.2`, `=1.0.0-rc.1`) rather than a path.
fn is_version(s: &str) -> bool {
    let s = s.trim_start_matches(['^', '~', '=']);
    s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
}

/// `to` relative to `from` (both absolute and normalized), `/`-separated.
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// `path` as the user would type it: relative to the current directory when inside it.
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    match path.strip_prefix(&cwd) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.display().to_string(),
        _ => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_versions_from_paths() {
        for (arg, version) in [
            ("0.1", true),
            ("^0.1.2", true),
            ("=1.0.0-rc.1", true),
            ("../runtime", false),
            ("runtime", false),
            ("/abs/runtime", false),
            ("1.0/x", false),
        ] {
            assert_eq!(is_version(arg), version, "{arg}");
        }
    }

    #[test]
    fn reads_the_record_relative_to_the_crate() {
        let text = "[package]\nname = \"my-calls\"\n\n\
                    [package.metadata.docspec]\ndocs = \"../docs\"\n\
                    crate-doc = \"../examples/intro.md\"\nruntime = \"^0.1.2\"\n\
                    api-version = \"beta\"\nfeatures-by-area = true\n\
                    paths = [\"/me/messages\"]\nmodel-crates = 4\n";
        let recorded = parse_recorded(text, Path::new("/ws/gen")).unwrap();
        assert_eq!(
            recorded,
            Recorded {
                crate_name: Some("my-calls".into()),
                docs: Some(PathBuf::from("/ws/docs")),
                crate_doc: Some(PathBuf::from("/ws/examples/intro.md")),
                runtime: Some("^0.1.2".into()),
                api_version: Some("beta".into()),
                features_by_area: Some(true),
                paths: Some(vec!["/me/messages".into()]),
                model_crates: Some(4),
            }
        );
        let bare = parse_recorded("[package]\nname = \"x\"\n", Path::new("/ws/gen")).unwrap();
        assert_eq!(bare.crate_name.as_deref(), Some("x"));
        assert_eq!(bare.docs, None);
    }

    #[test]
    fn a_malformed_record_is_an_error_not_a_panic() {
        let out = Path::new("/ws/gen");
        assert!(parse_recorded("[package", out).is_err());
        assert!(parse_recorded("[package.metadata]\ndocspec = 3\n", out).is_err());
        let err = parse_recorded("[package.metadata.docspec]\ndocs = 1\n", out).unwrap_err();
        assert!(err.contains("`docs`"), "{err}");
        let err = parse_recorded("[package.metadata.docspec]\npaths = [1]\n", out).unwrap_err();
        assert!(err.contains("`paths`"), "{err}");
    }

    #[test]
    fn relative_paths_walk_up_then_down() {
        assert_eq!(
            relative(Path::new("/ws/generated"), Path::new("/ws/runtime")),
            "../runtime"
        );
        assert_eq!(
            relative(Path::new("/ws/a/b"), Path::new("/ws/runtime")),
            "../../runtime"
        );
        assert_eq!(
            relative(Path::new("/ws"), Path::new("/ws/runtime")),
            "runtime"
        );
        assert_eq!(
            lexical_clean(Path::new("/ws/x/../gen/.")),
            Path::new("/ws/gen")
        );
    }
}
