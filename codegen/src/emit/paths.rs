//! Path templates (`/applications/{id}/calls/{id}/participants`) as the emitter sees them: the
//! Rust names of their placeholders (the pieces themselves come from [`crate::route`]), and
//! how alternative paths of one endpoint are told apart.

use super::names::{self, Case};
use crate::route;

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Text sent as written.
    Literal(String),
    /// A `{placeholder}`, with the text between the braces and the name it gets in Rust.
    Param { placeholder: String, wanted: String },
}

/// The template's pieces ([`route::pieces`]), each placeholder with the parameter name it
/// would like ([`param_name`]); the caller makes names unique.
pub(crate) fn pieces(template: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut end = 0; // where the current piece ends in `template`
    for piece in route::pieces(template) {
        let start = end;
        end += piece.span_len();
        match piece {
            route::Piece::Literal(text) => out.push(Piece::Literal(text.to_string())),
            route::Piece::Param(placeholder) => {
                let before = template.get(..start).unwrap_or_default();
                let after = template.get(end..).unwrap_or_default();
                let whole_segment =
                    before.ends_with('/') && (after.is_empty() || after.starts_with('/'));
                let wanted = param_name(placeholder, whole_segment.then(|| segment_before(before)));
                out.push(Piece::Param {
                    placeholder: placeholder.to_string(),
                    wanted,
                });
            }
        }
    }
    out
}

/// The literal segment before a trailing `/` of `before` (`calls` for `/app/calls/`), if it
/// holds no placeholder.
fn segment_before(before: &str) -> Option<&str> {
    let trimmed = before.strip_suffix('/')?;
    let segment = trimmed.rsplit('/').next()?;
    (!segment.is_empty() && !segment.contains(['{', '}', '(', '=', '\''])).then_some(segment)
}

/// The Rust name a placeholder would like: `{id}` after `calls/` is `call_id`; `{user-id}` is
/// `user_id`; of `{id | userPrincipalName}` the first alternative counts.
pub(crate) fn param_name(placeholder: &str, segment: Option<Option<&str>>) -> String {
    let first = placeholder.split('|').next().unwrap_or("").trim();
    if first.eq_ignore_ascii_case("id") {
        if let Some(Some(segment)) = segment {
            let owner = names::singular(&names::convert(segment, Case::Snake, "param", 1).text);
            return format!("{owner}_id");
        }
    }
    first.to_string()
}

/// The owners a path addresses: the singular of each literal segment followed by a
/// placeholder segment (`[application, call]` for `/applications/{id}/calls/{id}/x`).
fn owners(template: &str) -> Vec<String> {
    let segments: Vec<&str> = template.split('/').collect();
    segments
        .windows(2)
        .filter(|w| w[1].starts_with('{') && !w[0].is_empty() && !w[0].contains('{'))
        .map(|w| names::singular(&names::convert(w[0], Case::Snake, "path", 1).text))
        .collect()
}

/// The literal segments of a path, snake cased.
fn literals(template: &str) -> Vec<String> {
    template
        .split('/')
        .filter(|s| !s.is_empty() && !s.contains('{'))
        .map(|s| names::convert(s, Case::Snake, "path", 1).text)
        .collect()
}

