//! Diagnostics as values: every stage returns what it understood plus a list of these, and
//! goes on. Nothing that comes from the docs may panic.

use crate::model::Source;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// How bad a diagnostic is. An error means the docs are broken and must be fixed: it fails
/// `docspec generate` (which still writes everything it could generate) and `check`, a build
/// script, and the `api!` macro (when it is in a page the macro's selection uses). A warning
/// is shown and never fails anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Shown, never fails anything.
    Warning,
    /// Fails `generate`, `check`, a build script and the macro.
    Error,
}

/// One finding about the docs, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable code (`DS0101`); see [`codes`]. Tools may match on it.
    pub code: String,
    /// How bad it is: always the severity of [`Diagnostic::code`] in [`codes`].
    pub severity: Severity,
    /// Path of the page, relative to the loaded folder, with `/` separators.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// What is wrong and, where it helps, how to fix it. One sentence or two, no trailing period
    /// Needed.
    pub message: String,
    /// A fix that is certain (`replace the link with ...`), when there is one. Omitted from
    /// JSON when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with `code` (and so its severity) at `file:line:column`.
    pub fn new(
        code: Code,
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code: code.id.to_string(),
            severity: code.severity,
            file: file.into(),
            line,
            column,
            message: message.into(),
            suggestion: None,
        }
    }

    /// The same diagnostic with a certain fix attached.
    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }

    /// A diagnostic at the start of the line a model item was read from (`source`). A source
    /// Without a line (an item no page wrote) points at the file's first line.
    pub fn at(code: Code, source: &Source, message: impl Into<String>) -> Self {
        Self::new(code, source.file.clone(), source.line.max(1), 1, message)
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
        if let Some(fix) = &self.suggestion {
            let _ = writeln!(out, "{gutter} = help: {fix}");
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

/// A stable diagnostic code together with the severity it is always reported with. Call sites
/// name a code, never a severity: the policy lives here, one line per code (and, for people, in
/// the table of `codegen/MODEL.md`, which a test holds equal to [`codes::ALL`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Code {
    /// The stable identifier (`DS0101`): tools may match on it.
    pub id: &'static str,
    /// How bad it is.
    pub severity: Severity,
}

impl Code {
    const fn error(id: &'static str) -> Code {
        Code {
            id,
            severity: Severity::Error,
        }
    }

    const fn warning(id: &'static str) -> Code {
        Code {
            id,
            severity: Severity::Warning,
        }
    }
}

/// The stable diagnostic codes. `DS01xx` reading files, `DS02xx` page structure, `DS03xx`
/// API pages, `DS04xx` resource and enum pages, `DS05xx` resolution, `DS06xx` code generation,
/// `DS07xx` selection (macro and CLI filters), `DS08xx` the checks only `docspec lint` makes
/// (`crate::lint`; `codegen/LINT.md`), `DS09xx` the OpenAPI export.
///
/// The rule for severities: an error when the docs are broken in a way that loses what they
/// define or makes an example unusable (a test and a mock response come from every example),
/// or when the input asked for is not there; a warning when docspec can carry on with a
/// sensible reading. Two codes are reported at either severity depending on where the problem
/// is; each has one constant per severity, with the same id.
pub mod codes {
    use super::Code;

    /// A file could not be read.
    pub const UNREADABLE: Code = Code::error("DS0101");
    /// A file is not valid UTF-8 (it is read lossily).
    pub const INVALID_UTF8: Code = Code::warning("DS0102");
    /// A path given does not exist.
    pub const MISSING_PATH: Code = Code::error("DS0103");
    /// Front matter is not valid YAML.
    pub const FRONT_MATTER: Code = Code::warning("DS0201");
    /// An annotation comment is not valid JSON even after tolerating trailing commas.
    pub const ANNOTATION_JSON: Code = Code::warning("DS0202");
    /// The page has no H1 title.
    pub const NO_TITLE: Code = Code::warning("DS0203");
    /// The page is neither an API page nor a resource/enum page.
    pub const UNKNOWN_PAGE: Code = Code::warning("DS0204");
    /// A line in the HTTP request block is not `METHOD /path`.
    pub const BAD_REQUEST_LINE: Code = Code::warning("DS0301");
    /// A page that looks like an API page has no HTTP request section (or no request line in
    /// it), so it defines no endpoint.
    pub const NO_HTTP_REQUEST: Code = Code::warning("DS0302");
    /// The same as [`NO_HTTP_REQUEST`], on a page whose front matter declares it an API page
    /// (`doc_type: apiPageType`): the endpoint it promises is lost.
    pub const NO_HTTP_REQUEST_DECLARED: Code = Code::error("DS0302");
    /// Request lines of one page disagree on the method.
    pub const MIXED_METHODS: Code = Code::warning("DS0303");
    /// The response section has no status code.
    pub const NO_STATUS: Code = Code::warning("DS0304");
    /// An example's JSON body is invalid (the example cannot serve as a test or a mock
    /// response; it is kept as text).
    pub const EXAMPLE_JSON: Code = Code::error("DS0305");
    /// An example request or response could not be read (no request line, bad status
    /// line).
    pub const BAD_EXAMPLE: Code = Code::warning("DS0306");
    /// A request example has no matching response, or the reverse.
    pub const UNPAIRED_EXAMPLE: Code = Code::warning("DS0307");
    /// The examples send a JSON body, but the page does not say what the body is (no
    /// parameter table, no linked type): the endpoint takes any JSON, or no body when the
    /// section says there is none.
    pub const UNDESCRIBED_BODY: Code = Code::warning("DS0308");
    /// The page does not say what the request body is (no `## Request body` section,
    /// or one naming no type), but its examples send an object and it creates (`201`) or
    /// updates the type it returns: that type is taken as the body.
    pub const IMPLIED_BODY: Code = Code::warning("DS0309");
    /// An example response says `204 No Content` but shows a body.
    pub const NO_CONTENT_BODY: Code = Code::warning("DS0310");
    /// An `Optional query parameters` section says neither which OData options the endpoint
    /// supports nor that it supports none; the call gets only the generic options.
    pub const QUERY_OPTIONS: Code = Code::warning("DS0311");
    /// An example's JSON body is not strict JSON (a trailing comma, an unquoted key, a raw
    /// line break in a string): docspec reads it repaired, other JSON tools reject it.
    pub const LENIENT_JSON: Code = Code::warning("DS0312");
    /// A GET's request line calls a function by its bare name while a table lists the
    /// function's parameters: docspec writes them into the path.
    pub const FUNCTION_PARAMETERS: Code = Code::warning("DS0313");
    /// A request line writes a value for a function's parameter (`image(width=640)`,
    /// `range(address='<address>')`): docspec takes it as a placeholder.
    pub const WRITTEN_ARGUMENTS: Code = Code::warning("DS0314");
    /// A type cell could not be understood; the type falls back to `Json`.
    pub const BAD_TYPE: Code = Code::warning("DS0401");
    /// A table row has fewer cells than its header.
    pub const SHORT_ROW: Code = Code::warning("DS0402");
    /// A resource page's JSON representation is invalid.
    pub const RESOURCE_JSON: Code = Code::warning("DS0403");
    /// A resource page has neither a properties table nor a JSON representation.
    pub const NO_PROPERTIES: Code = Code::warning("DS0404");
    /// A link points to a page that does not exist (the type is then looked up by name).
    pub const BROKEN_LINK: Code = Code::error("DS0501");
    /// A type name does not resolve to any type; it becomes `Json`.
    pub const UNRESOLVED_TYPE: Code = Code::warning("DS0502");
    /// The same type is defined twice with conflicting content; the first is kept.
    pub const DUPLICATE_TYPE: Code = Code::warning("DS0503");
    /// Two pages define the same endpoint (method and path); both are kept.
    pub const DUPLICATE_ENDPOINT: Code = Code::warning("DS0504");
    /// A base type does not resolve, or inheritance is cyclic; it is dropped.
    pub const BAD_BASE_TYPE: Code = Code::warning("DS0505");
    /// An example body does not fit the type its page declares (a value of another
    /// JSON type, or a string a generated client cannot parse, such as `"datetime-value"` for
    /// a DateTimeOffset). Not made by `load`: see `contract::check_example_values`.
    pub const EXAMPLE_VALUE: Code = Code::warning("DS0506");
    /// A name from the docs cannot be turned into a Rust identifier and was replaced.
    pub const BAD_NAME: Code = Code::warning("DS0601");
    /// A name given as an option (crate name, runtime path) cannot be used as given.
    pub const BAD_OPTION_NAME: Code = Code::error("DS0601");
    /// Two names collide after case conversion and were disambiguated.
    pub const NAME_COLLISION: Code = Code::warning("DS0602");
    /// A selection names an endpoint that is not in the docs, or a path prefix (`--paths`)
    /// under which no path lies. The diagnostic's `file` is
    /// empty and its `line` is the entry's 1-based position in the selection.
    pub const UNKNOWN_SELECTION: Code = Code::error("DS0701");
    /// Lint: a relative link points to a page that is not in the docs tree, or to an anchor
    /// that is not on its page.
    pub const DEAD_LINK: Code = Code::warning("DS0801");
    /// Lint: an API or resource page no other page links to.
    pub const ORPHAN_PAGE: Code = Code::warning("DS0802");
    /// Lint: an example response's status is not one the page documents.
    pub const STATUS_MISMATCH: Code = Code::warning("DS0803");
    /// Lint: a request header name is a misspelling of a standard one (`Authorisation`).
    pub const MISSPELLED_HEADER: Code = Code::warning("DS0804");
    /// Lint: the examples send a JSON body but the page documents no `Content-Type` header.
    pub const MISSING_CONTENT_TYPE: Code = Code::warning("DS0805");
    /// Lint: an annotation or front matter key is a misspelling of a known one (`blocktype`).
    pub const MISSPELLED_KEY: Code = Code::warning("DS0806");
    /// Lint: a response annotation of a JSON response names no `@odata.type`.
    pub const NO_ODATA_TYPE: Code = Code::warning("DS0807");
    /// Lint: two examples of one version share an annotation `name`.
    pub const DUPLICATE_EXAMPLE_NAME: Code = Code::warning("DS0808");
    /// Lint: the page's `Namespace:` line and an annotation's `@odata.type` disagree.
    pub const NAMESPACE_MISMATCH: Code = Code::warning("DS0809");
    /// Lint: an example request's URL matches none of its page's paths.
    pub const URL_MISMATCH: Code = Code::warning("DS0810");
    /// Lint: an example request's method is not the one its page's request lines use.
    pub const METHOD_MISMATCH: Code = Code::warning("DS0811");
    /// Lint: an example sends a body with a GET, which carries none: a function takes its
    /// parameters in the URL.
    pub const GET_WITH_BODY: Code = Code::warning("DS0812");
    /// Lint: an example's request body spells a member of the page's parameter table with
    /// other letter case (`message` for `Message`): a client sends the table's spelling.
    pub const MEMBER_CASE: Code = Code::warning("DS0813");
    /// The OpenAPI export (`docspec openapi`) left something out or replaced it: an endpoint
    /// without paths, a type the docs do not define (schema `{}`), a second page documenting
    /// a route and method already exported. Listed in the document's `x-docspec-skipped`.
    pub const OPENAPI_SKIPPED: Code = Code::warning("DS0901");

    /// Every code, in id order (a code reported at two severities appears twice).
    pub const ALL: &[Code] = &[
        UNREADABLE,
        INVALID_UTF8,
        MISSING_PATH,
        FRONT_MATTER,
        ANNOTATION_JSON,
        NO_TITLE,
        UNKNOWN_PAGE,
        BAD_REQUEST_LINE,
        NO_HTTP_REQUEST,
        NO_HTTP_REQUEST_DECLARED,
        MIXED_METHODS,
        NO_STATUS,
        EXAMPLE_JSON,
        BAD_EXAMPLE,
        UNPAIRED_EXAMPLE,
        UNDESCRIBED_BODY,
        IMPLIED_BODY,
        NO_CONTENT_BODY,
        QUERY_OPTIONS,
        LENIENT_JSON,
        FUNCTION_PARAMETERS,
        WRITTEN_ARGUMENTS,
        BAD_TYPE,
        SHORT_ROW,
        RESOURCE_JSON,
        NO_PROPERTIES,
        BROKEN_LINK,
        UNRESOLVED_TYPE,
        DUPLICATE_TYPE,
        DUPLICATE_ENDPOINT,
        BAD_BASE_TYPE,
        EXAMPLE_VALUE,
        BAD_NAME,
        BAD_OPTION_NAME,
        NAME_COLLISION,
        UNKNOWN_SELECTION,
        DEAD_LINK,
        ORPHAN_PAGE,
        STATUS_MISMATCH,
        MISSPELLED_HEADER,
        MISSING_CONTENT_TYPE,
        MISSPELLED_KEY,
        NO_ODATA_TYPE,
        DUPLICATE_EXAMPLE_NAME,
        NAMESPACE_MISMATCH,
        URL_MISMATCH,
        METHOD_MISMATCH,
        GET_WITH_BODY,
        MEMBER_CASE,
        OPENAPI_SKIPPED,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_source_line_with_caret_under_column() {
        let d = Diagnostic::new(codes::EXAMPLE_JSON, "api/x.md", 2, 5, "not a request");
        let text = d.render(Some("first\nGET  nope\n"));
        assert_eq!(
            text,
            "error[DS0305]: not a request\n --> api/x.md:2:5\n  |\n2 | GET  nope\n  |     ^\n"
        );
    }

    #[test]
    fn renders_without_source() {
        let d = Diagnostic::new(codes::BAD_TYPE, "r.md", 10, 1, "odd type");
        assert_eq!(
            d.render(None),
            "warning[DS0401]: odd type\n  --> r.md:10:1\n"
        );
    }

    /// `codegen/MODEL.md` lists each code with its severity for people; it must say what the
    /// code does (a code at two severities is listed once, as `error / warning`).
    #[test]
    fn model_md_lists_every_code_with_its_severity() {
        let model = include_str!("../MODEL.md");
        let mut expected: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for code in codes::ALL {
            let level = match code.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            expected.entry(code.id).or_default().push(level);
        }
        let mut listed: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for row in model.lines().filter(|l| l.starts_with("| DS")) {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            if let [_, id, severity, ..] = cells.as_slice() {
                let mut levels: Vec<&str> = severity.split(" / ").collect();
                levels.sort_unstable();
                listed.insert(id, levels);
            }
        }
        for levels in expected.values_mut() {
            levels.sort_unstable();
        }
        assert_eq!(
            listed, expected,
            "MODEL.md's code table against `codes::ALL`"
        );
    }

    #[test]
    fn codes_are_listed_in_id_order() {
        let ids: Vec<&str> = codes::ALL.iter().map(|c| c.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted);
    }
}
