//! Reading one markdown page into what it says, with diagnostics.
//!
//! A page is read on its own, without looking at any other page: links to other pages are kept
//! as [`TypeRef::link`](crate::model::TypeRef::link) for the resolver to bind.

pub mod annotation;
pub mod api;
mod columns;
pub mod doc;
pub mod enums;
pub mod example;
pub mod frontmatter;
pub mod http;
pub mod resource;
mod separator;
pub mod typeref;

use crate::diag::{codes, Diagnostic};
use crate::model::{Endpoint, TypeDef};
use doc::{Block, Document};
use frontmatter::DocType;
use serde::{Deserialize, Serialize};

/// What kind of page this is, from its front matter, its sections, or its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// One endpoint (`doc_type: apiPageType`, or a `## HTTP request` section).
    Api,
    /// One resource type (`resourcePageType`, or a `## Properties` table / JSON representation).
    Resource,
    /// One enum type (`enumPageType`, or a `## Members` table).
    Enum,
    /// Several enums in `### x values` sections (`enums.md`).
    Enums,
    /// Conceptual, overview or otherwise not a source of endpoints or types.
    Other,
}

/// Everything one page says, before resolution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParsedPage {
    /// Path relative to the docs root, `/`-separated (as in [`Diagnostic::file`]).
    pub file: String,
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
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one page. `file` is its path relative to the docs root (`/`-separated); `bytes` its
/// content. Never fails and never panics: what cannot be understood becomes a diagnostic.
pub fn parse_page(file: &str, bytes: &[u8]) -> ParsedPage {
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

/// Decides what a page is: the front matter's `doc_type` first, then its sections.
pub fn page_kind(doc: &Document) -> PageKind {
    let shape = Shape::of(doc);
    match doc.front_matter.as_ref().and_then(|f| f.doc_type.as_ref()) {
        // Mislabelled resource pages: a properties table and no request.
        Some(DocType::Api) if !shape.http_request && (shape.properties || shape.resource_json) => {
            PageKind::Resource
        }
        Some(DocType::Api) => PageKind::Api,
        Some(DocType::Enums) => PageKind::Enums,
        Some(DocType::Enum) | Some(DocType::Resource) => {
            // Resource pages may end with `### x values` sections for their inline enums.
            if shape.enum_sections && !shape.properties {
                PageKind::Enums
            } else if shape.members && !shape.properties {
                PageKind::Enum
            } else if shape.properties || shape.resource_json {
                PageKind::Resource
            } else if matches!(
                doc.front_matter.as_ref().and_then(|f| f.doc_type.as_ref()),
                Some(DocType::Enum)
            ) {
                PageKind::Enum
            } else {
                PageKind::Resource
            }
        }
        Some(DocType::Conceptual) => PageKind::Other,
        _ => shape.kind(),
    }
}

/// The structural evidence of a page's kind.
struct Shape {
    http_request: bool,
    properties: bool,
    resource_json: bool,
    members: bool,
    enum_sections: bool,
}

impl Shape {
    fn of(doc: &Document) -> Shape {
        let sections = doc.sections();
        let named =
            |pred: &dyn Fn(&str) -> bool| sections.iter().any(|s| pred(s.heading.normalized()));
        Shape {
            // Any level: some pages have one `### HTTP request` per alternative.
            http_request: doc.blocks.iter().any(|b| {
                matches!(b, Block::Heading(h) if h.tab.is_none()
                    && is_http_request_heading(h.normalized()))
            }),
            properties: sections.iter().any(|s| {
                s.heading.normalized().starts_with("properties")
                    && s.tables().next().is_some()
            }),
            resource_json: doc.blocks.iter().any(|b| {
                matches!(b, Block::Code(c) if c.annotation.as_ref().is_some_and(|a| a.is("resource")))
            }),
            members: named(&|h: &str| h == "members" || h == "enum members"),
            enum_sections: doc.blocks.iter().any(|b| {
                matches!(b, Block::Heading(h) if h.level == 3
                    && h.normalized().ends_with(" values"))
            }),
        }
    }

    fn kind(&self) -> PageKind {
        if self.http_request {
            PageKind::Api
        } else if self.enum_sections && !self.properties {
            PageKind::Enums
        } else if self.properties || self.resource_json {
            PageKind::Resource
        } else if self.members {
            PageKind::Enum
        } else if self.enum_sections {
            PageKind::Enums
        } else {
            PageKind::Other
        }
    }
}

/// `true` for `HTTP request`, `HTTP Request`, `HTTP requests`.
pub fn is_http_request_heading(normalized: &str) -> bool {
    normalized == "http request" || normalized == "http requests"
}

fn other_reason(doc: &Document) -> String {
    match doc.front_matter.as_ref().and_then(|f| f.doc_type.as_ref()) {
        Some(DocType::Conceptual) => {
            "a conceptual page (doc_type: conceptualPageType): it defines no endpoint or type"
                .to_string()
        }
        Some(DocType::Other(t)) => format!(
            "neither an API page nor a resource page: doc_type `{t}` is unknown, and there is no HTTP request section and no properties table"
        ),
        _ => "neither an API page nor a resource page: no HTTP request section and no properties table"
            .to_string(),
    }
}
