//! `docspec lint`: each lint-only code against a page written to trigger it (the `bad` tree of
//! `tests/fixtures/lint/`) and pages that must not (the `good` tree, and the other pages of
//! `bad`); the output formats (JSON parses, SARIF 2.1.0 holds its structure, GitHub commands);
//! the exit statuses; the workspace's own `docs/` clean; and the whole corpus without a panic.

use crate::corpus;
use docspec_codegen::diag::{codes, Diagnostic, Severity};
use docspec_codegen::lint::{format, lint, Policy};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures(tree: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lint")
        .join(tree)
}

fn docspec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docspec"))
        .args(args)
        .output()
        .unwrap()
}

fn lint_tree(path: &Path) -> Vec<Diagnostic> {
    lint(&docspec_codegen::load::load_for_lint(&[path]), None).unwrap()
}

/// The files each code is reported in.
fn files_by_code(diags: &[Diagnostic]) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for d in diags {
        out.entry(d.code.clone())
            .or_default()
            .insert(d.file.clone());
    }
    out
}

#[test]
fn each_lint_code_fires_on_its_own_page_only() {
    let diags = lint_tree(&fixtures("bad"));
    let found = files_by_code(&diags);
    let expected: &[(&str, &str)] = &[
        ("DS0801", "api/widget-relink.md"),
        ("DS0802", "api/widget-archive.md"),
        ("DS0803", "api/widget-copy.md"),
        ("DS0804", "api/widget-paint.md"),
        ("DS0805", "api/widget-rename.md"),
        ("DS0806", "api/widget-count.md"),
        ("DS0807", "api/widget-peek.md"),
        // The second page (in model order) using the name `get_widget`.
        ("DS0808", "api/widget-get.md"),
        ("DS0809", "resources/gizmo.md"),
        ("DS0810", "api/widget-spin.md"),
        ("DS0811", "api/widget-flip.md"),
        // Found by `load`, reported by lint like the rest: an example body read repaired.
        ("DS0312", "api/widget-label.md"),
    ];
    for (code, file) in expected {
        let files = found.get(*code).cloned().unwrap_or_default();
        assert_eq!(
            files,
            BTreeSet::from([file.to_string()]),
            "{code} in {diags:#?}"
        );
    }
    let lint_codes: BTreeSet<&str> = found
        .keys()
        .map(String::as_str)
        .filter(|c| c.starts_with("DS08"))
        .collect();
    assert_eq!(lint_codes.len(), expected.len() - 1, "{lint_codes:?}");
    // Only the codes above fire on the bad tree: every page is otherwise well formed.
    assert_eq!(found.len(), expected.len(), "{diags:#?}");
}

