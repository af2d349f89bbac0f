//! Lint results written for tools: one JSON array, SARIF 2.1.0, or GitHub workflow commands;
//! and the summary line. (People get the rustc-style rendering of [`Diagnostic::render`],
//! which needs the pages' text: the CLI reads it.) Each takes `prefix`, what to put before a
//! diagnostic's root-relative `file` so that the path is the one the caller knows (`docs/`).

use crate::diag::{codes, Diagnostic, Severity};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// `codegen/MODEL.md`, whose table says what each code means.
const MODEL_MD: &str = include_str!("../../MODEL.md");

/// Where the codes are explained.
const HELP_URI: &str = "codegen/LINT.md";

/// What `code` means, from the table of `codegen/MODEL.md`.
pub fn describe(code: &str) -> &'static str {
    MODEL_MD
        .lines()
        .filter(|l| l.starts_with("| DS"))
        .find_map(|row| {
            let mut cells = row.split('|').map(str::trim).skip(1);
            (cells.next() == Some(code)).then(|| cells.nth(1).unwrap_or(""))
        })
        .unwrap_or("")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn path(prefix: &str, file: &str) -> String {
    format!("{prefix}{file}")
}

/// The diagnostics as one JSON array of `{code, severity, file, line, column, message,
/// suggestion?}`.
pub fn json(diags: &[Diagnostic], prefix: &str) -> String {
    let items: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut v = json!({
                "code": d.code,
                "severity": level(d.severity),
                "file": path(prefix, &d.file),
                "line": d.line,
                "column": d.column,
                "message": d.message,
            });
            if let (Some(fix), Some(map)) = (&d.suggestion, v.as_object_mut()) {
                map.insert("suggestion".into(), Value::String(fix.clone()));
            }
            v
        })
        .collect();
    serde_json::to_string_pretty(&Value::Array(items)).unwrap_or_else(|_| "[]".into())
}

/// The diagnostics as a SARIF 2.1.0 log: one run of the tool `docspec`, one rule per code,
/// one result per diagnostic.
pub fn sarif(diags: &[Diagnostic], prefix: &str) -> String {
    let mut rules: BTreeMap<&str, Severity> = BTreeMap::new();
    for c in codes::ALL {
        // A code at two severities is described at the first one listed.
        rules.entry(c.id).or_insert(c.severity);
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let rule_values: Vec<Value> = rules
        .iter()
        .map(|(id, severity)| {
            json!({
                "id": id,
                "shortDescription": { "text": describe(id) },
                "help": { "text": format!("{}; see {HELP_URI} and codegen/MODEL.md", describe(id)) },
                "defaultConfiguration": { "level": level(*severity) },
            })
        })
        .collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(fix) = &d.suggestion {
                text.push_str(&format!(" (help: {fix})"));
            }
            let mut r = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": text },
            });
            if let Some(map) = r.as_object_mut() {
                if let Some(i) = index.get(d.code.as_str()) {
                    map.insert("ruleIndex".into(), json!(i));
                }
                if !d.file.is_empty() {
                    map.insert(
                        "locations".into(),
                        json!([{
                            "physicalLocation": {
                                "artifactLocation": { "uri": path(prefix, &d.file) },
                                "region": {
                                    "startLine": d.line.max(1),
                                    "startColumn": d.column.max(1),
                                },
                            }
                        }]),
                    );
                }
            }
            r
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "docspec",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_values,
            }},
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into())
}

/// The diagnostics as GitHub Actions workflow commands, one a line:
/// `::warning file=docs/api/x.md,line=3,col=1,title=DS0801::message`.
pub fn github(diags: &[Diagnostic], prefix: &str) -> String {
    let mut out = String::new();
    for d in diags {
        let mut message = d.message.clone();
        if let Some(fix) = &d.suggestion {
            message.push_str(&format!(" (help: {fix})"));
        }
        out.push_str(&format!(
            "::{} file={},line={},col={},title={}::{}\n",
            level(d.severity),
            escape_property(&path(prefix, &d.file)),
            d.line,
            d.column,
            escape_property(&d.code),
            escape_data(&message),
        ));
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One line: `N errors, M warnings` and the count per code (`DS0801: 3`), codes in order.
pub fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let mut by_code: BTreeMap<(&str, Severity), usize> = BTreeMap::new();
    for d in diags {
        *by_code.entry((d.code.as_str(), d.severity)).or_default() += 1;
    }
    let counts: Vec<String> = by_code
        .iter()
        .map(|((code, sev), n)| format!("{code} {} {n}", level(*sev)))
        .collect();
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "docspec lint: {}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if !counts.is_empty() {
        line.push_str(&format!(" ({})", counts.join(", ")));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_codes_from_model_md() {
        assert!(describe("DS0801").contains("link"));
        assert_eq!(describe("DS9999"), "");
    }

    #[test]
    fn github_escapes() {
        let d = Diagnostic::new(codes::DEAD_LINK, "a,b.md", 2, 3, "50% off\nnow");
        assert_eq!(
            github(&[d], "docs/"),
            "::warning file=docs/a%2Cb.md,line=2,col=3,title=DS0801::50%25 off%0Anow\n"
        );
    }
}
