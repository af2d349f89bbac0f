//! A markdown page as a flat list of blocks with exact positions.
//!
//! Everything page-specific (API pages, resource pages, enums) reads a [`Document`], never the
//! markdown events: the document layer is where the markdown quirks of the docs are absorbed
//! (BOM, front matter, lazy blockquote continuation lines, tight list items, HTML comments
//! carrying annotations), so the page parsers can work on plain text, cells and fences.
//!
//! Positions are 1-based lines and 1-based *character* columns of the original file (a BOM is
//! not counted; front matter keeps its lines).

mod block;
mod builder;
mod inline;
mod link;
mod position;

pub(crate) use block::with_ascii_lowercase;
pub use block::{Block, Cell, Code, Comment, Heading, Link, Paragraph, Row, Section, Table};
pub(crate) use inline::whitespace_at;
pub use link::normalize_link;
pub(crate) use position::line_col_of;

use super::ascii::strip_prefix_ignore_case;
use super::frontmatter::{self, FrontMatter};
use crate::diag::Diagnostic;
use block::{section_at, section_spans};
use builder::Builder;
use inline::{collapse_spaces, is_collapsed};
use position::{line_starts, Positions};
use std::borrow::Cow;

/// A parsed page. Its texts borrow from the page text (`'a`) where they can.
#[derive(Clone, Debug)]
pub struct Document<'a> {
    /// The page's path relative to the docs root, `/`-separated.
    pub file: String,
    /// The YAML front matter, when the page has some.
    pub front_matter: Option<FrontMatter>,
    /// The first non-tab H1's text.
    pub title: Option<String>,
    /// Line of the title, when there is one.
    pub title_line: Option<u32>,
    /// The `Namespace:` line's value (`microsoft.graph`).
    pub namespace: Option<String>,
    /// The blocks of the page, in document order.
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

    /// [`Document::sections`] without collecting them.
    pub(crate) fn section_iter(&self) -> impl Iterator<Item = Section<'_>> {
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
        && namespace_in(t).is_none()
        && !t.starts_with("[!")
        && strip_prefix_ignore_case(t, "important:").is_none()
        && strip_prefix_ignore_case(t, "note:").is_none()
}

fn namespace_of(text: &str) -> Option<String> {
    namespace_in(text).map(str::to_string)
}

/// The namespace a `Namespace: microsoft.graph` line names.
fn namespace_in(text: &str) -> Option<&str> {
    let t = text.trim();
    let head = t.get(..10)?;
    if !head.eq_ignore_ascii_case("namespace:") {
        return None;
    }
    t.get(10..)?
        .split_whitespace()
        .next()
        .map(|s| s.trim_end_matches(['.', ',']))
        .filter(|s| !s.is_empty())
}
