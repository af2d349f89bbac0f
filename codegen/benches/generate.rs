//! Generates the whole Graph v1.0 client (`emit::crate_files`, every endpoint and type, code
//! formatted) from a model loaded once, and in the same run times two baselines over the
//! same model: serializing it to JSON (`serde_json::to_string`, the cheapest full walk of
//! the model) and loading it from markdown. Prints the median of each, the ratios, and the
//! output size. Target: generation under 1 s (the files are formatted on all cores, see
//! `emit::render`). Also times the crate with features by area (`--features-by-area`), whose
//! gates are put on every item, and prints the peak memory after the load and after the
//! first generation. No assertion: timings depend on the machine.
//!
//! `cargo bench -p docspec-codegen --bench generate`

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/support/corpus.rs"]
mod corpus;
#[path = "../tests/support/peak_memory.rs"]
mod peak_memory;

use docspec_codegen::emit::{self, Options};
use std::time::{Duration, Instant};

// The allocator of the `docspec` binary: the benchmark measures what the CLI does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 5;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs.get(runs.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let Some(docs) = corpus::dir_or_exit("graph-2021-07/api-reference/v1.0") else {
        return;
    };
    let started = Instant::now();
    let loaded = docspec_codegen::load(&[&docs]);
    let load = started.elapsed();
    let after_load = peak_memory::so_far();
    let Ok(api) = loaded.api(None) else {
        eprintln!("no API in {}", docs.display());
        return;
    };
    let opts = Options {
        crate_name: "graph-v1".to_string(),
        ..Options::default()
    };

    let by_area_opts = Options {
        features_by_area: true,
        ..opts.clone()
    };
    let mut generate = Vec::new();
    let mut by_area = Vec::new();
    let mut tokens = Vec::new();
    let mut json = Vec::new();
    let (mut bytes, mut lines, mut json_bytes) = (0, 0, 0);
    // Interleaved, so drift (thermal, other processes) hits both sides alike.
    let mut after_generate = String::new();
    for run in 0..RUNS {
        let started = Instant::now();
        let generated = emit::crate_files(api, &opts);
        generate.push(started.elapsed());
        if run == 0 {
            // Before anything else is made (`emit::tokens` holds all its items at once).
            after_generate = peak_memory::so_far();
        }
        bytes = generated.files.values().map(String::len).sum::<usize>();
        lines = generated.files.values().map(|t| t.lines().count()).sum();

        let started = Instant::now();
        std::hint::black_box(emit::crate_files(api, &by_area_opts));
        by_area.push(started.elapsed());

        // The macro's items as one token stream, unformatted (the crate's without its
        // `contract` module): about what formatting costs on top.
        let started = Instant::now();
        std::hint::black_box(emit::tokens(api, &opts));
        tokens.push(started.elapsed());

        let started = Instant::now();
        let text = serde_json::to_string(api).unwrap_or_default();
        json.push(started.elapsed());
        json_bytes = text.len();
    }
    let (generate, by_area, tokens, json) = (
        median(generate),
        median(by_area),
        median(tokens),
        median(json),
    );
    println!(
        "v1.0 model: {} endpoints, {} types (load from markdown: {load:.2?})",
        api.endpoints.len(),
        api.types.len()
    );
    println!(
        "emit::crate_files: {generate:.2?} median of {RUNS} -> {lines} lines, {} KB (target < 1 s)",
        bytes / 1024
    );
    println!("emit::crate_files with features by area: {by_area:.2?}");
    println!("  of which emit::tokens (no files, no formatting): {tokens:.2?}");
    println!(
        "baseline serde_json::to_string(model): {json:.2?} -> {} KB; generation/baseline = {:.1}x",
        json_bytes / 1024,
        generate.as_secs_f64() / json.as_secs_f64().max(1e-9)
    );
    println!(
        "generation/load = {:.2}x",
        generate.as_secs_f64() / load.as_secs_f64().max(1e-9)
    );
    println!(
        "peak memory (VmHWM): {after_load} after the load, {after_generate} after the first \
         emit::crate_files"
    );
}
