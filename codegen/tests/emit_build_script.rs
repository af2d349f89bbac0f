//! `build_script::write_to_out_dir`, as a build script calls it.
//!
//! A test binary of its own, not a module of `it`: `write_to_out_dir` reads `OUT_DIR` from
//! the environment, so this test sets it, and the environment is process-wide. Among the
//! tests of `it`, on parallel threads, setting it would race with every other thread that
//! reads the environment (in Rust or in C: DNS lookups, time zones, child processes). Keep
//! this binary to this one test.

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use docspec_codegen::build_script;
use docspec_codegen::emit::Options;
use docspec_codegen::Severity;
use std::path::{Path, PathBuf};

#[test]
fn writes_one_includable_file_and_fails_on_errors_the_selection_reaches() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("emit_build_script");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::env::set_var("OUT_DIR", &out_dir);

    let path = build_script::write_to_out_dir(&docs, "graph.rs", &Options::default())
        .unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(path, out_dir.join("graph.rs"));
    let text = std::fs::read_to_string(&path).unwrap();
    let file = syn::parse_file(&text).expect("valid Rust");
    // `include!` rejects inner attributes and inner doc comments.
    assert!(file.attrs.is_empty());
    assert!(text.contains("pub fn create_participant("));
    assert!(text.contains("pub struct Participant"));

    let bad = Options {
        selection: Some(vec!["not_an_endpoint".to_string()]),
        ..Options::default()
    };
    let err = build_script::write_to_out_dir(&docs, "bad.rs", &bad).unwrap_err();
    assert!(err.iter().any(|d| d.code == "DS0701"), "{err:#?}");
    assert!(!out_dir.join("bad.rs").exists());

    // An error in one page (invalid example JSON in `participant-mute.md`) fails the build
    // script like the compiler would, unless the selection does not use that page.
    let broken = broken_docs(&docs);
    let err =
        build_script::write_to_out_dir(&broken, "broken.rs", &Options::default()).unwrap_err();
    let errors: Vec<_> = err
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{err:#?}");
    assert_eq!(
        (errors[0].code.as_str(), errors[0].file.as_str()),
        ("DS0305", "api/participant-mute.md")
    );
    assert!(!out_dir.join("broken.rs").exists());
    let elsewhere = Options {
        selection: Some(vec!["create_participant".to_string()]),
        ..Options::default()
    };
    build_script::write_to_out_dir(&broken, "elsewhere.rs", &elsewhere)
        .unwrap_or_else(|d| panic!("the broken page is not selected: {d:#?}"));
    let muted = Options {
        selection: Some(vec!["mute_participant".to_string()]),
        ..Options::default()
    };
    assert!(build_script::write_to_out_dir(&broken, "muted.rs", &muted).is_err());
}

/// A copy of `docs` whose `participant-mute.md` request example is not JSON.
fn broken_docs(docs: &Path) -> PathBuf {
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join("emit_build_script/broken-docs");
    let _ = std::fs::remove_dir_all(&copy);
    for sub in ["api", "resources"] {
        std::fs::create_dir_all(copy.join(sub)).unwrap();
        for entry in std::fs::read_dir(docs.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, copy.join(sub).join(path.file_name().unwrap())).unwrap();
        }
    }
    let page = copy.join("api/participant-mute.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let broken = text.replacen("\"mute-request-0042\"", "mute-request-0042", 1);
    assert_ne!(broken, text);
    std::fs::write(&page, broken).unwrap();
    copy
}
