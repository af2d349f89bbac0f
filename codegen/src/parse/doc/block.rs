//! The blocks a page is made of (headings, paragraphs, tables, code, comments) and the
//! queries over them: sections, columns, cells.

use crate::parse::annotation::Annotation;
use std::borrow::Cow;
use std::sync::Arc;

/// A link as `(text, target)`: the plain text of the link and its destination as written
/// (reference-style links are already resolved to their destination).
pub type Link<'a> = (Cow<'a, str>, Cow<'a, str>);

/// One block of the page, in document order. Texts borrow from the page where they are written
/// as they are read (`'a` is the page text's lifetime); the others are owned.
#[derive(Clone, Debug, PartialEq)]
pub enum Block<'a> {
    /// A heading.
    Heading(Heading<'a>),
    /// A paragraph or a list item's text.
    Paragraph(Paragraph<'a>),
    /// A table.
    Table(Table<'a>),
    /// A code block.
    Code(Code<'a>),
    /// An HTML comment (annotations live in these).
    Comment(Comment<'a>),
}

/// A text no longer tied to the page.
fn own(t: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(t.into_owned())
}

fn own_links(links: Vec<Link<'_>>) -> Vec<Link<'static>> {
    links.into_iter().map(|(t, d)| (own(t), own(d))).collect()
}

fn own_cell(c: Cell<'_>) -> Cell<'static> {
    Cell {
        text: own(c.text),
        links: own_links(c.links),
        code_spans: c.code_spans.into_iter().map(own).collect(),
        line: c.line,
        col: c.col,
    }
}

impl Block<'_> {
    /// The block with every text owned: for a page whose text had to be fixed in a copy.
    pub fn into_owned(self) -> Block<'static> {
        match self {
            Block::Heading(h) => Block::Heading(Heading {
                text: own(h.text),
                level: h.level,
                links: own_links(h.links),
                line: h.line,
                col: h.col,
                tab: h.tab,
                normalized: h.normalized,
            }),
            Block::Paragraph(p) => Block::Paragraph(Paragraph {
                text: own(p.text),
                links: own_links(p.links),
                code_spans: p.code_spans.into_iter().map(own).collect(),
                line: p.line,
                col: p.col,
                quote: p.quote,
                list_item: p.list_item,
            }),
            Block::Table(t) => Block::Table(Table {
                header: t.header.into_iter().map(own_cell).collect(),
                rows: t
                    .rows
                    .into_iter()
                    .map(|r| Row {
                        cells: r.cells.into_iter().map(own_cell).collect(),
                        line: r.line,
                    })
                    .collect(),
                line: t.line,
            }),
            Block::Code(c) => Block::Code(Code {
                text: own(c.text),
                info: c.info,
                lang: c.lang,
                line: c.line,
                fence_line: c.fence_line,
                annotation: c.annotation,
            }),
            Block::Comment(c) => Block::Comment(Comment {
                text: own(c.text),
                line: c.line,
                col: c.col,
                annotation: c.annotation,
            }),
        }
    }

    /// 1-based line where the block starts.
    pub fn line(&self) -> u32 {
        match self {
            Block::Heading(h) => h.line,
            Block::Paragraph(p) => p.line,
            Block::Table(t) => t.line,
            Block::Code(c) => c.line,
            Block::Comment(c) => c.line,
        }
    }
}

/// A heading (`#` to `######`, or setext).
#[derive(Clone, Debug, PartialEq)]
pub struct Heading<'a> {
    /// 1 to 6.
    pub level: u8,
    /// Plain text, inline code without backticks.
    pub text: Cow<'a, str>,
    /// Its links, as (text, destination) pairs, in order.
    pub links: Vec<Link<'a>>,
    /// 1-based line where it starts.
    pub line: u32,
    /// 1-based column where it starts, in characters.
    pub col: u32,
    /// For SDK tab headings (`# [C#](#tab/csharp)`): the tab id, lowercased (`csharp`).
    /// Tab headings are part of the section they are in, not section breaks.
    pub tab: Option<String>,
    /// [`normalize_heading`] of `text`, computed once: the page parsers compare headings
    /// many times over.
    pub(super) normalized: String,
}

impl Heading<'_> {
    /// The text as [`normalize_heading`] makes it (lowercase, single spaces, no trailing `:`).
    pub fn normalized(&self) -> &str {
        &self.normalized
    }
}

/// A paragraph, a tight list item's text, or a paragraph inside a blockquote.
#[derive(Clone, Debug, PartialEq)]
pub struct Paragraph<'a> {
    /// Plain text: inline code kept without backticks, line breaks as single spaces.
    pub text: Cow<'a, str>,
    /// Its links, as (text, destination) pairs, in order.
    pub links: Vec<Link<'a>>,
    /// The inline code spans, in order, without backticks.
    pub code_spans: Vec<Cow<'a, str>>,
    /// 1-based line where it starts.
    pub line: u32,
    /// 1-based column where it starts, in characters.
    pub col: u32,
    /// Inside a blockquote (`> **Note:** ...`).
    pub quote: bool,
    /// Inside a list item.
    pub list_item: bool,
}

/// A table (GFM pipes).
#[derive(Clone, Debug, PartialEq)]
pub struct Table<'a> {
    /// The header row's cells.
    pub header: Vec<Cell<'a>>,
    /// The body rows, in order.
    pub rows: Vec<Row<'a>>,
    /// Line of the header row.
    pub line: u32,
}

impl Table<'_> {
    /// The index of the first header cell whose text, lowercased, satisfies `pred`.
    pub fn column(&self, pred: impl Fn(&str) -> bool) -> Option<usize> {
        self.header
            .iter()
            .position(|c| with_ascii_lowercase(&c.text, &pred))
    }
}

