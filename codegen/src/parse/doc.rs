//! A markdown page as a flat list of blocks with exact positions.
//!
//! Everything page-specific (API pages, resource pages, enums) reads a [`Document`], never the
//! markdown events: the document layer is where the markdown quirks of the docs are absorbed
//! (BOM, front matter, lazy blockquote continuation lines, tight list items, HTML comments
//! carrying annotations), so the page parsers can work on plain text, cells and fences.
//!
//! Positions are 1-based lines and 1-based *character* columns of the original file (a BOM is
//! not counted; front matter keeps its lines).

use super::annotation::{self, Annotation};
use super::frontmatter::{self, FrontMatter};
use crate::diag::Diagnostic;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

/// A link as `(text, target)`: the plain text of the link and its destination as written
/// (reference-style links are already resolved to their destination).
pub type Link<'a> = (Cow<'a, str>, Cow<'a, str>);

/// One block of the page, in document order. Texts borrow from the page where they are written
/// as they are read (`'a` is the page text's lifetime); the others are owned.
#[derive(Clone, Debug, PartialEq)]
pub enum Block<'a> {
    Heading(Heading<'a>),
    Paragraph(Paragraph<'a>),
    Table(Table<'a>),
    Code(Code<'a>),
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
    pub links: Vec<Link<'a>>,
    pub line: u32,
    pub col: u32,
    /// For SDK tab headings (`# [C#](#tab/csharp)`): the tab id, lowercased (`csharp`).
    /// Tab headings are part of the section they are in, not section breaks.
    pub tab: Option<String>,
    /// [`normalize_heading`] of `text`, computed once: the page parsers compare headings
    /// many times over.
    normalized: String,
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
    pub links: Vec<Link<'a>>,
    /// The inline code spans, in order, without backticks.
    pub code_spans: Vec<Cow<'a, str>>,
    pub line: u32,
    pub col: u32,
    /// Inside a blockquote (`> **Note:** ...`).
    pub quote: bool,
    /// Inside a list item.
    pub list_item: bool,
}

/// A table (GFM pipes).
#[derive(Clone, Debug, PartialEq)]
pub struct Table<'a> {
    pub header: Vec<Cell<'a>>,
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
    pub cells: Vec<Cell<'a>>,
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
    pub links: Vec<Link<'a>>,
    pub code_spans: Vec<Cow<'a, str>>,
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
    pub line: u32,
    pub col: u32,
    /// The JSON object, when the comment is an annotation that parsed.
    pub annotation: Option<Arc<Annotation>>,
}

/// The H2 section of a page: its heading and the blocks up to the next H2 (or non-tab H1).
#[derive(Clone, Copy, Debug)]
pub struct Section<'a> {
    pub heading: &'a Heading<'a>,
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

/// A parsed page. Its texts borrow from the page text (`'a`) where they can.
#[derive(Clone, Debug)]
pub struct Document<'a> {
    /// The page's path relative to the docs root, `/`-separated.
    pub file: String,
    pub front_matter: Option<FrontMatter>,
    /// The first non-tab H1's text.
    pub title: Option<String>,
    /// Line of the title, when there is one.
    pub title_line: Option<u32>,
    /// The `Namespace:` line's value (`microsoft.graph`).
    pub namespace: Option<String>,
    pub blocks: Vec<Block<'a>>,
    /// DS0201 (front matter) and DS0202 (annotation JSON) findings.
    pub diagnostics: Vec<Diagnostic>,
    /// The original text without BOM (front matter included), for [`Document::line_text`].
    source: &'a str,
    line_starts: Vec<usize>,
    /// The H2 sections as `(heading block, first block, end block)`, found once.
    section_spans: Vec<(usize, usize, usize)>,
}

impl<'a> Document<'a> {
    /// Parses `text`, the page at `file` (relative to the docs root). Never fails.
    pub fn parse(file: &str, text: &'a str) -> Document<'a> {
        let source = text.strip_prefix('\u{feff}').unwrap_or(text);
        let split = frontmatter::split(file, source);
        let mut diagnostics: Vec<Diagnostic> = split.diagnostic.into_iter().collect();
        let line_starts = line_starts(source);
        // Separator rows pulldown-cmark would miss are fixed in a copy of the same length (so
        // every position holds); the blocks of such a (rare) page are then owned.
        let blocks = match super::separator::normalize_separator_rows(source) {
            Cow::Borrowed(_) => {
                let pos = Positions::new(source, &line_starts);
                Builder::new(file, pos, &mut diagnostics).run(split.body_start)
            }
            Cow::Owned(fixed) => {
                let pos = Positions::new(&fixed, &line_starts);
                let blocks = Builder::new(file, pos, &mut diagnostics).run(split.body_start);
                blocks.into_iter().map(Block::into_owned).collect()
            }
        };
        let mut doc = Document {
            file: file.to_string(),
            front_matter: split.front_matter,
            title: None,
            title_line: None,
            namespace: None,
            blocks,
            diagnostics,
            source,
            line_starts,
            section_spans: Vec::new(),
        };
        doc.section_spans = section_spans(
            &doc.blocks,
            |h| h.tab.is_none() && h.level <= 2,
            |h| h.level == 2,
        );
        if let Some(h) = doc.blocks.iter().find_map(|b| match b {
            Block::Heading(h) if h.level == 1 && h.tab.is_none() => Some(h),
            _ => None,
        }) {
            doc.title = Some(h.text.to_string()).filter(|t| !t.is_empty());
            doc.title_line = Some(h.line);
        }
        doc.namespace = doc.preamble().iter().find_map(|b| match b {
            Block::Paragraph(p) => namespace_of(&p.text),
            _ => None,
        });
        doc
    }

    /// The text of 1-based `line` as in the file (without BOM and line ending).
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let i = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.line_starts.get(i)?;
        let end = self
            .line_starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.source.len());
        self.source
            .get(start..end)
            .map(|s| s.trim_end_matches(['\n', '\r']))
    }

    /// Number of lines of the page.
    pub fn line_count(&self) -> u32 {
        u32::try_from(self.line_starts.len()).unwrap_or(u32::MAX)
    }

    /// The blocks before the first H2 (title, namespace, description, notes).
    pub fn preamble(&self) -> &[Block<'a>] {
        let end = self
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Heading(h) if h.level == 2))
            .unwrap_or(self.blocks.len());
        self.blocks.get(..end).unwrap_or(&[])
    }

    /// Every H2 section, in order. A section ends at the next H2 or at a non-tab H1.
    pub fn sections(&self) -> Vec<Section<'_>> {
        self.section_iter().collect()
    }

    fn section_iter(&self) -> impl Iterator<Item = Section<'_>> {
        self.section_spans
            .iter()
            .filter_map(|&span| section_at(&self.blocks, span))
    }

    /// The first H2 section whose heading equals `name` ignoring case and extra spaces
    /// (`section("HTTP request")` also finds `## HTTP Request`).
    pub fn section(&self, name: &str) -> Option<Section<'_>> {
        let want = normalize_heading(name);
        self.section_iter().find(|s| s.heading.normalized() == want)
    }

    /// The first H2 section whose normalized (lowercase, single-spaced) heading satisfies
    /// `pred`.
    pub fn find_section(&self, pred: impl Fn(&str) -> bool) -> Option<Section<'_>> {
        self.section_iter().find(|s| pred(s.heading.normalized()))
    }

    /// The first paragraph of the preamble that describes the page: not the title, the
    /// `Namespace:` line, a blockquote note, an `[!INCLUDE ...]` or a tab list.
    pub fn description(&self) -> Option<String> {
        self.description_paragraph().map(|p| p.text.to_string())
    }

    /// The paragraph [`Document::description`] reads.
    pub fn description_paragraph(&self) -> Option<&Paragraph<'a>> {
        self.preamble().iter().find_map(|b| match b {
            Block::Paragraph(p) if is_description(p) => Some(p),
            _ => None,
        })
    }

    /// Resolves a link of this page; see [`normalize_link`].
    pub fn resolve_link(&self, target: &str) -> Option<String> {
        normalize_link(&self.file, target)
    }
}

