//! Path templates (`/applications/{id}/calls/{id}/participants`): their pieces, and matching
//! concrete paths against them.
//!
//! Graph templates are more than a router's: `{id | userPrincipalName}` alternatives,
//! placeholders inside a segment (`getReport(period='{period}')`), literals compared without
//! case. A placeholder takes at least one character, and a whole-segment placeholder never takes
//! an OData system segment (`$count`, `$value`, `$ref`), which is not an id.

use super::call::strip_args;
use super::query::percent_decode;
use super::url::segments;
use super::version;

/// A piece of a path template as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text between placeholders, sent as written.
    Literal(&'a str),
    /// A `{placeholder}`: the text between the braces, untrimmed.
    Param(&'a str),
}

impl Piece<'_> {
    /// How many bytes of the template the piece spans (a placeholder with its braces), so a
    /// caller can find where a piece sits.
    pub fn span_len(&self) -> usize {
        match self {
            Piece::Literal(text) => text.len(),
            Piece::Param(name) => name.len() + 2,
        }
    }
}

/// Splits `template` into literal text and placeholders, in order; together they spell the
/// template. A `{` without its `}` is literal text, and no literal piece is empty.
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            out.push(Piece::Literal(&rest[..open]));
        }
        out.push(Piece::Param(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Literal(rest));
    }
    out
}

/// A piece of a compiled segment: a decoded literal or a placeholder.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Lit(String),
    Param,
}

/// A path template compiled for matching: one list of parts per `/`-separated segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    segments: Vec<Vec<Part>>,
}

impl Template {
    /// Compiles a template as the model spells it (a query, a `~` and a version prefix are
    /// ignored); `None` when it is not an absolute path.
    pub fn parse(template: &str) -> Option<Template> {
        Self::compile(template, |segment| segment)
    }

    /// Compiles a template with function arguments dropped (`f(a='{a}')` becomes `f`), so a
    /// call matches whatever arguments it is given.
    pub fn parse_loose(template: &str) -> Option<Template> {
        Self::compile(template, strip_args)
    }

    fn compile(template: &str, segment_of: fn(&str) -> &str) -> Option<Template> {
        let path = template
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .trim()
            .trim_start_matches('~');
        if !path.starts_with('/') {
            return None;
        }
        let path = version::strip_prefix(path).map_or(path, |(_, rest)| rest);
        let segments = segments(path)
            .into_iter()
            .map(|segment| compile_segment(segment_of(segment)))
            .collect();
        Some(Template { segments })
    }

    /// How many segments a matching path has.
    pub fn len(&self) -> usize {
        self.segments.len()
    }

    /// Whether the template is the root, `/`.
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// How specific each segment is: a pure literal (2) beats a mixed segment (1) beats a
    /// placeholder (0), so comparing these lists prefers `/me/events/delta` over
    /// `/me/events/{id}`.
    pub fn specificity(&self) -> Vec<u8> {
        self.segments
            .iter()
            .map(|parts| {
                let params = parts.iter().filter(|p| **p == Part::Param).count();
                match (params, parts.len()) {
                    (0, _) => 2,
                    (_, 1) => 0,
                    _ => 1,
                }
            })
            .collect()
    }

    /// Whether decoded `segments` (no version prefix) fill the template exactly.
    pub fn matches<S: AsRef<str>>(&self, segments: &[S]) -> bool {
        let mut scratch = Vec::new();
        self.segments.len() == segments.len()
            && self
                .segments
                .iter()
                .zip(segments)
                .all(|(parts, s)| glob_segment(parts, s.as_ref(), &mut scratch))
    }

    /// Whether the template matches the last segments of `segments` (a path on another
    /// service, under a root of its own).
    pub fn matches_end<S: AsRef<str>>(&self, segments: &[S]) -> bool {
        segments
            .len()
            .checked_sub(self.segments.len())
            .and_then(|skip| segments.get(skip..))
            .is_some_and(|tail| self.matches(tail))
    }

    /// What decoded `segments` give the placeholders, in template order; `None` when they do
    /// not match. Of several ways to match one segment, the shortest first placeholder wins.
    pub fn captures(&self, segments: &[String]) -> Option<Vec<String>> {
        if self.segments.len() != segments.len() {
            return None;
        }
        let mut captured = Vec::new();
        for (parts, s) in self.segments.iter().zip(segments) {
            if !glob_segment(parts, s, &mut captured) {
                return None;
            }
        }
        Some(captured.into_iter().map(str::to_string).collect())
    }
}

/// The ids decoded `segments` give the placeholders of `template`, in template order, or
/// `None` when the template does not match (or is not an absolute path).
pub fn match_template(template: &str, segments: &[String]) -> Option<Vec<String>> {
    Template::parse(template)?.captures(segments)
}

fn compile_segment(segment: &str) -> Vec<Part> {
    pieces(segment)
        .into_iter()
        .map(|piece| match piece {
            Piece::Literal(text) => Part::Lit(percent_decode(text)),
            Piece::Param(_) => Part::Param,
        })
        .collect()
}

