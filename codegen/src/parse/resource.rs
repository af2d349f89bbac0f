//! Resource pages: the `## Properties` and `## Relationships` tables and the JSON
//! representation, into a [`TypeDef`].
//!
//! Sources, in order of authority:
//! - the `blockType: resource` annotation names the type (`@odata.type`) and says whether it is
//!   an entity (`keyProperty`), its base type, `openType` and `abstract`;
//! - the tables give properties (the Relationships table gives navigation properties);
//! - the JSON representation adds properties the tables forgot, typed from their placeholder
//!   values (see [`jsonrep`]).
//!
//! Inline enums (see [`inline_enum`]) become extra [`TypeDef`]s after the resource, so the
//! resource is always the page's first type (the resolver binds links to it).

mod inline_enum;
mod jsonrep;

use super::columns::{is_translated, type_column};
use super::doc::{Block, Document, Table};
use super::members::values_sections;
use super::type_name::title_name;
use super::typeref::{is_identifier, parse_type_cell};
use super::ParsedPage;
use crate::diag::{codes, Diagnostic};
use crate::model::{Property, Source, TypeDef, TypeKind, TypeRef};

/// Reads a resource page into `page.types` (the resource first, then its inline enums) and
/// `page.diagnostics`.
pub fn parse_resource_page(doc: &Document, page: &mut ParsedPage) {
    let rep = jsonrep::find(doc, &mut page.diagnostics);
    let ann = rep.as_ref().map(|r| &r.annotation);

    let (name, namespace) = match ann.and_then(|a| a.odata_type.as_deref()) {
        Some(t) => split_qualified(t),
        None => (title_name(doc), None),
    };
    let namespace = namespace.or_else(|| doc.namespace.clone());
    let line = doc.title_line.unwrap_or(1);

    let mut properties = Vec::new();
    let mut enums = Vec::new();
    // Properties whose type cell could not be read: the JSON representation may say more.
    let mut unclear = Vec::new();
    let mut saw_table = false;
    for (table, navigation) in property_tables(doc) {
        saw_table = true;
        read_table(
            doc,
            table,
            navigation,
            &name,
            &mut properties,
            &mut enums,
            &mut unclear,
            &mut page.diagnostics,
        );
    }
    if let Some(rep) = &rep {
        jsonrep::add_missing(doc, rep, &name, &unclear, &mut properties, &mut enums);
    }
    if !saw_table && rep.is_none() {
        page.diagnostics.push(Diagnostic::new(
            codes::NO_PROPERTIES,
            doc.file.clone(),
            line,
            1,
            "this resource page has neither a properties table nor a JSON representation",
        ));
    }

    let key_property = ann.and_then(|a| a.key_property.clone());
    let has_relationships = properties.iter().any(|p: &Property| p.navigation);
    let base_type = ann.and_then(|a| a.base_type.clone());
    // A key, or relationships, make an entity. A base type alone does not decide: the resolver
    // makes every type deriving from an entity an entity.
    // `"id": "String (identifier)"` is how the JSON representation marks a key.
    let identified = rep.as_ref().is_some_and(jsonrep::has_identifier);
    let kind = if key_property.is_some() || has_relationships || identified {
        TypeKind::Entity
    } else {
        TypeKind::Complex
    };
    page.types.push(TypeDef {
        name,
        namespace,
        kind,
        description: doc.description(),
        base_type,
        is_abstract: ann.is_some_and(|a| a.is_abstract),
        open_type: ann.is_some_and(|a| a.open_type),
        key_property,
        properties,
        members: Vec::new(),
        source: Source {
            file: doc.file.clone(),
            line,
        },
    });
    // A `### x values` table is a fuller list than a description's sentence.
    for e in values_sections(doc) {
        enums.retain(|x: &TypeDef| !x.name.eq_ignore_ascii_case(&e.name));
        enums.push(e);
    }
    page.types.extend(enums);
}

/// Whether the page has a properties (or relationships) table: then it is a resource page,
/// whatever else it holds.
pub(crate) fn has_property_table(doc: &Document) -> bool {
    !property_tables(doc).is_empty()
}

