//! Every page of the corpus: no panic, API pages yield endpoints, unknown pages say why.
//!
//! Prints the figures (pages per kind, endpoint yield, diagnostics per code) so a change in
//! parsing quality shows up in the test output.

use crate::corpus;

use docspec_codegen::parse::doc::Document;
use docspec_codegen::parse::{is_http_request_heading, parse_page, PageKind, ParsedPage};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

/// The page's name relative to its docs root: the folder holding `api/` and `resources/`.
fn relative(path: &Path, corpus: &Path) -> String {
    let rel: Vec<String> = path
        .strip_prefix(corpus)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let start = rel
        .iter()
        .rposition(|c| c == "api" || c == "resources")
        .unwrap_or(0);
    rel[start..].join("/")
}

struct Outcome {
    path: PathBuf,
    page: Option<ParsedPage>,
    has_http_section: bool,
}

#[test]
fn whole_corpus() {
    let Some(root) = corpus::dir("") else {
        return;
    };
    let mut files = Vec::new();
    markdown_files(&root, &mut files);
    files.sort();
    files.retain(|f| f.file_name().is_some_and(|n| n != "README.md"));
    assert!(
        files.len() > 1000,
        "corpus looks incomplete: {} files",
        files.len()
    );
    let outcomes: Vec<Outcome> = files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).expect("readable corpus file");
            let rel = relative(path, &root);
            let page = std::panic::catch_unwind(|| parse_page(&rel, &bytes)).ok();
            let text = String::from_utf8_lossy(&bytes);
            let has_http_section = Document::parse(&rel, &text)
                .find_section(is_http_request_heading)
                .is_some();
            Outcome {
                path: path.clone(),
                page,
                has_http_section,
            }
        })
        .collect();

    let panicked: Vec<_> = outcomes.iter().filter(|o| o.page.is_none()).collect();
    assert!(
        panicked.is_empty(),
        "parse_page panicked on: {:?}",
        panicked.iter().map(|o| &o.path).collect::<Vec<_>>()
    );

    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    let (mut api, mut with_path) = (0usize, 0usize);
    let mut failures = Vec::new();
    let mut silent_other = Vec::new();
    let (mut examples, mut paired, mut responses_with_status) = (0usize, 0usize, 0usize);
    for o in &outcomes {
        let Some(p) = &o.page else { continue };
        *kinds.entry(format!("{:?}", p.kind)).or_default() += 1;
        for d in &p.diagnostics {
            *codes.entry(d.code.clone()).or_default() += 1;
        }
        if p.kind == PageKind::Other && !p.diagnostics.iter().any(|d| d.code == "DS0204") {
            silent_other.push(o.path.clone());
        }
        if p.kind == PageKind::Api && o.has_http_section {
            api += 1;
            match &p.endpoint {
                Some(e) if !e.paths.is_empty() => {
                    with_path += 1;
                    examples += e.examples.len();
                    paired += e
                        .examples
                        .iter()
                        .filter(|x| x.request.is_some() && x.response.is_some())
                        .count();
                    if !e.responses.is_empty() {
                        responses_with_status += 1;
                    }
                }
                _ => failures.push(o.path.clone()),
            }
        }
    }
    let ratio = if api == 0 {
        0.0
    } else {
        with_path as f64 / api as f64
    };
    println!("pages: {} {kinds:?}", outcomes.len());
    println!(
        "API pages with an HTTP request section: {api}; with >= 1 path: {with_path} ({:.2}%)",
        ratio * 100.0
    );
    println!(
        "endpoints with a documented status: {responses_with_status}; examples: {examples}, paired: {paired}"
    );
    println!("diagnostics per code: {codes:?}");
    for f in failures.iter().take(20) {
        println!("no path: {}", f.display());
    }
    // DOCSPEC_DUMP_DIAGS=FILE writes every diagnostic, one per line, for studying them.
    if let Ok(dump) = std::env::var("DOCSPEC_DUMP_DIAGS") {
        let mut lines = String::new();
        for o in &outcomes {
            for d in o.page.iter().flat_map(|p| &p.diagnostics) {
                lines.push_str(&format!("{} {} {}\n", d.code, d.location(), d.message));
            }
        }
        std::fs::write(dump, lines).expect("dump written");
    }
    assert!(
        silent_other.is_empty(),
        "Other pages without DS0204: {silent_other:?}"
    );
    assert!(api > 0);
    assert!(
        ratio >= 0.99,
        "only {:.2}% of API pages yield a path",
        ratio * 100.0
    );
}
