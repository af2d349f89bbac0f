//! Checks of page text against ASCII words and markers, without a lowercased copy or a
//! substring searcher's setup: the page readers make them on every heading, paragraph and
//! type cell.

/// Whether `haystack` contains `needle` (lowercase ASCII), ignoring ASCII case.
pub(crate) fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    find_ignore_case(haystack, needle).is_some()
}

/// The byte offset of the first `needle` (lowercase ASCII) in `haystack`, ignoring ASCII case:
/// where the lowercased haystack would have it.
pub(crate) fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    find(haystack, needle, true)
}

/// The byte offset of the first `needle` in `haystack`. For the markers and short texts the
/// page readers look for (`-->`, `://`, a link's text in its cell), where a substring
/// searcher's setup costs more than the search.
pub(crate) fn find_marker(haystack: &str, needle: &str) -> Option<usize> {
    find(haystack, needle, false)
}

/// The first `needle` in `haystack`: only where its first byte is (found by `memchr`, or
/// `memchr2` for both cases) is the rest compared.
fn find(haystack: &str, needle: &str, ignore_case: bool) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let last_start = hay.len().checked_sub(needle.len())?;
    let starts = hay.get(..=last_start)?;
    let follows = |at: usize| {
        hay.get(at + 1..at + needle.len()).is_some_and(|w| {
            if ignore_case {
                w.eq_ignore_ascii_case(rest)
            } else {
                w == rest
            }
        })
    };
    if ignore_case {
        let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
        memchr::memchr2_iter(lower, upper, starts).find(|&at| follows(at))
    } else {
        memchr::memchr_iter(first, starts).find(|&at| follows(at))
    }
}

/// `s` after `prefix` (ASCII), when `s` starts with it ignoring ASCII case.
pub(crate) fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_case_is_ignored_and_other_text_kept() {
        assert!(contains_ignore_case("ÉcHo", "cho"));
        assert!(contains_ignore_case("a", ""));
        assert!(!contains_ignore_case("ab", "abc"));
        assert!(!contains_ignore_case("", "a"));
        assert_eq!(
            find_ignore_case("Possible VALUES are", "possible values"),
            Some(0)
        );
        assert_eq!(
            find_ignore_case("The pOSSible values", "possible values"),
            Some(4)
        );
        assert_eq!(find_ignore_case("é possible", "possible"), Some(3));
        assert_eq!(find_ignore_case("xpossibl", "possible"), None);
        assert_eq!(find_ignore_case("abc", ""), Some(0));
        assert_eq!(find_marker("a -- b --> c -->", "-->"), Some(7));
        assert_eq!(find_marker("a --", "-->"), None);
        assert_eq!(find_marker("é<!--", "<!--"), Some(2));
        assert_eq!(strip_prefix_ignore_case("Note: x", "note:"), Some(" x"));
        assert_eq!(strip_prefix_ignore_case("No", "note:"), None);
        // A prefix that would cut a character is no prefix.
        assert_eq!(strip_prefix_ignore_case("Noté", "note"), None);
    }
}
