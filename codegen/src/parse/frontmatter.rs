//! The YAML front matter of a page (`---` ... `---` at the very top).
//!
//! Front matter is optional (the 2018 pages have none). It is cut out of the text before the
//! markdown is parsed, but replaced by as many empty lines as it had, so every line number of
//! the page stays the same.

use crate::diag::{codes, Diagnostic};
use yaml_rust2::{Yaml, YamlLoader};

/// What `doc_type` says the page is, whatever its spelling (`apiPageType`, `"apiPageType"`,
/// `'resourcePageType'`, `resourcePageType_`, `enumTypes`, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocType {
    /// `apiPageType`.
    Api,
    /// `resourcePageType`.
    Resource,
    /// `enumPageType`.
    Enum,
    /// `enumTypes`: an aggregate page of several enums.
    Enums,
    /// `conceptualPageType`.
    Conceptual,
    /// Anything else, as written.
    Other(String),
}

impl DocType {
    /// Reads a `doc_type` value; quotes, case and trailing junk do not matter.
    pub fn from_value(value: &str) -> DocType {
        let v: String = value
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if v.starts_with("api") {
            DocType::Api
        } else if v.starts_with("resource") {
            DocType::Resource
        } else if v == "enumtypes" || v == "enums" {
            DocType::Enums
        } else if v.starts_with("enum") {
            DocType::Enum
        } else if v.starts_with("conceptual") {
            DocType::Conceptual
        } else {
            DocType::Other(value.trim().to_string())
        }
    }
}

/// The keys of the front matter that docspec uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// `title:`.
    pub title: Option<String>,
    /// `description:`.
    pub description: Option<String>,
    /// `doc_type:`.
    pub doc_type: Option<DocType>,
    /// 1-based line of the opening `---`.
    pub line: u32,
    /// Number of lines the front matter spans, fences included.
    pub line_count: u32,
}

/// The result of [`split`]: the front matter (if any), where the markdown starts, and a
/// diagnostic when the YAML is malformed.
#[derive(Clone, Debug)]
pub struct Split {
    /// `None` when the page has no front matter, or it could not be read.
    pub front_matter: Option<FrontMatter>,
    /// Byte offset of the markdown in the text: just after the closing `---` line, `0` without
    /// (readable) front matter. Parsing `text[body_start..]` is parsing the page with its front
    /// matter blanked out, offsets shifted by `body_start`: markdown ignores leading blank lines.
    pub body_start: usize,
    /// DS0201 when the front matter is not valid YAML or not closed.
    pub diagnostic: Option<Diagnostic>,
}

/// Reads the front matter at the top of `text` (which must not start with a BOM).
pub fn split(file: &str, text: &str) -> Split {
    let none = || Split {
        front_matter: None,
        body_start: 0,
        diagnostic: None,
    };
    let mut lines = lines_inclusive(text);
    let Some(first) = lines.next() else {
        return none();
    };
    if first.trim_end() != "---" {
        return none();
    }
    // The YAML is the lines between the fences, a slice of the page.
    let mut consumed = first.len();
    let mut yaml_end = consumed;
    let mut count: u32 = 1;
    let mut closed = false;
    for line in lines {
        consumed += line.len();
        count += 1;
        let t = line.trim_end();
        if t == "---" || t == "..." {
            closed = true;
            break;
        }
        yaml_end = consumed;
    }
    let yaml = text.get(first.len()..yaml_end).unwrap_or("");
    if !closed {
        return Split {
            diagnostic: Some(Diagnostic::new(
                codes::FRONT_MATTER,
                file,
                1,
                1,
                "front matter is not closed: the opening `---` has no closing `---`; it is read as markdown",
            )),
            ..none()
        };
    }
    let mut fm = FrontMatter {
        line: 1,
        line_count: count,
        ..FrontMatter::default()
    };
    let loaded = match simple_mapping(yaml) {
        Some(map) => Ok(Some(Mapping::Simple(map))),
        None => YamlLoader::load_from_str(yaml).map(|docs| match docs.into_iter().next() {
            Some(Yaml::Hash(map)) => Some(Mapping::Yaml(map.into_iter().collect())),
            _ => None,
        }),
    };
    let diagnostic = match loaded {
        Ok(map) => {
            if let Some(map) = map {
                let get = |k: &str| map.get(k).filter(|s| !s.trim().is_empty());
                fm.title = get("title").map(|s| s.trim().to_string());
                fm.description = get("description").map(|s| s.trim().to_string());
                fm.doc_type = get("doc_type").map(|s| DocType::from_value(&s));
            }
            None
        }
        Err(e) => {
            // The scanner's marker is relative to the YAML, which starts on line 2.
            let m = e.marker();
            let line = u32::try_from(m.line()).unwrap_or(0).saturating_add(1);
            let col = u32::try_from(m.col()).unwrap_or(0).saturating_add(1);
            // Salvage `doc_type:` and `title:` line by line: a bad description should not lose
            // the page kind.
            salvage(yaml, &mut fm);
            Some(Diagnostic::new(
                codes::FRONT_MATTER,
                file,
                line.min(count),
                col,
                format!("front matter is not valid YAML: {}", e.info()),
            ))
        }
    };
    Split {
        front_matter: Some(fm),
        body_start: consumed.min(text.len()),
        diagnostic,
    }
}

