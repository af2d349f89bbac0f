//! What a call is named: the rule, in order.
//!
//! 1. **From the page title**, which says what the endpoint does (`Create participant` ->
//!    `create_participant`); a title without letters falls back to the page name.
//! 2. **Verb first**: a title written `resource: action` (`participant: invite`,
//!    `driveItem: copy`) reads `action resource` (`invite_participant`, `copy_drive_item`).
//! 3. **No filler**: the articles `a`, `an` and `the`, and a parenthesized aside
//!    (`(deprecated)`), are left out (`Copy a DriveItem` -> `copy_drive_item`).
//! 4. **Collisions are told apart by the path**: names are handed out page by page, the
//!    page with the fewest words in its name first (`user-list` before
//!    `intune-devices-user-list`, a product folder's copy of it), then in model order (sorted
//!    by page). When an earlier endpoint already has the name, the call is qualified by the
//!    first resource of its first path that the name does not mention, in the singular, right
//!    after the verb (`Get event` on `/groups/{id}/events/{id}` -> `get_group_event`), else by
//!    a word of its page name that the keeper's page name lacks (`list_intune_users`), else it
//!    is named after its page (`educationuser-get-user` -> `educationuser_get_user`). Each
//!    such renaming is a `DS0602` warning naming the endpoint that kept the plain name. Only
//!    when even the page name is taken does the name get a number (also `DS0602`).
//!
//! The words are then snake-cased ([`super::names::convert`]), so keywords, digits and odd
//! characters are handled there like every other name.

use super::names::singular;
use crate::model::Endpoint;
use heck::ToSnakeCase;

/// The words a call is named from, before collisions (rules 1 to 3).
pub(crate) fn wanted(e: &Endpoint) -> String {
    let title = strip_asides(&e.title);
    if !title.chars().any(|c| c.is_ascii_alphabetic()) {
        return e.name.clone();
    }
    let ordered = match title.split_once(':') {
        Some((resource, action)) if !action.trim().is_empty() && !resource.trim().is_empty() => {
            format!("{} {}", action.trim(), resource.trim())
        }
        _ => title,
    };
    let words: Vec<&str> = ordered
        .split_whitespace()
        .filter(|w| !matches!(w.to_ascii_lowercase().as_str(), "a" | "an" | "the"))
        .collect();
    if words.is_empty() {
        e.name.clone()
    } else {
        words.join(" ")
    }
}

