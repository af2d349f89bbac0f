//! Diagnostics as values: every stage returns what it understood plus a list of these, and
//! goes on. Nothing that comes from the docs may panic.

use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// How bad a diagnostic is. An error means the docs are broken and must be fixed: it fails
/// `docspec generate` (which still writes everything it could generate) and `check`, a build
/// script, and the `api!` macro (when it is in a page the macro's selection uses). A warning
/// is shown and never fails anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One finding about the docs, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable code (`DS0101`); see [`codes`]. Tools may match on it.
    pub code: String,
    pub severity: Severity,
    /// Path of the page, relative to the loaded folder, with `/` separators.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// What is wrong and, where it helps, how to fix it. One sentence or two, no trailing period
    /// needed.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `file:line:column`.
    pub fn new(
        code: &str,
        severity: Severity,
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code: code.to_string(),
            severity,
            file: file.into(),
            line,
            column,
            message: message.into(),
        }
    }

    /// An error at `file:line:column`.
    pub fn error(
        code: &str,
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self::new(code, Severity::Error, file, line, column, message)
    }

    /// A warning at `file:line:column`.
    pub fn warning(
        code: &str,
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self::new(code, Severity::Warning, file, line, column, message)
    }

    /// `file:line:column`.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }

    /// Renders like rustc: a header, the location, the source line and a caret under the column.
    /// `source` is the text of `self.file`, if it could be read.
    pub fn render(&self, source: Option<&str>) -> String {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let mut out = String::new();
        let _ = writeln!(out, "{level}[{}]: {}", self.code, self.message);
        let line_text = source.and_then(|s| s.lines().nth(self.line.saturating_sub(1) as usize));
        let gutter = " ".repeat(self.line.to_string().len());
        let _ = writeln!(out, "{gutter}--> {}", self.location());
        if let Some(text) = line_text {
            let text = text.trim_start_matches('\u{feff}');
            let caret_pad: String = text
                .chars()
                .take(self.column.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{} | {}", self.line, text);
            let _ = writeln!(out, "{gutter} | {caret_pad}^");
        }
        out
    }
}

/// Sorts diagnostics by file, line, column, code (then severity and message), so output is
/// deterministic and reads top to bottom through each page. (The derived `Ord` compares the
/// code first, which groups by code instead.)
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.code, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, &b.code, b.severity, &b.message))
    });
}

/// `true` when any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