/// Lowercase, whitespace-collapsed heading text, trailing `:` removed.
pub fn normalize_heading(text: &str) -> String {
    let mut s = if is_collapsed(text) {
        text.to_string()
    } else {
        collapse_spaces(text)
    };
    // What is left after the colons may end in a space (`Notes :`); it never starts with one.
    let kept = s.trim_end_matches(':').trim_end().len();
    s.truncate(kept);
    if s.is_ascii() {
        s.make_ascii_lowercase();
        s
    } else {
        s.to_lowercase()
    }
}

fn is_description(p: &Paragraph) -> bool {
    let t = p.text.trim();
    !p.quote
        && !t.is_empty()
        && namespace_of(t).is_none()
        && !t.starts_with("[!")
        && !t.to_ascii_lowercase().starts_with("important:")
        && !t.to_ascii_lowercase().starts_with("note:")
}

fn namespace_of(text: &str) -> Option<String> {
    let t = text.trim();
    let head = t.get(..10)?;
    if !head.eq_ignore_ascii_case("namespace:") {
        return None;
    }
    t.get(10..)?
        .split_whitespace()
        .next()
        .map(|s| s.trim_end_matches(['.', ',']).to_string())
        .filter(|s| !s.is_empty())
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
fn section_at<'a>(
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
fn section_spans(
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

/// Resolves `target`, a link written on the page `page_file` (docs-root-relative), to a
/// normalized docs-root-relative path: lowercase, `/` separators, `.` and `..` folded,
/// `#fragment` and `?query` dropped. `None` for external links (`https:`, `mailto:`),
/// site-absolute links (`/graph/...`), pure fragments, and links that would leave the root.
pub fn normalize_link(page_file: &str, target: &str) -> Option<String> {
    let t = target.trim().trim_start_matches('<').trim_end_matches('>');
    let t = t.split(['#', '?']).next().unwrap_or("");
    let t: Cow<'_, str> = if t.contains('\\') {
        Cow::Owned(t.replace('\\', "/"))
    } else {
        Cow::Borrowed(t)
    };
    if t.is_empty() || t.starts_with('/') || t.contains("://") || has_scheme(&t) {
        return None;
    }
    // Built in place: segments are pushed lowercase, `..` cuts the last one off.
    let mut out = String::with_capacity(page_file.len() + t.len());
    let mut depth = 0usize;
    let mut page = page_file.split(['/', '\\']).peekable();
    while let Some(seg) = page.next() {
        // The last segment is the page itself.
        if page.peek().is_some() && !seg.is_empty() && seg != "." {
            push_segment(&mut out, seg);
            depth += 1;
        }
    }
    for seg in t.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                depth = depth.checked_sub(1)?;
                out.truncate(out.rfind('/').unwrap_or(0));
            }
            s if s.contains("%20") => {
                push_segment(&mut out, &s.replace("%20", " "));
                depth += 1;
            }
            s => {
                push_segment(&mut out, s);
                depth += 1;
            }
        }
    }
    (depth > 0).then_some(out)
}

