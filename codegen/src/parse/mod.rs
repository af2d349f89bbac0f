//! Reading one markdown page into what it says, with diagnostics.
//!
//! A page is read on its own, without looking at any other page: links to other pages are kept
//! as [`TypeRef::link`](crate::model::TypeRef::link) for the resolver to bind.

use crate::diag::Diagnostic;
use crate::model::{Endpoint, TypeDef};
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