/// `f` of `s` with ASCII letters lowercased, without a heap copy for short texts (header
/// cells, type names): they are lowercased on the stack.
pub(crate) fn with_ascii_lowercase<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    if !s.bytes().any(|b| b.is_ascii_uppercase()) {
        return f(s);
    }
    let mut buf = [0u8; 64];
    match buf.get_mut(..s.len()) {
        Some(short) => {
            short.copy_from_slice(s.as_bytes());
            short.make_ascii_lowercase();
            // Lowercasing ASCII letters keeps UTF-8 valid.
            match std::str::from_utf8(short) {
                Ok(lower) => f(lower),
                Err(_) => f(&s.to_ascii_lowercase()),
            }
        }
        None => f(&s.to_ascii_lowercase()),
    }
}

/// A body row of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row<'a> {
    /// Its cells, in order.
    pub cells: Vec<Cell<'a>>,
    /// 1-based line where it starts.
    pub line: u32,
}

impl<'a> Row<'a> {
    /// The cell at `index`, if the row has one.
    pub fn cell(&self, index: usize) -> Option<&Cell<'a>> {
        self.cells.get(index)
    }

    /// The trimmed text of the cell at `index`, `""` when absent.
    pub fn text(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", |c| &c.text)
    }
}

/// A table cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell<'a> {
    /// Plain text, trimmed; `<br>` becomes a space.
    pub text: Cow<'a, str>,
    /// Its links, as (text, destination) pairs, in order.
    pub links: Vec<Link<'a>>,
    /// The inline code spans, in order, without backticks.
    pub code_spans: Vec<Cow<'a, str>>,
    /// 1-based line where it starts.
    pub line: u32,
    /// Column where the cell's content starts.
    pub col: u32,
}

/// A code block (fenced or indented).
#[derive(Clone, Debug, PartialEq)]
pub struct Code<'a> {
    /// The whole info string, trimmed (`http`, `json`, `msgraph-interactive`, `""`).
    pub info: String,
    /// The first word of the info string, lowercased: the fence language.
    pub lang: String,
    /// The content, without the fences.
    pub text: Cow<'a, str>,
    /// Line of the first content line.
    pub line: u32,
    /// Line of the opening fence (equals `line` for indented code).
    pub fence_line: u32,
    /// The annotation of the closest annotation comment before this fence, in the same
    /// section, not yet used by an earlier fence. Shared with the comment it was read from.
    pub annotation: Option<Arc<Annotation>>,
}

/// An HTML comment (in an HTML block or inline).
#[derive(Clone, Debug, PartialEq)]
pub struct Comment<'a> {
    /// The text between `<!--` and `-->`.
    pub text: Cow<'a, str>,
    /// 1-based line where it starts.
    pub line: u32,
    /// 1-based column where it starts, in characters.
    pub col: u32,
    /// The JSON object, when the comment is an annotation that parsed.
    pub annotation: Option<Arc<Annotation>>,
}

/// The H2 section of a page: its heading and the blocks up to the next H2 (or non-tab H1).
#[derive(Clone, Copy, Debug)]
pub struct Section<'a> {
    /// The section's H2.
    pub heading: &'a Heading<'a>,
    /// The blocks after the heading, up to the next section, in document order.
    pub blocks: &'a [Block<'a>],
}

impl<'a> Section<'a> {
    /// The paragraphs of the section, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &'a Paragraph<'a>> + 'a {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        })
    }

    /// The tables of the section, in order.
    pub fn tables(&self) -> impl Iterator<Item = &'a Table<'a>> + 'a {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    /// The code blocks of the section, in order.
    pub fn codes(&self) -> impl Iterator<Item = &'a Code<'a>> + 'a {
        self.blocks.iter().filter_map(|b| match b {
            Block::Code(c) => Some(c),
            _ => None,
        })
    }

    /// Sub-sections split at headings of `level` (e.g. 3 for `###`), each with the blocks
    /// up to the next heading of that level or higher. Blocks before the first such heading are
    /// not included.
    pub fn subsections(&self, level: u8) -> Vec<Section<'a>> {
        split_sections(
            self.blocks,
            |h| h.tab.is_none() && h.level <= level,
            |h| h.level == level,
        )
    }
}

fn split_sections<'a>(
    blocks: &'a [Block<'a>],
    is_break: impl Fn(&Heading) -> bool,
    is_start: impl Fn(&Heading) -> bool,
) -> Vec<Section<'a>> {
    section_spans(blocks, is_break, is_start)
        .into_iter()
        .filter_map(|span| section_at(blocks, span))
        .collect()
}

/// The section a span of [`section_spans`] stands for.
pub(super) fn section_at<'a>(
    blocks: &'a [Block<'a>],
    (heading, start, end): (usize, usize, usize),
) -> Option<Section<'a>> {
    match blocks.get(heading) {
        Some(Block::Heading(heading)) => Some(Section {
            heading,
            blocks: blocks.get(start..end).unwrap_or(&[]),
        }),
        _ => None,
    }
}

/// The sections of `blocks` as `(heading index, first block, end)`: a section starts at a
/// heading that `is_start` accepts and ends at the next one `is_break` accepts.
pub(super) fn section_spans(
    blocks: &[Block<'_>],
    is_break: impl Fn(&Heading) -> bool,
    is_start: impl Fn(&Heading) -> bool,
) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for (i, b) in blocks.iter().enumerate() {
        if let Block::Heading(h) = b {
            if is_break(h) {
                if let Some((head, start)) = current.take() {
                    out.push((head, start, i));
                }
                if is_start(h) {
                    current = Some((i, i + 1));
                }
            }
        }
    }
    if let Some((head, start)) = current {
        out.push((head, start, blocks.len()));
    }
    out
}
