//! How long `api!` takes to expand, against the time `docspec_codegen::load` alone takes in
//! the same run (the floor: the macro must read the docs). Prints figures; asserts nothing.
//!
//! `cargo bench -p docspec-macros --bench expand`. The corpus case is skipped with a notice
//! when `../shared/corpus` is absent (it fails under `DOCSPEC_REQUIRE_CORPUS=1`).

// A proc-macro crate exports only macros, so the bench compiles the expansion's modules itself.
#![allow(dead_code)]
#[path = "../src/expand.rs"]
mod expand;
#[path = "../src/settings.rs"]
mod settings;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let workspace = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    println!("expansion time (median), against load() alone in the same run");
    case(&workspace, "docs/ (everything)", "docs", None, 20);
    case(
        &workspace,
        "docs/ (create_participant)",
        "docs",
        Some("create_participant"),
        20,
    );
    let corpus = workspace.join("../shared/corpus/graph-2021-07/api-reference/v1.0");
    if corpus.is_dir() {
        let docs = "../shared/corpus/graph-2021-07/api-reference/v1.0";
        case(
            &workspace,
            "corpus v1.0 (user-get)",
            docs,
            Some("user-get"),
            3,
        );
    } else if std::env::var_os("DOCSPEC_REQUIRE_CORPUS").is_some_and(|v| v == "1") {
        eprintln!("corpus not found at {}", corpus.display());
        std::process::exit(1);
    } else {
        println!(
            "corpus not found at {}; skipping its case",
            corpus.display()
        );
    }
}

fn case(workspace: &Path, label: &str, docs: &str, endpoint: Option<&str>, runs: usize) {
    let selection = endpoint
        .map(|e| format!(", endpoints = [{e:?}]"))
        .unwrap_or_default();
    let mut settings: settings::Settings =
        match syn::parse_str(&format!("docs = {docs:?}{selection}")) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{label}: bad settings: {e}");
                return;
            }
        };
    settings.manifest_dir = workspace.to_path_buf();
    let docs_path = settings.docs_path();
    let load = median(runs, || {
        std::hint::black_box(docspec_codegen::load(&[&docs_path]));
    });
    let mut bytes = 0;
    let mut failed = None;
    let expand = median(runs, || match expand::expand(&settings) {
        Ok(tokens) => bytes = tokens.to_string().len(),
        Err(errors) => failed = errors.first().map(ToString::to_string),
    });
    if let Some(e) = failed {
        println!("{label}: expansion failed: {e}");
        return;
    }
    println!(
        "{label:<30} load {:>9.2} ms   expand {:>9.2} ms   ratio {:>5.2}   ({bytes} bytes of tokens)",
        ms(load),
        ms(expand),
        expand.as_secs_f64() / load.as_secs_f64().max(f64::EPSILON)
    );
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
