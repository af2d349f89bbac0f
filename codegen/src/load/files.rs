//! Finding the markdown files under the paths given to [`crate::load`], without ever leaving
//! them: symbolic links are followed only when they stay inside their root.

use crate::diag::{codes, Diagnostic};
use rayon::prelude::*;
use std::path::{Component, Path, PathBuf};

/// One file to read: where it is, and its name relative to the common root (`/`-separated).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    /// The page's name relative to the root, `/`-separated; diagnostics use it.
    pub rel: String,
    /// The path to read: the given path joined with the file's relative name.
    pub path: PathBuf,
}

/// The files under `paths` (recursively, `*.md` for folders; a file given directly is taken
/// whatever its name), sorted by relative name and deduplicated, with the common root and
/// `DS0103` for paths that do not exist.
pub fn collect(paths: &[&Path]) -> (PathBuf, Vec<Found>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut existing: Vec<(&Path, PathBuf)> = Vec::new();
    for &p in paths {
        match std::path::absolute(p) {
            Ok(abs) if p.exists() => existing.push((p, lexical_clean(&abs))),
            _ => diags.push(Diagnostic::new(
                codes::MISSING_PATH,
                p.display().to_string(),
                1,
                1,
                "this path does not exist",
            )),
        }
    }
    let root = common_root(&existing);
    let mut found = Vec::new();
    for (given, abs) in &existing {
        if abs.is_dir() {
            let limit = std::fs::canonicalize(abs).unwrap_or_else(|_| abs.clone());
            if let Some(rel) = relative(&root, abs) {
                walk(given, abs, &limit, &rel, &mut found);
            }
        } else if let Some(rel) = relative(&root, abs) {
            found.push(Found {
                rel,
                path: given.to_path_buf(),
            });
        }
    }
    found.sort();
    found.dedup_by(|a, b| a.rel == b.rel);
    (root, found, diags)
}

/// `p` without `.` components and with `..` applied, lexically (without asking the file
/// system), so that paths compare component by component.
pub fn lexical_clean(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The deepest folder containing every given path (a file's folder for a file).
fn common_root(paths: &[(&Path, PathBuf)]) -> PathBuf {
    let mut root: Option<PathBuf> = None;
    for (_, abs) in paths {
        let dir = if abs.is_dir() {
            abs.clone()
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        root = Some(match root {
            None => dir,
            Some(r) => r
                .components()
                .zip(dir.components())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    root.unwrap_or_default()
}

/// `abs` relative to `root`, `/`-separated.
fn relative(root: &Path, abs: &Path) -> Option<String> {
    let rel = abs.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

fn is_markdown(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Walks `dir` (reached as `given` + the same relative part, `rel` from the root: `""` for the
/// root itself), keeping files whose real path is inside `limit`.
///
/// A directory entry's own file type says whether it is a folder, a file or a link without
/// another system call; only links are followed up (one `canonicalize` and one `stat` each).
fn walk(given: &Path, dir: &Path, limit: &Path, rel: &str, out: &mut Vec<Found>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_cached_key(|e| e.file_name());
    let mut dirs = Vec::new();
    for entry in entries {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name();
        let path = entry.path();
        let is_dir = if kind.is_symlink() {
            let inside = std::fs::canonicalize(&path).is_ok_and(|real| real.starts_with(limit));
            if !inside {
                continue;
            }
            // A link to a folder inside the root would visit it twice (or forever).
            if path.is_dir() {
                continue;
            }
            false
        } else {
            kind.is_dir()
        };
        if !is_dir && !is_markdown(&path) {
            continue;
        }
        let lossy = name.to_string_lossy();
        let child_rel = if rel.is_empty() {
            lossy.into_owned()
        } else {
            format!("{rel}/{lossy}")
        };
        let given_child = given.join(&name);
        if is_dir {
            dirs.push((given_child, path, child_rel));
        } else {
            out.push(Found {
                rel: child_rel,
                path: given_child,
            });
        }
    }
    // Folders are walked in parallel (the caller sorts what is found).
    let found: Vec<Vec<Found>> = dirs
        .into_par_iter()
        .map(|(given, path, rel)| {
            let mut found = Vec::new();
            walk(&given, &path, limit, &rel, &mut found);
            found
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_markdown_sorted_and_reports_missing_paths() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("api")).unwrap();
        std::fs::write(d.join("api/b.md"), "x").unwrap();
        std::fs::write(d.join("api/a.MD"), "x").unwrap();
        std::fs::write(d.join("api/notes.txt"), "x").unwrap();
        let missing = d.join("nope");
        let (root, found, diags) = collect(&[d, &missing]);
        assert_eq!(root, lexical_clean(&std::path::absolute(d).unwrap()));
        let rels: Vec<_> = found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["api/a.MD", "api/b.md"]);
        assert_eq!(found[1].path, d.join("api").join("b.md"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, codes::MISSING_PATH.id);
    }

    #[test]
    fn a_single_file_is_relative_to_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("page.txt");
        std::fs::write(&f, "x").unwrap();
        let (_, found, diags) = collect(&[&f]);
        assert!(diags.is_empty());
        assert_eq!(found[0].rel, "page.txt");
    }

    #[cfg(unix)]
    #[test]
    fn links_leading_outside_the_root_are_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.path().join("s.md"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("ok.md"), "x").unwrap();
        let (_, found, _) = collect(&[dir.path()]);
        let rels: Vec<_> = found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["ok.md"]);
    }
}
