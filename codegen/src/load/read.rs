//! Reading and parsing every page under the given paths, in parallel ([`read_pages`], the first
//! half of [`crate::load`], exposed on its own for tools that want the pages too: `docspec
//! stats`), and [`load`], which resolves one version while the next is read.

use super::version::version_of;
use super::{files, Loaded};
use crate::diag::{self, codes, Diagnostic};
use crate::model::Api;
use crate::parse::outline::Outline;
use crate::parse::{self, ParsedPage};
use crate::resolve::resolve_version;
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
    let (pages, read) = read_found(found, &mut diagnostics, true);
    let files = read.into_iter().map(|f| f.path).collect();
    ReadPages {
        root,
        files,
        pages,
        diagnostics,
    }
}

/// Reads and parses `found` in parallel: the pages read and their files, in the order of
/// `found`; the pages' diagnostics and those of unreadable files go to `diagnostics`. Each
/// page's outline is recorded when `outlines` is set.
fn read_found(
    found: Vec<files::Found>,
    diagnostics: &mut Vec<Diagnostic>,
    outlines: bool,
) -> (Vec<ParsedPage>, Vec<files::Found>) {
    // One read buffer per rayon job, reused from file to file: a fresh one per file costs
    // fresh (cold, zeroed) memory every time.
    let read: Vec<Result<ParsedPage, Diagnostic>> = found
        .par_iter()
        .map_init(Vec::new, |buf, f| match read_into(&f.path, buf) {
            Ok(()) => Ok(parse::parse_page_with(&f.rel, buf, outlines)),
            Err(e) => Err(Diagnostic::new(
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
                files.push(f);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    (pages, files)
}

/// [`crate::load`]: [`read_pages`] then [`ReadPages::resolve`], the same result, but each
/// version is read and resolved on its own, so that resolving one version (mostly one thread's
/// work) overlaps the reading of the next; see [`pipeline`].
/// With `outlines`, every page's outline is kept in [`Loaded::pages`].
pub fn load(paths: &[&Path], outlines: bool) -> Loaded {
    let (root, found, mut diagnostics) = files::collect(paths);
    let root_components = components(&root);
    let groups = by_version(found, &root_components, |f| &f.rel);
    let mut groups: Vec<_> = groups.into_iter().collect();
    // The largest version first: the last one's resolution is what nothing overlaps.
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    let mut done = pipeline(groups, outlines);
    done.sort_by(|a, b| a.0.version.cmp(&b.0.version));
    let mut apis = Vec::with_capacity(done.len());
    let mut files = Vec::new();
    let mut pages = Vec::new();
    for (api, mut f, mut d, mut o) in done {
        apis.push(api);
        files.append(&mut f);
        diagnostics.append(&mut d);
        pages.append(&mut o);
    }
    pages.sort_by(|a, b| a.file.cmp(&b.file));
    // In the order of `files::collect`, as `read_pages` gives them.
    files.sort();
    let files = files.into_iter().map(|f| f.path).collect();
    diag::sort(&mut diagnostics);
    Loaded {
        apis,
        diagnostics,
        files,
        root,
        pages,
    }
}

/// One version's result: its API, the files read, every diagnostic and the pages' outlines.
type Versioned = (Api, Vec<files::Found>, Vec<Diagnostic>, Vec<Outline>);

/// The pages' outlines, taken out of them (resolution has no use for them).
fn take_outlines(pages: &mut [ParsedPage]) -> Vec<Outline> {
    pages
        .iter_mut()
        .map(|p| std::mem::take(&mut p.outline))
        .collect()
}

/// Reads the first version's pages (in parallel), then resolves them while the next versions
/// are read: resolution is mostly sequential, so without this the other cores would wait.
fn pipeline(mut groups: Vec<(Option<String>, Vec<files::Found>)>, record: bool) -> Vec<Versioned> {
    if groups.is_empty() {
        return Vec::new();
    }
    let (version, found) = groups.remove(0);
    let mut diags = Vec::new();
    let (mut pages, files) = read_found(found, &mut diags, record);
    let outlines = if record {
        take_outlines(&mut pages)
    } else {
        Vec::new()
    };
    let (mut first, mut rest) = rayon::join(
        || {
            let (api, mut resolution) = resolve_version(version, pages);
            diags.append(&mut resolution);
            vec![(api, files, diags, outlines)]
        },
        || pipeline(groups, record),
    );
    first.append(&mut rest);
    first
}

fn components(root: &Path) -> Vec<String> {
    root.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect()
}

/// Reads the file at `path` into `buf`, replacing what it held: as many bytes as its size
/// said when it was opened (a file growing meanwhile is cut there), without the extra read
/// that would find the end. Only a regular file's size is trusted (a pipe says 0).
fn read_into(path: &Path, buf: &mut Vec<u8>) -> std::io::Result<()> {
    use std::io::Read;
    buf.clear();
    let file = std::fs::File::open(path)?;
    let len = file
        .metadata()
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map_or(u64::MAX, |m| m.len());
    buf.reserve(usize::try_from(len).unwrap_or(0));
    file.take(len).read_to_end(buf).map(drop)
}

impl ReadPages {
    /// Resolves the pages into one [`crate::model::Api`] per version.
    pub fn resolve(mut self) -> Loaded {
        let root_components = components(&self.root);
        let mut pages = take_outlines(&mut self.pages);
        pages.sort_by(|a, b| a.file.cmp(&b.file));
        let (apis, mut resolution) = resolve_versions(self.pages, &root_components);
        let mut diagnostics = self.diagnostics;
        diagnostics.append(&mut resolution);
        diag::sort(&mut diagnostics);
        Loaded {
            apis,
            diagnostics,
            files: self.files,
            root: self.root,
            pages,
        }
    }
}

/// Resolves parsed pages into one [`Api`] per version, sorted by version (unversioned first),
/// with the resolution diagnostics. The versions never meet, so they are resolved in parallel;
/// the result does not depend on the number of threads.
fn resolve_versions(
    pages: Vec<ParsedPage>,
    root_components: &[String],
) -> (Vec<Api>, Vec<Diagnostic>) {
    let resolved: Vec<(Api, Vec<Diagnostic>)> = by_version(pages, root_components, |p| &p.file)
        .into_iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(version, pages)| resolve_version(version, pages))
        .collect();
    let mut apis = Vec::with_capacity(resolved.len());
    let mut diags = Vec::new();
    for (api, mut d) in resolved {
        apis.push(api);
        diags.append(&mut d);
    }
    (apis, diags)
}

/// `items` grouped by the version of the file each names (`file` gives its `/`-separated path
/// relative to the root), in order within each version.
fn by_version<T>(
    items: Vec<T>,
    root_components: &[String],
    file: impl Fn(&T) -> &str,
) -> BTreeMap<Option<String>, Vec<T>> {
    let mut groups: BTreeMap<Option<String>, Vec<T>> = BTreeMap::new();
    for item in items {
        groups
            .entry(version_of(root_components, file(&item)))
            .or_default()
            .push(item);
    }
    groups
}
