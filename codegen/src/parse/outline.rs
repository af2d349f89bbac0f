//! What a page says about itself beyond the model, for `docspec lint`: its anchors, the relative
//! links it writes, its front matter keys and its annotations' keys. Read from the
//! [`Document`] while it is at hand, so that no later stage needs the page's text.

use super::classify::PageKind;
use super::doc::{Block, Document, Link};
use serde::{Deserialize, Serialize};

/// The lint-relevant facts of one page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outline {
    /// Path relative to the docs root, `/`-separated, as the page's diagnostics name it.
    pub file: String,
    /// An API or resource page: one other pages are expected to link to.
    pub linkable: bool,
    /// The `Namespace:` line's value and its line.
    pub namespace: Option<(String, u32)>,
    /// The anchors a link may name on this page: the headings' identifiers (lowercase, words
    /// joined by `-`, a repeated one numbered `x-1`) and the `name`/`id` of HTML anchors.
    pub anchors: Vec<String>,
    /// The relative links the page writes (not external, not site-absolute), as written.
    pub links: Vec<OutlineLink>,
    /// The front matter's top-level keys and their lines.
    pub front_matter_keys: Vec<(String, u32)>,
    /// The annotation comments that parsed.
    pub annotations: Vec<OutlineAnnotation>,
}

/// A relative link and the block it is written in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutlineLink {
    /// The destination as written (`../resources/user.md#properties`, `#request`).
    pub target: String,
    /// 1-based line of the block holding the link.
    pub line: u32,
    /// 1-based column of the block holding the link.
    pub column: u32,
}

/// An annotation comment's keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutlineAnnotation {
    /// 1-based line of the `<!--`.
    pub line: u32,
    /// 1-based column of the `<!--`.
    pub column: u32,
    /// Every key, as written, in order.
    pub keys: Vec<String>,
    /// `blockType`, when it is a string.
    pub block_type: Option<String>,
    /// `@odata.type`, when it is a string.
    pub odata_type: Option<String>,
}

/// The outline of `doc`, a page of `kind`.
pub fn outline(doc: &Document, kind: PageKind) -> Outline {
    let mut out = Outline {
        file: doc.file.clone(),
        linkable: matches!(kind, PageKind::Api | PageKind::Resource),
        ..Outline::default()
    };
    out.namespace = doc
        .preamble()
        .iter()
        .find_map(|b| match (b, &doc.namespace) {
            (Block::Paragraph(p), Some(ns)) if p.text.trim_start().starts_with("Namespace") => {
                Some((ns.clone(), p.line))
            }
            _ => None,
        });
    // A heading's identifier repeats as `x-1`, `x-2`, ... on docs sites.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for block in &doc.blocks {
        match block {
            Block::Heading(h) => {
                if h.tab.is_none() {
                    let id = slug(&h.text);
                    let n = seen.entry(id.clone()).or_insert(0);
                    out.anchors.push(match *n {
                        0 => id,
                        k => format!("{id}-{k}"),
                    });
                    *n += 1;
                }
                push_links(&mut out.links, &h.links, h.line, h.col);
            }
            Block::Paragraph(p) => push_links(&mut out.links, &p.links, p.line, p.col),
            Block::Table(t) => {
                for cell in t.header.iter().chain(t.rows.iter().flat_map(|r| &r.cells)) {
                    push_links(&mut out.links, &cell.links, cell.line, cell.col);
                }
            }
            Block::Code(_) => {}
            Block::Comment(c) => {
                if let Some(a) = &c.annotation {
                    out.annotations.push(OutlineAnnotation {
                        line: a.line,
                        column: a.col,
                        keys: a.json().keys().cloned().collect(),
                        block_type: a.block_type().map(str::to_string),
                        odata_type: a.str("@odata.type").map(str::to_string),
                    });
                }
            }
        }
    }
    html_anchors(doc, &mut out.anchors);
    if let Some(fm) = &doc.front_matter {
        // The lines between the fences; top-level keys start the line.
        for line in fm.line + 1..(fm.line + fm.line_count).saturating_sub(1) {
            if let Some(key) = doc.line_text(line).and_then(top_level_key) {
                out.front_matter_keys.push((key.to_string(), line));
            }
        }
    }
    out
}

/// The identifier a docs site gives a heading: lowercase, spaces as `-`, punctuation other
/// than `-` and `_` dropped (`Example 1: Get a user` -> `example-1-get-a-user`).
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}

fn push_links(out: &mut Vec<OutlineLink>, links: &[Link<'_>], line: u32, column: u32) {
    for (_, target) in links {
        let t = target.trim().trim_start_matches('<').trim_end_matches('>');
        let external = t.starts_with('/') || t.starts_with("//") || t.contains(':');
        if !t.is_empty() && !external {
            out.push(OutlineLink {
                target: t.to_string(),
                line,
                column,
            });
        }
    }
}

/// `<a name="x">` and `<a id="x">` anywhere on the page (the docs put them before headings).
fn html_anchors(doc: &Document, anchors: &mut Vec<String>) {
    for line in 1..=doc.line_count() {
        let Some(text) = doc.line_text(line) else {
            continue;
        };
        if !text.contains("<a ") {
            continue;
        }
        for attr in ["name=\"", "id=\""] {
            let mut rest = text;
            while let Some(at) = rest.find(attr) {
                let value = rest.get(at + attr.len()..).unwrap_or("");
                let end = value.find('"').unwrap_or(value.len());
                if let Some(v) = value.get(..end).filter(|v| !v.is_empty()) {
                    anchors.push(v.to_lowercase());
                }
                rest = value.get(end..).unwrap_or("");
            }
        }
    }
}

/// `key` of a `key: value` YAML line that starts at column 1.
fn top_level_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim();
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'));
    plain.then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_like_a_docs_site() {
        assert_eq!(slug("Example 1: Get a user"), "example-1-get-a-user");
        assert_eq!(slug("HTTP request"), "http-request");
        assert_eq!(slug("`id` property"), "id-property");
    }

    #[test]
    fn reads_keys_links_and_anchors() {
        let text = "---\ntitle: \"x\"\ndoc_typ: apiPageType\n---\n# Get thing\n\nNamespace: microsoft.graph\n\n<a name=\"top\"></a>\nSee [a](../resources/a.md#props) and [b](https://example.com).\n\n## HTTP request\n";
        let doc = Document::parse("api/x.md", text);
        let o = outline(&doc, PageKind::Api);
        assert_eq!(
            o.front_matter_keys,
            [("title".to_string(), 2), ("doc_typ".to_string(), 3)]
        );
        assert_eq!(o.namespace, Some(("microsoft.graph".to_string(), 7)));
        assert_eq!(o.links.len(), 1);
        assert_eq!(o.links[0].target, "../resources/a.md#props");
        assert!(o.anchors.contains(&"http-request".to_string()));
        assert!(o.anchors.contains(&"top".to_string()));
    }
}
