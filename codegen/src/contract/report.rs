//! What a contract run found, and its printable summary.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One example that failed or could not be tested.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The example: `file:line (name)`.
    pub example: String,
    /// Why, in a short stable phrase that findings are grouped by (`response differs: member
    /// missing`, `example response is not a success`).
    pub reason: String,
    /// The particulars: first differing JSON pointer and both values, the error, the URL.
    pub detail: String,
}

impl Finding {
    /// A finding for `example`.
    pub fn new(example: impl Into<String>, reason: impl Into<String>, detail: String) -> Self {
        Finding {
            example: example.into(),
            reason: reason.into(),
            detail,
        }
    }
}

/// The outcome of [`super::run`]: every example of the API is counted exactly once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractReport {
    /// Examples whose request and response both round-tripped through the typed client.
    pub passed: usize,
    /// Examples the typed client got wrong (or whose docs contradict themselves in a way no
    /// check of the docs alone finds).
    pub failed: Vec<Finding>,
    /// Examples that failed where they contradict their own page, which the docs checks
    /// report on their own (`docspec lint`): values that do not fit the page's types (DS0506,
    /// a `"datetime-value"` where the page says `DateTimeOffset`), another method than the
    /// page's request line (DS0811), a status the page does not document (DS0803), a body on
    /// a `204` (DS0310). The client does what the page says; the example needs fixing.
    #[serde(default)]
    pub contradicted: Vec<Finding>,
    /// Examples that cannot be replayed, with the reason (no response, not JSON, ...).
    pub untestable: Vec<Finding>,
}

impl ContractReport {
    /// Every example counted.
    pub fn total(&self) -> usize {
        self.passed + self.failed.len() + self.contradicted.len() + self.untestable.len()
    }

    /// The counts, then failed and untestable examples grouped by reason, most frequent
    /// first, each with up to `examples` instances.
    pub fn summary_with(&self, examples: usize) -> String {
        let mut out = format!(
            "contract: {} examples: {} passed, {} failed, {} contradict their own page, {} untestable\n",
            self.total(),
            self.passed,
            self.failed.len(),
            self.contradicted.len(),
            self.untestable.len()
        );
        for (title, findings) in [
            ("failed", &self.failed),
            (
                "contradicted by their own page (DS0506, DS0803, DS0811, DS0310)",
                &self.contradicted,
            ),
            ("untestable", &self.untestable),
        ] {
            if findings.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{title}, by reason:");
            for (reason, group) in group_by_reason(findings) {
                let _ = writeln!(out, "  {:>6}  {reason}", group.len());
                for f in group.iter().take(examples) {
                    let detail = if f.detail.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", f.detail)
                    };
                    let _ = writeln!(out, "          {}{detail}", f.example);
                }
            }
        }
        out
    }

    /// [`ContractReport::summary_with`] three instances per reason.
    pub fn summary(&self) -> String {
        self.summary_with(3)
    }

    /// `(reason, count)` of failed examples, most frequent first.
    pub fn failure_reasons(&self) -> Vec<(String, usize)> {
        counts(&self.failed)
    }

    /// `(reason, count)` of untestable examples, most frequent first.
    pub fn untestable_reasons(&self) -> Vec<(String, usize)> {
        counts(&self.untestable)
    }
}

fn counts(findings: &[Finding]) -> Vec<(String, usize)> {
    group_by_reason(findings)
        .into_iter()
        .map(|(r, g)| (r.to_string(), g.len()))
        .collect()
}

/// Findings grouped by reason: largest group first, then by reason, in input order inside.
fn group_by_reason(findings: &[Finding]) -> Vec<(&str, Vec<&Finding>)> {
    let mut groups: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        groups.entry(f.reason.as_str()).or_default().push(f);
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_and_groups_by_reason() {
        let report = ContractReport {
            passed: 2,
            failed: vec![
                Finding::new("a.md:1 (x)", "response differs", "at /id: ...".into()),
                Finding::new("b.md:1 (y)", "call failed", String::new()),
                Finding::new("c.md:1 (z)", "response differs", String::new()),
            ],
            contradicted: vec![Finding::new(
                "e.md:1 (v)",
                "request body does not decode into the typed body",
                String::new(),
            )],
            untestable: vec![Finding::new(
                "d.md:1 (w)",
                "no response example",
                String::new(),
            )],
        };
        assert_eq!(report.total(), 7);
        assert_eq!(
            report.failure_reasons(),
            [
                ("response differs".to_string(), 2),
                ("call failed".to_string(), 1)
            ]
        );
        let s = report.summary_with(1);
        assert!(
            s.starts_with(
                "contract: 7 examples: 2 passed, 3 failed, 1 contradict their own page, 1 untestable\n"
            ),
            "{s}"
        );
        assert!(s.contains("       2  response differs\n          a.md:1 (x): at /id: ...\n"));
        assert!(!s.contains("c.md:1"), "only one instance per reason: {s}");
        assert!(s.contains("untestable, by reason:\n       1  no response example\n"));
        assert!(s.contains(
            "(DS0506, DS0803, DS0811, DS0310), by reason:\n       1  request body does not decode"
        ));
    }
}