/// Appends `/` (unless `out` is empty) and `seg` lowercased.
fn push_segment(out: &mut String, seg: &str) {
    if !out.is_empty() {
        out.push('/');
    }
    if seg.is_ascii() {
        let start = out.len();
        out.push_str(seg);
        if let Some(pushed) = out.get_mut(start..) {
            pushed.make_ascii_lowercase();
        }
    } else {
        out.push_str(&seg.to_lowercase());
    }
}

fn has_scheme(t: &str) -> bool {
    match t.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    // The lines of the docs are short (tables aside): `memchr_iter` finds the next newline
    // without the per-match setup of `str::match_indices`.
    let mut v = Vec::with_capacity(text.len() / 32 + 1);
    v.push(0);
    v.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    v
}

/// Maps byte offsets of the parsed text to 1-based line and character column.
///
/// The builder asks in page order, so the line found last is remembered and the next answer is
/// usually that line or one of the few after it; only jumps fall back to a binary search.
struct Positions<'a, 'b> {
    text: &'a str,
    line_starts: &'b [usize],
    last_line: std::cell::Cell<usize>,
}

impl<'a, 'b> Positions<'a, 'b> {
    fn new(text: &'a str, line_starts: &'b [usize]) -> Self {
        Positions {
            text,
            line_starts,
            last_line: std::cell::Cell::new(0),
        }
    }

    /// The 0-based index of the line containing `offset`.
    fn line_index(&self, offset: usize) -> usize {
        let starts = self.line_starts;
        let mut i = self.last_line.get();
        if starts.get(i).is_some_and(|&s| s <= offset) {
            for _ in 0..16 {
                match starts.get(i + 1) {
                    Some(&next) if next <= offset => i += 1,
                    _ => {
                        self.last_line.set(i);
                        return i;
                    }
                }
            }
        }
        let i = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        self.last_line.set(i);
        i
    }