/// The keys of a front matter mapping and their values.
enum Mapping<'y> {
    /// What [`simple_mapping`] read: the values of [`KEYS`] as written, each with whether it
    /// was quoted.
    Simple(Vec<(&'y str, &'y str, bool)>),
    /// What yaml-rust2 read.
    Yaml(Vec<(Yaml, Yaml)>),
}

impl Mapping<'_> {
    /// The text of the scalar value of `key`, as YAML resolves it.
    fn get(&self, key: &str) -> Option<String> {
        match self {
            Mapping::Simple(pairs) => {
                let &(_, value, quoted) = pairs.iter().find(|(k, _, _)| *k == key)?;
                if quoted {
                    Some(value.to_string())
                } else {
                    scalar_text(&Yaml::from_str(value))
                }
            }
            Mapping::Yaml(pairs) => pairs
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .and_then(|(_, v)| scalar_text(v)),
        }
    }
}

/// Reads front matter that is nothing but `key: value` lines (a plain, `"double"` or `'single'`
/// quoted value, no escapes, comments or continuation lines), as almost every page's is,
/// without the YAML parser: it was a tenth of the time of parsing a page. `None` when anything
/// is not that simple; the caller then asks yaml-rust2, which also judges what is valid.
/// Values are resolved as yaml-rust2 resolves them ([`Yaml::from_str`] for plain ones).
fn simple_mapping(yaml: &str) -> Option<Vec<(&str, &str, bool)>> {
    let mut out = Vec::with_capacity(KEYS.len());
    // Every key is checked (a repeated key makes the YAML invalid), but only the values
    // docspec reads are kept.
    let mut seen: Vec<&str> = Vec::with_capacity(16);
    for line in lines_inclusive(yaml) {
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        // Only spaces: YAML keeps other trailing whitespace (U+00A0) in a plain scalar.
        let line = line.trim_end_matches(' ');
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        // YAML limits implicit keys to 1024 characters.
        let key_ok = key.len() <= 128
            && key
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
        // Only a short key can resolve to something other than a string (`true`, `null`,
        // `False`): the key starts with a letter or `_`, so it is no number.
        if !key_ok
            || (key.len() <= 5 && !matches!(Yaml::from_str(key), Yaml::String(_)))
            || seen.contains(&key)
        {
            return None;
        }
        if !value.is_empty() && !value.starts_with(' ') {
            return None;
        }
        let value = value.trim_start_matches(' ');
        if value.is_empty() || (!is_plain_ascii(value) && value.chars().any(unsafe_in_yaml)) {
            return None;
        }
        let quoted = |q: char| {
            value
                .strip_prefix(q)?
                .strip_suffix(q)
                .filter(|inner| !inner.contains(q) && !inner.contains('\\'))
        };
        seen.push(key);
        let keep = KEYS.contains(&key);
        match value.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => {
                let inner = quoted(char::from(q))?;
                if keep {
                    out.push((key, inner, true));
                }
            }
            _ if plain_ok(value) => {
                if keep {
                    out.push((key, value, false));
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The front matter keys docspec reads.
const KEYS: [&str; 3] = ["title", "description", "doc_type"];

/// The lines of `text`, each with its line ending, found with `memchr` (front matter is read on
/// every page).
fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// Printable ASCII only: nothing [`unsafe_in_yaml`] rejects.
fn is_plain_ascii(s: &str) -> bool {
    s.bytes().all(|b| (b' '..0x7f).contains(&b))
}

/// Characters after which the simple reading of [`simple_mapping`] is not sure to agree with
/// YAML: control characters (tabs included), YAML 1.1 line breaks and non-characters.
fn unsafe_in_yaml(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// A plain scalar that means its own text: starts with a letter or digit, and holds no `: `
/// (a nested mapping), ` #` (a comment) or trailing `:`.
fn plain_ok(value: &str) -> bool {
    // One pass over the pairs of bytes for `: ` and ` #` (this runs on every front matter line).
    value.chars().next().is_some_and(|c| c.is_alphanumeric())
        && !value
            .as_bytes()
            .windows(2)
            .any(|w| matches!(w, [b':', b' '] | [b' ', b'#']))
        && !value.ends_with(':')
}

fn scalar_text(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn salvage(yaml: &str, fm: &mut FrontMatter) {
    for line in yaml.lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        if v.is_empty() {
            continue;
        }
        match k.trim() {
            "doc_type" => fm.doc_type = Some(DocType::from_value(v)),
            "title" => fm.title = Some(v.to_string()),
            "description" => fm.description = Some(v.to_string()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_type_spellings() {
        assert_eq!(DocType::from_value("apiPageType"), DocType::Api);
        assert_eq!(DocType::from_value("\"apiPageType\" "), DocType::Api);
        assert_eq!(DocType::from_value("'resourcePageType'"), DocType::Resource);
        assert_eq!(DocType::from_value("resourcePageType_"), DocType::Resource);
        assert_eq!(DocType::from_value("enumPageType"), DocType::Enum);
        assert_eq!(DocType::from_value("enumTypes"), DocType::Enums);
        assert_eq!(
            DocType::from_value("conceptualPageType"),
            DocType::Conceptual
        );
        assert_eq!(DocType::from_value("x"), DocType::Other("x".into()));
    }

    #[test]
    fn splits_and_keeps_line_count() {
        let s = split(
            "a.md",
            "---\ntitle: \"Get a user\"\ndoc_type: \"apiPageType\"\n---\n# T\n",
        );
        let fm = s.front_matter.unwrap();
        assert_eq!(fm.title.as_deref(), Some("Get a user"));
        assert_eq!(fm.doc_type, Some(DocType::Api));
        assert_eq!(fm.line_count, 4);
        assert_eq!(
            &"---\ntitle: \"Get a user\"\ndoc_type: \"apiPageType\"\n---\n# T\n"[s.body_start..],
            "# T\n"
        );
        assert!(s.diagnostic.is_none());
    }

    #[test]
    fn malformed_yaml_is_ds0201_and_doc_type_survives() {
        let s = split(
            "a.md",
            "---\ntitle: a: b: [\ndoc_type: apiPageType\n---\nbody\n",
        );
        let d = s.diagnostic.unwrap();
        assert_eq!(d.code, "DS0201");
        assert_eq!(
            s.front_matter.unwrap().doc_type,
            Some(DocType::Api),
            "doc_type salvaged"
        );
        assert_eq!(
            s.body_start,
            "---\ntitle: a: b: [\ndoc_type: apiPageType\n---\n".len()
        );
    }

    /// The fast reading never disagrees with yaml-rust2: where it answers, the YAML parser gives
    /// the same mapping.
    #[test]
    fn simple_mapping_agrees_with_yaml() {
        let cases = [
            "title: \"Get a user\"\ndoc_type: apiPageType\n",
            "title: 'It is'\ndescription: plain words, with: colons:inside\n",
            "title: True\ndescription: 0x1A\ndoc_type: ~\n",
            "title: 007\ndescription: 1.5e3\nms.date: 12/04/2018\n",
            "title: null\ndescription: .inf\n",
            "title: a\ntitle: b\n",
            "true: a\nTrue: b\n",
            "title: a: b\n",
            "title: a #c\n",
            "title: \"a\\\"b\"\n",
            "title: 'a''b'\n",
            "title: \"a\" b\n",
            "title:\n",
            "title:a\n",
            "  title: a\n",
            "title: >\n  folded\n",
            "title: a\n  continued\n",
            "title: a\u{a0}\n",
            "title: a\t\n",
            "title: \"a\rb\"\n",
            "title: &x a\n",
            "title: [a, b]\n",
            "# comment\ntitle: a\n",
            "title: Get user's photo\n\ndescription: \"x\"  \n",
            "title: a\u{2028}b\n",
            "",
        ];
        for yaml in cases {
            let Some(simple) = simple_mapping(yaml) else {
                continue;
            };
            let parsed = YamlLoader::load_from_str(yaml)
                .unwrap_or_else(|e| panic!("{yaml:?} read simply but is not YAML: {e}"));
            let full: Vec<(Yaml, Yaml)> = match parsed.into_iter().next() {
                // The simple reading keeps only the keys docspec reads.
                Some(Yaml::Hash(map)) => map
                    .into_iter()
                    .filter(|(k, _)| k.as_str().is_some_and(|k| KEYS.contains(&k)))
                    .collect(),
                None => Vec::new(),
                Some(other) => panic!("{yaml:?} read simply but is {other:?}"),
            };
            // The values as YAML resolves them: a quoted one is its text.
            let simple: Vec<(Yaml, Yaml)> = simple
                .into_iter()
                .map(|(k, v, quoted)| {
                    let value = if quoted {
                        Yaml::String(v.to_string())
                    } else {
                        Yaml::from_str(v)
                    };
                    (Yaml::String(k.to_string()), value)
                })
                .collect();
            assert_eq!(simple, full, "{yaml:?}");
        }
        assert!(simple_mapping("title: \"Get a user\"\ndoc_type: apiPageType\n").is_some());
        assert!(
            simple_mapping("title: a\ntitle: b\n").is_none(),
            "duplicates are errors"
        );
    }

    #[test]
    fn no_front_matter() {
        let s = split("a.md", "# Title\n---\n");
        assert!(s.front_matter.is_none());
        assert_eq!(s.body_start, 0);
    }
}