/// `text` without its parenthesized asides.
fn strip_asides(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The qualified names to try, in order, for a call whose `wanted` words are taken (rule 4):
/// the verb, then one resource of the first path the name does not mention, then the rest;
/// after those, the same with a word of the page name that the page of the call that kept the
/// name (`keeper`) does not have (`intune-onboarding-devicemanagement-get` against
/// `intune-deviceconfig-devicemanagement-get`: `onboarding`).
pub(crate) fn qualified(e: &Endpoint, wanted: &str, keeper: Option<&str>) -> Vec<String> {
    let snake = wanted.to_snake_case();
    let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    let Some((verb, rest)) = words.split_first() else {
        return Vec::new();
    };
    let said: Vec<String> = words.iter().map(|w| singular(w)).collect();
    let mut out: Vec<String> = Vec::new();
    let kept: Vec<String> = keeper.map(page_words).unwrap_or_default();
    let from_page = page_words(&e.name)
        .into_iter()
        .filter(|w| !kept.contains(w) && w.chars().any(|c| c.is_ascii_alphabetic()));
    for resource in path_resources(e).into_iter().chain(from_page) {
        let mentioned = resource.split('_').all(|w| said.iter().any(|s| s == w));
        if mentioned {
            continue;
        }
        let name = std::iter::once(*verb)
            .chain(std::iter::once(resource.as_str()))
            .chain(rest.iter().copied())
            .collect::<Vec<_>>()
            .join(" ");
        if !out.contains(&name) {
            out.push(name);
        }
    }
    let page = e.name.replace(['-', '.'], " ");
    if page.chars().any(|c| c.is_ascii_alphabetic()) && !out.contains(&page) {
        out.push(page);
    }
    out
}

/// How many words the page name `name` has (`intune-devices-user-list`: 4): as many as
/// [`page_words`] gives, without making them (this is a sort key).
pub(crate) fn page_word_count(name: &str) -> usize {
    name.split(WORD_SEPARATORS)
        .filter(|w| !w.is_empty())
        .count()
}

/// What separates the words of a page name.
const WORD_SEPARATORS: [char; 3] = ['-', '_', '.'];

/// The words of a page name (`intune-onboarding-devicemanagement-get`).
fn page_words(name: &str) -> Vec<String> {
    name.split(WORD_SEPARATORS)
        .filter(|w| !w.is_empty())
        .map(|w| w.to_snake_case())
        .collect()
}

/// The resources of the endpoint's first path, outermost first, snake-cased and singular:
/// the literal segments, but `me`, function calls (`delta()`), `$value` and the like.
fn path_resources(e: &Endpoint) -> Vec<String> {
    let Some(path) = e.paths.first() else {
        return Vec::new();
    };
    path.split('/')
        .filter(|s| {
            !s.is_empty()
                && !s.contains(['{', '(', '$', '.', '='])
                && !s.eq_ignore_ascii_case("me")
                && s.chars().any(|c| c.is_ascii_alphabetic())
        })
        .map(|s| singular(&s.to_snake_case()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(title: &str, path: &str) -> Endpoint {
        Endpoint::stub("page-name", title, "GET", &[path])
    }

    fn snake(e: &Endpoint) -> String {
        wanted(e).to_snake_case()
    }

    #[test]
    fn a_page_name_has_as_many_words_as_it_is_split_into() {
        for (name, n) in [
            ("intune-devices-user-list", 4),
            ("user-list", 2),
            ("driveitem_get.content", 3),
            ("--a--b-", 2),
            ("", 0),
        ] {
            assert_eq!(page_word_count(name), n, "{name}");
            assert_eq!(page_words(name).len(), n, "{name}");
        }
    }

    #[test]
    fn verb_first_without_filler() {
        assert_eq!(
            snake(&endpoint("participant: invite", "/x")),
            "invite_participant"
        );
        assert_eq!(snake(&endpoint("driveItem: copy", "/x")), "copy_drive_item");
        assert_eq!(
            snake(&endpoint("Copy a DriveItem", "/x")),
            "copy_drive_item"
        );
        assert_eq!(
            snake(&endpoint("Create a sharing link for a DriveItem", "/x")),
            "create_sharing_link_for_drive_item"
        );
        assert_eq!(
            snake(&endpoint("List members (deprecated)", "/x")),
            "list_members"
        );
        assert_eq!(wanted(&endpoint("::", "/x")), "page-name");
    }

    #[test]
    fn collisions_are_qualified_by_the_path() {
        let e = endpoint("Get event", "/groups/{id}/events/{id}");
        // The path first, then the words of the page name.
        assert_eq!(
            qualified(&e, &wanted(&e), None),
            [
                "get group event",
                "get page event",
                "get name event",
                "page name"
            ]
        );
        let e = endpoint("List policies", "/me/policies/homeRealmDiscoveryPolicies");
        assert_eq!(
            qualified(&e, &wanted(&e), None)[0],
            "list home_realm_discovery_policy policies"
        );
        let mut e = endpoint("Get device management", "/deviceManagement");
        e.name = "intune-onboarding-devicemanagement-get".into();
        assert_eq!(
            qualified(
                &e,
                &wanted(&e),
                Some("intune-deviceconfig-devicemanagement-get")
            )[0],
            "get onboarding device management"
        );
        let e = endpoint("Get mailbox settings", "/users/{id}/mailboxSettings/$value");
        assert_eq!(
            qualified(&e, &wanted(&e), None)[0],
            "get user mailbox settings"
        );
    }
}
