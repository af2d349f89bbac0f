//! Page metadata: annotation and front matter keys that misspell a known key, and a
//! `Namespace:` line that disagrees with the page's resource annotation.

use super::misspelling_of;
use crate::diag::{codes, Diagnostic};
use crate::parse::outline::Outline;

/// The annotation keys the Graph docs' tools read.
const ANNOTATION_KEYS: &[&str] = &[
    "@odata.annotations",
    "@odata.type",
    "@type",
    "abstract",
    "baseType",
    "blockType",
    "description",
    "disabled",
    "expectError",
    "isCollection",
    "isComposable",
    "isMediaEntity",
    "isPageable",
    "keyProperty",
    "name",
    "openType",
    "optionalProperties",
    "sampleKeys",
    "scopes",
    "searchTerms",
    "section",
    "suppressions",
    "title",
    "tocPath",
    "truncated",
    // The page annotation (`"type": "#page.annotation"`).
    "type",
];

/// The front matter keys the Graph docs use.
const FRONT_MATTER_KEYS: &[&str] = &[
    "author",
    "description",
    "doc_type",
    "keywords",
    "localization_priority",
    "manager",
    "ms.assetid",
    "ms.author",
    "ms.collection",
    "ms.custom",
    "ms.date",
    "ms.localizationpriority",
    "ms.prod",
    "ms.reviewer",
    "ms.service",
    "ms.subservice",
    "ms.topic",
    "title",
];

/// DS0806 and DS0809 over `pages`.
pub(super) fn check(pages: &[Outline], out: &mut Vec<Diagnostic>) {
    for page in pages {
        for (key, line) in &page.front_matter_keys {
            if let Some(known) = misspelling_of(key, FRONT_MATTER_KEYS) {
                out.push(misspelled(page, *line, 1, "front matter", key, known));
            }
        }
        for a in &page.annotations {
            for key in &a.keys {
                if let Some(known) = misspelling_of(key, ANNOTATION_KEYS) {
                    out.push(misspelled(page, a.line, a.column, "annotation", key, known));
                }
            }
            let (Some((namespace, _)), Some(ty)) = (&page.namespace, &a.odata_type) else {
                continue;
            };
            let is_resource = a
                .block_type
                .as_deref()
                .is_some_and(|b| b.trim().eq_ignore_ascii_case("resource"));
            let Some((type_namespace, _)) = ty.trim().rsplit_once('.') else {
                continue;
            };
            if is_resource && !type_namespace.eq_ignore_ascii_case(namespace) {
                out.push(Diagnostic::new(
                    codes::NAMESPACE_MISMATCH,
                    page.file.clone(),
                    a.line,
                    a.column,
                    format!(
                        "the annotation's `@odata.type` `{}` is in `{type_namespace}`, but the \
                         page says `Namespace: {namespace}`",
                        ty.trim()
                    ),
                ));
            }
        }
    }
}

fn misspelled(
    page: &Outline,
    line: u32,
    column: u32,
    what: &str,
    key: &str,
    known: &str,
) -> Diagnostic {
    Diagnostic::new(
        codes::MISSPELLED_KEY,
        page.file.clone(),
        line,
        column,
        format!("the {what} key `{key}` looks like a misspelling of `{known}`"),
    )
    .with_suggestion(format!("write `{known}`"))
}
