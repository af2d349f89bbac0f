//! docspec-codegen: Graph-convention markdown API docs in, typed Rust clients out.
//!
//! The pipeline flows one way (see `ARCHITECTURE.md`):
//! markdown -> [`parse`] (one page at a time) -> [`resolve`] (a folder into one [`model::Api`])
//! -> [`emit`] (tokens, then formatted files). The CLI, `build.rs` use and the proc macros are
//! thin shells over [`load`] and [`emit`].

#[cfg(feature = "mock")]
pub mod contract;
pub mod diag;
pub mod emit;
#[cfg(feature = "mock")]
pub mod mock;
pub mod model;
pub mod parse;
pub mod resolve;
pub mod route;

pub use diag::{Diagnostic, Severity};
pub use model::Api;

use std::path::{Path, PathBuf};

/// The result of [`load`]: one [`Api`] per version found, every diagnostic, and every file read.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// One API per version (`v1.0`, `beta`, or a single unversioned one), sorted by version.
    pub apis: Vec<Api>,
    /// Diagnostics of every page and of resolution, sorted (see [`diag::sort`]).
    pub diagnostics: Vec<Diagnostic>,
    /// The markdown files read, as given paths joined with their relative names, sorted.
    /// Build scripts and the macro use it to rerun when a page changes.
    pub files: Vec<PathBuf>,
    /// The folder diagnostics' `file` fields are relative to.
    pub root: PathBuf,
}

/// Reads every markdown page under `paths` (folders recursively, in parallel), parses each on its
/// own and resolves them into one [`Api`] per version. Never fails: unreadable files (`DS0101`)
/// and missing paths (`DS0103`) are diagnostics like any other. Diagnostics' files are relative
/// to [`Loaded::root`], the deepest folder containing every path.
pub fn load(paths: &[impl AsRef<Path>]) -> Loaded {
    let given: Vec<&Path> = paths.iter().map(AsRef::as_ref).collect();
    resolve::read::load(&given)
}
