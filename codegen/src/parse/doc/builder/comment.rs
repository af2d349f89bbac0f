//! HTML comments (inline or in HTML blocks) as [`Comment`] blocks, with their annotations.

use super::Builder;
use crate::parse::annotation;
use crate::parse::ascii::find_marker;
use crate::parse::doc::block::{Block, Comment};
use crate::parse::doc::inline::Gathered;
use std::borrow::Cow;
use std::sync::Arc;

/// An HTML block being read: its text, where each piece of it is in the source
/// (`(position in text, source offset)`), and the text's length so far.
pub(super) struct HtmlBuilder {
    pub(super) text: Gathered,
    pub(super) map: Vec<(usize, usize)>,
    pub(super) len: usize,
}

impl<'a> Builder<'a, '_> {
    /// Every `<!-- ... -->` in `text`, HTML whose pieces start in the source where `map` says
    /// (`(position in text, source offset)`, in order).
    pub(super) fn comments(
        &mut self,
        text: Cow<'a, str>,
        map: &[(usize, usize)],
    ) -> Vec<Block<'a>> {
        let source_of = |p: usize| -> usize {
            let i = map.partition_point(|&(t, _)| t <= p).saturating_sub(1);
            map.get(i).map_or(0, |&(t, o)| o + (p - t))
        };
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(rel) = text.get(from..).and_then(|s| find_marker(s, "<!--")) {
            let open = from + rel;
            let inner_start = open + 4;
            let (inner, next) = match text.get(inner_start..).and_then(|s| find_marker(s, "-->")) {
                Some(e) => (
                    text.get(inner_start..inner_start + e).unwrap_or(""),
                    inner_start + e + 3,
                ),
                None => (text.get(inner_start..).unwrap_or(""), text.len()),
            };
            let (line, col) = self.pos.line_col(source_of(open));
            let annotation = match annotation::parse_comment(self.file, inner, line, col) {
                Ok(a) => a,
                Err(d) => {
                    self.diagnostics.push(d);
                    None
                }
            };
            // A slice of the page when the HTML was.
            let inner_text = match &text {
                Cow::Borrowed(page) => {
                    let page: &'a str = page;
                    Cow::Borrowed(
                        page.get(inner_start..inner_start + inner.len())
                            .unwrap_or(""),
                    )
                }
                Cow::Owned(_) => Cow::Owned(inner.to_string()),
            };
            out.push(Block::Comment(Comment {
                text: inner_text,
                line,
                col,
                annotation: annotation.map(Arc::new),
            }));
            from = next;
        }
        out
    }
}
