//! Table separator rows that pulldown-cmark would not recognize.
//!
//! A tab right after the dashes of a GFM separator row (`|---\t|`) makes pulldown-cmark read
//! the whole table as a paragraph, though GitHub and the docs site show a table. Such rows are
//! rewritten with spaces for tabs before parsing: one byte for one byte, so every offset, line
//! and column of the page stays the same.

use std::borrow::Cow;

/// `text` with every tab of a separator-row-looking line outside fenced code replaced by a
/// space; borrowed when there is nothing to change (the common case: a page without such a
/// line costs one scan for tabs).
pub fn normalize_separator_rows(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\t', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    // Only the lines with a tab are looked at: found from the tabs, not line by line.
    let bytes = text.as_bytes();
    let mut starts = Vec::new();
    let mut line_end = 0;
    for tab in memchr::memchr_iter(b'\t', bytes) {
        if tab < line_end {
            continue;
        }
        let start = memchr::memrchr(b'\n', bytes.get(..tab).unwrap_or(&[])).map_or(0, |i| i + 1);
        line_end = memchr::memchr(b'\n', bytes.get(tab..).unwrap_or(&[]))
            .map_or(bytes.len(), |i| tab + i + 1);
        if text.get(start..line_end).is_some_and(is_separator_row) {
            starts.push((start, line_end - start));
        }
    }
    if starts.is_empty() {
        return Cow::Borrowed(text);
    }
    let fenced = fenced_lines(text);
    let mut bytes = text.as_bytes().to_vec();
    let mut changed = false;
    for (start, len) in starts {
        if fenced.iter().any(|r| r.contains(&start)) {
            continue;
        }
        for b in bytes.iter_mut().skip(start).take(len) {
            if *b == b'\t' {
                *b = b' ';
                changed = true;
            }
        }
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    // Only ASCII tabs became ASCII spaces: still UTF-8.
    match String::from_utf8(bytes) {
        Ok(s) => Cow::Owned(s),
        Err(_) => Cow::Borrowed(text),
    }
}

/// A line made of pipes, dashes, colons and blanks only, with at least one pipe and one dash:
/// the shape of a separator row (`| --- |:---:|`).
fn is_separator_row(line: &str) -> bool {
    let t = line.trim_end_matches(['\n', '\r']);
    t.contains('|')
        && t.contains('-')
        && t.bytes()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
}

/// Byte ranges of the lines inside fenced code blocks (fences included), where a separator
/// row is code and must stay as written. A simple reading of fences (an opening run of three
/// or more backticks or tildes, closed by a run of the same character at least as long) is
/// enough here: it is only asked about lines that look like separator rows.
fn fenced_lines(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(u8, usize, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start_matches(' ');
        let indent = line.len() - t.len();
        let fence = t
            .as_bytes()
            .first()
            .copied()
            .filter(|&c| c == b'`' || c == b'~');
        let run = fence.map_or(0, |c| t.bytes().take_while(|&b| b == c).count());
        match open {
            None if indent < 4 && run >= 3 => open = fence.map(|c| (c, run, offset)),
            Some((c, n, start)) if fence == Some(c) && run >= n && indent < 4 => {
                out.push(start..offset + line.len());
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    if let Some((_, _, start)) = open {
        out.push(start..text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_in_separator_rows_become_spaces() {
        let text = "| a | b |\n|---\t|:--\t|\n| 1 | 2 |\n";
        let fixed = normalize_separator_rows(text);
        assert_eq!(fixed, "| a | b |\n|--- |:-- |\n| 1 | 2 |\n");
        assert_eq!(fixed.len(), text.len());
    }

    #[test]
    fn other_tabs_and_fenced_code_stay() {
        let text = "a\tb\n```\n|---\t|\n```\n";
        assert!(matches!(normalize_separator_rows(text), Cow::Borrowed(_)));
    }
}