#[test]
fn good_pages_are_clean() {
    let diags = lint_tree(&fixtures("good"));
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn fixes_are_suggested_where_certain() {
    let diags = lint_tree(&fixtures("bad"));
    let fix = |code: &str| -> Vec<String> {
        diags
            .iter()
            .filter(|d| d.code == code)
            .filter_map(|d| d.suggestion.clone())
            .collect()
    };
    assert_eq!(fix("DS0801"), ["link to `../resources/widget.md`"]);
    assert_eq!(fix("DS0804"), ["write `Authorization`"]);
    // `  "label": "Green",` on the page's line 45: the comma is its 19th character.
    assert_eq!(fix("DS0312"), ["remove the `,` at line 45, column 19"]);
    let comma = diags.iter().find(|d| d.code == "DS0312").unwrap();
    assert_eq!((comma.line, comma.column), (45, 19));
    let keys = fix("DS0806");
    assert!(
        keys.contains(&"write `description`".to_string()),
        "{keys:?}"
    );
    assert!(keys.contains(&"write `truncated`".to_string()), "{keys:?}");
}

#[test]
fn dead_links_name_the_missing_page_and_anchor() {
    let diags = lint_tree(&fixtures("bad"));
    let messages: Vec<&str> = diags
        .iter()
        .filter(|d| d.code == "DS0801")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(messages
        .iter()
        .any(|m| m.contains("`../resources/gadget.md` names no page")));
    assert!(messages.iter().any(|m| m.contains("anchor `#notes`")));
}

#[test]
fn allow_and_deny_change_what_fails() {
    let bad = fixtures("bad");
    let bad = bad.to_str().unwrap();
    // Only warnings: exit 0.
    let o = docspec(&["lint", bad]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("warning[DS0801]"), "{stderr}");
    assert!(
        stderr.contains("= help: link to `../resources/widget.md`"),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .last()
            .unwrap()
            .starts_with("docspec lint: 0 errors, 15 warnings"),
        "{stderr}"
    );
    // A denied code fails.
    let o = docspec(&["lint", bad, "--deny", "DS0802"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("error[DS0802]"));
    // Every warning denied fails; allowing them all passes again.
    assert_eq!(
        docspec(&["lint", bad, "--deny", "warnings"]).status.code(),
        Some(1)
    );
    let mut args = vec!["lint", bad, "--deny", "warnings"];
    let mut all: Vec<String> = (1..=11).map(|n| format!("DS08{n:02}")).collect();
    all.push("DS0312".to_string());
    for code in &all {
        args.extend(["--allow", code.as_str()]);
    }
    let o = docspec(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Usage errors: an unknown code, an unknown format, an unknown version.
    assert_eq!(
        docspec(&["lint", bad, "--allow", "DS9999"]).status.code(),
        Some(2)
    );
    assert_eq!(
        docspec(&["lint", bad, "--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(
        docspec(&["lint", bad, "--api-version", "v9.9"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn errors_fail_the_lint() {
    let dir = tempfile::tempdir().unwrap();
    let api = dir.path().join("api");
    std::fs::create_dir_all(&api).unwrap();
    // An API page declared as one, without a request: DS0302 at error.
    std::fs::write(
        api.join("thing-get.md"),
        "---\ndoc_type: apiPageType\n---\n# Get thing\n\nReads a thing.\n",
    )
    .unwrap();
    let o = docspec(&["lint", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json[0]["code"], "DS0302");
    assert_eq!(json[0]["severity"], "error");
}

#[test]
fn json_output_is_one_array_of_findings() {
    let bad = fixtures("bad");
    let o = docspec(&["lint", bad.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let items: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(items.len(), 15);
    for item in &items {
        for key in ["code", "severity", "file", "line", "column", "message"] {
            assert!(item.get(key).is_some(), "{key} in {item}");
        }
        assert!(item["file"].as_str().unwrap().ends_with(".md"));
    }
    assert!(items.iter().any(|i| i.get("suggestion").is_some()));
    // Sorted by page, then line: grouped by page, deterministic.
    let keys: Vec<(String, u64)> = items
        .iter()
        .map(|i| {
            (
                i["file"].as_str().unwrap().to_string(),
                i["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn github_output_is_one_workflow_command_a_finding() {
    let bad = fixtures("bad");
    let o = docspec(&["lint", bad.to_str().unwrap(), "--format", "github"]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(text.lines().count(), 15);
    let line = text.lines().find(|l| l.contains("title=DS0802")).unwrap();
    assert!(line.starts_with("::warning file="), "{line}");
    assert!(
        line.contains("api/widget-archive.md,line=1,col=1,title=DS0802::"),
        "{line}"
    );
}

/// The parts of SARIF 2.1.0 docspec writes, read back typed so the checks below can say what
/// the schema cannot (rule indexes pointing at the right rule, one rule per code). The schema
/// itself is checked by [`sarif_schema_errors`].
mod sarif {
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Log {
        #[serde(rename = "$schema")]
        pub schema: Option<String>,
        pub version: Version,
        pub runs: Vec<Run>,
    }

    #[derive(Deserialize, PartialEq, Debug)]
    pub enum Version {
        #[serde(rename = "2.1.0")]
        V210,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Run {
        pub tool: Tool,
        pub results: Vec<SarifResult>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Tool {
        pub driver: Driver,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Driver {
        pub name: String,
        pub version: Option<String>,
        pub rules: Vec<Rule>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct Rule {
        pub id: String,
        pub short_description: Text,
        pub help: Text,
        pub default_configuration: Configuration,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Configuration {
        pub level: Level,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Text {
        pub text: String,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "lowercase")]
    pub enum Level {
        None,
        Note,
        Warning,
        Error,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct SarifResult {
        pub rule_id: String,
        pub rule_index: Option<usize>,
        pub level: Level,
        pub message: Text,
        pub locations: Option<Vec<Location>>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct Location {
        pub physical_location: PhysicalLocation,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct PhysicalLocation {
        pub artifact_location: ArtifactLocation,
        pub region: Region,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ArtifactLocation {
        pub uri: String,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct Region {
        pub start_line: u32,
        pub start_column: u32,
    }
}

/// The official SARIF 2.1.0 schema (`tests/fixtures/sarif/`), compiled once.
fn sarif_schema() -> &'static jsonschema::Validator {
    static SCHEMA: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sarif/sarif-schema-2.1.0.json");
        let mut schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        // The schema's `language` patterns have a stray `]`
        // (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`), which the draft-07 meta-schema's
        // `regex` format rejects; they are read as the pattern they mean. docspec writes no
        // `language`, so nothing it writes depends on them.
        for def in ["run", "toolComponent"] {
            schema["definitions"][def]["properties"]["language"]["pattern"] =
                "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
        }
        jsonschema::draft7::options().build(&schema).unwrap()
    })
}

/// The first errors of `log` against the official SARIF 2.1.0 schema.
fn sarif_schema_errors(log: &serde_json::Value) -> Vec<String> {
    sarif_schema()
        .iter_errors(log)
        .take(20)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// `text` is a SARIF 2.1.0 log, valid against the official schema, of the shape docspec
/// writes; returns it.
fn valid_sarif(text: &str) -> sarif::Log {
    let errors = sarif_schema_errors(&serde_json::from_str(text).unwrap());
    assert!(errors.is_empty(), "not SARIF 2.1.0:\n{}", errors.join("\n"));
    let log: sarif::Log = serde_json::from_str(text).unwrap();
    assert_eq!(log.version, sarif::Version::V210);
    assert!(log.schema.as_deref().unwrap().ends_with("sarif-2.1.0.json"));
    assert_eq!(log.runs.len(), 1);
    let run = &log.runs[0];
    assert_eq!(run.tool.driver.name, "docspec");
    assert!(run.tool.driver.version.is_some());
    let ids: Vec<&str> = run
        .tool
        .driver
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "one rule per code");
    for rule in &run.tool.driver.rules {
        assert!(!rule.short_description.text.is_empty(), "{}", rule.id);
        assert!(!rule.help.text.is_empty(), "{}", rule.id);
        assert!(rule.default_configuration.level != sarif::Level::None);
    }
    for r in &run.results {
        let index = r.rule_index.unwrap();
        assert_eq!(run.tool.driver.rules[index].id, r.rule_id);
        assert!(r.level != sarif::Level::None);
        assert!(!r.message.text.is_empty());
        for l in r.locations.iter().flatten() {
            assert!(l.physical_location.region.start_line >= 1);
            assert!(l.physical_location.region.start_column >= 1);
            assert!(!l.physical_location.artifact_location.uri.is_empty());
        }
    }
    log
}

#[test]
fn the_sarif_schema_check_rejects_what_sarif_forbids() {
    let bad = fixtures("bad");
    let o = docspec(&["lint", bad.to_str().unwrap(), "--format", "sarif"]);
    let good: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(sarif_schema_errors(&good).is_empty());
    // A level outside the schema's enum, and a result without its required message.
    let mut wrong = good.clone();
    wrong["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!sarif_schema_errors(&wrong).is_empty());
    let mut wrong = good;
    let result = wrong["runs"][0]["results"][0].as_object_mut().unwrap();
    result.remove("message");
    assert!(!sarif_schema_errors(&wrong).is_empty());
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let bad = fixtures("bad");
    let o = docspec(&["lint", bad.to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(0));
    let log = valid_sarif(&String::from_utf8(o.stdout).unwrap());
    let run = &log.runs[0];
    assert_eq!(run.results.len(), 15);
    let rules: BTreeSet<&str> = run
        .tool
        .driver
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    for code in codes::ALL {
        assert!(rules.contains(code.id), "a rule for {}", code.id);
    }
    let denied = docspec(&[
        "lint",
        bad.to_str().unwrap(),
        "--format",
        "sarif",
        "--deny",
        "DS0801",
    ]);
    let log = valid_sarif(&String::from_utf8(denied.stdout).unwrap());
    assert!(log.runs[0]
        .results
        .iter()
        .any(|r| r.rule_id == "DS0801" && r.level == sarif::Level::Error));
}

#[test]
fn the_workspace_docs_are_clean() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let o = docspec(&["lint", docs.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let diags = lint_tree(&docs);
    let lint_only: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.code.starts_with("DS08"))
        .collect();
    assert!(lint_only.is_empty(), "{lint_only:#?}");
}

#[test]
fn policy_makes_warnings_errors() {
    let diags = lint_tree(&fixtures("bad"));
    let mut policy = Policy::default();
    policy.deny("warnings");
    assert!(policy
        .apply(diags)
        .iter()
        .all(|d| d.severity == Severity::Error));
}

/// The whole corpus: lint never panics, its SARIF holds, and the counts per code are printed
/// (`cargo test -p docspec-codegen --test it lint::corpus -- --nocapture`).
#[test]
fn corpus_lints_without_panic_and_with_valid_sarif() {
    let Some(dir) = corpus::dir("graph-2021-07/api-reference") else {
        return;
    };
    for version in ["v1.0", "beta"] {
        let diags = lint_tree(&dir.join(version));
        let sarif = format::sarif(&diags, "");
        let log = valid_sarif(&sarif);
        assert_eq!(log.runs[0].results.len(), diags.len());
        let json: Vec<serde_json::Value> = serde_json::from_str(&format::json(&diags, "")).unwrap();
        assert_eq!(json.len(), diags.len());
        println!("{version}: {}", format::summary(&diags));
    }
}
