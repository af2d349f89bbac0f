//! Resource and enum pages of the real Graph docs: coverage over the whole corpus, and goldens
//! for a few hard pages. Skipped with a notice when the corpus is absent (fails instead when
//! `DOCSPEC_REQUIRE_CORPUS=1`).
//!
//! Goldens show names and types only, never the docs' sentences (the corpus is not ours to copy).

use crate::corpus;
use crate::golden;

use docspec_codegen::model::{TypeDef, TypeKind, TypeRef};
use docspec_codegen::parse::{parse_page, PageKind};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Whether the markdown has a `## Properties` section holding a table with a `Type` column,
/// read independently of the parser (a plain line scan) so the coverage figure is not circular.
fn has_properties_table(text: &str) -> bool {
    let mut in_properties = false;
    for line in text.lines() {
        let t = line.trim();
        if let Some(h) = t.strip_prefix("## ") {
            in_properties = h.trim().eq_ignore_ascii_case("properties");
        } else if in_properties && t.starts_with('|') {
            let cells: Vec<String> = t
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_ascii_lowercase())
                .collect();
            if cells.iter().any(|c| c == "type") {
                return true;
            }
        }
    }
    false
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "md"));
    files.sort();
    files
}

#[test]
fn resource_pages_with_a_properties_table_yield_a_type() {
    let Some(corpus) = corpus::dir("") else {
        return;
    };
    let base = corpus.join("graph-2021-07/api-reference");
    let mut files = markdown_files(&base.join("v1.0/resources"));
    files.extend(markdown_files(&base.join("beta/resources")));
    let results: Vec<(String, bool)> = files
        .par_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).ok()?;
            if !has_properties_table(&String::from_utf8_lossy(&bytes)) {
                return None;
            }
            let rel = path
                .strip_prefix(&base)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            let page = parse_page(&rel, &bytes);
            let ok = page
                .types
                .iter()
                .any(|t| t.kind != TypeKind::Enum && !t.properties.is_empty());
            Some((rel, ok))
        })
        .collect();
    let yielded = results.iter().filter(|(_, ok)| *ok).count();
    let pct = 100.0 * yielded as f64 / results.len().max(1) as f64;
    let failures: Vec<&str> = results
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(f, _)| f.as_str())
        .collect();
    println!(
        "resource pages with a properties table yielding a type: {pct:.2}% ({yielded}/{}); without: {:?}",
        results.len(),
        failures.iter().take(20).collect::<Vec<_>>()
    );
    assert!(
        results.len() > 3000,
        "the corpus should have thousands of such pages"
    );
    assert!(pct >= 98.0, "{pct:.2}% < 98%");
}

fn show_ref(t: &TypeRef) -> String {
    let mut s = if t.collection {
        format!("[{}]", t.name)
    } else {
        t.name.clone()
    };
    if let Some(link) = &t.link {
        let _ = write!(s, " -> {link}");
    }
    s
}

/// Names and types only: no descriptions.
fn render(types: &[TypeDef]) -> String {
    let mut o = String::new();
    for t in types {
        let kind = match t.kind {
            TypeKind::Entity => "entity",
            TypeKind::Complex => "complex",
            TypeKind::Enum => "enum",
        };
        let _ = write!(o, "{kind} {}", t.name);
        if let Some(ns) = &t.namespace {
            let _ = write!(o, " ns={ns}");
        }
        if let Some(b) = &t.base_type {
            let _ = write!(o, " base={b}");
        }
        if let Some(k) = &t.key_property {
            let _ = write!(o, " key={k}");
        }
        if t.is_abstract {
            o.push_str(" abstract");
        }
        if t.open_type {
            o.push_str(" open");
        }
        let _ = writeln!(o, " ({}:{})", t.source.file, t.source.line);
        for p in &t.properties {
            let nav = if p.navigation { "nav " } else { "" };
            let _ = writeln!(
                o,
                "  {nav}{}: {} (line {})",
                p.name,
                show_ref(&p.ty),
                p.source.line
            );
        }
        for m in &t.members {
            match m.value {
                Some(v) => {
                    let _ = writeln!(o, "  | {} = {v}", m.name);
                }
                None => {
                    let _ = writeln!(o, "  | {}", m.name);
                }
            }
        }
    }
    o
}

