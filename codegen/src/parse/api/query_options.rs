//! The `Optional query parameters` section: which OData query options (`$select`, `$filter`,
//! ...) the endpoint supports.
//!
//! The pages say it in prose, sentence by sentence:
//! * "This method supports the `$select` and `$filter` OData query parameters": the options
//!   named in a sentence that does not deny them are supported ([`QuerySupport::Listed`]);
//!   a table whose first column holds `$` names lists them too;
//! * "This method supports the [OData query parameters](...) to help customize the
//!   response", naming none: [`QuerySupport::All`];
//! * "This method does not support the OData query parameters": [`QuerySupport::None`].
//!
//! A name in a denying sentence ("`$expand` is not supported") is never supported, even when
//! another sentence names it. A section none of whose sentences says any of this is a `DS0311`
//! warning, and the endpoint is [`QuerySupport::Unsaid`], like a page without the section.

use super::sections::sections_starting;
use crate::diag::{codes, Diagnostic};
use crate::model::QuerySupport;
use crate::parse::doc::{Block, Document};

/// What the section says, and a diagnostic when it says nothing readable.
pub(super) fn query_options(doc: &Document, diags: &mut Vec<Diagnostic>) -> QuerySupport {
    let Some(section) = sections_starting(doc, "optional query parameter") else {
        return QuerySupport::Unsaid;
    };
    let mut said = Said::default();
    for block in section.blocks {
        match block {
            Block::Paragraph(p) => {
                if is_none(&p.text) {
                    said.supports_none = true;
                }
                // `select` in code is `$select` too.
                let bare: Vec<&str> = p
                    .code_spans
                    .iter()
                    .map(|c| c.as_ref())
                    .filter(|c| ODATA.iter().any(|o| o.eq_ignore_ascii_case(c)))
                    .collect();
                for sentence in sentences(&p.text) {
                    said.sentence(sentence, &bare);
                }
            }
            Block::Table(t) => {
                for row in &t.rows {
                    let cell = row.text(0);
                    said.named(&names_in(cell), true);
                }
            }
            _ => {}
        }
    }
    match said.verdict() {
        Some(support) => support,
        None => {
            diags.push(Diagnostic::new(
                codes::QUERY_OPTIONS,
                doc.file.as_str(),
                section.heading.line,
                1,
                "the `Optional query parameters` section names no OData option (`$select`, `$filter`, ...) and does not say the endpoint supports them or none; the call gets only the generic options. Write, e.g., \"This method supports the `$select` and `$filter` OData query parameters.\" or \"This method does not support OData query parameters.\"",
            ));
            QuerySupport::Unsaid
        }
    }
}

/// What the sentences of a section said so far.
#[derive(Default)]
struct Said {
    supported: Vec<String>,
    denied: Vec<String>,
    supports_all: bool,
    supports_none: bool,
}

impl Said {
    fn sentence(&mut self, sentence: &str, bare: &[&str]) {
        let lower = sentence.to_ascii_lowercase();
        let denies = ["not support", "n't support", "not supported", "unsupported"]
            .iter()
            .any(|d| lower.contains(d));
        let mut names = names_in(sentence);
        for b in bare {
            let word = sentence
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '$')
                .any(|w| w == *b);
            if word {
                names.push(format!("${b}"));
            }
        }
        if !names.is_empty() {
            self.named(&names, !denies);
            return;
        }
        // "supports some of the OData query parameters" names no option: it says nothing.
        let some = lower.contains("support some") || lower.contains("supports some");
        let about_options = lower.contains("query param") || lower.contains("odata");
        if about_options && lower.contains("support") && !some {
            if denies {
                self.supports_none = true;
            } else {
                self.supports_all = true;
            }
        }
    }

    fn named(&mut self, names: &[String], supported: bool) {
        let list = if supported {
            &mut self.supported
        } else {
            &mut self.denied
        };
        for n in names {
            if !list.iter().any(|m| m.eq_ignore_ascii_case(n)) {
                list.push(n.clone());
            }
        }
    }

    fn verdict(self) -> Option<QuerySupport> {
        let denied = &self.denied;
        let listed: Vec<String> = self
            .supported
            .into_iter()
            .filter(|n| !denied.iter().any(|d| d.eq_ignore_ascii_case(n)))
            .collect();
        if !listed.is_empty() {
            Some(QuerySupport::Listed(listed))
        } else if self.supports_all && self.denied.is_empty() {
            Some(QuerySupport::All)
        } else if self.supports_none || !self.denied.is_empty() {
            Some(QuerySupport::None)
        } else {
            None
        }
    }
}