    fn line_col(&self, offset: usize) -> (u32, u32) {
        let idx = self.line_index(offset);
        let start = self.line_starts.get(idx).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset.min(self.text.len()))
            .map_or(offset.saturating_sub(start), |s| s.chars().count());
        (to_u32(idx + 1), to_u32(col + 1))
    }

    fn line_of(&self, offset: usize) -> u32 {
        to_u32(self.line_index(offset) + 1)
    }

    /// The source line containing `offset`, trimmed of its line ending.
    fn line_text_at(&self, offset: usize) -> &str {
        let idx = self.line_index(offset);
        let start = self.line_starts.get(idx).copied().unwrap_or(0);
        let end = self
            .line_starts
            .get(idx + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or("")
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where one visual line of inline content starts in the [`Inline`] buffers.
#[derive(Clone, Copy)]
struct LineMark {
    /// Index into [`Inline::text`].
    text: usize,
    /// Index into [`Inline::links`].
    links: usize,
    /// Index into [`Inline::code_spans`].
    codes: usize,
    /// Byte offset of the first text on this line.
    offset: Option<usize>,
}

impl LineMark {
    fn at(inl: &Inline) -> LineMark {
        LineMark {
            text: inl.text.len(),
            links: inl.links.len(),
            codes: inl.code_spans.len(),
            offset: None,
        }
    }
}

/// Inline content being collected for a paragraph, heading, list item or cell.
///
/// The lines share one text buffer (a space between lines) and one list of links and code
/// spans; [`LineMark`]s say where each line starts. The buffers are reused from block to block
/// (see [`Builder::recycle`]), so collecting a cell costs no allocation beyond its results.
#[derive(Default)]
struct Inline<'a> {
    start: usize,
    text: String,
    marks: Vec<LineMark>,
    links: Vec<Link<'a>>,
    code_spans: Vec<Cow<'a, str>>,
    /// Open links: destination and the text collected so far.
    open_links: Vec<(Cow<'a, str>, LinkText<'a>)>,
    /// How many pieces of text were pushed, and the first one when it is a slice of the page:
    /// text made of one piece that needs no cleanup (most cells) is borrowed, not copied.
    pieces: usize,
    first: Option<&'a str>,
    /// `first` is the last piece and not yet copied into `text`: a text of one borrowed piece
    /// (most cells) is never copied at all.
    pending: bool,
}

impl<'a> Inline<'a> {
    /// Starts collecting at `start`, keeping the buffers' memory.
    fn reset(&mut self, start: usize) {
        self.start = start;
        self.text.clear();
        self.marks.clear();
        self.links.clear();
        self.code_spans.clear();
        self.open_links.clear();
        self.pieces = 0;
        self.first = None;
        self.pending = false;
        let m = LineMark::at(self);
        self.marks.push(m);
    }

    /// The current (last) line.
    fn line(&mut self) -> &mut LineMark {
        if self.marks.is_empty() {
            let m = LineMark::at(self);
            self.marks.push(m);
        }
        let last = self.marks.len() - 1;
        &mut self.marks[last]
    }

    /// A soft or hard line break: the lines are joined by a space.
    fn break_line(&mut self) {
        self.materialize();
        self.text.push(' ');
        let m = LineMark::at(self);
        self.marks.push(m);
    }

    /// Adds `s`; `borrowed` is the same text as a slice of the page, when it is one.
    fn push_text(&mut self, s: &str, offset: usize, borrowed: Option<&'a str>) {
        self.line().offset.get_or_insert(offset);
        self.pieces += 1;
        if self.pieces == 1 {
            self.first = borrowed;
        }
        if self.pieces == 1 && borrowed.is_some() {
            self.pending = true;
        } else {
            self.materialize();
            self.text.push_str(s);
        }
        for (_, t) in &mut self.open_links {
            t.push(s, borrowed);
        }
    }

    fn push_code_span(&mut self, s: Cow<'a, str>) {
        self.line();
        self.code_spans.push(s);
    }

    fn push_link(&mut self, link: Link<'a>) {
        self.line();
        self.links.push(link);
    }

    /// Copies the pending first piece into `text`.
    fn materialize(&mut self) {
        if std::mem::take(&mut self.pending) {
            self.text.push_str(self.first.unwrap_or(""));
        }
    }

    fn is_blank(&self) -> bool {
        let pending = if self.pending { self.first } else { None };
        self.text.trim().is_empty() && pending.unwrap_or("").trim().is_empty()
    }

    /// The raw text of line `i` (with the joining space, if any).
    fn line_text(&mut self, i: usize) -> &str {
        self.materialize();
        let Some(m) = self.marks.get(i) else {
            return "";
        };
        let end = self.marks.get(i + 1).map_or(self.text.len(), |n| n.text);
        self.text.get(m.text..end).unwrap_or("")
    }

    /// Takes lines `from..` out: their text (whitespace collapsed, trimmed), links and code
    /// spans, in order.
    fn take_from(&mut self, from: usize) -> (Cow<'a, str>, Vec<Link<'a>>, Vec<Cow<'a, str>>) {
        let Some(&m) = self.marks.get(from) else {
            return (Cow::Borrowed(""), Vec::new(), Vec::new());
        };
        if let (true, Some(page), true) = (self.pending, self.first, self.text.is_empty()) {
            // One borrowed piece, never copied.
            self.pending = false;
            let text = if is_collapsed(page) {
                Cow::Borrowed(page)
            } else {
                Cow::Owned(collapse_spaces(page))
            };
            let links = split_tail(&mut self.links, m.links);
            let codes = split_tail(&mut self.code_spans, m.codes);
            self.marks.truncate(from);
            return (text, links, codes);
        }
        self.materialize();
        let raw = self.text.get(m.text..).unwrap_or("");
        let text = match self.first {
            Some(page) if self.pieces == 1 && raw == page && is_collapsed(page) => {
                Cow::Borrowed(page)
            }
            _ if is_collapsed(raw) => Cow::Owned(raw.to_string()),
            _ => Cow::Owned(collapse_spaces(raw)),
        };
        self.text.truncate(m.text);
        let links = split_tail(&mut self.links, m.links);
        let codes = split_tail(&mut self.code_spans, m.codes);
        self.marks.truncate(from);
        (text, links, codes)
    }
}

/// `v[at..]`, moved out (the whole vector when `at` is 0, without copying).
fn split_tail<T>(v: &mut Vec<T>, at: usize) -> Vec<T> {
    if at == 0 {
        std::mem::take(v)
    } else if at < v.len() {
        v.split_off(at)
    } else {
        Vec::new()
    }
}

/// The text of an open link, gathered piece by piece (line breaks add nothing): borrowed from
/// the page while it is one piece that was, as most link texts are.
enum LinkText<'a> {
    Empty,
    Page(&'a str),
    Owned(String),
}

impl<'a> LinkText<'a> {
    /// Adds `piece`; `borrowed` is the same text as a slice of the page, when it is one.
    fn push(&mut self, piece: &str, borrowed: Option<&'a str>) {
        match self {
            LinkText::Empty => {
                *self = match borrowed {
                    Some(page) => LinkText::Page(page),
                    None => LinkText::Owned(piece.to_string()),
                }
            }
            LinkText::Page(first) => {
                let mut s = String::with_capacity(first.len() + piece.len());
                s.push_str(first);
                s.push_str(piece);
                *self = LinkText::Owned(s);
            }
            LinkText::Owned(s) => s.push_str(piece),
        }
    }

    /// The text, whitespace collapsed and trimmed.
    fn finish(self) -> Cow<'a, str> {
        match self {
            LinkText::Empty => Cow::Borrowed(""),
            LinkText::Page(t) if is_collapsed(t) => Cow::Borrowed(t),
            LinkText::Page(t) => Cow::Owned(collapse_spaces(t)),
            LinkText::Owned(t) if is_collapsed(&t) => Cow::Owned(t),
            LinkText::Owned(t) => Cow::Owned(collapse_spaces(&t)),
        }
    }
}