/// Matches one segment, pushing what each placeholder takes onto `captured` (left as it was
/// when the segment does not match).
fn glob_segment<'s>(parts: &[Part], s: &'s str, captured: &mut Vec<&'s str>) -> bool {
    if parts.first() == Some(&Part::Param) && s.starts_with('$') {
        return false;
    }
    glob(parts, s, captured)
}

fn glob<'s>(parts: &[Part], s: &'s str, captured: &mut Vec<&'s str>) -> bool {
    match parts.split_first() {
        None => s.is_empty(),
        Some((Part::Lit(lit), rest)) => {
            s.get(..lit.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(lit))
                && s.get(lit.len()..)
                    .is_some_and(|tail| glob(rest, tail, captured))
        }
        Some((Part::Param, rest)) => s.char_indices().any(|(i, c)| {
            let end = i + c.len_utf8();
            let (Some(head), Some(tail)) = (s.get(..end), s.get(end..)) else {
                return false;
            };
            captured.push(head);
            let found = glob(rest, tail, captured);
            if !found {
                captured.pop();
            }
            found
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::RequestUrl;

    fn segs(path: &str) -> Vec<String> {
        RequestUrl::parse(path).segments
    }

    #[test]
    fn pieces_spell_the_template() {
        let cases: &[(&str, &[Piece])] = &[
            (
                "/a/{id}/b('{x}')",
                &[
                    Piece::Literal("/a/"),
                    Piece::Param("id"),
                    Piece::Literal("/b('"),
                    Piece::Param("x"),
                    Piece::Literal("')"),
                ],
            ),
            ("/broken/{id", &[Piece::Literal("/broken/{id")]),
            ("{a}{b}", &[Piece::Param("a"), Piece::Param("b")]),
            (
                "/users/{id | upn}",
                &[Piece::Literal("/users/"), Piece::Param("id | upn")],
            ),
            ("", &[]),
        ];
        for (template, want) in cases {
            let got = pieces(template);
            assert_eq!(got, *want, "{template}");
            let spanned: usize = got.iter().map(Piece::span_len).sum();
            assert_eq!(spanned, template.len(), "{template}");
        }
    }

    #[test]
    fn matches_paths() {
        let cases = [
            (
                "/app/calls/{id}/participants",
                "/app/calls/42/participants",
                true,
            ),
            (
                "/app/calls/{id}/participants",
                "/App/Calls/42/participants/",
                true,
            ),
            (
                "/app/calls/{id}/participants",
                "/app/calls//participants",
                false,
            ),
            (
                "/app/calls/{id}/participants",
                "/app/calls/4/2/participants",
                false,
            ),
            (
                "/reports/getCounts(period='{p}')",
                "/reports/getCounts(period='D7')",
                true,
            ),
            (
                "/reports/getCounts(period='{p}')",
                "/reports/getCounts(period=%27D7%27)",
                true,
            ),
            (
                "/reports/getCounts(period='{p}')",
                "/reports/getCounts(period='')",
                false,
            ),
            ("/me/messages/{id}", "/me/messages/$count", false),
            ("/v1.0/me", "/me", true),
            ("/", "/", true),
        ];
        for (template, path, want) in cases {
            let t = Template::parse(template).expect("template");
            assert_eq!(t.matches(&segs(path)), want, "{template} vs {path}");
        }
        assert_eq!(Template::parse("me"), None);
    }

    #[test]
    fn loose_templates_drop_function_arguments() {
        let t = Template::parse_loose("/me/calendarView(start='{s}')").expect("template");
        assert!(t.matches(&["me", "calendarView"]));
    }

    #[test]
    fn specificity_prefers_literals() {
        let rank = |t: &str| Template::parse(t).expect("template").specificity();
        assert_eq!(rank("/me/events/delta"), [2, 2, 2]);
        assert_eq!(rank("/me/events/{id}"), [2, 2, 0]);
        assert_eq!(rank("/me/f(x={x})"), [2, 1]);
    }

    #[test]
    fn recovers_ids_in_template_order() {
        let cases: &[(&str, &str, Option<&[&str]>)] = &[
            (
                "/applications/{id}/calls/{id}/participants",
                "/beta/Applications/app%201/calls/c-2/participants",
                Some(&["app 1", "c-2"]),
            ),
            (
                "/reports/getCounts(period='{period}')",
                "/reports/getCounts(period='D7')",
                Some(&["D7"]),
            ),
            ("/a({x},{y})", "/a(1,2,3)", Some(&["1", "2,3"])),
            ("/me", "/me", Some(&[])),
            ("/me/messages/{id}", "/me/messages/$count", None),
            ("/me/events/{id}", "/me/events", None),
            ("/me/{id}", "/you/x", None),
            ("/a({x})", "/a()", None),
        ];
        for (template, path, want) in cases {
            let want = want.map(|w| w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(
                match_template(template, &segs(path)),
                want,
                "{template} vs {path}"
            );
        }
    }

    #[test]
    fn matches_the_end_of_a_longer_path() {
        let t = Template::parse("/communications/calls/{id}/answer").expect("template");
        assert!(t.matches_end(&segs("/v2/communications/calls/57/answer")));
        assert!(!t.matches_end(&segs("/v2/communications/calls/57")));
        assert!(!t.matches_end(&segs("/calls/57/answer")));
    }
}
