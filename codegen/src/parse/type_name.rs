//! The name of the type a page defines, when nothing more authoritative (an annotation's
//! `@odata.type`, a `### x values` heading) names it.

use super::doc::Document;
use super::typeref::is_identifier;

/// The type name from the title (`participant resource type` -> `participant`), else the file
/// stem.
pub(super) fn title_name(doc: &Document) -> String {
    let from_title = doc.title.as_deref().and_then(|t| {
        let first = t.split_whitespace().next()?;
        let first = first.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_');
        is_identifier(first).then(|| first.to_string())
    });
    from_title.unwrap_or_else(|| {
        let stem = doc.file.rsplit('/').next().unwrap_or(&doc.file);
        stem.strip_suffix(".md").unwrap_or(stem).to_string()
    })
}
