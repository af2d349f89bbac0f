//! Finding the sections of an API page: `## HTTP request` (or one `### HTTP request` per
//! alternative) and the sections before the examples.

use crate::parse::doc::{Block, Document, Section};
use crate::parse::example::is_example_heading;
use crate::parse::is_http_request_heading;

/// Every `## HTTP request` section (one, or one per alternative: `## HTTP request (to upload
/// a new file)`) or, failing that, every `### HTTP request` (under H2s such as `## List a
/// group's drives`).
pub(super) fn http_request_sections<'d>(doc: &'d Document<'_>) -> Vec<Section<'d>> {
    let top: Vec<Section<'d>> = doc
        .sections()
        .into_iter()
        .filter(|s| is_http_request_heading(s.heading.normalized()))
        .collect();
    if !top.is_empty() {
        return top;
    }
    deep_sections(doc, is_http_request_heading)
}

/// Sections under non-tab headings of level 3 and below whose normalized text satisfies
/// `pred`, each up to the next heading of the same or a higher level.
fn deep_sections<'d>(doc: &'d Document<'_>, pred: impl Fn(&str) -> bool) -> Vec<Section<'d>> {
    let mut out = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        let Block::Heading(h) = b else { continue };
        if h.tab.is_some() || h.level < 3 || !pred(h.normalized()) {
            continue;
        }
        let rest = doc.blocks.get(i + 1..).unwrap_or(&[]);
        let end = rest
            .iter()
            .position(|b| matches!(b, Block::Heading(g) if g.tab.is_none() && g.level <= h.level))
            .unwrap_or(rest.len());
        out.push(Section {
            heading: h,
            blocks: rest.get(..end).unwrap_or(&[]),
        });
    }
    out
}

/// The H2 section whose heading starts with `prefix`, else the first deeper one (some pages
/// nest `### Request body` inside `## HTTP request`). Sections inside the examples do not count.
pub(super) fn sections_starting<'d>(doc: &'d Document, prefix: &str) -> Option<Section<'d>> {
    let first_example = doc
        .section_iter()
        .find_map(|e| is_example_heading(e.heading.normalized()).then_some(e.heading.line));
    let before_examples = |s: &Section<'_>| first_example.is_none_or(|l| s.heading.line < l);
    doc.section_iter()
        .filter(|s| before_examples(s))
        .find(|s| s.heading.normalized().starts_with(prefix))
        .or_else(|| {
            deep_sections(doc, |h| h.starts_with(prefix))
                .into_iter()
                .find(|s| before_examples(s))
        })
}
