//! Turning names from the docs into Rust identifiers.
//!
//! Wire names keep their spelling on the wire through `#[serde(rename)]`; only the Rust side
//! changes. The rules, applied in this order:
//! 1. Every character that is not an ASCII letter or digit separates words, so `@odata.type`
//!    becomes `odata_type` / `OdataType` (non-ASCII identifiers would trip rustc's
//!    confusable-script lints in user crates).
//! 2. The words are cased with `heck` (`UpperCamelCase` for types and variants, `snake_case`
//!    for fields, functions and parameters).
//! 3. A name with no letters or digits becomes `<base><position>` (`field_3`, `Type3`); a name
//!    that starts with a digit gets the base as a prefix (`Value1`, `field_123`). Both are
//!    reported as `DS0601`, since the user will see a name the docs never wrote.
//! 4. Keywords become raw identifiers (`r#type`); the few that cannot be raw (`self`, `Self`,
//!    `super`, `crate`) get a trailing `_`.
//! 5. Within one scope ([`Scope`]) the first claimant keeps a name; later ones get `2`, `3`, ...
//!    appended (`DS0602`). Scopes can reserve names up front: types never shadow the prelude or
//!    the runtime (`Result` becomes `ResultType`), so generated code can be `include!`d next to
//!    user code without surprises.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::collections::BTreeSet;

/// The casing an identifier gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `UpperCamelCase`: types and enum variants.
    Camel,
    /// `snake_case`: fields, functions, parameters.
    Snake,
}

/// An identifier made from a docs name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Converted {
    /// The identifier text, without any `r#`.
    pub text: String,
    /// Why the name had to be replaced or prefixed (for a `DS0601` diagnostic), if it was.
    pub replaced: Option<String>,
}

/// Converts `raw` to an identifier of `case`. `base` names what the thing is (`field`, `Type`,
/// `Value`) and `position` (1-based) tells apart replacements of several unusable names.
pub fn convert(raw: &str, case: Case, base: &str, position: usize) -> Converted {
    let words: String = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let words = words.trim();
    let dropped_letters = raw.chars().any(|c| c.is_alphanumeric() && !c.is_ascii());
    let (source, mut replaced) = if words.is_empty() {
        (
            format!("{base} {position}"),
            Some(format!(
                "`{raw}` has no letters or digits; it is named `{}` instead",
                cased(&format!("{base} {position}"), case)
            )),
        )
    } else if words.starts_with(|c: char| c.is_ascii_digit()) {
        let text = format!("{base} {words}");
        let note = format!(
            "`{raw}` starts with a digit; it is named `{}` instead",
            cased(&text, case)
        );
        (text, Some(note))
    } else {
        (words.to_string(), None)
    };
    let mut text = cased(&source, case);
    if dropped_letters && replaced.is_none() {
        replaced = Some(format!(
            "`{raw}` has non-ASCII letters, which are left out; it is named `{text}`"
        ));
    }
    if text.is_empty() {
        // heck drops nothing alphanumeric, so this is unreachable in practice; stay total anyway.
        text = cased(&format!("{base} {position}"), case);
    }
    if matches!(text.as_str(), "self" | "Self" | "super" | "crate") {
        text.push('_');
    }
    Converted { text, replaced }
}

fn cased(words: &str, case: Case) -> String {
    match case {
        Case::Camel => words.to_upper_camel_case(),
        Case::Snake => words.to_snake_case(),
    }
}

/// `true` for words that must be written `r#word` to be identifiers (2021 edition, including
/// reserved ones).
pub fn is_keyword(text: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do",
        "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in",
        "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
        "return", "static", "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe",
        "unsized", "use", "virtual", "where", "while", "yield",
    ];
    KEYWORDS.contains(&text)
}

/// The identifier for `text` (as produced by [`convert`] and [`Scope::claim`]), raw when it is
/// a keyword.
pub fn ident(text: &str) -> Ident {
    if is_keyword(text) {
        Ident::new_raw(text, Span::call_site())
    } else {
        Ident::new(text, Span::call_site())
    }
}

/// Type names generated code must not take: the prelude types it and its users name, and the
/// runtime's public types.
pub const RESERVED_TYPES: &[&str] = &[
    "Accepted",
    "Box",
    "Client",
    "Error",
    "Into",
    "IntoIterator",
    "Map",
    "Option",
    "Page",
    "PageStream",
    "QueryOptions",
    "Request",
    "Result",
    "String",
    "Value",
    "Vec",
];

/// A set of names in one Rust namespace (a module's types, a struct's fields, an enum's
/// variants, a function's parameters).
#[derive(Clone, Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
    reserved: BTreeSet<String>,
    reserved_suffix: String,
}

