//! Inline text collection: the text, links and code spans of a paragraph, heading, list item
//! or cell, gathered from parser events, whitespace collapsed, borrowed from the page where
//! the text is one piece of it.

use super::block::Link;
use pulldown_cmark::CowStr;
use std::borrow::Cow;
use std::ops::Range;

/// Where one visual line of inline content starts in the [`Inline`] buffers.
#[derive(Clone, Copy)]
pub(super) struct LineMark {
    /// Index into [`Inline::text`].
    text: usize,
    /// Index into [`Inline::links`].
    links: usize,
    /// Index into [`Inline::code_spans`].
    codes: usize,
    /// Byte offset of the first text on this line.
    pub(super) offset: Option<usize>,
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
/// (see [`Builder::recycle`](super::builder::Builder::recycle)), so collecting a cell costs no allocation beyond its results.
#[derive(Default)]
pub(super) struct Inline<'a> {
    pub(super) start: usize,
    text: String,
    pub(super) marks: Vec<LineMark>,
    links: Vec<Link<'a>>,
    code_spans: Vec<Cow<'a, str>>,
    /// Open links: destination and the text collected so far.
    pub(super) open_links: Vec<(Cow<'a, str>, LinkText<'a>)>,
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
    pub(super) fn reset(&mut self, start: usize) {
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
    pub(super) fn line(&mut self) -> &mut LineMark {
        if self.marks.is_empty() {
            let m = LineMark::at(self);
            self.marks.push(m);
        }
        let last = self.marks.len() - 1;
        &mut self.marks[last]
    }

    /// A soft or hard line break: the lines are joined by a space.
    pub(super) fn break_line(&mut self) {
        self.materialize();
        self.text.push(' ');
        let m = LineMark::at(self);
        self.marks.push(m);
    }

    /// Adds `s`; `borrowed` is the same text as a slice of the page, when it is one.
    pub(super) fn push_text(&mut self, s: &str, offset: usize, borrowed: Option<&'a str>) {
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

    pub(super) fn push_code_span(&mut self, s: Cow<'a, str>) {
        self.line();
        self.code_spans.push(s);
    }

    pub(super) fn push_link(&mut self, link: Link<'a>) {
        self.line();
        self.links.push(link);
    }

    /// Copies the pending first piece into `text`.
    fn materialize(&mut self) {
        if std::mem::take(&mut self.pending) {
            self.text.push_str(self.first.unwrap_or(""));
        }
    }

    pub(super) fn is_blank(&self) -> bool {
        let pending = if self.pending { self.first } else { None };
        self.text.trim().is_empty() && pending.unwrap_or("").trim().is_empty()
    }

    /// The raw text of line `i` (with the joining space, if any).
    pub(super) fn line_text(&mut self, i: usize) -> &str {
        self.materialize();
        let Some(m) = self.marks.get(i) else {
            return "";
        };
        let end = self.marks.get(i + 1).map_or(self.text.len(), |n| n.text);
        self.text.get(m.text..end).unwrap_or("")
    }

    /// Takes lines `from..` out: their text (whitespace collapsed, trimmed), links and code
    /// spans, in order.
    pub(super) fn take_from(
        &mut self,
        from: usize,
    ) -> (Cow<'a, str>, Vec<Link<'a>>, Vec<Cow<'a, str>>) {
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
pub(super) enum LinkText<'a> {
    Empty,
    Page(&'a str),
    Owned(String),
}

impl<'a> LinkText<'a> {
    /// Adds `piece`; `borrowed` is the same text as a slice of the page, when it is one.
    pub(super) fn push(&mut self, piece: &str, borrowed: Option<&'a str>) {
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
    pub(super) fn finish(self) -> Cow<'a, str> {
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
pub(super) fn collapse_spaces(s: &str) -> String {
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
pub(super) fn is_collapsed(s: &str) -> bool {
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

pub(super) fn is_collapsed_exact(s: &str) -> bool {
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
pub(super) enum Gathered {
    #[default]
    Empty,
    Slice(Range<usize>),
    Owned(String),
}

impl Gathered {
    /// Adds `piece`, which the parser read from `range` of `page`.
    pub(super) fn push(&mut self, page: &str, piece: &str, range: Range<usize>) {
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

    pub(super) fn into_text(self, page: &str) -> Cow<'_, str> {
        match self {
            Gathered::Empty => Cow::Borrowed(""),
            Gathered::Slice(r) => Cow::Borrowed(page.get(r).unwrap_or("")),
            Gathered::Owned(s) => Cow::Owned(s),
        }
    }
}

/// The text of a parser event, borrowed when the parser borrowed it from the page.
pub(super) fn page_text<'a>(t: &CowStr<'a>) -> Option<&'a str> {
    match t {
        CowStr::Borrowed(s) => Some(s),
        _ => None,
    }
}

pub(super) fn cow_of<'a>(t: CowStr<'a>) -> Cow<'a, str> {
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
}
