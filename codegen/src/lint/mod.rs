//! `docspec lint`: every finding about a docs tree in one list, for docs authors and their CI.
//!
//! [`lint`] adds to what [`crate::load`] found the example value checks (DS0506,
//! [`crate::contract::check_example_values`]) and the checks only lint makes (`DS08xx`):
//! links and orphans over the whole tree ([`links`]), and per page the example statuses, URLs,
//! headers, annotation keys, example names and namespaces ([`pages`], [`keys`]). Nothing here
//! reads a file: the tree is what [`Loaded::pages`] says it is. [`Policy`] applies the
//! caller's `--allow` and `--deny`; [`format`] writes the result for people and tools.

pub mod format;
mod keys;
mod links;
mod pages;

use crate::contract::check_api_example_values;
use crate::diag::{self, Diagnostic, Severity};
use crate::load::version::version_of;
use crate::load::{Loaded, NoSuchApi};
use crate::model::Api;
use std::collections::BTreeSet;

/// Every diagnostic of `loaded` and of the lint checks, sorted by page, line, column and code.
/// With `version`, only that version's API and pages (an unknown version is an error).
/// `loaded` comes from [`crate::load::load_for_lint`]: the link, orphan and key checks read
/// the pages' outlines, which a plain [`crate::load`] does not keep.
pub fn lint(loaded: &Loaded, version: Option<&str>) -> Result<Vec<Diagnostic>, NoSuchApi> {
    let apis: Vec<&Api> = match version {
        Some(v) => vec![loaded.api(Some(v))?],
        None => loaded.apis.iter().collect(),
    };
    let root: Vec<String> = loaded
        .root
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let in_scope = |file: &str| version.is_none() || version_of(&root, file).as_deref() == version;
    let mut out: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.file.is_empty() || in_scope(&d.file))
        .cloned()
        .collect();
    for api in &apis {
        out.append(&mut check_api_example_values(api));
        pages::check(api, &mut out);
    }
    // Links and orphans are checked over every page read (a link may cross versions), and
    // reported for the pages in scope.
    let mut found = Vec::new();
    links::check(&loaded.pages, &mut found);
    keys::check(&loaded.pages, &mut found);
    out.extend(found.into_iter().filter(|d| in_scope(&d.file)));
    diag::sort(&mut out);
    out.dedup();
    Ok(out)
}

/// What the caller asked to drop (`--allow CODE`) or to fail on (`--deny CODE`,
/// `--deny warnings`).
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// Codes dropped.
    pub allow: BTreeSet<String>,
    /// Codes made errors.
    pub deny: BTreeSet<String>,
    /// Every warning made an error.
    pub deny_warnings: bool,
}

impl Policy {
    /// Reads `--deny` values: a code, or `warnings`.
    pub fn deny(&mut self, value: &str) {
        if value.eq_ignore_ascii_case("warnings") {
            self.deny_warnings = true;
        } else {
            self.deny.insert(value.to_ascii_uppercase());
        }
    }

    /// Reads an `--allow` value: a code.
    pub fn allow(&mut self, value: &str) {
        self.allow.insert(value.to_ascii_uppercase());
    }

    /// `diags` without the allowed codes and with the denied ones made errors.
    pub fn apply(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diags
            .into_iter()
            .filter(|d| !self.allow.contains(&d.code))
            .map(|mut d| {
                if self.deny_warnings || self.deny.contains(&d.code) {
                    d.severity = Severity::Error;
                }
                d
            })
            .collect()
    }
}

/// Whether `code` names a diagnostic code (`DS0801`), for checking `--allow` and `--deny`.
pub fn is_code(code: &str) -> bool {
    diag::codes::ALL
        .iter()
        .any(|c| c.id.eq_ignore_ascii_case(code))
}

/// The edit distance between `a` and `b` (insertions, deletions, substitutions and swaps of
/// neighbours), compared as ASCII lowercase; `None` when over `max`.
pub(crate) fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        if let Some(x) = d.get_mut(at(i, 0)) {
            *x = i;
        }
    }
    for j in 0..=b.len() {
        if let Some(x) = d.get_mut(at(0, j)) {
            *x = j;
        }
    }
    let get = |d: &Vec<usize>, i: usize, j: usize| d.get(at(i, j)).copied().unwrap_or(usize::MAX);
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a.get(i - 1) != b.get(j - 1));
            let mut best = (get(&d, i - 1, j) + 1)
                .min(get(&d, i, j - 1) + 1)
                .min(get(&d, i - 1, j - 1) + cost);
            if i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1) {
                best = best.min(get(&d, i - 2, j - 2) + 1);
            }
            if let Some(x) = d.get_mut(at(i, j)) {
                *x = best;
            }
        }
    }
    let found = get(&d, a.len(), b.len());
    (found <= max).then_some(found)
}

/// The known name `name` misspells: the closest of `known` within a small distance (one edit
/// for short names, two for longer ones), when `name` is not itself known.
pub(crate) fn misspelling_of<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    if known.contains(&name) {
        return None;
    }
    let max = if name.chars().count() >= 8 { 2 } else { 1 };
    known
        .iter()
        .filter_map(|k| distance(name, k, max).map(|d| (d, *k)))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits_and_swaps() {
        assert_eq!(distance("Authorisation", "Authorization", 2), Some(1));
        assert_eq!(distance("blocktype", "blockType", 2), Some(0));
        assert_eq!(distance("Conetnt-Type", "Content-Type", 2), Some(1));
        assert_eq!(distance("Prefer", "Authorization", 2), None);
    }

    #[test]
    fn policy_drops_and_raises() {
        let mut p = Policy::default();
        p.allow("ds0802");
        p.deny("DS0801");
        let d = |code: crate::diag::Code| Diagnostic::new(code, "a.md", 1, 1, "x");
        let out = p.apply(vec![
            d(diag::codes::ORPHAN_PAGE),
            d(diag::codes::DEAD_LINK),
            d(diag::codes::NO_TITLE),
        ]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].severity, Severity::Error);
        assert_eq!(out[1].severity, Severity::Warning);
    }
}