/// The outcome of [`Scope::claim`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claimed {
    /// The name granted.
    pub text: String,
    /// The name wanted, when it was taken or reserved and had to change.
    pub collided_with: Option<String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Scope::default()
    }

    /// A scope where each of `names` is reserved: asking for one yields `name + suffix`
    /// (`Result` -> `ResultType`), quietly, since that is a fixed rule rather than a clash
    /// between two docs names.
    pub fn with_reserved(names: &[&str], suffix: &str) -> Self {
        Scope {
            taken: BTreeSet::new(),
            reserved: names.iter().map(|n| n.to_string()).collect(),
            reserved_suffix: suffix.to_string(),
        }
    }

    /// Marks `name` as taken without claiming it through the collision rules (names the
    /// emitter itself adds, like `additional_properties`).
    pub fn take(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// `true` when `name` is already taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Grants `wanted`, or the first free `wanted2`, `wanted3`, ... (with `_2` for snake case
    /// names, so `display_name_2` rather than `display_name2`).
    pub fn claim(&mut self, wanted: &str, case: Case) -> Claimed {
        let base = if self.reserved.contains(wanted) {
            format!("{wanted}{}", self.reserved_suffix)
        } else {
            wanted.to_string()
        };
        if !self.taken.contains(&base) {
            self.taken.insert(base.clone());
            return Claimed {
                text: base,
                collided_with: None,
            };
        }
        let sep = match case {
            Case::Camel => "",
            Case::Snake => "_",
        };
        let mut n = 2usize;
        loop {
            let candidate = format!("{base}{sep}{n}");
            if !self.taken.contains(&candidate) {
                self.taken.insert(candidate.clone());
                return Claimed {
                    text: candidate,
                    collided_with: Some(base),
                };
            }
            n += 1;
        }
    }
}

/// A plural path segment made singular, simply: `policies` -> `policy`, `calls` -> `call`,
/// `addresses` -> `address`, `status` stays. Good enough to name `{id}` placeholders.
pub fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if let Some(stem) = word.strip_suffix("ies").filter(|_| lower.len() > 4) {
        return format!("{stem}y");
    }
    for suffix in ["sses", "xes", "ches", "shes", "zzes"] {
        if lower.ends_with(suffix) {
            return word[..word.len() - 2].to_string();
        }
    }
    if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") {
        return word.to_string();
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.is_empty() => stem.to_string(),
        _ => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_docs_names() {
        let cases: &[(&str, Case, &str, bool)] = &[
            ("participantInfo", Case::Camel, "ParticipantInfo", false),
            ("displayName", Case::Snake, "display_name", false),
            ("DisplayName", Case::Snake, "display_name", false),
            ("@odata.type", Case::Snake, "odata_type", false),
            ("@odata.nextLink", Case::Snake, "odata_next_link", false),
            ("@odata.type", Case::Camel, "OdataType", false),
            ("sendReceive", Case::Camel, "SendReceive", false),
            ("type", Case::Snake, "type", false),
            ("self", Case::Snake, "self_", false),
            ("Self", Case::Camel, "Self_", false),
            ("", Case::Snake, "field_4", true),
            ("--", Case::Snake, "field_4", true),
            ("???", Case::Camel, "Field4", true),
            ("123", Case::Snake, "field_123", true),
            ("123", Case::Camel, "Field123", true),
            ("3dModel", Case::Camel, "Field3dModel", true),
            ("café", Case::Snake, "caf", true),
        ];
        for (raw, case, want, replaced) in cases {
            let got = convert(raw, *case, "field", 4);
            assert_eq!(&got.text, want, "{raw:?} as {case:?}");
            assert_eq!(got.replaced.is_some(), *replaced, "{raw:?} replaced?");
        }
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("async").to_string(), "r#async");
        assert_eq!(ident("display_name").to_string(), "display_name");
        assert_eq!(ident("self_").to_string(), "self_");
    }

    #[test]
    fn collisions_get_numbers_in_claim_order() {
        let mut scope = Scope::new();
        let steps: &[(&str, Case, &str, bool)] = &[
            ("display_name", Case::Snake, "display_name", false),
            ("display_name", Case::Snake, "display_name_2", true),
            ("display_name_2", Case::Snake, "display_name_2_2", true),
            ("display_name", Case::Snake, "display_name_3", true),
            ("Call", Case::Camel, "Call", false),
            ("Call", Case::Camel, "Call2", true),
        ];
        for (wanted, case, want, collided) in steps {
            let got = scope.claim(wanted, *case);
            assert_eq!(&got.text, want);
            assert_eq!(got.collided_with.is_some(), *collided, "{wanted}");
        }
    }

    #[test]
    fn reserved_names_get_the_suffix_quietly() {
        let mut scope = Scope::with_reserved(RESERVED_TYPES, "Type");
        for (wanted, want, collided) in [
            ("Result", "ResultType", false),
            ("Client", "ClientType", false),
            ("ResultType", "ResultType2", true),
            ("Participant", "Participant", false),
        ] {
            let got = scope.claim(wanted, Case::Camel);
            assert_eq!(got.text, want);
            assert_eq!(got.collided_with.is_some(), collided, "{wanted}");
        }
    }

    #[test]
    fn singularizes_path_segments() {
        for (plural, single) in [
            ("calls", "call"),
            ("applications", "application"),
            ("users", "user"),
            ("policies", "policy"),
            ("addresses", "address"),
            ("status", "status"),
            ("me", "me"),
            ("s", "s"),
            ("boxes", "box"),
        ] {
            assert_eq!(singular(plural), single, "{plural}");
        }
    }
}