/// The segments that tell the paths of one endpoint apart, one snake-case name per path:
/// each path's literal segments (singular when an id follows) minus the ones every path of
/// the endpoint shares. `/app/calls/{id}/participants` and
/// `/applications/{id}/calls/{id}/participants` are `app` and `application`; `/me/events`,
/// `/users/{id}/events` and `/me/calendar/events` are `me`, `user` and `me_calendar`. A path
/// left with no name, or the name of an earlier path, is named by [`alternative_suffix`]
/// against the first path instead; the caller makes names unique.
pub(crate) fn path_names(paths: &[String]) -> Vec<String> {
    let words: Vec<Vec<String>> = paths.iter().map(|p| addressed(p)).collect();
    let common: Vec<String> = match words.first() {
        Some(first) => first
            .iter()
            .filter(|w| words.iter().all(|other| other.contains(w)))
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let mut out: Vec<String> = Vec::with_capacity(paths.len());
    for (i, (path, own)) in paths.iter().zip(&words).enumerate() {
        let name: Vec<&str> = own
            .iter()
            .filter(|w| !common.contains(w))
            .map(String::as_str)
            .collect();
        let name = name.join("_");
        let name = if name.is_empty() || out.contains(&name) {
            let first = paths.first().map_or("", String::as_str);
            let suffix = alternative_suffix(first, path, i + 1);
            match suffix.split_once('_') {
                Some(("for" | "via", rest)) if i > 0 && !out.iter().any(|o| *o == rest) => {
                    rest.to_string()
                }
                _ => suffix,
            }
        } else {
            name
        };
        out.push(name);
    }
    out
}

/// The literal segments of a path, snake cased, singular where a placeholder segment follows
/// (`[application, call, participants]` for `/applications/{id}/calls/{id}/participants`).
fn addressed(template: &str) -> Vec<String> {
    let segments: Vec<&str> = template.split('/').collect();
    let mut out = Vec::new();
    for (i, s) in segments.iter().enumerate() {
        if s.is_empty() || s.contains(['{', '(', '=', '\'', '$']) {
            continue;
        }
        let text = names::convert(s, Case::Snake, "path", 1).text;
        let owner = segments.get(i + 1).is_some_and(|n| n.starts_with('{'));
        out.push(if owner { names::singular(&text) } else { text });
    }
    out
}

/// What to append to an endpoint's function name for its alternative path `alt` (the first
/// path, `first`, keeps the plain name): `for_<owner>` naming what `alt` addresses that
/// `first` does not (`for_application`, `for_user`), else `via_<segments>` for extra literal
/// segments (`via_calendar`), else `path_<n>` with `n` the 1-based position of `alt`.
pub(crate) fn alternative_suffix(first: &str, alt: &str, position: usize) -> String {
    let mut base = owners(first);
    let mut extra = Vec::new();
    for owner in owners(alt) {
        match base.iter().position(|b| *b == owner) {
            Some(i) => {
                base.remove(i);
            }
            None => extra.push(owner),
        }
    }
    if !extra.is_empty() {
        return format!("for_{}", extra.join("_"));
    }
    let mut base = literals(first);
    let mut extra = Vec::new();
    for lit in literals(alt) {
        match base.iter().position(|b| *b == lit) {
            Some(i) => {
                base.remove(i);
            }
            None => extra.push(lit),
        }
    }
    if !extra.is_empty() {
        return format!("via_{}", extra.join("_"));
    }
    format!("path_{position}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(template: &str) -> Vec<String> {
        pieces(template)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Param { wanted, .. } => Some(wanted),
                Piece::Literal(_) => None,
            })
            .collect()
    }

    #[test]
    fn names_placeholders_after_their_segment() {
        let cases: &[(&str, &[&str])] = &[
            ("/app/calls/{id}/participants", &["call_id"]),
            (
                "/applications/{id}/calls/{id}/participants",
                &["application_id", "call_id"],
            ),
            ("/users/{id | userPrincipalName}", &["user_id"]),
            ("/identity/conditionalAccess/policies/{id}", &["policy_id"]),
            ("/users/{user-id}/events", &["user-id"]),
            ("/{id}", &["id"]),
            ("/me/calendarView(start='{start}')", &["start"]),
            ("/me", &[]),
            ("/broken/{id", &[]),
        ];
        for (template, want) in cases {
            assert_eq!(wanted(template), *want, "{template}");
        }
    }

    #[test]
    fn keeps_literal_text_between_placeholders() {
        assert_eq!(
            pieces("/a/{id}/b('{x}')"),
            vec![
                Piece::Literal("/a/".into()),
                Piece::Param {
                    placeholder: "id".into(),
                    wanted: "a_id".into()
                },
                Piece::Literal("/b('".into()),
                Piece::Param {
                    placeholder: "x".into(),
                    wanted: "x".into()
                },
                Piece::Literal("')".into()),
            ]
        );
        assert_eq!(
            pieces("/broken/{id"),
            vec![Piece::Literal("/broken/{id".into())]
        );
    }

    #[test]
    fn names_each_path_by_what_sets_it_apart() {
        let names =
            |paths: &[&str]| path_names(&paths.iter().map(|p| p.to_string()).collect::<Vec<_>>());
        assert_eq!(
            names(&[
                "/app/calls/{id}/participants",
                "/applications/{id}/calls/{id}/participants"
            ]),
            ["app", "application"]
        );
        assert_eq!(
            names(&[
                "/me/events",
                "/users/{id}/events",
                "/me/calendar/events",
                "/users/{id}/calendar/events"
            ]),
            ["me", "user", "me_calendar", "user_calendar"]
        );
        assert_eq!(names(&["/me/events", "/me/events"]), ["path_1", "path_2"]);
    }

    #[test]
    fn tells_alternative_paths_apart() {
        let cases = [
            (
                "/app/calls/{id}/participants",
                "/applications/{id}/calls/{id}/participants",
                "for_application",
            ),
            ("/me/events", "/users/{id}/events", "for_user"),
            ("/me/events", "/me/calendar/events", "via_calendar"),
            ("/me/events", "/me/events", "path_2"),
        ];
        for (first, alt, want) in cases {
            assert_eq!(alternative_suffix(first, alt, 2), want, "{alt}");
        }
    }
}
