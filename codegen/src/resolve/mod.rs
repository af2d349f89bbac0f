//! Binding the pages of a folder into one [`Api`] per version.
//!
//! Pages are parsed on their own ([`crate::parse`]); only here do they meet. The steps, each in
//! its own file:
//! 1. [`merge`]: types spread over several pages become one (union of properties); conflicting
//!    definitions are reported (`DS0503`).
//! 2. [`bind`]: every [`TypeRef`](crate::model::TypeRef) is bound to a type: by the page its
//!    link points to, else by name, case-insensitively (`DS0501`, `DS0502`); base types are
//!    checked (`DS0505`); links are cleared.
//! 3. [`inherited`]: a derived type's redeclaration of an inherited property with another type
//!    is dropped (`DS0503`).
//! 4. [`endpoints`]: duplicate routes are reported (`DS0504`); a body given as a table of the
//!    properties of the resource its prose names becomes that resource.
//!
//! The resolver works on the pages of one version at a time ([`resolve_version`]): which page
//! belongs to which version is decided from file paths by [`crate::load`], which never lets two
//! versions of a type meet. Nothing here reads a file.

mod bind;
mod endpoints;
mod inherited;
mod merge;

use crate::diag::Diagnostic;
use crate::model::{Api, TypeDef};
use crate::parse::{PageKind, ParsedPage};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// A type together with what the resolver needs to know about where it came from.
pub(crate) struct Origin {
    pub def: TypeDef,
    /// The page was an enum page (or enum aggregate): its enums beat inline ones.
    pub explicit: bool,
}

/// Resolves the pages of one version.
pub fn resolve_version(
    version: Option<String>,
    mut pages: Vec<ParsedPage>,
) -> (Api, Vec<Diagnostic>) {
    pages.sort_by(|a, b| a.file.cmp(&b.file));
    let mut diags = Vec::new();

    // What each page defines, for links: lowercase path -> names, the page's own type first.
    let mut page_types: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut origins = Vec::new();
    let mut endpoints = Vec::new();
    for page in pages {
        let key = bind::page_key(&page.file);
        let names = page_types.entry(key).or_default();
        let explicit = matches!(page.kind, PageKind::Enum | PageKind::Enums);
        for def in page.types {
            names.push(def.name.clone());
            origins.push(Origin { def, explicit });
        }
        if let Some(e) = page.endpoint {
            endpoints.push(e);
        }
    }

    // Duplicate routes depend only on what the pages wrote (methods, paths, sources), so they
    // are found while the types are merged and bound; endpoints are bound after.
    let mut duplicates = Vec::new();
    let mut type_diags = Vec::new();
    let (mut types, index) = rayon::join(
        || endpoints::report_duplicates(&endpoints, &mut duplicates),
        || {
            let mut types = merge::merge_types(origins, &mut type_diags);
            let index = bind::Index::new(&types, page_types);
            bind::bind_types(&index, &mut types, &mut type_diags);
            (types, index)
        },
    )
    .1;
    diags.append(&mut type_diags);
    bind::bind_endpoints(&index, &mut endpoints, &mut diags);
    bind::check_base_types(&mut types, &mut diags);
    inherited::drop_conflicting_redeclarations(&mut types, &mut diags);
    bind::inherit_kinds(&mut types);
    endpoints::bodies_of_named_resources(&types, &mut endpoints);
    diags.append(&mut duplicates);

    types.par_sort_by(|a, b| {
        a.name
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.name.bytes().map(|c| c.to_ascii_lowercase()))
            .then_with(|| a.name.cmp(&b.name))
    });
    endpoints.par_sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.source.cmp(&b.source)));
    (
        Api {
            version,
            endpoints,
            types,
        },
        diags,
    )
}

#[cfg(test)]
mod tests;
