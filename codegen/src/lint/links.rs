//! Links and orphans over the whole tree: a relative link must name a page that was read (with
//! the same case: docs hosts serve files case-sensitively) and, with a `#fragment`, a heading
//! or anchor of that page; an API or resource page should be linked from some other page.

use crate::diag::{codes, Diagnostic};
use crate::parse::outline::{Outline, OutlineLink};
use std::collections::{BTreeMap, BTreeSet};

/// DS0801 for every dead link of `pages`, DS0802 for every page nothing links to.
pub(super) fn check(pages: &[Outline], out: &mut Vec<Diagnostic>) {
    let exact: BTreeMap<&str, &Outline> = pages.iter().map(|p| (p.file.as_str(), p)).collect();
    let lower: BTreeMap<String, &str> = pages
        .iter()
        .map(|p| (p.file.to_lowercase(), p.file.as_str()))
        .collect();
    // Folders that hold a page read: a link into another folder (`includes/`, left out of a
    // tree that is checked on its own) names what lint cannot see.
    let folders: BTreeSet<String> = pages
        .iter()
        .map(|p| parent(&p.file.to_lowercase()))
        .collect();
    let mut linked: BTreeSet<String> = BTreeSet::new();
    for page in pages {
        for link in &page.links {
            let (path, fragment) = split(&link.target);
            if path.is_empty() {
                check_fragment(page, page, link, fragment, out);
                continue;
            }
            let Some(resolved) = join(&page.file, path) else {
                continue;
            };
            let target_lower = resolved.to_lowercase();
            if target_lower != page.file.to_lowercase() {
                linked.insert(target_lower.clone());
            }
            if !target_lower.ends_with(".md") {
                continue;
            }
            if let Some(target) = exact.get(resolved.as_str()) {
                check_fragment(page, target, link, fragment, out);
            } else if let Some(actual) = lower.get(&target_lower) {
                let fixed = with_case_of(path, actual);
                let whole = match fragment {
                    Some(f) => format!("{fixed}#{f}"),
                    None => fixed,
                };
                out.push(
                    at(
                        page,
                        link,
                        format!(
                            "the link `{}` names `{actual}` in another case; hosts that match \
                             case find no page",
                            link.target
                        ),
                    )
                    .with_suggestion(format!("link to `{whole}`")),
                );
            } else if folders.contains(&parent(&target_lower)) {
                out.push(at(
                    page,
                    link,
                    format!("the link `{}` names no page of the docs", link.target),
                ));
            }
        }
    }
    if pages.len() < 2 {
        return;
    }
    for page in pages.iter().filter(|p| p.linkable) {
        if !linked.contains(&page.file.to_lowercase()) {
            out.push(Diagnostic::new(
                codes::ORPHAN_PAGE,
                page.file.clone(),
                1,
                1,
                "no other page links to this page; readers can only find it by search",
            ));
        }
    }
}

/// The folder part of a root-relative path (`""` at the root).
fn parent(file: &str) -> String {
    file.rsplit_once('/').map_or("", |(dir, _)| dir).to_string()
}

fn at(page: &Outline, link: &OutlineLink, message: String) -> Diagnostic {
    Diagnostic::new(
        codes::DEAD_LINK,
        page.file.clone(),
        link.line,
        link.column,
        message,
    )
}

/// The path and the fragment of a link target (`a.md#x` -> `a.md`, `x`); a query is dropped.
fn split(target: &str) -> (&str, Option<&str>) {
    let (rest, fragment) = match target.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (target, None),
    };
    (rest.split('?').next().unwrap_or(""), fragment)
}

/// DS0801 when `fragment` names no anchor of `target`. SDK tab links (`#tab/csharp`) are not
/// anchors.
fn check_fragment(
    page: &Outline,
    target: &Outline,
    link: &OutlineLink,
    fragment: Option<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(fragment) = fragment.filter(|f| !f.is_empty() && !f.starts_with("tab/")) else {
        return;
    };
    let want = loose(fragment);
    if target.anchors.iter().any(|a| loose(a) == want) {
        return;
    }
    out.push(at(
        page,
        link,
        format!(
            "the link `{}` names the anchor `#{fragment}`, which is no heading or anchor of `{}`",
            link.target, target.file
        ),
    ));
}

/// An anchor compared by its letters and digits only, lowercase: `#http-request`,
/// `#HTTP_request` and `#httprequest` are the same.
fn loose(anchor: &str) -> String {
    anchor
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `target` (relative, as written on `page_file`) as a root-relative path in its own case:
/// `.` and `..` folded, `%20` decoded; `None` when it leaves the root.
fn join(page_file: &str, target: &str) -> Option<String> {
    let mut parts: Vec<String> = page_file.split('/').map(str::to_string).collect();
    parts.pop();
    for seg in target.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.replace("%20", " ")),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The written `path` with its named segments spelled as in `actual` (the file found):
/// `../resources/User.md` and `resources/user.md` give `../resources/user.md`.
fn with_case_of(path: &str, actual: &str) -> String {
    let written: Vec<&str> = path.split('/').collect();
    let named = written
        .iter()
        .filter(|s| !matches!(**s, "" | "." | ".."))
        .count();
    let actual: Vec<&str> = actual.split('/').collect();
    let mut tail = actual.iter().skip(actual.len().saturating_sub(named));
    written
        .iter()
        .map(|s| match *s {
            "" | "." | ".." => (*s).to_string(),
            other => tail
                .next()
                .map_or_else(|| other.to_string(), |a| (*a).to_string()),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_fixes_case() {
        assert_eq!(
            join("api/a.md", "../resources/User.md").as_deref(),
            Some("resources/User.md")
        );
        assert_eq!(join("a.md", "../x.md"), None);
        assert_eq!(
            with_case_of("../resources/User.md", "resources/user.md"),
            "../resources/user.md"
        );
        assert_eq!(loose("HTTP_request"), loose("http-request"));
    }
}