/// Runs of whitespace (as [`char::is_whitespace`] says) become one space; leading and trailing
/// whitespace go. Words are copied whole, not char by char: this runs on every cell and
/// paragraph of the corpus.
fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut word: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Printable ASCII, the bulk of the text: part of a word.
        if b > b' ' && b < 0x80 {
            word.get_or_insert(i);
            i += 1;
            continue;
        }
        let (space, len) = match whitespace_at(s, i) {
            Some(len) => (true, len),
            None => (false, utf8_len(b)),
        };
        if !space {
            word.get_or_insert(i);
        } else if let Some(start) = word.take() {
            push_word(&mut out, s.get(start..i).unwrap_or(""));
        }
        i += len;
    }
    if let Some(start) = word {
        push_word(&mut out, s.get(start..).unwrap_or(""));
    }
    out
}

/// The length of the whitespace character (as [`char::is_whitespace`] says) starting at byte
/// `i` of `s`, if there is one. Besides ASCII, only characters whose UTF-8 starts with `C2`,
/// `E1`, `E2` or `E3` are whitespace, so most non-ASCII text is never decoded.
pub(crate) fn whitespace_at(s: &str, i: usize) -> Option<usize> {
    match s.as_bytes().get(i)? {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => Some(1),
        0xc2 | 0xe1 | 0xe2 | 0xe3 => {
            let c = s.get(i..)?.chars().next()?;
            c.is_whitespace().then(|| c.len_utf8())
        }
        _ => None,
    }
}

