//! Parameter tables (`Parameter | Type | Description`): the body's parameters and their types.

use super::headers::{is_yes, says_required};
use crate::diag::{codes, Diagnostic};
use crate::model::{Parameter, TypeRef};
use crate::parse::columns::type_column;
use crate::parse::doc::{Cell, Document, Table};
use crate::parse::typeref::parse_type_cell;

pub(super) fn is_parameter_table(t: &Table) -> bool {
    let first = t
        .header
        .first()
        .map_or(String::new(), |c| c.text.to_ascii_lowercase());
    (first.contains("parameter") || first.contains("property") || first == "name")
        && type_column(t).is_some()
}

pub(super) fn parameters(doc: &Document, t: &Table, diags: &mut Vec<Diagnostic>) -> Vec<Parameter> {
    let type_col = type_column(t).unwrap_or(1);
    let desc_col = t.column(|h| h.contains("description"));
    let req_col = t.column(|h| h.contains("required"));
    t.rows
        .iter()
        .filter_map(|row| {
            let name = row.text(0).trim_matches(|c| c == '`' || c == '*').trim();
            if name.is_empty() {
                return None;
            }
            let ty = match row.cell(type_col) {
                Some(cell) => type_of(doc, cell, diags),
                None => {
                    diags.push(Diagnostic::new(
                        codes::SHORT_ROW,
                        &doc.file,
                        row.line,
                        1,
                        format!("row `{name}` has no type cell; its type is `Json`"),
                    ));
                    TypeRef::single("Json")
                }
            };
            let description = desc_col
                .map(|c| row.text(c).to_string())
                .filter(|s| !s.is_empty());
            let required = match req_col.map(|c| row.text(c).to_ascii_lowercase()) {
                Some(r) if !r.is_empty() => is_yes(&r),
                _ => description.as_deref().is_some_and(says_required),
            };
            Some(Parameter {
                name: name.to_string(),
                ty,
                description,
                required,
            })
        })
        .collect()
}

pub(super) fn type_of(doc: &Document, cell: &Cell, diags: &mut Vec<Diagnostic>) -> TypeRef {
    match parse_type_cell(cell, &doc.file) {
        Ok(t) => t,
        Err(why) => {
            diags.push(Diagnostic::new(
                codes::BAD_TYPE,
                &doc.file,
                cell.line,
                cell.col,
                format!("{why}; the type falls back to `Json`"),
            ));
            TypeRef::single("Json")
        }
    }
}
