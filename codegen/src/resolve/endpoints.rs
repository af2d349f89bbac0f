//! Two pages documenting the same route: both are kept (each is a documented operation with its
//! own name), and the later one is reported so the docs can be fixed.

use crate::diag::{codes, Diagnostic};
use crate::model::Endpoint;
use std::collections::HashMap;

/// The route key of a path: placeholders are anonymous (`/users/{id}` and `/users/{user-id}`
/// are one route), letters compare case-insensitively, and a trailing `/` does not count.
fn route_key(method: &str, path: &str) -> String {
    let mut key = method.to_ascii_uppercase();
    key.push(' ');
    let mut depth = 0usize;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                if depth == 0 {
                    key.push_str("{}");
                }
                depth += 1;
            }
            '}' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            _ => key.push(c.to_ascii_lowercase()),
        }
    }
    key
}

/// Reports each endpoint path that an earlier endpoint (in file order) already documents.
pub(crate) fn report_duplicates(endpoints: &[Endpoint], diags: &mut Vec<Diagnostic>) {
    let mut order: Vec<&Endpoint> = endpoints.iter().collect();
    order.sort_by(|a, b| a.source.cmp(&b.source));
    let mut seen: HashMap<String, &Endpoint> = HashMap::new();
    for e in order {
        for path in &e.paths {
            let key = route_key(&e.method, path);
            match seen.get(&key) {
                Some(first) if first.name != e.name || first.source != e.source => {
                    diags.push(Diagnostic::at(
                        codes::DUPLICATE_ENDPOINT,
                        &e.source,
                        format!(
                            "`{} {path}` is also documented by {} ({})",
                            e.method, first.source.file, first.name
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    seen.insert(key, e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::route_key;

    #[test]
    fn placeholders_and_case_do_not_make_routes_differ() {
        assert_eq!(
            route_key("get", "/Users/{id}/"),
            route_key("GET", "/users/{user-id}")
        );
        assert_ne!(
            route_key("GET", "/users/{id}"),
            route_key("DELETE", "/users/{id}")
        );
        assert_ne!(
            route_key("GET", "/users/{id}"),
            route_key("GET", "/groups/{id}")
        );
    }
}
