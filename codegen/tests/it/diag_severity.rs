//! The severity policy (`codegen/MODEL.md`, "Diagnostic"): broken docs are errors, readings
//! docspec can carry on with are warnings. Whether a problem fails a build depends on this.

use docspec_codegen::diag::{self, codes, Diagnostic, Severity};
use docspec_codegen::parse::parse_page;
use std::path::Path;

const FENCE: &str = "```";

/// The severity of the only diagnostic with `code` in `diags`.
fn severity_of(diags: &[Diagnostic], code: &str) -> Severity {
    let found: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "one {code} in {diags:#?}");
    found[0].severity
}

#[test]
fn invalid_example_json_is_an_error_that_says_how_to_fix_it() {
    let page = format!(
        "# Do it\n\n## HTTP request\n\n{FENCE}http\nPOST /things\n{FENCE}\n\n## Example\n\n### Request\n\n{FENCE}http\nPOST https://graph.microsoft.com/v1.0/things\nContent-Type: application/json\n\n{{ \"name\": thing }}\n{FENCE}\n"
    );
    let p = parse_page("api/thing-post.md", page.as_bytes());
    assert_eq!(severity_of(&p.diagnostics, "DS0305"), Severity::Error);
    let d = p.diagnostics.iter().find(|d| d.code == "DS0305").unwrap();
    assert_eq!(d.line, 17, "the body's line");
    assert!(d.message.contains("fix the JSON"), "{}", d.message);
    assert!(p.endpoint.is_some(), "the rest of the page still counts");
}

#[test]
fn an_api_page_without_a_request_is_an_error_only_when_declared_one() {
    let declared = "---\ndoc_type: apiPageType\n---\n# Get thing\n\nReads a thing.\n";
    let p = parse_page("api/thing-get.md", declared.as_bytes());
    assert!(p.endpoint.is_none());
    assert_eq!(severity_of(&p.diagnostics, "DS0302"), Severity::Error);
    let message = &p.diagnostics[0].message;
    assert!(
        message.contains("add one with the request line"),
        "{message}"
    );

    // A request section without a request line: the page only looked like an API page.
    let section = format!("# Get thing\n\n## HTTP request\n\n{FENCE}http\nsee below\n{FENCE}\n");
    let p = parse_page("api/thing-get.md", section.as_bytes());
    assert!(p.endpoint.is_none());
    assert_eq!(severity_of(&p.diagnostics, "DS0302"), Severity::Warning);
    // The same page declaring itself an API page is broken.
    let declared = format!("---\ndoc_type: apiPageType\n---\n{section}");
    let p = parse_page("api/thing-get.md", declared.as_bytes());
    assert_eq!(severity_of(&p.diagnostics, "DS0302"), Severity::Error);
}

#[test]
fn a_broken_link_is_an_error_and_an_unknown_plain_name_a_warning() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diag_severity/links");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("resources")).unwrap();
    std::fs::write(
        dir.join("resources/thing.md"),
        "# thing resource type\n\n## Properties\n\n| Property | Type | Description |\n|--|--|--|\n| id | String | The id. |\n| owner | [person](person.md) | Who owns it. |\n| label | Tag | A label. |\n",
    )
    .unwrap();
    let loaded = docspec_codegen::load(&[&dir]);
    assert_eq!(severity_of(&loaded.diagnostics, "DS0501"), Severity::Error);
    let link = loaded
        .diagnostics
        .iter()
        .find(|d| d.code == "DS0501")
        .unwrap();
    assert_eq!((link.file.as_str(), link.line), ("resources/thing.md", 8));
    assert!(
        link.message.contains("fix the link or add the page"),
        "{}",
        link.message
    );
    // `person` (behind the broken link) and `Tag` both name no type: warnings.
    let unresolved: Vec<&Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == "DS0502")
        .collect();
    assert_eq!(unresolved.len(), 2, "{:#?}", loaded.diagnostics);
    assert!(unresolved.iter().all(|d| d.severity == Severity::Warning));
}

#[test]
fn a_missing_path_is_an_error() {
    let loaded = docspec_codegen::load(&[Path::new("/no/such/docs/folder")]);
    assert_eq!(severity_of(&loaded.diagnostics, "DS0103"), Severity::Error);
}

#[test]
fn diagnostics_sort_by_location_then_code() {
    let mut diags = vec![
        Diagnostic::new(codes::UNRESOLVED_TYPE, "b.md", 1, 1, "x"),
        Diagnostic::new(codes::EXAMPLE_JSON, "a.md", 56, 3, "x"),
        Diagnostic::new(codes::BROKEN_LINK, "a.md", 26, 1, "x"),
        Diagnostic::new(codes::UNRESOLVED_TYPE, "a.md", 26, 1, "x"),
    ];
    diag::sort(&mut diags);
    let order: Vec<(&str, u32, &str)> = diags
        .iter()
        .map(|d| (d.file.as_str(), d.line, d.code.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("a.md", 26, "DS0501"),
            ("a.md", 26, "DS0502"),
            ("a.md", 56, "DS0305"),
            ("b.md", 1, "DS0502")
        ]
    );
}