/// The length of the UTF-8 sequence a byte starts (1 for a continuation byte: the caller
/// steps over it byte by byte, which only ever happens inside a word).
fn utf8_len(b: u8) -> usize {
    match b {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

/// Whether [`collapse_spaces`] would leave `s` as it is: no leading, trailing or repeated
/// whitespace, and no whitespace but single spaces.
fn is_collapsed(s: &str) -> bool {
    if let Some(answer) = ascii_is_collapsed(s.as_bytes()) {
        return answer;
    }
    is_collapsed_exact(s)
}

/// [`is_collapsed`] for text of printable ASCII and spaces, the usual case, in one pass that
/// the compiler vectorizes (no early exit); `None` when there is any other byte.
fn ascii_is_collapsed(bytes: &[u8]) -> Option<bool> {
    let (&first, &last) = (bytes.first()?, bytes.last()?);
    let other = bytes
        .iter()
        .fold(0u8, |acc, &b| acc | u8::from(!(b' '..0x7f).contains(&b)));
    if other != 0 {
        return None;
    }
    let double = bytes
        .iter()
        .zip(bytes.get(1..).unwrap_or(&[]))
        .fold(0u8, |acc, (&a, &b)| acc | u8::from(a == b' ' && b == b' '));
    Some(double == 0 && first != b' ' && last != b' ')
}

fn is_collapsed_exact(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut after_space = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b > b' ' && b < 0x80 {
            after_space = false;
            i += 1;
            continue;
        }
        if b == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
            i += 1;
            continue;
        }
        if whitespace_at(s, i).is_some() {
            return false;
        }
        after_space = false;
        i += utf8_len(b);
    }
    !after_space || s.is_empty()
}

/// Text gathered from consecutive events (a fence's lines, an HTML block's pieces): a range
/// of the page while every piece is the page's text right after the previous one, copied
/// only when they are not.
#[derive(Default)]
enum Gathered {
    #[default]
    Empty,
    Slice(Range<usize>),
    Owned(String),
}

impl Gathered {
    /// Adds `piece`, which the parser read from `range` of `page`.
    fn push(&mut self, page: &str, piece: &str, range: Range<usize>) {
        let verbatim = page.get(range.clone()) == Some(piece);
        match self {
            Gathered::Empty if verbatim => *self = Gathered::Slice(range),
            Gathered::Slice(r) if verbatim && r.end == range.start => r.end = range.end,
            Gathered::Owned(s) => s.push_str(piece),
            other => {
                let mut s = match other {
                    Gathered::Slice(r) => page.get(r.clone()).unwrap_or("").to_string(),
                    _ => String::new(),
                };
                s.push_str(piece);
                *other = Gathered::Owned(s);
            }
        }
    }

    fn into_text(self, page: &str) -> Cow<'_, str> {
        match self {
            Gathered::Empty => Cow::Borrowed(""),
            Gathered::Slice(r) => Cow::Borrowed(page.get(r).unwrap_or("")),
            Gathered::Owned(s) => Cow::Owned(s),
        }
    }
}

