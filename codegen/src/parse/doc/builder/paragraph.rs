//! Paragraphs out of collected inline text, split where the author meant a new one.

use super::Builder;
use crate::parse::doc::block::{Block, Paragraph};
use crate::parse::doc::inline::Inline;
use crate::parse::doc::namespace_of;

impl<'a> Builder<'a, '_> {
    /// Emits a paragraph, splitting off lazy continuation lines of a blockquote (lines that do
    /// not start with `>`, which belong to the quote in CommonMark but not in the author's
    /// mind) and text after a `Namespace:` line.
    pub(super) fn emit_paragraphs(&mut self, mut inl: Box<Inline<'a>>, list_item: bool) {
        if inl.is_blank() {
            self.recycle(inl);
            return;
        }
        let quote = self.quote_depth > 0;
        let mut split_at = None;
        if quote {
            for (i, l) in inl.marks.iter().enumerate().skip(1) {
                let Some(o) = l.offset else { continue };
                if !self.pos.line_text_at(o).trim_start().starts_with('>') {
                    split_at = Some(i);
                    break;
                }
            }
        }
        if split_at.is_none() && inl.marks.len() > 1 && namespace_of(inl.line_text(0)).is_some() {
            split_at = Some(1);
        }
        let rest = match split_at {
            Some(i) if i < inl.marks.len() => {
                let start = inl
                    .marks
                    .get(i..)
                    .unwrap_or(&[])
                    .iter()
                    .find_map(|l| l.offset)
                    .unwrap_or(inl.start);
                Some((start, inl.take_from(i)))
            }
            _ => None,
        };
        let (line, col) = self.pos.line_col(inl.start);
        let (text, links, code_spans) = inl.take_from(0);
        self.recycle(inl);
        if !text.is_empty() {
            self.push(Block::Paragraph(Paragraph {
                text,
                links,
                code_spans,
                line,
                col,
                quote,
                list_item,
            }));
        }
        if let Some((start, (text, links, code_spans))) = rest {
            let (line, col) = self.pos.line_col(start);
            let lazy = quote && split_at.is_some();
            let lazy = lazy && !self.pos.line_text_at(start).trim_start().starts_with('>');
            if !text.is_empty() {
                self.push(Block::Paragraph(Paragraph {
                    text,
                    links,
                    code_spans,
                    line,
                    col,
                    quote: quote && !lazy,
                    list_item,
                }));
            }
        }
    }
}
