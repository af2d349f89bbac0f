//! Enum pages (`## Members`) and aggregate enum pages (`### x values` sections).
//!
//! An enum page's name comes from its title (`managedAppAvailability enum type`); an aggregate
//! page's enums are named by their headings (`### lifecycleEventType values`, at any level).
//! Member tables have a `Member` (or `Name`/`Value`) column, optionally a numeric `Value` and a
//! `Description`.

use super::doc::{Block, Document};
use super::members::{enum_def, member_column, values_sections};
use super::type_name::title_name;
use super::ParsedPage;

/// Reads an enum page, or an aggregate of enums, into `page.types`. A page with a properties
/// table is never one (see [`page_kind`](super::page_kind)).
pub fn parse_enum_page(doc: &Document, page: &mut ParsedPage) {
    let aggregate = values_sections(doc);
    if !aggregate.is_empty() && doc.section("Members").is_none() {
        page.types.extend(aggregate);
        return;
    }
    let table = doc
        .section("Members")
        .and_then(|s| s.tables().find(|t| member_column(t).is_some()))
        .or_else(|| {
            doc.blocks.iter().find_map(|b| match b {
                Block::Table(t) if member_column(t).is_some() => Some(t),
                _ => None,
            })
        });
    let Some(table) = table else { return };
    page.types.push(enum_def(
        title_name(doc),
        doc,
        table,
        doc.title_line.unwrap_or(table.line),
    ));
}
