//! Doc comments for generated items.
//!
//! Descriptions come from the docs as plain text, but rustdoc reads doc comments as markdown
//! and `cargo test` compiles indented or fenced blocks as doctests. So every line is trimmed
//! (no indented code blocks), fences are broken up, and brackets and angle brackets are
//! escaped (no broken intra-doc links, no unclosed-HTML warnings).

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for `paragraphs`, separated by blank doc lines. Empty
/// paragraphs are skipped.
pub(crate) fn doc_attrs<S: AsRef<str>>(paragraphs: &[S]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs {
        let text = sanitize(p.as_ref());
        if text.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(text.lines().map(|l| format!(" {l}")));
    }
    let attrs = lines.iter().map(|l| {
        let l = if l.trim().is_empty() { "" } else { l.as_str() };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

/// `#[doc = "..."]` attributes for `paragraphs` that are already rustdoc markdown (text from
/// the docs passed through [`sanitize`], plus links the emitter wrote), separated by blank doc
/// lines. Empty paragraphs are skipped.
pub(crate) fn doc_attrs_trusted<S: AsRef<str>>(paragraphs: &[S]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs {
        let text = p.as_ref().trim();
        if text.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(text.lines().map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                format!(" {}", l.trim_end())
            }
        }));
    }
    quote!(#(#[doc = #lines])*)
}

/// Plain text made safe for rustdoc (see the module docs).
pub(crate) fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim().replace("```", "'''");
        let mut escaped = String::with_capacity(line.len());
        let mut in_code = false;
        for c in line.chars() {
            match c {
                '`' => {
                    in_code = !in_code;
                    escaped.push(c);
                }
                c if c.is_control() => {}
                c if in_code => escaped.push(c),
                '[' => escaped.push_str("\\["),
                ']' => escaped.push_str("\\]"),
                '<' => escaped.push_str("&lt;"),
                '>' => escaped.push_str("&gt;"),
                '\\' => escaped.push_str("\\\\"),
                c => escaped.push(c),
            }
        }
        if in_code {
            // An unclosed code span would run into the next line.
            escaped.push('`');
        }
        out.push(escaped);
    }
    // Collapse runs of blank lines and trim the ends.
    let mut text = String::new();
    let mut blank = false;
    for line in out {
        if line.is_empty() {
            blank = !text.is_empty();
            continue;
        }
        if blank {
            text.push_str("\n\n");
        } else if !text.is_empty() {
            text.push('\n');
        }
        blank = false;
        text.push_str(&line);
    }
    text
}

/// Inline code for rustdoc: the text between backticks, with backticks removed.
pub(crate) fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_markdown_that_would_break_rustdoc() {
        assert_eq!(
            sanitize("    indented\n\n\n```rust\nfn x() {}\n```\nsee [x](y) <b>"),
            "indented\n\n'''rust\nfn x() {}\n'''\nsee \\[x\\](y) &lt;b&gt;"
        );
        assert_eq!(sanitize("  \n "), "");
        assert_eq!(
            sanitize("`a[0]` and [b] `open"),
            "`a[0]` and \\[b\\] `open`"
        );
    }

    #[test]
    fn separates_paragraphs_with_a_blank_doc_line() {
        let attrs = doc_attrs(&["First", "", "Second"]).to_string();
        assert_eq!(
            attrs,
            quote!(#[doc = " First"] #[doc = ""] #[doc = " Second"]).to_string()
        );
    }
}
