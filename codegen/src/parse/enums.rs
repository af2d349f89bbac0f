//! Enum pages (`## Members`) and aggregate enum pages (`### x values` sections).
//!
//! An enum page's name comes from its title (`managedAppAvailability enum type`); an aggregate
//! page's enums are named by their headings (`### lifecycleEventType values`, at any level).
//! Member tables have a `Member` (or `Name`/`Value`) column, optionally a numeric `Value` and a
//! `Description`.

use super::doc::{Block, Document, Table};
use super::resource::title_name;
use super::typeref::is_identifier;
use super::ParsedPage;
use crate::model::{EnumMember, Source, TypeDef, TypeKind};

/// Reads an enum page, or an aggregate of enums, into `page.types`.
pub fn parse_enum_page(doc: &Document, page: &mut ParsedPage) {
    // Resource pages that document an enum in a `### x values` section look like aggregates;
    // their properties table says what they are.
    if super::resource::has_property_table(doc) {
        page.kind = super::PageKind::Resource;
        super::resource::parse_resource_page(doc, page);
        return;
    }
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

/// Every `x values` heading followed by a member table, as an enum named `x`.
pub(crate) fn values_sections(doc: &Document) -> Vec<TypeDef> {
    let mut out = Vec::new();
    let mut current: Option<(String, u32)> = None;
    for b in &doc.blocks {
        match b {
            Block::Heading(h) => {
                current = enum_heading_name(&h.text).map(|n| (n, h.line));
            }
            Block::Table(t) => {
                if let (Some((name, line)), Some(_)) = (current.take(), member_column(t)) {
                    out.push(enum_def(name, doc, t, line));
                }
            }
            _ => {}
        }
    }
    out
}

/// `lifecycleEventType values` -> `lifecycleEventType`.
fn enum_heading_name(text: &str) -> Option<String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let cut = lower.strip_suffix(" values").map(str::len)?;
    let name = t.get(..cut)?.trim().trim_matches(|c| c == '`' || c == '*');
    is_identifier(name).then(|| name.to_string())
}

fn member_column(t: &Table) -> Option<usize> {
    t.column(|h| matches!(h.trim(), "member" | "name" | "members"))
        .or_else(|| {
            // `Value|Description` tables list names under "Value" when no other column does.
            let v = t.column(|h| h.trim() == "value")?;
            let names = t
                .rows
                .iter()
                .all(|r| is_identifier(r.text(v).trim_matches('`')));
            (names && !t.rows.is_empty()).then_some(v)
        })
}

fn enum_def(name: String, doc: &Document, table: &Table, line: u32) -> TypeDef {
    let mc = member_column(table).unwrap_or(0);
    let vc = table
        .column(|h| h.trim() == "value" || h.trim() == "int value")
        .filter(|&v| v != mc);
    let dc = table.column(|h| h.trim().starts_with("description"));
    let mut members: Vec<EnumMember> = Vec::new();
    for row in &table.rows {
        let raw = row.text(mc).replace(['`', '*'], "");
        let member = raw.trim();
        if !is_identifier(member) || members.iter().any(|m| m.name == member) {
            continue;
        }
        members.push(EnumMember {
            name: member.to_string(),
            value: vc.and_then(|v| parse_value(row.text(v))),
            description: dc
                .map(|d| row.text(d).to_string())
                .filter(|d| !d.is_empty()),
        });
    }
    TypeDef {
        name,
        namespace: doc.namespace.clone(),
        kind: TypeKind::Enum,
        description: doc.description(),
        base_type: None,
        is_abstract: false,
        open_type: false,
        key_property: None,
        properties: Vec::new(),
        members,
        source: Source {
            file: doc.file.clone(),
            line,
        },
    }
}

/// `0`, `-1`, `0x10`.
fn parse_value(text: &str) -> Option<i64> {
    let t = text.trim().trim_matches('`');
    match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => i64::from_str_radix(hex, 16).ok(),
        None => t.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_headings_name_enums() {
        assert_eq!(
            enum_heading_name("lifecycleEventType values").as_deref(),
            Some("lifecycleEventType")
        );
        assert_eq!(
            enum_heading_name("groupType values ").as_deref(),
            Some("groupType")
        );
        assert_eq!(enum_heading_name("Enum values"), Some("Enum".to_string()));
        assert_eq!(enum_heading_name("Properties"), None);
        assert_eq!(enum_heading_name("display as values"), None);
    }

    #[test]
    fn values_parse_decimal_and_hex() {
        assert_eq!(parse_value("4"), Some(4));
        assert_eq!(parse_value("`-1`"), Some(-1));
        assert_eq!(parse_value("0x10"), Some(16));
        assert_eq!(parse_value("n/a"), None);
    }
}
