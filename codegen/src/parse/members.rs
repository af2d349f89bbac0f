//! Enum member tables (`Member | Value | Description`) and the `### x values` sections that
//! hold them: read by enum pages, and by resource pages that document their enums inline.

use super::doc::{Block, Document, Table};
use super::typeref::is_identifier;
use crate::model::{EnumMember, Source, TypeDef, TypeKind};

/// Every `x values` heading followed by a member table, as an enum named `x`.
pub(super) fn values_sections(doc: &Document) -> Vec<TypeDef> {
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

/// The column that names the members, if the table lists any.
pub(super) fn member_column(t: &Table) -> Option<usize> {
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

/// The enum `name` whose members `table` lists; `line` is where it is defined.
pub(super) fn enum_def(name: String, doc: &Document, table: &Table, line: u32) -> TypeDef {
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
