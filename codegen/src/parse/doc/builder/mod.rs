//! The event builder: pulldown-cmark events of a page turned into [`Block`]s with positions.

mod comment;
mod paragraph;

use super::block::{Block, Cell, Code, Heading, Row, Table};
use super::inline::{cow_of, page_text, Gathered, Inline, LinkText};
use super::normalize_heading;
use super::position::Positions;
use crate::diag::Diagnostic;
use crate::parse::annotation::Annotation;
use comment::HtmlBuilder;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::sync::Arc;

#[derive(Clone, Copy, PartialEq)]
enum InlineKind {
    Paragraph,
    Item,
    Heading(u8),
    Cell,
}

struct TableBuilder<'a> {
    line: u32,
    header: Vec<Cell<'a>>,
    rows: Vec<Row<'a>>,
    in_head: bool,
}

struct CodeBuilder {
    info: String,
    start: usize,
    /// Offset of the first content text.
    content: Option<usize>,
    text: Gathered,
}

/// Builds the blocks of a page whose text lives for `'a`, from what lives for `'b` (the file
/// name, the line index, the diagnostics being collected).
pub(super) struct Builder<'a, 'b> {
    file: &'b str,
    pos: Positions<'a, 'b>,
    diagnostics: &'b mut Vec<Diagnostic>,
    blocks: Vec<Block<'a>>,
    /// The inline content being collected. Boxed: it moves in and out of here for every cell
    /// and paragraph, and a pointer is cheaper to move than the collector.
    inline: Option<(InlineKind, Box<Inline<'a>>)>,
    /// Comments found inline, emitted after the block they were in.
    deferred: Vec<Block<'a>>,
    /// The `<a name="...">` anchor of the heading being read, if it has one.
    heading_anchor: Option<String>,
    quote_depth: usize,
    item_depth: usize,
    image_depth: usize,
    table: Option<TableBuilder<'a>>,
    code: Option<CodeBuilder>,
    html: Option<HtmlBuilder>,
    pending: Option<Arc<Annotation>>,
    /// Buffers of the last finished [`Inline`], for the next one.
    spare: Option<Box<Inline<'a>>>,
}

impl<'a, 'b> Builder<'a, 'b> {
    pub(super) fn new(
        file: &'b str,
        pos: Positions<'a, 'b>,
        diagnostics: &'b mut Vec<Diagnostic>,
    ) -> Self {
        // About one block per 200 bytes of page: most pages never grow the vector.
        let blocks = Vec::with_capacity(pos.text.len() / 200 + 8);
        Builder {
            file,
            pos,
            diagnostics,
            blocks,
            inline: None,
            deferred: Vec::new(),
            heading_anchor: None,
            quote_depth: 0,
            item_depth: 0,
            image_depth: 0,
            table: None,
            code: None,
            html: None,
            pending: None,
            spare: None,
        }
    }

    /// A new inline collector starting at `start`, on the spare buffers.
    fn new_inline(&mut self, start: usize) -> Box<Inline<'a>> {
        let mut inl = self.spare.take().unwrap_or_default();
        inl.reset(start);
        inl
    }

    /// Keeps a finished collector's buffers for the next one.
    fn recycle(&mut self, inl: Box<Inline<'a>>) {
        self.spare = Some(inl);
    }

