//! The integration tests of docspec-codegen, in one test binary: one module per area, so the
//! library and its dev-dependencies are linked once rather than once per file.
//!
//! Run one area with a filter on its module path, e.g.
//! `cargo test -p docspec-codegen --test it contract_docs::`.
//!
//! Two areas have binaries of their own: `corpus_v1` (the long whole-corpus tests, so they can
//! be run alone or left out) and `emit_build_script` (it sets a process-wide variable).
//!
//! Tests here run on parallel threads of one process. None may change the environment or the
//! current folder (pass them to the child process instead). Each writes under a folder of
//! `CARGO_TARGET_TMPDIR` named after its module, or in a temporary folder of its own; the
//! crates `emit_compile`, `emit_contract`, `emit_features` and `golden_calls_2018` check
//! there share one target dir (with `corpus_v1`'s), and cargo's lock on it makes their checks
//! take turns (`support/scratch_crate.rs`). Goldens are checked with `expectorate`
//! (`support/golden.rs`): `EXPECTORATE=overwrite` rewrites them.

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Shared helpers, used by the modules below as `crate::corpus` and so on.
#[path = "../support/calls_2018.rs"]
mod calls_2018;
#[path = "../support/corpus.rs"]
mod corpus;
#[path = "../support/csdl_score.rs"]
mod csdl_score;
#[path = "../fixtures/support.rs"]
mod fixtures;
#[path = "../support/golden.rs"]
mod golden;
#[path = "../support/scratch_crate.rs"]
mod scratch_crate;

mod contract_calls_2018;
mod contract_docs;
mod contract_values;
mod corpus_resources;
mod diag_severity;
mod e2e_calls_2018;
mod emit_bad_input;
mod emit_cli;
mod emit_compile;
mod emit_contract;
mod emit_features;
mod emit_models;
mod emit_requests;
mod fuzz_parse;
mod golden_calls_2018;
mod lint;
mod mock_batch;
mod mock_docs;
mod mock_links;
mod mock_server;
mod mock_upload;
mod openapi;
mod parse_api;
mod parse_corpus;
mod parse_doc;
mod parse_page;
mod parse_translated;
mod score_csdl;
mod staleness;
