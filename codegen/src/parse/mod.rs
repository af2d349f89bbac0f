//! Reading one markdown page into what it says, with diagnostics.
//!
//! A page is read on its own, without looking at any other page: links to other pages are kept
//! as [`TypeRef::link`](crate::model::TypeRef::link) for the resolver to bind.

pub mod annotation;
pub mod api;
mod ascii;
mod classify;
mod columns;
pub mod doc;
pub mod enums;
pub mod example;
pub mod frontmatter;
pub mod http;
mod members;
pub mod outline;
pub mod resource;
mod separator;
mod type_name;
pub mod typeref;

use crate::diag::{codes, Diagnostic};
use crate::model::{Endpoint, TypeDef};
use classify::other_reason;
use doc::Document;
use serde::{Deserialize, Serialize};

pub use classify::{is_http_request_heading, page_kind, PageKind};

/// Everything one page says, before resolution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParsedPage {
    /// Path relative to the docs root, `/`-separated (as in [`Diagnostic::file`]).
    pub file: String,
    /// What kind of page it is.
    pub kind: PageKind,
    /// The H1 title, if any.
    pub title: Option<String>,
    /// The `Namespace:` line, if any.
    pub namespace: Option<String>,
    /// The endpoint of an API page. Its type references are unresolved.
    pub endpoint: Option<Endpoint>,
    /// Types this page defines: the resource (and enums written inline in its property
    /// descriptions), or the enum(s). Their type references are unresolved.
    pub types: Vec<TypeDef>,
    /// What could not be read on this page.
    pub diagnostics: Vec<Diagnostic>,
    /// Its anchors, links and metadata keys, for `docspec lint`;
    /// [`crate::load::load_for_lint`] moves them to [`crate::Loaded::pages`] (other loads leave
    /// them empty). Not part of the model's JSON.
    #[serde(skip)]
    pub outline: outline::Outline,
}

/// Parses one page. `file` is its path relative to the docs root (`/`-separated); `bytes` its
/// content. Never fails and never panics: what cannot be understood becomes a diagnostic.
/// Its [`ParsedPage::outline`] is recorded.
pub fn parse_page(file: &str, bytes: &[u8]) -> ParsedPage {
    parse_page_with(file, bytes, true)
}

/// [`parse_page`], recording the page's outline (for `docspec lint`) only when `outline` is
/// set: it costs about a tenth of the parse, which no other caller needs.
pub fn parse_page_with(file: &str, bytes: &[u8], outline: bool) -> ParsedPage {
    let (text, utf8) = decode(file, bytes);
    let doc = Document::parse(file, &text);
    let kind = page_kind(&doc);
    let title = doc.title.clone().or_else(|| {
        doc.front_matter
            .as_ref()
            .and_then(|f| f.title.clone())
            .filter(|t| !t.is_empty())
    });
    let mut page = ParsedPage {
        file: file.to_string(),
        kind,
        title,
        namespace: doc.namespace.clone(),
        endpoint: None,
        types: Vec::new(),
        diagnostics: utf8
            .into_iter()
            .chain(doc.diagnostics.iter().cloned())
            .collect(),
        outline: if outline {
            outline::outline(&doc, kind)
        } else {
            outline::Outline::default()
        },
    };
    if page.title.is_none() && kind != PageKind::Other {
        page.diagnostics.push(Diagnostic::new(
            codes::NO_TITLE,
            file,
            1,
            1,
            "the page has no `# Title` heading; the file name is used instead",
        ));
    }
    match kind {
        PageKind::Api => api::parse_api_page(&doc, &mut page),
        PageKind::Resource => resource::parse_resource_page(&doc, &mut page),
        PageKind::Enum | PageKind::Enums => enums::parse_enum_page(&doc, &mut page),
        PageKind::Other => page.diagnostics.push(Diagnostic::new(
            codes::UNKNOWN_PAGE,
            file,
            doc.title_line.unwrap_or(1),
            1,
            other_reason(&doc),
        )),
    }
    page
}

/// The page as text: invalid UTF-8 is replaced (U+FFFD) and reported once (DS0102) where the
/// first bad byte is.
fn decode<'b>(file: &str, bytes: &'b [u8]) -> (std::borrow::Cow<'b, str>, Option<Diagnostic>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), None),
        Err(e) => {
            let good = bytes.get(..e.valid_up_to()).unwrap_or(&[]);
            let good = std::str::from_utf8(good).unwrap_or("");
            let line = good.matches('\n').count() + 1;
            let line_start = good.rfind('\n').map_or(0, |i| i + 1);
            let mut col = good.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
            if line == 1 && good.starts_with('\u{feff}') {
                col -= 1;
            }
            let d = Diagnostic::new(
                codes::INVALID_UTF8,
                file,
                u32::try_from(line).unwrap_or(u32::MAX),
                u32::try_from(col).unwrap_or(u32::MAX),
                "the file is not valid UTF-8; invalid bytes were replaced with U+FFFD",
            );
            (String::from_utf8_lossy(bytes), Some(d))
        }
    }
}
