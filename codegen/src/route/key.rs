//! The route key: a method and a path template reduced to what makes two routes the same.

/// `GET /users/{}`: the method uppercased, the path lowercased without a trailing `/`, every
/// `{placeholder}` (nested braces included) reduced to `{}`. Placeholder names and case do not
/// make routes differ (`/users/{id}` and `/Users/{user-id}/` are one route), as Graph ignores
/// them too.
pub fn route_key(method: &str, path: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::route_key;

    #[test]
    fn placeholders_and_case_do_not_make_routes_differ() {
        let cases = [
            (("get", "/Users/{id}/"), ("GET", "/users/{user-id}"), true),
            (("GET", "/a/{x{y}}/b"), ("GET", "/a/{}/b"), true),
            (("GET", "/users/{id}"), ("DELETE", "/users/{id}"), false),
            (("GET", "/users/{id}"), ("GET", "/groups/{id}"), false),
        ];
        for ((m1, p1), (m2, p2), same) in cases {
            assert_eq!(route_key(m1, p1) == route_key(m2, p2), same, "{p1} vs {p2}");
        }
        assert_eq!(route_key("post", "/App/Calls/{id}/"), "POST /app/calls/{}");
    }
}
