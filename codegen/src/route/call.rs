//! Function calls written in path segments: `image(width={width},height={height})`,
//! `range(address='A1:B2')`, and entity keys, which read the same (`users('{id}')`). Where a
//! call's arguments are, and each argument's name and value, for every stage: the parser
//! rewrites the values a request line writes, the emitter names a function's overloads by
//! the parameters they pass, and a loose template matches a call whatever its arguments.
//!
//! Commas and parentheses inside quotes (`'a,b'`), braces or nested parentheses belong to the
//! argument they are in.

use std::ops::Range;

/// The arguments of the first call in `text` (a segment or a whole path): the bytes between a
/// `(` outside braces and the `)` that closes it. `None` when nothing is called, or a call is
/// not closed.
pub fn next_arguments(text: &str) -> Option<Range<usize>> {
    let mut depth = 0u32;
    let open = text.char_indices().find_map(|(i, c)| {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '(' if depth == 0 => return Some(i),
            _ => {}
        }
        None
    })?;
    let start = open + 1;
    let close = top_level(&text[start..], ')')?;
    Some(start..start + close)
}

/// A segment that is a call, `name(args)`: the name and the text between the parentheses.
/// `None` for a segment that calls nothing, starts with `(`, or goes on after its call.
pub fn call(segment: &str) -> Option<(&str, &str)> {
    let args = next_arguments(segment)?;
    let whole = args.start > 1 && args.end + 1 == segment.len();
    whole.then(|| (&segment[..args.start - 1], &segment[args]))
}

/// `name(args)` -> `name`; any other segment unchanged.
pub fn strip_args(segment: &str) -> &str {
    call(segment).map_or(segment, |(name, _)| name)
}

/// The arguments of a call (the text between its parentheses), split at the commas outside
/// quotes, braces and parentheses, as written: none for `f()`, and an empty one between two
/// commas.
pub fn arguments(args: &str) -> impl Iterator<Item = &str> {
    let mut rest = (!args.is_empty()).then_some(args);
    std::iter::from_fn(move || {
        let text = rest?;
        match top_level(text, ',') {
            Some(comma) => {
                rest = Some(&text[comma + 1..]);
                Some(&text[..comma])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// An argument written `name=value` with a word for its name: the name, trimmed, and the
/// value as written. `None` for an entity key (`'{id}'`) and anything else without a name.
pub fn named(argument: &str) -> Option<(&str, &str)> {
    let (name, value) = argument.split_once('=')?;
    let name = name.trim();
    let word = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    word.then_some((name, value))
}

/// The names of the parameters segment `segment` calls its function with, in order
/// (`[width, height]` for `image(width={width},height={height})`); none for a segment that
/// calls nothing or passes a key (`('{id}')`).
pub fn parameter_names(segment: &str) -> Vec<&str> {
    call(segment)
        .map(|(_, args)| arguments(args).filter_map(named).map(|(n, _)| n).collect())
        .unwrap_or_default()
}

/// Where `target` first occurs in `s` outside quotes, braces and nested parentheses.
fn top_level(s: &str, target: char) -> Option<usize> {
    let (mut quoted, mut braces, mut parens) = (false, 0u32, 0u32);
    for (i, c) in s.char_indices() {
        if c == target && !quoted && braces == 0 && parens == 0 {
            return Some(i);
        }
        match c {
            '\'' => quoted = !quoted,
            '{' if !quoted => braces += 1,
            '}' if !quoted => braces = braces.saturating_sub(1),
            '(' if !quoted => parens += 1,
            ')' if !quoted => parens = parens.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_its_name_and_the_text_between_its_parentheses() {
        assert_eq!(call("image(width=1)"), Some(("image", "width=1")));
        assert_eq!(
            call("range(address='a(b)')"),
            Some(("range", "address='a(b)'"))
        );
        assert_eq!(call("delta()"), Some(("delta", "")));
        assert_eq!(call("users('{id}')"), Some(("users", "'{id}'")));
        // Not a call: no name, not closed, or text after it.
        assert_eq!(call("(a)"), None);
        assert_eq!(call("f(a"), None);
        assert_eq!(call("f(a)b"), None);
        assert_eq!(call("messages"), None);
        assert_eq!(strip_args("f(a)"), "f");
        assert_eq!(strip_args("(a)"), "(a)");
        assert_eq!(strip_args("f(a"), "f(a");
    }

    #[test]
    fn arguments_split_at_commas_outside_quotes_braces_and_parentheses() {
        fn split(a: &str) -> Vec<&str> {
            arguments(a).collect()
        }
        assert_eq!(split("a=1,b='x,y'"), ["a=1", "b='x,y'"]);
        assert_eq!(split("a=f(1,2),b={c,d}"), ["a=f(1,2)", "b={c,d}"]);
        assert_eq!(split("a,,b"), ["a", "", "b"]);
        assert!(split("").is_empty());
        assert_eq!(named(" width =640"), Some(("width", "640")));
        assert_eq!(named("'{id}'"), None);
        assert_eq!(named("a-b=1"), None);
    }

    #[test]
    fn parameter_names_are_the_named_arguments_of_a_call() {
        assert_eq!(
            parameter_names("image(width={width},height={height})"),
            ["width", "height"]
        );
        assert_eq!(parameter_names("range(address='{address}')"), ["address"]);
        assert_eq!(parameter_names("find(text='a=b, c')"), ["text"]);
        assert!(parameter_names("sites('{id}')").is_empty());
        assert!(parameter_names("children").is_empty());
    }

    #[test]
    fn the_first_call_of_a_path_is_found_outside_braces() {
        let path = "/x/{a(b)}/f(a=')',b=1)/g(c)";
        let args = next_arguments(path).expect("a call");
        assert_eq!(&path[args.clone()], "a=')',b=1");
        assert_eq!(&path[args.end..], ")/g(c)");
        assert_eq!(next_arguments("/f(a"), None);
    }
}
