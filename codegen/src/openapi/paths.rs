//! Graph path templates made OpenAPI path keys: placeholder names cleaned (`{id |
//! userPrincipalName}` -> `{id}`) and unique within the path (`/applications/{id}/calls/{id}`
//! -> `/applications/{id}/calls/{call-id}`), stray braces dropped.

use crate::route::{pieces, Piece};

/// A path key and its placeholders.
#[derive(Debug, PartialEq)]
pub(super) struct PathKey {
    /// The OpenAPI path key (`/app/calls/{id}/participants`).
    pub(super) key: String,
    /// Each placeholder, in order: the name in `key` and the text the docs wrote.
    pub(super) params: Vec<(String, String)>,
}

impl PathKey {
    /// Placeholders whose name differs from what the docs wrote, as `{written}` -> `{name}`.
    pub(super) fn renames(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|(name, written)| name != written)
            .map(|(name, written)| format!("`{{{written}}}` -> `{{{name}}}`"))
            .collect()
    }
}

/// A placeholder name OpenAPI tools take: the first alternative of `a | b`, letters, digits,
/// `-`, `_` and `.` kept, runs of anything else one `-`.
fn clean_name(written: &str) -> String {
    let first = written.split('|').next().unwrap_or(written).trim();
    let mut out = String::new();
    for c in first.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "param".to_string()
    } else {
        out
    }
}

/// The last path segment's name in `literal` (`calls` in `/app/calls/`), for telling repeated
/// placeholders apart.
fn segment_before(literal: &str) -> Option<String> {
    let seg = literal.trim_end_matches(['/', '(', '=', '\'', ':']);
    let seg = seg.rsplit('/').next().unwrap_or(seg);
    let seg = seg.split('(').next().unwrap_or(seg);
    let name = clean_name(&singular(seg));
    (name != "param").then_some(name)
}

/// `calls` -> `call`, `policies` -> `policy`, `addresses` -> `address`, as Graph's own
/// `{call-id}`; a word that does not end in `s` unchanged.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() > 1) {
        return format!("{stem}y");
    }
    if let Some(stem) = word.strip_suffix("es") {
        if ["ss", "x", "ch", "sh"]
            .iter()
            .any(|end| stem.ends_with(end))
        {
            return stem.to_string();
        }
    }
    match word.strip_suffix('s') {
        Some(one) if one.len() > 2 && !one.ends_with(['s', 'u', 'i']) => one.to_string(),
        _ => word.to_string(),
    }
}

/// The OpenAPI path key of the docs' template `path`.
pub(super) fn path_key(path: &str) -> PathKey {
    let mut key = String::new();
    let mut params: Vec<(String, String)> = Vec::new();
    let mut last_literal = String::new();
    for piece in pieces(path) {
        match piece {
            Piece::Literal(text) => {
                let text: String = text.chars().filter(|c| !matches!(c, '{' | '}')).collect();
                key.push_str(&text);
                last_literal = text;
            }
            Piece::Param(written) => {
                let base = clean_name(written);
                let mut name = base.clone();
                if params.iter().any(|(n, _)| *n == name) {
                    if let Some(seg) = segment_before(&last_literal) {
                        name = format!("{seg}-{base}");
                    }
                }
                let mut n = 2;
                let stem = name.clone();
                while params.iter().any(|(p, _)| *p == name) {
                    name = format!("{stem}{n}");
                    n += 1;
                }
                key.push('{');
                key.push_str(&name);
                key.push('}');
                params.push((name, written.to_string()));
                last_literal.clear();
            }
        }
    }
    if !key.starts_with('/') {
        key.insert(0, '/');
    }
    PathKey { key, params }
}

#[cfg(test)]
mod tests {
    use super::path_key;

    #[test]
    fn placeholders_become_legal_and_unique() {
        let k = path_key("/users/{id | userPrincipalName}/calls/{id}");
        assert_eq!(k.key, "/users/{id}/calls/{call-id}");
        assert_eq!(
            k.renames(),
            [
                "`{id | userPrincipalName}` -> `{id}`",
                "`{id}` -> `{call-id}`"
            ]
        );
        let k = path_key("/drives/{drive-id}/items/{parent-id}:/{filename}:/content");
        assert_eq!(
            k.key,
            "/drives/{drive-id}/items/{parent-id}:/{filename}:/content"
        );
        assert!(k.renames().is_empty());
        let k = path_key("/reports/getX(period='{period}')/{a}/{a}/{a}");
        assert_eq!(k.key, "/reports/getX(period='{period}')/{a}/{a2}/{a3}");
        assert_eq!(path_key("/a/{x{y}}/b").key, "/a/{x-y}/b");
        let k = path_key("/policies/{id}/x/{id}/addresses/{id}/boxes/{id}/members/{id}");
        assert_eq!(
            k.key,
            "/policies/{id}/x/{x-id}/addresses/{address-id}/boxes/{box-id}/members/{member-id}"
        );
    }
}
