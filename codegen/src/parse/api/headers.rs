//! The request headers table, and the wording that marks a header or parameter required.

use super::sections::sections_starting;
use crate::model::Header;
use crate::parse::ascii::{contains_ignore_case, strip_prefix_ignore_case};
use crate::parse::doc::Document;

/// The request headers table, in any of its shapes.
pub(super) fn headers(doc: &Document) -> Vec<Header> {
    let Some(section) = sections_starting(doc, "request header") else {
        return Vec::new();
    };
    let Some(table) = section.tables().next() else {
        return Vec::new();
    };
    let desc_cols: Vec<usize> = (1..table.header.len())
        .filter(|&i| {
            let h = table
                .header
                .get(i)
                .map_or(String::new(), |c| c.text.to_lowercase());
            !(h == "type" || h.contains("required"))
        })
        .collect();
    let required_col = table.column(|h| h.contains("required"));
    table
        .rows
        .iter()
        .filter_map(|row| {
            let name = row.text(0).trim_matches(|c| c == '`' || c == '*').trim();
            if name.is_empty() || name.contains(char::is_whitespace) && !name.contains(':') {
                return None;
            }
            let description = desc_cols
                .iter()
                .map(|&i| row.text(i))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let required = match required_col.map(|c| row.text(c).to_ascii_lowercase()) {
                Some(r) if !r.is_empty() => is_yes(&r),
                _ => says_required(&description),
            };
            Some(Header {
                name: name.trim_end_matches(':').to_string(),
                description,
                required,
            })
        })
        .collect()
}

/// `Required.`, `(required)`, `Required:` ... but not `not required` or `Optional`.
pub(super) fn says_required(text: &str) -> bool {
    let has = |words: &str| contains_ignore_case(text, words);
    has("required")
        && !has("not required")
        && !has("isn't required")
        && !has("is not required")
        && strip_prefix_ignore_case(text, "optional").is_none()
        && !has("optional.")
        && !has("(optional)")
}

pub(super) fn is_yes(cell: &str) -> bool {
    matches!(
        cell.trim().trim_end_matches('.'),
        "yes" | "true" | "required" | "y" | "✓" | "x"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_wording() {
        assert!(says_required("Bearer {token}. Required."));
        assert!(says_required("(required) the id"));
        assert!(!says_required("Optional. Not required."));
        assert!(!says_required("application/json"));
    }
}