    /// Reads the markdown from byte `base` of the page on (after the front matter).
    pub(super) fn run(mut self, base: usize) -> Vec<Block<'a>> {
        let body = self.pos.text.get(base..).unwrap_or("");
        let parser = Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter();
        for (event, range) in parser {
            self.event(event, range.start + base..range.end + base);
        }
        self.flush_item();
        self.blocks
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        let page = self.pos.text;
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) => {
                if let Some(code) = &mut self.code {
                    code.content.get_or_insert(range.start);
                    code.text.push(page, &t, range);
                } else if let Some(html) = &mut self.html {
                    html.map.push((html.len, range.start));
                    html.len += t.len();
                    html.text.push(page, &t, range);
                } else if self.image_depth == 0 {
                    self.text(&t, range.start, page_text(&t));
                }
            }
            Event::Code(t) => {
                if self.image_depth == 0 {
                    self.text(&t, range.start, page_text(&t));
                    if let Some((_, inl)) = &mut self.inline {
                        inl.push_code_span(cow_of(t));
                    }
                }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(&t, range.start, page_text(&t))
            }
            Event::Html(t) => match &mut self.html {
                Some(html) => {
                    html.map.push((html.len, range.start));
                    html.len += t.len();
                    html.text.push(page, &t, range);
                }
                None => self.inline_html(t, range.start),
            },
            Event::InlineHtml(t) => self.inline_html(t, range.start),
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, inl)) = &mut self.inline {
                    inl.break_line();
                }
            }
            Event::FootnoteReference(_) | Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn text(&mut self, t: &str, offset: usize, borrowed: Option<&'a str>) {
        if self.inline.is_none() {
            // Text directly in a tight list item.
            if self.item_depth > 0 {
                let inl = self.new_inline(offset);
                self.inline = Some((InlineKind::Item, inl));
            } else {
                return;
            }
        }
        if let Some((_, inl)) = &mut self.inline {
            inl.push_text(t, offset, borrowed);
        }
    }

    fn inline_html(&mut self, html: CowStr<'a>, offset: usize) {
        let t = html.trim_start();
        if t.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("<br")) {
            self.text(" ", offset, None);
        } else if t.starts_with("<!--") {
            let comments = self.comments(cow_of(html), &[(0, offset)]);
            self.deferred.extend(comments);
        } else if matches!(self.inline, Some((InlineKind::Heading(_), _))) {
            if let Some(anchor) = anchor_name(t) {
                self.heading_anchor = Some(anchor);
            }
        }
    }

    /// Flushes a tight list item's text before a nested block starts.
    fn flush_item(&mut self) {
        if matches!(self.inline, Some((InlineKind::Item, _))) {
            if let Some((_, inl)) = self.inline.take() {
                self.emit_paragraphs(inl, true);
            }
        }
        self.emit_deferred();
    }

    fn emit_deferred(&mut self) {
        for b in std::mem::take(&mut self.deferred) {
            self.push(b);
        }
    }

    fn push(&mut self, block: Block<'a>) {
        match &block {
            Block::Comment(c) => {
                if let Some(a) = &c.annotation {
                    self.pending = Some(Arc::clone(a));
                }
            }
            Block::Heading(h) if h.tab.is_none() && h.level <= 2 => self.pending = None,
            _ => {}
        }
        self.blocks.push(block);
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        let is_block = matches!(
            tag,
            Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::List(_)
                | Tag::Item
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
        );
        if is_block {
            self.flush_item();
        }
        match tag {
            Tag::Paragraph => {
                let inl = self.new_inline(range.start);
                self.inline = Some((InlineKind::Paragraph, inl));
            }
            Tag::Heading { level, .. } => {
                let inl = self.new_inline(range.start);
                self.inline = Some((InlineKind::Heading(heading_level(level)), inl));
            }
            Tag::BlockQuote(_) => self.quote_depth += 1,
            Tag::Item => self.item_depth += 1,
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.trim().to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(CodeBuilder {
                    info,
                    start: range.start,
                    content: None,
                    text: Gathered::Empty,
                });
            }
            Tag::HtmlBlock => {
                self.html = Some(HtmlBuilder {
                    text: Gathered::Empty,
                    map: Vec::new(),
                    len: 0,
                })
            }
            Tag::Table(_) => {
                self.table = Some(TableBuilder {
                    line: self.pos.line_of(range.start),
                    header: Vec::new(),
                    rows: Vec::new(),
                    in_head: false,
                })
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Tag::TableRow => {
                let line = self.pos.line_of(range.start);
                if let Some(t) = &mut self.table {
                    t.rows.push(Row {
                        cells: Vec::with_capacity(t.header.len()),
                        line,
                    });
                }
            }
            Tag::TableCell => {
                let inl = self.new_inline(range.start);
                self.inline = Some((InlineKind::Cell, inl));
            }
            Tag::Link { dest_url, .. } => {
                if self.inline.is_none() && self.item_depth > 0 {
                    let inl = self.new_inline(range.start);
                    self.inline = Some((InlineKind::Item, inl));
                }
                if let Some((_, inl)) = &mut self.inline {
                    inl.line().offset.get_or_insert(range.start);
                    inl.open_links.push((cow_of(dest_url), LinkText::Empty));
                }
            }
            Tag::Image { .. } => self.image_depth += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph => {
                if let Some((_, inl)) = self.inline.take() {
                    let in_item = self.item_depth > 0;
                    self.emit_paragraphs(inl, in_item);
                }
                self.emit_deferred();
            }
            TagEnd::Heading(_) => {
                if let Some((InlineKind::Heading(level), mut inl)) = self.inline.take() {
                    let (line, col) = self.pos.line_col(inl.start);
                    let (text, links, _) = inl.take_from(0);
                    self.recycle(inl);
                    let tab = links
                        .iter()
                        .find_map(|(_, t)| t.trim().strip_prefix("#tab/"))
                        .map(|t| t.trim().to_ascii_lowercase());
                    let mut normalized = normalize_heading(&text);
                    // Translated docs keep the English anchor: `## <a name="http-request"></a>
                    // Solicitação HTTP` is found as the HTTP request section.
                    if let Some(english) = self.heading_anchor.take().and_then(|a| section_of(&a)) {
                        if !normalized.starts_with(english) {
                            normalized = english.to_string();
                        }
                    }
                    self.push(Block::Heading(Heading {
                        level,
                        text,
                        links,
                        line,
                        col,
                        tab,
                        normalized,
                    }));
                }
                self.emit_deferred();
            }
            TagEnd::BlockQuote(_) => {
                self.flush_item();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::Item => {
                self.flush_item();
                self.item_depth = self.item_depth.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                if let Some(CodeBuilder {
                    info,
                    start,
                    content,
                    text,
                }) = self.code.take()
                {
                    let fence_line = self.pos.line_of(start);
                    let fenced = !info.is_empty()
                        || self.pos.line_text_at(start).contains("``")
                        || self.pos.line_text_at(start).contains("~~~");
                    let line = match content {
                        Some(o) => self.pos.line_of(o),
                        None if fenced => fence_line + 1,
                        None => fence_line,
                    };
                    let lang = info
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    let annotation = self.pending.take();
                    let text = text.into_text(self.pos.text);
                    self.push(Block::Code(Code {
                        info,
                        lang,
                        text,
                        line,
                        fence_line,
                        annotation,
                    }));
                }
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html.take() {
                    let text = html.text.into_text(self.pos.text);
                    for c in self.comments(text, &html.map) {
                        self.push(c);
                    }
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push(Block::Table(Table {
                        header: t.header,
                        rows: t.rows,
                        line: t.line,
                    }));
                }
                self.emit_deferred();
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = false;
                }
            }
            TagEnd::TableCell => {
                if let Some((InlineKind::Cell, mut inl)) = self.inline.take() {
                    let content = inl
                        .marks
                        .iter()
                        .find_map(|l| l.offset)
                        .unwrap_or(range.start);
                    let (text, links, code_spans) = inl.take_from(0);
                    self.recycle(inl);
                    let (line, col) = self.pos.line_col(content);
                    let cell = Cell {
                        text,
                        links,
                        code_spans,
                        line,
                        col,
                    };
                    if let Some(t) = &mut self.table {
                        if t.in_head {
                            t.header.push(cell);
                        } else if let Some(r) = t.rows.last_mut() {
                            r.cells.push(cell);
                        }
                    }
                }
            }
            TagEnd::Link => {
                if let Some((_, inl)) = &mut self.inline {
                    if let Some((dest, text)) = inl.open_links.pop() {
                        inl.push_link((text.finish(), dest));
                    }
                }
            }
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            _ => {}
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The sections whose anchors a translated page keeps (`<a name="request-body">`), as their
/// English headings read once normalized.
const ANCHORED_SECTIONS: &[&str] = &[
    "http request",
    "http requests",
    "permissions",
    "path parameters",
    "optional query parameters",
    "query parameters",
    "request headers",
    "request body",
    "response",
    "responses",
    "example",
    "examples",
    "properties",
    "relationships",
    "json representation",
    "methods",
    "members",
    "enum members",
];

/// `name` or `id` of an `<a ...>` tag.
fn anchor_name(html: &str) -> Option<String> {
    let rest = html
        .strip_prefix("<a ")
        .or_else(|| html.strip_prefix("<A "))?;
    let at = rest.find("name=").or_else(|| rest.find("id="))?;
    let value = rest.get(at..)?.split_once('=')?.1.trim_start();
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = value.get(1..)?;
    let end = value.find(quote)?;
    Some(value.get(..end)?.to_ascii_lowercase())
}

/// The English heading of a section anchor (`http-request` is `http request`), when it names
/// a section the page parsers look for.
fn section_of(anchor: &str) -> Option<&'static str> {
    let words = anchor.trim().replace(['-', '_'], " ");
    ANCHORED_SECTIONS.iter().copied().find(|s| *s == words)
}

#[cfg(test)]
mod anchor_tests {
    use super::{anchor_name, section_of};

    #[test]
    fn anchors_name_sections() {
        assert_eq!(
            anchor_name(r#"<a name="http-request">"#).as_deref(),
            Some("http-request")
        );
        assert_eq!(
            anchor_name("<a id='Request-Body'>").as_deref(),
            Some("request-body")
        );
        assert_eq!(anchor_name("<b>"), None);
        assert_eq!(anchor_name("<a href=\"x\">"), None);
        assert_eq!(section_of("http-request"), Some("http request"));
        assert_eq!(
            section_of("json_representation"),
            Some("json representation")
        );
        assert_eq!(section_of("delta"), None);
    }
}
