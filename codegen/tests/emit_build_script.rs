//! `emit::write_to_out_dir`, as a build script calls it. One test per binary: it sets
//! `OUT_DIR`, which is process-wide.

use docspec_codegen::emit::{self, Options};
use std::path::Path;

#[test]
fn writes_one_includable_file_and_reports_errors_instead() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("emit_build_script");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::env::set_var("OUT_DIR", &out_dir);

    let path = emit::write_to_out_dir(&docs, "graph.rs", &Options::default())
        .unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(path, out_dir.join("graph.rs"));
    let text = std::fs::read_to_string(&path).unwrap();
    let file = syn::parse_file(&text).expect("valid Rust");
    // `include!` rejects inner attributes and inner doc comments.
    assert!(file.attrs.is_empty());
    assert!(text.contains("pub async fn create_participant("));
    assert!(text.contains("pub struct Participant"));

    let bad = Options {
        selection: Some(vec!["not_an_endpoint".to_string()]),
        ..Options::default()
    };
    let err = emit::write_to_out_dir(&docs, "bad.rs", &bad).unwrap_err();
    assert!(err.iter().any(|d| d.code == "DS0701"), "{err:#?}");
    assert!(!out_dir.join("bad.rs").exists());
}
