//! What the export left out or replaced: listed in the document (`x-docspec-skipped`) and
//! returned as diagnostics.

use crate::diag::{codes, Diagnostic};
use crate::model::Source;
use serde_json::{json, Value};

/// The notes gathered while exporting.
#[derive(Default)]
pub(super) struct Skipped {
    /// One object per note, in the order they were made.
    pub(super) entries: Vec<Value>,
    /// The same notes as diagnostics.
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl Skipped {
    /// Notes that `name` (a `kind`: endpoint, operation, type, response) was left out or
    /// replaced, and why, at `source`.
    pub(super) fn note(&mut self, kind: &str, name: &str, reason: &str, source: &Source) {
        self.entries.push(json!({
            "kind": kind,
            "name": name,
            "reason": reason,
            "source": format!("{}:{}", source.file, source.line),
        }));
        self.diagnostics.push(Diagnostic::at(
            codes::OPENAPI_SKIPPED,
            source,
            format!("OpenAPI export: {kind} `{name}`: {reason}"),
        ));
    }
}
