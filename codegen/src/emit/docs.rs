//! Doc comments for generated items.
//!
//! Descriptions come from the docs as plain text, but rustdoc reads doc comments as markdown
//! and `cargo test` compiles indented or fenced blocks as doctests. So every line is trimmed
//! (no indented code blocks), fences are broken up, and brackets and angle brackets are
//! escaped (no broken intra-doc links, no unclosed-HTML warnings).

use proc_macro2::{Literal, TokenStream};
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
        let l = doc_literal(if l.trim().is_empty() { "" } else { l.as_str() });
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
    let lines = lines.iter().map(|l| doc_literal(l));
    quote!(#(#[doc = #lines])*)
}

/// `text` as the string literal of a `#[doc]`: a raw one (`r"..."`, with as many `#` as it
/// takes), the form `///` comments take as tokens, unless `text` holds a carriage return or a
/// NUL, which a raw string cannot. The value is the same either way, so is the formatted
/// `///` line; but a cooked literal escapes its text a character at a time (`escape_debug`),
/// which was a tenth of building the tokens of whole Graph, and is unescaped again when the
/// file is formatted.
fn doc_literal(text: &str) -> Literal {
    if !text.contains(['\r', '\0']) {
        // A `"` followed by as many `#` as the delimiter has would end the string.
        let mut hashes = 0;
        let mut rest = text;
        while let Some(at) = rest.find('"') {
            rest = rest.get(at + 1..).unwrap_or("");
            let run = rest.len() - rest.trim_start_matches('#').len();
            hashes = hashes.max(run + 1);
        }
        let fence = "#".repeat(hashes);
        if let Ok(literal) = format!("r{fence}\"{text}\"{fence}").parse::<Literal>() {
            return literal;
        }
    }
    Literal::string(text)
}

/// A line of rustdoc markdown as the text of a `///` or `//!` comment: after a space, which the
/// comment's marker is followed by, unless the line is blank.
pub(crate) fn comment_line(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
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
    fn doc_literals_keep_their_text() {
        for text in [
            "",
            " plain",
            " a \"quote\"",
            " \"# and \"## in text",
            " back\\slash \\n stays",
            " unicode é 漢字",
            " cr\r here",
            " nul\0 here",
        ] {
            let literal = doc_literal(text);
            let parsed: syn::LitStr = syn::parse2(quote!(#literal)).unwrap();
            assert_eq!(parsed.value(), text, "{literal}");
        }
        assert!(doc_literal(" plain").to_string().starts_with("r\""));
        assert!(doc_literal(" a \"#").to_string().starts_with("r##\""));
    }

    #[test]
    fn separates_paragraphs_with_a_blank_doc_line() {
        let attrs = doc_attrs(&["First", "", "Second"]).to_string();
        assert_eq!(
            attrs,
            quote!(#[doc = r" First"] #[doc = r""] #[doc = r" Second"]).to_string()
        );
    }
}
