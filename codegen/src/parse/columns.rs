//! Which column of a table holds what, where API pages and resource pages agree.

use super::doc::Table;

/// The `Type` column (a header that is or starts with `type`), or `Value` in a
/// `Name|Value|Description` table.
///
/// One rule for parameter tables and property tables alike. Of the two rules there were, this
/// is the one that leaves the corpus as it was read: request body sections write their
/// parameters as `Name|Value|Description`, while no property table lacks a `Type` column
/// (nor names it `Data type`, which only the other rule accepted).
/// A table of at least three columns none of whose headers is one of the convention's English
/// words: a translated `Property|Type|Description` table (`Propriedade|Tipo|Descrição`), whose
/// columns are then taken in that order.
pub(crate) fn is_translated(t: &Table) -> bool {
    const ENGLISH: [&str; 8] = [
        "property",
        "name",
        "parameter",
        "type",
        "value",
        "description",
        "relationship",
        "member",
    ];
    t.header.len() >= 3
        && t.column(|h| ENGLISH.iter().any(|w| h.trim().starts_with(w)))
            .is_none()
}

pub(crate) fn type_column(t: &Table) -> Option<usize> {
    t.column(|h| h == "type" || h.starts_with("type"))
        .or_else(|| {
            (t.header.len() >= 3)
                .then(|| t.column(|h| h == "value"))
                .flatten()
        })
}
