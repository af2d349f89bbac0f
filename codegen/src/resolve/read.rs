//! Reading and parsing every page under the given paths, in parallel: the first half of
//! [`crate::load`], exposed on its own for tools that want the pages too (`docspec stats`).

use super::files;
use crate::diag::{self, codes, Diagnostic};
use crate::parse::{self, ParsedPage};
use crate::Loaded;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every page read, before resolution.
#[derive(Clone, Debug, Default)]
pub struct ReadPages {
    /// The folder the pages' `file`s are relative to.
    pub root: PathBuf,
    /// The files read, as the given paths joined with their relative names, sorted.
    pub files: Vec<PathBuf>,
    /// The parsed pages, in the order of `files`. Their own diagnostics have been moved to
    /// `diagnostics`.
    pub pages: Vec<ParsedPage>,
    /// Missing paths, unreadable files, and every page's diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses the markdown under `paths` (see [`crate::load`]).
pub fn read_pages(paths: &[&Path]) -> ReadPages {
    let (root, found, mut diagnostics) = files::collect(paths);
    let read: Vec<Result<ParsedPage, Diagnostic>> = found
        .par_iter()
        .map(|f| match std::fs::read(&f.path) {
            Ok(bytes) => Ok(parse::parse_page(&f.rel, &bytes)),
            Err(e) => Err(Diagnostic::error(
                codes::UNREADABLE,
                f.rel.clone(),
                1,
                1,
                format!("cannot read this file: {e}"),
            )),
        })
        .collect();
    let mut pages = Vec::with_capacity(read.len());
    let mut files = Vec::with_capacity(read.len());
    for (result, f) in read.into_iter().zip(found) {
        match result {
            Ok(mut page) => {
                diagnostics.append(&mut page.diagnostics);
                pages.push(page);
                files.push(f.path);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    ReadPages {
        root,
        files,
        pages,
        diagnostics,
    }
}

impl ReadPages {
    /// Resolves the pages into one [`crate::model::Api`] per version.
    pub fn resolve(self) -> Loaded {
        let root_components: Vec<String> = self
            .root
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let (apis, mut resolution) = resolve_versions(self.pages, &root_components);
        let mut diagnostics = self.diagnostics;
        diagnostics.append(&mut resolution);
        diag::sort(&mut diagnostics);
        Loaded {
            apis,
            diagnostics,
            files: self.files,
            root: self.root,
        }
    }
}

/// [`super::resolve`], with the versions resolved in parallel: they never meet, and resolving
/// one is a tenth of the whole load, on one thread. Same order, same results.
fn resolve_versions(
    pages: Vec<ParsedPage>,
    root_components: &[String],
) -> (Vec<crate::model::Api>, Vec<Diagnostic>) {
    let mut groups: BTreeMap<Option<String>, Vec<ParsedPage>> = BTreeMap::new();
    for page in pages {
        groups
            .entry(super::version_of(root_components, &page.file))
            .or_default()
            .push(page);
    }
    let resolved: Vec<_> = groups
        .into_iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(version, pages)| super::resolve_version(version, pages))
        .collect();
    let mut apis = Vec::with_capacity(resolved.len());
    let mut diags = Vec::new();
    for (api, mut d) in resolved {
        apis.push(api);
        diags.append(&mut d);
    }
    (apis, diags)
}