/// The text of a parser event, borrowed when the parser borrowed it from the page.
fn page_text<'a>(t: &CowStr<'a>) -> Option<&'a str> {
    match t {
        CowStr::Borrowed(s) => Some(s),
        _ => None,
    }
}

fn cow_of<'a>(t: CowStr<'a>) -> Cow<'a, str> {
    match t {
        CowStr::Borrowed(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.into_string()),
    }
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

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

/// An HTML block being read: its text, where each piece of it is in the source
/// (`(position in text, source offset)`), and the text's length so far.
struct HtmlBuilder {
    text: Gathered,
    map: Vec<(usize, usize)>,
    len: usize,
}

/// Builds the blocks of a page whose text lives for `'a`, from what lives for `'b` (the file
/// name, the line index, the diagnostics being collected).
struct Builder<'a, 'b> {
    file: &'b str,
    pos: Positions<'a, 'b>,
    diagnostics: &'b mut Vec<Diagnostic>,
    blocks: Vec<Block<'a>>,
    /// The inline content being collected. Boxed: it moves in and out of here for every cell
    /// and paragraph, and a pointer is cheaper to move than the collector.
    inline: Option<(InlineKind, Box<Inline<'a>>)>,
    /// Comments found inline, emitted after the block they were in.
    deferred: Vec<Block<'a>>,
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
    fn new(file: &'b str, pos: Positions<'a, 'b>, diagnostics: &'b mut Vec<Diagnostic>) -> Self {
        // About one block per 200 bytes of page: most pages never grow the vector.
        let blocks = Vec::with_capacity(pos.text.len() / 200 + 8);
        Builder {
            file,
            pos,
            diagnostics,
            blocks,
            inline: None,
            deferred: Vec::new(),
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
    fn run(mut self, base: usize) -> Vec<Block<'a>> {
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
                    let normalized = normalize_heading(&text);
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

    /// Emits a paragraph, splitting off lazy continuation lines of a blockquote (lines that do
    /// not start with `>`, which belong to the quote in CommonMark but not in the author's
    /// mind) and text after a `Namespace:` line.
    fn emit_paragraphs(&mut self, mut inl: Box<Inline<'a>>, list_item: bool) {
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

    /// Every `<!-- ... -->` in `text`, HTML whose pieces start in the source where `map` says
    /// (`(position in text, source offset)`, in order).
    fn comments(&mut self, text: Cow<'a, str>, map: &[(usize, usize)]) -> Vec<Block<'a>> {
        let source_of = |p: usize| -> usize {
            let i = map.partition_point(|&(t, _)| t <= p).saturating_sub(1);
            map.get(i).map_or(0, |&(t, o)| o + (p - t))
        };
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(rel) = text
            .get(from..)
            .and_then(|s| memchr::memmem::find(s.as_bytes(), b"<!--"))
        {
            let open = from + rel;
            let inner_start = open + 4;
            let (inner, next) = match text.get(inner_start..).and_then(|s| s.find("-->")) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The byte-level whitespace handling agrees with `char::is_whitespace`.
        #[test]
        fn collapsing_agrees_with_the_char_definition(
            s in "[ a\t\n\r\u{b}\u{c}\u{1}\u{7f}\u{85}\u{a0}\u{1680}\u{2009}\u{2028}\u{3000}\u{e9}\u{2014}\u{1f600}]{0,12}"
        ) {
            let want = s.split(char::is_whitespace).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
            prop_assert_eq!(&collapse_spaces(&s), &want);
            prop_assert_eq!(is_collapsed(&s), want == s);
        }
    }

    proptest! {
        /// Longer texts of ASCII letters and spaces: the vectorized check agrees with the
        /// definition.
        #[test]
        fn ascii_check_agrees(s in "[ ab~]{0,40}") {
            let want = s.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
            prop_assert_eq!(is_collapsed(&s), want == s);
        }
    }

    #[test]
    fn positions_answer_in_any_order() {
        let text = "ab\ncd\n\nébc\n";
        let starts = line_starts(text);
        let pos = Positions::new(text, &starts);
        let want = [
            (0, (1, 1)),
            (4, (2, 2)),
            (7, (4, 1)),
            (9, (4, 2)),
            (6, (3, 1)),
            (1, (1, 2)),
        ];
        for (offset, lc) in want {
            assert_eq!(pos.line_col(offset), lc, "offset {offset}");
        }
    }
}
