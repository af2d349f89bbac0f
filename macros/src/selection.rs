//! What `endpoints = [...]` may say that the emitter's selection does not understand yet:
//! `"METHOD /path"` (turned into the page name here), and the closest names to suggest when an
//! entry matches nothing. Which endpoints and types are emitted is decided by the emitter alone.

use docspec_codegen::emit::names::{convert, Case};
use docspec_codegen::model::Api;

/// How many names a "no such endpoint" error suggests.
const SUGGESTIONS: usize = 3;

/// `"POST /app/calls/{id}/participants"` -> the name of the endpoint with that method and one
/// path equal to it (placeholder names ignored, `/v1.0` or `/beta` prefix allowed).
/// `None` when `wanted` is not of that shape; `Some(Err(()))` when it is but nothing matches.
pub fn by_request_line(api: &Api, wanted: &str) -> Option<Result<String, ()>> {
    let (method, path) = wanted.trim().split_once(' ')?;
    let path = path.trim();
    if !path.starts_with('/') || !method.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let path = strip_version(path);
    let shape = path_shape(path);
    let found = api.endpoints.iter().find(|e| {
        e.method.eq_ignore_ascii_case(method) && e.paths.iter().any(|p| path_shape(p) == shape)
    });
    Some(found.map(|e| e.name.clone()).ok_or(()))
}

fn strip_version(path: &str) -> &str {
    for prefix in ["/v1.0/", "/beta/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            return &path[path.len() - rest.len() - 1..];
        }
    }
    path
}

/// The path with every `{placeholder}` reduced to `{}` and no trailing `/`.
fn path_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                inside = true;
                out.push('{');
            }
            '}' => {
                inside = false;
                out.push('}');
            }
            _ if inside => {}
            _ => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}

/// Every way the docs let an endpoint be named: page names, function names (from titles, as
/// the emitter names them before collisions) and `METHOD /path`.
pub fn candidates(api: &Api, request_lines: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (i, e) in api.endpoints.iter().enumerate() {
        out.push(e.name.clone());
        out.push(convert(&e.title, Case::Snake, "endpoint", i + 1).text);
        if request_lines {
            let method = e.method.to_ascii_uppercase();
            out.extend(e.paths.iter().map(|p| format!("{method} {p}")));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The [`SUGGESTIONS`] names of `candidates` closest to `wanted` by edit distance (ignoring
/// case), closest first.
pub fn closest<'a>(wanted: &str, candidates: &'a [String]) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .iter()
        .map(|c| (edit_distance(&wanted, &c.to_lowercase()), c.as_str()))
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, c)| c)
        .collect()
}

/// Levenshtein distance over characters, with one row of memory.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let replace = diagonal + usize::from(ca != *cb);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = replace.min(above + 1).min(left + 1);
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use docspec_codegen::model::{Endpoint, Permissions, Source};

    fn endpoint(name: &str, title: &str, method: &str, paths: &[&str]) -> Endpoint {
        Endpoint {
            name: name.into(),
            title: title.into(),
            description: None,
            method: method.into(),
            paths: paths.iter().map(|p| p.to_string()).collect(),
            path_params: vec![],
            query: vec![],
            permissions: Permissions::default(),
            headers: vec![],
            request_body: None,
            responses: vec![],
            examples: vec![],
            source: Source::default(),
        }
    }

    fn api() -> Api {
        Api {
            version: Some("v1.0".into()),
            endpoints: vec![
                endpoint(
                    "call-post-participants",
                    "Create participant",
                    "POST",
                    &[
                        "/app/calls/{id}/participants",
                        "/communications/calls/{id}/participants",
                    ],
                ),
                endpoint("call-get", "Get call", "GET", &["/app/calls/{id}"]),
            ],
            types: vec![],
        }
    }

    #[test]
    fn edit_distance_table() {
        for (a, b, d) in [
            ("", "", 0),
            ("abc", "", 3),
            ("", "ab", 2),
            ("kitten", "sitting", 3),
            ("call-get", "call-get", 0),
            ("creat_participant", "create_participant", 1),
            ("é", "e", 1),
        ] {
            assert_eq!(edit_distance(a, b), d, "{a} -> {b}");
        }
    }

    #[test]
    fn request_lines_match_any_path_whatever_the_placeholder_names() {
        let api = api();
        let found = by_request_line(&api, "post /communications/calls/{call-id}/participants/");
        assert_eq!(found, Some(Ok("call-post-participants".to_string())));
        let versioned = by_request_line(&api, "GET /v1.0/app/calls/{x}");
        assert_eq!(versioned, Some(Ok("call-get".to_string())));
        assert_eq!(
            by_request_line(&api, "DELETE /app/calls/{id}"),
            Some(Err(()))
        );
        assert_eq!(by_request_line(&api, "call-get"), None);
        assert_eq!(by_request_line(&api, "two words"), None);
    }

    #[test]
    fn suggests_page_and_function_names_closest_first() {
        let api = api();
        let all = candidates(&api, false);
        assert_eq!(
            all,
            [
                "call-get",
                "call-post-participants",
                "create_participant",
                "get_call"
            ]
        );
        let near = closest("create_particpant", &all);
        assert_eq!(near.len(), SUGGESTIONS);
        assert_eq!(near[0], "create_participant");
        assert_eq!(closest("CALL-GET", &all)[0], "call-get", "case is ignored");
        let lines = candidates(&api, true);
        assert_eq!(
            closest("GET /app/call/{id}", &lines)[0],
            "GET /app/calls/{id}"
        );
    }
}
