//! What kind of page this is, decided once from its front matter, its sections, or its shape;
//! the readers of each kind take it as given.

use super::doc::{Block, Document};
use super::frontmatter::DocType;
use super::resource::has_property_table;
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

/// Decides what a page is: the front matter's `doc_type` first, then its sections.
pub fn page_kind(doc: &Document) -> PageKind {
    let kind = declared_or_shaped(doc);
    // Resource pages that document an enum in a `### x values` section look like aggregates;
    // their properties table says what they are.
    if matches!(kind, PageKind::Enum | PageKind::Enums) && has_property_table(doc) {
        PageKind::Resource
    } else {
        kind
    }
}

/// The kind the front matter declares, checked against the page's shape, else the shape's.
fn declared_or_shaped(doc: &Document) -> PageKind {
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
    let Some(rest) = normalized
        .strip_prefix("http requests")
        .or_else(|| normalized.strip_prefix("http request"))
    else {
        return false;
    };
    // `HTTP request (to upload a new file)`: one section per alternative, told apart after
    // the words (never `HTTP request headers`, which is another section).
    rest.is_empty()
        || [" (", ":", " - ", " – ", " — "]
            .iter()
            .any(|p| rest.starts_with(p))
}

/// Why a page is [`PageKind::Other`], for the diagnostic that says it defines nothing.
pub(super) fn other_reason(doc: &Document) -> String {
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

#[cfg(test)]
mod heading_tests {
    use super::is_http_request_heading;

    #[test]
    fn http_request_headings_include_one_per_alternative() {
        for yes in [
            "http request",
            "http requests",
            "http request (to replace an existing item)",
            "http request: beta",
            "http request - upload a new file",
        ] {
            assert!(is_http_request_heading(yes), "{yes}");
        }
        for no in [
            "http request headers",
            "http request body",
            "http requested",
            "request",
        ] {
            assert!(!is_http_request_heading(no), "{no}");
        }
    }
}
