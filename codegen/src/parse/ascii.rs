//! Case-insensitive checks of page text against ASCII words, without a lowercased copy: the
//! page readers make them on every heading, paragraph and type cell.

/// Whether `haystack` contains `needle` (lowercase ASCII), ignoring ASCII case.
pub(crate) fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    needle.is_empty()
        || haystack
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
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
        assert_eq!(strip_prefix_ignore_case("Note: x", "note:"), Some(" x"));
        assert_eq!(strip_prefix_ignore_case("No", "note:"), None);
        // A prefix that would cut a character is no prefix.
        assert_eq!(strip_prefix_ignore_case("Noté", "note"), None);
    }
}
