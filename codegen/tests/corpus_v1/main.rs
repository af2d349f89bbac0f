//! The long whole-corpus tests: the whole Graph v1.0 reference (July 2021), and the whole
//! beta reference, through the real `docspec` binary, then built with cargo in scratch
//! workspaces of their own. A binary apart from `it` because they take minutes where the rest
//! take seconds, so that they can be run alone (`cargo test -p docspec-codegen --test
//! corpus_v1`, or one of them with a filter such as `--test corpus_v1 features_v1::`) or left
//! out (`--test it`).
//!
//! The tests run on parallel threads of this process; each generates under its own folder of
//! `CARGO_TARGET_TMPDIR` (`contract_v1/`, `contract_beta/`, `features_v1/`). The two replays
//! build in `contract_target/` (their runners have the same dependencies, built once; cargo
//! builds one runner at a time there); `features_v1` checks in the target dir where `it`
//! checks its crates (`scratch_crate::check_target`), whose dependencies are then checked
//! already.

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Shared helpers, used by the modules below as `crate::v1` and so on.
#[path = "../support/corpus.rs"]
mod corpus;
#[path = "../support/scratch_crate.rs"]
mod scratch_crate;
#[path = "../support/v1.rs"]
mod v1;

mod contract_v1;
mod features_v1;
