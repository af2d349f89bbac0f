//! The permissions an endpoint needs, from its permissions table.

use super::sections::sections_starting;
use crate::model::Permissions;
use crate::parse::doc::{Document, Table};

/// The permissions table: one row per permission type, permissions split on commas; "Not
/// supported." and empty cells give empty lists. It is under `## Permissions`, or, on many
/// Intune pages, under `## Prerequisites` (then only a table with a permissions column counts).
pub(super) fn permissions(doc: &Document) -> Permissions {
    let mut p = Permissions::default();
    let has_permission_column = |t: &&Table| t.column(|h| h.contains("permission")).is_some();
    let table = match sections_starting(doc, "permission") {
        Some(section) => section
            .tables()
            .find(has_permission_column)
            .or_else(|| section.tables().next()),
        None => sections_starting(doc, "prerequisite")
            .and_then(|section| section.tables().find(has_permission_column)),
    };
    let Some(table) = table else {
        return p;
    };
    let col = table
        .column(|h| h.contains("permissions") || h.contains("least"))
        .filter(|&c| c > 0)
        .unwrap_or(1);
    // A translated table names its rows in another language (`Delegada (conta pessoal da
    // Microsoft)`): when no row is named in English, its three rows are taken in Graph's
    // fixed order.
    let english = table.rows.iter().any(|row| {
        let kind = row.text(0).to_ascii_lowercase();
        kind.contains("delegated") || kind.contains("application")
    });
    let by_position = !english && table.rows.len() == 3;
    for (i, row) in table.rows.iter().enumerate() {
        let kind = row.text(0).to_ascii_lowercase();
        let list = split_permissions(row.text(col));
        let target = if by_position {
            match i {
                0 => &mut p.delegated_work,
                1 => &mut p.delegated_personal,
                _ => &mut p.application,
            }
        } else if kind.contains("delegated") && kind.contains("personal") {
            &mut p.delegated_personal
        } else if kind.contains("delegated") {
            &mut p.delegated_work
        } else if kind.contains("application") {
            &mut p.application
        } else {
            continue;
        };
        for item in list {
            if !target.contains(&item) {
                target.push(item);
            }
        }
    }
    p
}

fn split_permissions(cell: &str) -> Vec<String> {
    cell.split([',', ';'])
        .flat_map(|s| s.split(" or "))
        .flat_map(|s| s.split(" and "))
        .map(|s| {
            let s = s.split('(').next().unwrap_or("");
            s.trim().trim_end_matches('.').trim().to_string()
        })
        .filter(|s| {
            !s.is_empty()
                && !s.contains(char::is_whitespace)
                && !matches!(
                    s.to_ascii_lowercase().as_str(),
                    "none" | "n/a" | "-" | "notsupported" | "not" | "supported"
                )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_split() {
        assert_eq!(
            split_permissions("User.Read, User.ReadWrite or Directory.Read.All."),
            vec!["User.Read", "User.ReadWrite", "Directory.Read.All"]
        );
        assert!(split_permissions("Not supported.").is_empty());
        assert!(split_permissions("").is_empty());
    }

    /// Own-words page: the permissions table sits under `## Prerequisites` with a sentence
    /// and a second table that is not about permissions.
    #[test]
    fn permissions_under_prerequisites() {
        let page = "# Get a widget\n\n## Prerequisites\n\nThe caller needs a licence.\n\n\
            | Licence | Note |\n|:--|:--|\n| Basic | any |\n\n\
            | Permission type | Permissions (from least to most privileged) |\n|:--|:--|\n\
            | Delegated (work or school account) | Widget.Read, Widget.ReadWrite |\n\
            | Delegated (personal Microsoft account) | Not supported. |\n\
            | Application | Widget.Read.All |\n\n\
            ## HTTP request\n\n```http\nGET /widgets/{id}\n```\n";
        let parsed = crate::parse::parse_page("api/widget-get.md", page.as_bytes());
        let e = parsed.endpoint.expect("an endpoint");
        assert_eq!(
            e.permissions.delegated_work,
            ["Widget.Read", "Widget.ReadWrite"]
        );
        assert!(e.permissions.delegated_personal.is_empty());
        assert_eq!(e.permissions.application, ["Widget.Read.All"]);
        // Without a permissions column, a prerequisites table is not read as permissions.
        let page = "# Get a widget\n\n## Prerequisites\n\n| Licence | Note |\n|:--|:--|\n\
            | Application | any |\n\n## HTTP request\n\n```http\nGET /widgets/{id}\n```\n";
        let parsed = crate::parse::parse_page("api/widget-get.md", page.as_bytes());
        let e = parsed.endpoint.expect("an endpoint");
        assert!(e.permissions.application.is_empty());
    }
}
