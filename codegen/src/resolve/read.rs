//! Reading and parsing every page under the given paths, in parallel: the first half of
//! [`crate::load`], exposed on its own for tools that want the pages too (`docspec stats`).

use super::files;
use crate::diag::{self, codes, Diagnostic};
use crate::parse::{self, ParsedPage};
use crate::Loaded;
use rayon::prelude::*;
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
    // One read buffer per rayon job, reused from file to file: a fresh one per file costs
    // fresh (cold, zeroed) memory every time.
    let read: Vec<Result<ParsedPage, Diagnostic>> = found
        .par_iter()
        .map_init(Vec::new, |buf, f| match read_into(&f.path, buf) {
            Ok(()) => Ok(parse::parse_page(&f.rel, buf)),
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

/// Reads the file at `path` into `buf`, replacing what it held.
fn read_into(path: &Path, buf: &mut Vec<u8>) -> std::io::Result<()> {
    use std::io::Read;
    buf.clear();
    let mut file = std::fs::File::open(path)?;
    if let Ok(meta) = file.metadata() {
        buf.reserve(usize::try_from(meta.len()).unwrap_or(0));
    }
    file.read_to_end(buf).map(drop)
}

impl ReadPages {
    /// Resolves the pages into one [`crate::model::Api`] per version.
    pub fn resolve(self) -> Loaded {
        let root_components: Vec<String> = self
            .root
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let (apis, mut resolution) = super::resolve(self.pages, &root_components);
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
