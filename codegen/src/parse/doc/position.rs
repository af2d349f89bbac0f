//! Byte offsets of the page as 1-based lines and character columns.

pub(super) fn line_starts(text: &str) -> Vec<usize> {
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
pub(super) struct Positions<'a, 'b> {
    pub(super) text: &'a str,
    line_starts: &'b [usize],
    last_line: std::cell::Cell<usize>,
}

impl<'a, 'b> Positions<'a, 'b> {
    pub(super) fn new(text: &'a str, line_starts: &'b [usize]) -> Self {
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

    pub(super) fn line_col(&self, offset: usize) -> (u32, u32) {
        let idx = self.line_index(offset);
        let start = self.line_starts.get(idx).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset.min(self.text.len()))
            .map_or(offset.saturating_sub(start), |s| s.chars().count());
        (to_u32(idx + 1), to_u32(col + 1))
    }

    pub(super) fn line_of(&self, offset: usize) -> u32 {
        to_u32(self.line_index(offset) + 1)
    }

    /// The source line containing `offset`, trimmed of its line ending.
    pub(super) fn line_text_at(&self, offset: usize) -> &str {
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

/// The 1-based line and character column of the byte `offset` of `text`, for a one-off
/// question about a text of its own (an example body); a page's positions are asked through
/// [`Positions`].
pub(crate) fn line_col_of(text: &str, offset: usize) -> (u32, u32) {
    Positions::new(text, &line_starts(text)).line_col(offset)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

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
