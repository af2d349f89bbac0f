//! Diagnostics as values: every stage returns what it understood plus a list of these, and
//! goes on. Nothing that comes from the docs may panic.

use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// How bad a diagnostic is. Only errors fail `docspec generate`/`check` and the macro.
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

/// Sorts diagnostics by file, line, column, code, so output is deterministic.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort();
}

/// `true` when any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

/// The stable diagnostic codes. `DS01xx` reading files, `DS02xx` page structure, `DS03xx`
/// API pages, `DS04xx` resource and enum pages, `DS05xx` resolution, `DS06xx` code generation,
/// `DS07xx` selection (macro and CLI filters).
pub mod codes {
    /// A file could not be read.
    pub const UNREADABLE: &str = "DS0101";
    /// A file is not valid UTF-8 (it is read lossily).
    pub const INVALID_UTF8: &str = "DS0102";
    /// A path given does not exist.
    pub const MISSING_PATH: &str = "DS0103";
    /// Front matter is not valid YAML.
    pub const FRONT_MATTER: &str = "DS0201";
    /// An annotation comment is not valid JSON even after tolerating trailing commas.
    pub const ANNOTATION_JSON: &str = "DS0202";
    /// The page has no H1 title.
    pub const NO_TITLE: &str = "DS0203";
    /// The page is neither an API page nor a resource/enum page.
    pub const UNKNOWN_PAGE: &str = "DS0204";
    /// A line in the HTTP request block is not `METHOD /path`.
    pub const BAD_REQUEST_LINE: &str = "DS0301";
    /// An API-looking page has no HTTP request section.
    pub const NO_HTTP_REQUEST: &str = "DS0302";
    /// Request lines of one page disagree on the method.
    pub const MIXED_METHODS: &str = "DS0303";
    /// The response section has no status code.
    pub const NO_STATUS: &str = "DS0304";
    /// An example's JSON body is invalid.
    pub const EXAMPLE_JSON: &str = "DS0305";
    /// An example request or response could not be read (no request line, bad status line).
    pub const BAD_EXAMPLE: &str = "DS0306";
    /// A request example has no matching response, or the reverse.
    pub const UNPAIRED_EXAMPLE: &str = "DS0307";
    /// A type cell could not be understood; the type falls back to `Json`.
    pub const BAD_TYPE: &str = "DS0401";
    /// A table row has fewer cells than its header.
    pub const SHORT_ROW: &str = "DS0402";
    /// A resource page's JSON representation is invalid.
    pub const RESOURCE_JSON: &str = "DS0403";
    /// A resource page has no properties table.
    pub const NO_PROPERTIES: &str = "DS0404";
    /// A link points to a page that does not exist.
    pub const BROKEN_LINK: &str = "DS0501";
    /// A type name does not resolve to any type; it becomes `Json`.
    pub const UNRESOLVED_TYPE: &str = "DS0502";
    /// The same type is defined twice with conflicting content.
    pub const DUPLICATE_TYPE: &str = "DS0503";
    /// Two pages define the same endpoint (method and path).
    pub const DUPLICATE_ENDPOINT: &str = "DS0504";
    /// A base type does not resolve, or inheritance is cyclic.
    pub const BAD_BASE_TYPE: &str = "DS0505";
    /// A name cannot be turned into a Rust identifier and was replaced.
    pub const BAD_NAME: &str = "DS0601";
    /// Two names collide after case conversion and were disambiguated.
    pub const NAME_COLLISION: &str = "DS0602";
    /// A selection names an endpoint that is not in the docs.
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
