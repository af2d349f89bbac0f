//! The front end: paths on disk in, one resolved [`Api`] per version out.
//!
//! Everything that knows about files and versions lives here, so that the stages after it
//! (resolve, emit, mock, contract) take a model and nothing else, and the shells (the `docspec`
//! CLI, [`crate::build_script`], the `api!` macro) make one call:
//! - [`files`]: which markdown files the given paths hold, relative to one root, never leaving
//!   it through a symbolic link;
//! - [`version`]: which version a file belongs to (from its path), and which version a caller
//!   gets when it names none ([`Loaded::api`]);
//! - [`read`]: reading and parsing every page in parallel, and the pipeline that resolves one
//!   version while the next is read.

pub mod files;
mod read;
pub mod version;

pub use read::{read_pages, ReadPages};
pub use version::NoSuchApi;

use crate::diag::Diagnostic;
use crate::model::Api;
use crate::parse::outline::Outline;
use std::path::{Path, PathBuf};

/// The result of [`load`]: one [`Api`] per version found, every diagnostic, and every file read.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// One API per version (`v1.0`, `beta`, or a single unversioned one), sorted by version.
    pub apis: Vec<Api>,
    /// Diagnostics of every page and of resolution, sorted (see [`crate::diag::sort`]).
    pub diagnostics: Vec<Diagnostic>,
    /// The markdown files read, as given paths joined with their relative names, sorted.
    /// Build scripts and the macro use it to rerun when a page changes.
    pub files: Vec<PathBuf>,
    /// The folder diagnostics' `file` fields are relative to.
    pub root: PathBuf,
    /// What each page read says about itself beyond the model (anchors, links, metadata
    /// keys), sorted by file: what `docspec lint` checks the docs tree with. Empty unless
    /// loaded with [`load_for_lint`].
    pub pages: Vec<Outline>,
}

impl Loaded {
    /// The API of `version` (`v1.0`, `beta`), or with `None` the one a caller gets by default:
    /// `v1.0` if present (the stable surface), else the first of [`Loaded::apis`]. This is the
    /// only place that chooses; the CLI, build scripts and the macro all ask it.
    pub fn api(&self, version: Option<&str>) -> Result<&Api, NoSuchApi> {
        version::choose(&self.apis, version)
    }
}

/// Reads every markdown page under `paths` (folders recursively, in parallel), parses each on its
/// own and resolves them into one [`Api`] per version. Never fails: unreadable files (`DS0101`)
/// and missing paths (`DS0103`) are diagnostics like any other. Diagnostics' files are relative
/// to [`Loaded::root`], the deepest folder containing every path.
/// [`Loaded::pages`] is left empty: see [`load_for_lint`].
pub fn load(paths: &[impl AsRef<Path>]) -> Loaded {
    let given: Vec<&Path> = paths.iter().map(AsRef::as_ref).collect();
    read::load(&given, false)
}

/// [`load`], keeping every page's outline (anchors, links, metadata keys) in
/// [`Loaded::pages`]: what [`crate::lint::lint`] checks links, orphans and keys with. Only
/// lint needs it, and recording it costs about a tenth of the parse, so other loads skip it.
pub fn load_for_lint(paths: &[impl AsRef<Path>]) -> Loaded {
    let given: Vec<&Path> = paths.iter().map(AsRef::as_ref).collect();
    read::load(&given, true)
}

#[cfg(test)]
mod tests;