/// The OData system query options, without their `$`, as a page may write them in code.
const ODATA: &[&str] = &[
    "select",
    "expand",
    "filter",
    "orderby",
    "top",
    "skip",
    "count",
    "search",
    "format",
    "skiptoken",
];

/// A section that says just "None." or "Not supported.".
fn is_none(text: &str) -> bool {
    let t = text.trim().trim_end_matches('.').to_ascii_lowercase();
    matches!(
        t.as_str(),
        "none" | "not supported" | "n/a" | "not applicable"
    )
}

/// The sentences of a paragraph: split after `.`, `!` or `?` followed by a space.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ends = matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_none_or(|&n| n == b' ');
        if ends {
            if let Some(s) = text.get(start..=i) {
                out.push(s);
            }
            start = i + 1;
        }
    }
    if let Some(rest) = text.get(start..) {
        if !rest.trim().is_empty() {
            out.push(rest);
        }
    }
    out.into_iter()
}

/// The `$name`s written in `text` (`$select`, `$orderBy`), in order.
fn names_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        let after = rest.get(at + 1..).unwrap_or("");
        let len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        if len > 0 {
            out.push(format!("${}", after.get(..len).unwrap_or("")));
        }
        rest = after.get(len..).unwrap_or("");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::doc::Document;

    fn support(section: &str) -> (QuerySupport, Vec<Diagnostic>) {
        let text = format!("# Get thing\n\n## Optional query parameters\n\n{section}\n\n## Request headers\n\nNone.\n");
        let doc = Document::parse("api/thing-get.md", &text);
        let mut diags = Vec::new();
        (query_options(&doc, &mut diags), diags)
    }

    fn listed(names: &[&str]) -> QuerySupport {
        QuerySupport::Listed(names.iter().map(|n| n.to_string()).collect())
    }

    #[test]
    fn named_options_are_listed_in_page_order() {
        let (s, d) = support("This method supports the `$filter`, `$top` and `$select` OData query parameters to help customize the response.");
        assert_eq!(s, listed(&["$filter", "$top", "$select"]));
        assert!(d.is_empty());
    }

    #[test]
    fn a_denied_option_is_never_listed() {
        let (s, _) = support("This method supports the `$select` and `$expand` query parameters. The `$expand` parameter is not supported for the members relationship.");
        assert_eq!(s, listed(&["$select"]));
    }

    #[test]
    fn options_in_a_table_are_listed() {
        let (s, _) = support("| Name | Description |\n|:--|:--|\n| `$top` | How many. |\n| `$skipToken` | Where to go on. |");
        assert_eq!(s, listed(&["$top", "$skipToken"]));
    }

    #[test]
    fn generic_support_and_none() {
        let (s, _) = support("This method supports the [OData query parameters](/graph/query-parameters) to help customize the response.");
        assert_eq!(s, QuerySupport::All);
        let (s, _) = support(
            "This method does not support the OData query parameters to customize the response.",
        );
        assert_eq!(s, QuerySupport::None);
        let (s, _) = support("This method doesn't support OData query parameters.");
        assert_eq!(s, QuerySupport::None);
    }

    #[test]
    fn terse_and_vague_sections() {
        assert_eq!(support("None.").0, QuerySupport::None);
        assert_eq!(support("Not supported.").0, QuerySupport::None);
        let (s, d) = support("This method supports some of the OData query parameters to help customize the response. For general information, see [OData query parameters](/graph/query-parameters).");
        assert_eq!(s, QuerySupport::Unsaid);
        assert_eq!(d.len(), 1);
        let (s, _) = support("This method supports the `select` OData query parameter to help customize the response.");
        assert_eq!(s, listed(&["$select"]));
        let (s, _) = support("This method does **not** support the [OData Query Parameters](/graph/query-parameters) to help customize the response (e.g. $filter is not supported here).");
        assert_eq!(s, QuerySupport::None);
    }

    #[test]
    fn an_unreadable_section_is_a_warning_with_its_line() {
        let (s, d) = support("Use the startDateTime and endDateTime to pick a window.");
        assert_eq!(s, QuerySupport::Unsaid);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "DS0311");
        assert_eq!(d[0].line, 3);
    }

    #[test]
    fn a_page_without_the_section_says_nothing() {
        let doc = Document::parse(
            "api/thing-get.md",
            "# Get thing\n\n## Request headers\n\nNone.\n",
        );
        let mut diags = Vec::new();
        assert_eq!(query_options(&doc, &mut diags), QuerySupport::Unsaid);
        assert!(diags.is_empty());
    }

    #[test]
    fn dollar_signs_without_a_name_are_not_options() {
        assert_eq!(
            names_in("costs $5 or `$ref` and $"),
            vec!["$ref".to_string()]
        );
    }
}
