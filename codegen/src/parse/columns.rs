//! Which column of a table holds what, where API pages and resource pages agree.

use super::doc::Table;

/// The `Type` column (a header that is or starts with `type`), or `Value` in a
/// `Name|Value|Description` table.
///
/// One rule for parameter tables and property tables alike. Of the two rules there were, this
/// is the one that leaves the corpus as it was read: request body sections write their
/// parameters as `Name|Value|Description`, while no property table lacks a `Type` column
/// (nor names it `Data type`, which only the other rule accepted).
pub(crate) fn type_column(t: &Table) -> Option<usize> {
    t.column(|h| h == "type" || h.starts_with("type"))
        .or_else(|| {
            (t.header.len() >= 3)
                .then(|| t.column(|h| h == "value"))
                .flatten()
        })
}