/// `microsoft.graph.callRecords.session` -> (`session`, `microsoft.graph.callRecords`).
pub(crate) fn split_qualified(t: &str) -> (String, Option<String>) {
    let t = t.trim().trim_start_matches('#');
    match t.rsplit_once('.') {
        Some((ns, name)) => (name.to_string(), Some(ns.to_string())),
        None => (t.to_string(), None),
    }
}

/// The tables of property-like sections with a name and a type column, each with whether it
/// lists navigation properties.
fn property_tables<'d>(doc: &'d Document<'_>) -> Vec<(&'d Table<'d>, bool)> {
    let mut out = Vec::new();
    for s in doc.sections() {
        let heading = s.heading.normalized();
        let navigation = heading.contains("relationship") || heading.contains("navigation");
        if !navigation && !heading.contains("propert") {
            continue;
        }
        for b in s.blocks {
            if let Block::Table(t) = b {
                if (name_column(t).is_some() && type_column(t).is_some()) || is_translated(t) {
                    out.push((t, navigation));
                }
            }
        }
    }
    out
}

fn name_column(t: &Table) -> Option<usize> {
    t.column(|h| {
        matches!(
            h.trim(),
            "property"
                | "name"
                | "property name"
                | "relationship"
                | "relationship name"
                | "navigation property"
        )
    })
}

/// The `Description` column, or the third of a translated table ([`is_translated`]).
fn description_column(t: &Table) -> Option<usize> {
    t.column(|h| h.trim().starts_with("description"))
        .or_else(|| is_translated(t).then_some(2))
}

/// The property name of a name cell, or `None` for rows that are not properties (group
/// headings such as `**Intune**`, instance annotations such as `@odata.type`).
fn property_name(text: &str) -> Option<String> {
    let t = text.replace(['`', '*', '\\'], "");
    let t = t.split_whitespace().next()?;
    is_identifier(t).then(|| t.to_string())
}

#[allow(clippy::too_many_arguments)]
fn read_table(
    doc: &Document,
    table: &Table,
    navigation: bool,
    type_name: &str,
    properties: &mut Vec<Property>,
    enums: &mut Vec<TypeDef>,
    unclear: &mut Vec<String>,
    diags: &mut Vec<Diagnostic>,
) {
    let translated = is_translated(table);
    let nc = name_column(table).or_else(|| translated.then_some(0));
    let tc = type_column(table).or_else(|| translated.then_some(1));
    let (Some(nc), Some(tc)) = (nc, tc) else {
        return;
    };
    let dc = description_column(table);
    for row in &table.rows {
        let Some(name) = property_name(row.text(nc)) else {
            continue;
        };
        if row.cells.len() < table.header.len() {
            diags.push(Diagnostic::new(
                codes::SHORT_ROW,
                doc.file.clone(),
                row.line,
                1,
                format!(
                    "this row has {} cells but the table has {} columns",
                    row.cells.len(),
                    table.header.len()
                ),
            ));
        }
        if properties
            .iter()
            .any(|p: &Property| p.name.eq_ignore_ascii_case(&name))
        {
            continue;
        }
        let description = dc
            .and_then(|i| row.cell(i))
            .filter(|c| !c.text.is_empty())
            .map(|c| c.text.to_string());
        let unclear_before = unclear.len();
        let mut ty = match row.cell(tc).map(|c| (c, parse_type_cell(c, &doc.file))) {
            Some((_, Ok(t))) => t,
            Some((cell, Err(msg))) => {
                diags.push(Diagnostic::new(
                    codes::BAD_TYPE,
                    doc.file.clone(),
                    cell.line,
                    cell.col,
                    format!("the type of `{name}` is unclear: {msg}; it is treated as `Json`"),
                ));
                unclear.push(name.clone());
                TypeRef::single("Json")
            }
            None => {
                unclear.push(name.clone());
                TypeRef::single("Json")
            }
        };
        let was_unclear = unclear.len() > unclear_before;
        if let (Some(cell), true) = (dc.and_then(|i| row.cell(i)), !navigation) {
            if let Some(def) = inline_enum::from_description(
                cell,
                &mut ty,
                was_unclear,
                type_name,
                &name,
                &doc.file,
                row.line,
            ) {
                inline_enum::push(enums, def);
            }
        }
        properties.push(Property {
            name,
            ty,
            description,
            navigation,
            required: false,
            source: Source {
                file: doc.file.clone(),
                line: row.line,
            },
        });
    }
}