/// The stable diagnostic codes. `DS01xx` reading files, `DS02xx` page structure, `DS03xx`
/// API pages, `DS04xx` resource and enum pages, `DS05xx` resolution, `DS06xx` code generation,
/// `DS07xx` selection (macro and CLI filters).
///
/// Each code's doc says its severity. The rule: an error when the docs are broken in a way
/// that loses what they define or makes an example unusable (a test and a mock response come
/// from every example), or when the input asked for is not there; a warning when docspec
/// can carry on with a sensible reading. `codegen/MODEL.md` has the same table.
pub mod codes {
    /// Error: a file could not be read.
    pub const UNREADABLE: &str = "DS0101";
    /// Warning: a file is not valid UTF-8 (it is read lossily).
    pub const INVALID_UTF8: &str = "DS0102";
    /// Error: a path given does not exist.
    pub const MISSING_PATH: &str = "DS0103";
    /// Warning: front matter is not valid YAML.
    pub const FRONT_MATTER: &str = "DS0201";
    /// Warning: an annotation comment is not valid JSON even after tolerating trailing commas.
    pub const ANNOTATION_JSON: &str = "DS0202";
    /// Warning: the page has no H1 title.
    pub const NO_TITLE: &str = "DS0203";
    /// Warning: the page is neither an API page nor a resource/enum page.
    pub const UNKNOWN_PAGE: &str = "DS0204";
    /// Warning: a line in the HTTP request block is not `METHOD /path`.
    pub const BAD_REQUEST_LINE: &str = "DS0301";
    /// An API page has no HTTP request section (or no request line in it), so it defines no
    /// endpoint. Error when the front matter declares it an API page (`doc_type:
    /// apiPageType`), else warning.
    pub const NO_HTTP_REQUEST: &str = "DS0302";
    /// Warning: request lines of one page disagree on the method.
    pub const MIXED_METHODS: &str = "DS0303";
    /// Warning: the response section has no status code.
    pub const NO_STATUS: &str = "DS0304";
    /// Error: an example's JSON body is invalid (the example cannot serve as a test or a mock
    /// response; it is kept as text).
    pub const EXAMPLE_JSON: &str = "DS0305";
    /// Warning: an example request or response could not be read (no request line, bad status
    /// line).
    pub const BAD_EXAMPLE: &str = "DS0306";
    /// Warning: a request example has no matching response, or the reverse.
    pub const UNPAIRED_EXAMPLE: &str = "DS0307";
    /// Warning: the examples send a JSON body, but the page does not say what the body is (no
    /// parameter table, no linked type): the endpoint takes no body.
    pub const UNDESCRIBED_BODY: &str = "DS0308";
    /// Warning: the page does not say what the request body is (no `## Request body` section,
    /// or one naming no type), but its examples send an object and it creates (`201`) or
    /// updates the type it returns: that type is taken as the body.
    pub const IMPLIED_BODY: &str = "DS0309";
    /// Warning: an example response says `204 No Content` but shows a body.
    pub const NO_CONTENT_BODY: &str = "DS0310";
    /// Warning: a type cell could not be understood; the type falls back to `Json`.
    pub const BAD_TYPE: &str = "DS0401";
    /// Warning: a table row has fewer cells than its header.
    pub const SHORT_ROW: &str = "DS0402";
    /// Warning: a resource page's JSON representation is invalid.
    pub const RESOURCE_JSON: &str = "DS0403";
    /// Warning: a resource page has neither a properties table nor a JSON representation.
    pub const NO_PROPERTIES: &str = "DS0404";
    /// Error: a link points to a page that does not exist (the type is then looked up by name).
    pub const BROKEN_LINK: &str = "DS0501";
    /// Warning: a type name does not resolve to any type; it becomes `Json`.
    pub const UNRESOLVED_TYPE: &str = "DS0502";
    /// Warning: the same type is defined twice with conflicting content; the first is kept.
    pub const DUPLICATE_TYPE: &str = "DS0503";
    /// Warning: two pages define the same endpoint (method and path); both are kept.
    pub const DUPLICATE_ENDPOINT: &str = "DS0504";
    /// Warning: a base type does not resolve, or inheritance is cyclic; it is dropped.
    pub const BAD_BASE_TYPE: &str = "DS0505";
    /// Warning: an example body does not fit the type its page declares (a value of another
    /// JSON type, or a string a generated client cannot parse, such as `"datetime-value"` for
    /// a DateTimeOffset). Not made by `load`: see `contract::check_example_values`.
    pub const EXAMPLE_VALUE: &str = "DS0506";
    /// A name cannot be turned into a Rust identifier and was replaced. Warning for names from
    /// the docs; error for names given as options (crate name, runtime path).
    pub const BAD_NAME: &str = "DS0601";
    /// Warning: two names collide after case conversion and were disambiguated.
    pub const NAME_COLLISION: &str = "DS0602";
    /// Error: a selection names an endpoint that is not in the docs. The diagnostic's `file` is
    /// empty and its `line` is the entry's 1-based position in the selection.
    pub const UNKNOWN_SELECTION: &str = "DS0701";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_source_line_with_caret_under_column() {
        let d = Diagnostic::error(codes::BAD_REQUEST_LINE, "api/x.md", 2, 5, "not a request");
        let text = d.render(Some("first\nGET  nope\n"));
        assert_eq!(
            text,
            "error[DS0301]: not a request\n --> api/x.md:2:5\n  |\n2 | GET  nope\n  |     ^\n"
        );
    }

    #[test]
    fn renders_without_source() {
        let d = Diagnostic::warning(codes::BAD_TYPE, "r.md", 10, 1, "odd type");
        assert_eq!(
            d.render(None),
            "warning[DS0401]: odd type\n  --> r.md:10:1\n"
        );
    }
}
