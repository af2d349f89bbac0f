//! The architecture, held by tests (as rust-analyzer's `tidy` does): `ARCHITECTURE.md` states
//! the layers and the limits, these tests fail when the code stops matching it.
//!
//! They read this crate's own sources, so they run wherever `cargo test` does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each top-level module of the library and the modules it may name (`crate::x`). Data flows
/// down this table: a module never names one that is not listed for it. The shells
/// (`build_script`, the `docspec` binary) may use everything and are not listed.
const LAYERS: &[(&str, &[&str])] = &[
    // The vocabulary every stage shares.
    ("model", &[]),
    ("diag", &["model"]),
    ("route", &["model", "diag"]),
    // Markdown in, one page at a time.
    ("parse", &["model", "diag", "route"]),
    // Pages of one version in, one model out; never a file.
    ("resolve", &["model", "diag", "route", "parse"]),
    // The front end: files and versions.
    ("load", &["model", "diag", "route", "parse", "resolve"]),
    // A model in, code out: never markdown, never a file.
    ("emit", &["model", "diag", "route"]),
    // A model in, an OpenAPI document out: never markdown, never a file.
    ("openapi", &["model", "diag", "route"]),
    // Does a JSON value fit a model type?
    ("validate", &["model", "diag"]),
    // A model in, a server out.
    ("mock", &["model", "diag", "route", "validate"]),
    // A model and a generated client in, a report out.
    ("contract", &["model", "diag", "route", "validate", "mock"]),
    // A loaded tree in, every finding about it out: never a file.
    (
        "lint",
        &["model", "diag", "route", "parse", "load", "contract"],
    ),
    ("build_script", &["model", "diag", "load", "emit"]),
];

/// Non-test lines a source file may have before it must be split by job (STYLE.md: "small
/// files that each do one thing").
const MAX_LINES: usize = 700;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every source file of the library and the binary: its path relative to `src/` and its text.
fn sources() -> Vec<(PathBuf, String)> {
    let root = src();
    rust_files(&root)
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).unwrap();
            (file.strip_prefix(&root).unwrap().to_path_buf(), text)
        })
        .collect()
}

/// The part of a file before its unit tests (`#[cfg(test)]` modules sit at the end).
fn product_code(text: &str) -> &str {
    text.split("#[cfg(test)]").next().unwrap_or("")
}

/// The top-level module a file belongs to (`parse` for `src/parse/doc/mod.rs`, `model` for
/// `src/model.rs`); `None` for the crate root and the binary.
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    match first {
        "lib.rs" | "bin" => None,
        f => Some(f.trim_end_matches(".rs").to_string()),
    }
}

/// The code of `text`: line comments (doc comments included) dropped, so that a doc link to
/// another layer does not count as a use of it.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap_or("")))
}

/// The modules named as `crate::x` in `line`.
fn crate_paths(line: &str) -> Vec<&str> {
    line.match_indices("crate::")
        .filter(|(at, _)| {
            // `docspec_crate::` or `$crate::` are not this crate's paths.
            !line[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$')
        })
        .filter_map(|(at, m)| {
            let rest = &line[at + m.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let name = &rest[..end];
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

#[test]
fn every_module_names_only_the_layers_below_it() {
    let layers: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    let mut broken = Vec::new();
    for (rel, text) in sources() {
        let Some(module) = module_of(&rel) else {
            continue;
        };
        if module == "tidy" {
            continue;
        }
        let allowed = layers
            .get(module.as_str())
            .unwrap_or_else(|| panic!("`{module}` is not in tidy's LAYERS: add it"));
        for (line, code) in code_lines(&text) {
            for used in crate_paths(code) {
                // Other names are items of the crate root, or paths inside generated code
                // (`quote!(crate::models::X)`), not layers.
                let layer = layers.contains_key(used);
                if layer && used != module && !allowed.contains(&used) {
                    broken.push(format!(
                        "{}:{line}: `{module}` uses `{used}`",
                        rel.display()
                    ));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "a layer names one above it (ARCHITECTURE.md, Code map):\n{}",
        broken.join("\n")
    );
}

#[test]
fn layers_form_a_table_that_flows_down() {
    // Each module may only name modules listed before it, so the table has no cycle.
    for (i, (module, allowed)) in LAYERS.iter().enumerate() {
        let earlier: Vec<&str> = LAYERS[..i].iter().map(|(m, _)| *m).collect();
        for a in *allowed {
            assert!(
                earlier.contains(a),
                "`{module}` may use `{a}`, listed after it"
            );
        }
    }
}

#[test]
fn only_the_front_end_and_the_shells_touch_files() {
    let mut broken = Vec::new();
    for (rel, text) in sources() {
        let module = module_of(&rel);
        let shell = matches!(
            module.as_deref(),
            None | Some("load" | "build_script" | "tidy")
        );
        if shell || rel.ends_with("tests.rs") {
            continue;
        }
        // Unit tests may use temporary folders.
        for (line, code) in code_lines(product_code(&text)) {
            if code.contains("std::fs") || code.contains("File::") {
                broken.push(format!("{}:{line}", rel.display()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "files read or written outside load: {broken:?}"
    );
}

#[test]
fn source_files_stay_small() {
    let mut big = Vec::new();
    for (rel, text) in sources() {
        let lines = product_code(&text).lines().count();
        if lines > MAX_LINES {
            big.push(format!("{}: {lines} lines", rel.display()));
        }
    }
    assert!(
        big.is_empty(),
        "split these by job (over {MAX_LINES} non-test lines): {big:?}"
    );
}

#[test]
fn the_scanner_sees_uses_and_skips_comments() {
    assert_eq!(crate_paths("use crate::emit::paths;"), ["emit"]);
    assert_eq!(
        crate_paths("a(crate::model::Api, $crate::x, my_crate::y)"),
        ["model"]
    );
    let text = "/// see [`crate::load`]\nuse crate::parse; // crate::emit\n";
    let found: Vec<_> = code_lines(text).flat_map(|(_, c)| crate_paths(c)).collect();
    assert_eq!(found, ["parse"]);
    assert_eq!(
        module_of(Path::new("parse/doc/mod.rs")).as_deref(),
        Some("parse")
    );
    assert_eq!(module_of(Path::new("model.rs")).as_deref(), Some("model"));
    assert_eq!(module_of(Path::new("bin/docspec/main.rs")), None);
}