/// Parses one corpus page and renders its kind, types and diagnostic codes.
fn golden_of(corpus: &Path, rel: &str) -> String {
    let path = corpus.join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let page = parse_page(rel, &bytes);
    let codes: Vec<String> = page
        .diagnostics
        .iter()
        .map(|d| format!("{}@{}", d.code, d.line))
        .collect();
    format!(
        "kind: {:?}\ndiagnostics: {codes:?}\n{}",
        page.kind,
        render(&page.types)
    )
}

#[test]
fn golden_pages() {
    let Some(corpus) = corpus::dir("") else {
        return;
    };
    let pages = [
        ("participant_2018", "calls-2018/resources/participant.md"),
        ("call_2021", "graph-2021-07/api-reference/v1.0/resources/call.md"),
        ("todo_base_and_relationships", "graph-2021-07/api-reference/v1.0/resources/todo.md"),
        (
            "authenticator_target_inline_enums",
            "graph-2021-07/api-reference/v1.0/resources/microsoftauthenticatorauthenticationmethodtarget.md",
        ),
        (
            "enum_page",
            "graph-2021-07/api-reference/v1.0/resources/intune-apps-managedappavailability.md",
        ),
        ("enums_callrecords_aggregate", "graph-2021-07/api-reference/v1.0/resources/enums-callrecords.md"),
    ];
    for (name, rel) in pages {
        golden::assert_snapshot(
            &format!("corpus_resources__{name}.txt"),
            &golden_of(&corpus, rel),
        );
    }
}

#[test]
fn enums_aggregate_page() {
    let Some(corpus) = corpus::dir("") else {
        return;
    };
    let rel = "graph-2021-07/api-reference/v1.0/resources/enums.md";
    let bytes = std::fs::read(corpus.join(rel)).expect("enums.md");
    let page = parse_page(rel, &bytes);
    assert_eq!(page.kind, PageKind::Enums);
    // Every `x values` heading with a member table is an enum; compare against a line scan.
    let text = String::from_utf8_lossy(&bytes);
    let headings = text
        .lines()
        .filter(|l| l.starts_with('#') && l.trim_end().to_ascii_lowercase().ends_with(" values"))
        .count();
    assert!(
        page.types.len() >= headings - 2,
        "{} enums for {headings} headings",
        page.types.len()
    );
    assert!(page
        .types
        .iter()
        .all(|t| t.kind == TypeKind::Enum && !t.members.is_empty()));
    let summary: String = page
        .types
        .iter()
        .map(|t| {
            format!(
                "{}: {}\n",
                t.name,
                t.members
                    .iter()
                    .map(|m| m.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        })
        .collect();
    golden::assert_snapshot("corpus_resources__enums_md_aggregate.txt", &summary);
}

#[test]
fn intune_split_type_merges() {
    let Some(corpus) = corpus::dir("") else {
        return;
    };
    let dir = corpus.join("graph-2021-07/api-reference/v1.0/resources");
    let pages: Vec<PathBuf> = markdown_files(&dir)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("intune-") && n.ends_with("-devicemanagement.md"))
        })
        .collect();
    assert!(
        pages.len() >= 5,
        "the Intune deviceManagement pages: {}",
        pages.len()
    );
    // Loaded with the whole folder so the linked types resolve.
    let loaded = docspec_codegen::load(&[dir.parent().expect("v1.0 folder")]);
    let api = &loaded.apis[0];
    let dm = api
        .type_named("deviceManagement")
        .expect("deviceManagement");
    // Each page contributes its area's properties; the merge keeps them all.
    let per_page: Vec<usize> = pages
        .iter()
        .map(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let rel = format!("resources/{name}");
            dm.properties
                .iter()
                .filter(|q| q.source.file == rel)
                .count()
        })
        .collect();
    assert!(
        per_page.iter().filter(|&&n| n > 0).count() >= 5,
        "{per_page:?}"
    );
    let names: Vec<String> = dm
        .properties
        .iter()
        .map(|p| format!("{} {}: {}", p.source.file, p.name, show_ref(&p.ty)))
        .collect();
    golden::assert_snapshot(
        "corpus_resources__intune_devicemanagement_merged.txt",
        &names.join("\n"),
    );
}
