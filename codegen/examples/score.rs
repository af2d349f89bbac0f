//! Prints how faithfully the graph-2021-07 v1.0 docs are parsed, scored against Graph's CSDL
//! (the oracle of `tests/it/score_csdl.rs`):
//! `cargo run -p docspec-codegen --example score --release`.
//! Pass a number to show that many examples per mismatch reason (default 8), and
//! `--dump FILE` to also write the parsed model as JSON (to study a mismatch).

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/support/corpus.rs"]
mod corpus;
#[path = "../tests/support/csdl_score.rs"]
mod csdl_score;

use std::time::Instant;

fn main() {
    let Some(corpus) = corpus::dir("") else {
        return;
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let detail = args.iter().find_map(|a| a.parse().ok()).unwrap_or(8);
    let dump = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1));
    let started = Instant::now();
    let loaded = docspec_codegen::load(&[corpus.join("graph-2021-07/api-reference/v1.0")]);
    let elapsed = started.elapsed();
    let csdl = csdl_score::read_csdl(&corpus.join("graph-2021-07/metadata/v1.0-clean.csdl.xml"));
    let Some(api) = loaded.apis.first() else {
        eprintln!("no API was loaded");
        std::process::exit(1);
    };
    if let Some(path) = dump {
        let json = serde_json::to_string_pretty(api).unwrap_or_default();
        if let Err(e) = std::fs::write(path, json) {
            eprintln!("cannot write {path}: {e}");
        }
    }
    let docs = csdl_score::DocsText::read(&corpus.join("graph-2021-07/api-reference/v1.0"));
    let score = csdl_score::score(api, &csdl, &docs);
    println!(
        "graph-2021-07 v1.0: {} files, {} types, {} endpoints, {} diagnostics, loaded in {:.2?}\n",
        loaded.files.len(),
        api.types.len(),
        api.endpoints.len(),
        loaded.diagnostics.len(),
        elapsed
    );
    print!("{}", score.report(detail));
    print!("{}", csdl_score::absence_report(&score, &docs));
}
