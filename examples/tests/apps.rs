//! Runs the example apps as a user would and checks what they print.
//!
//! Expected values are read from the examples in the workspace's `docs/` (the responses the
//! embedded mock server replays), so the tests follow the docs when they change.

use docspec_codegen::model::Endpoint;
use std::process::{Command, Output};

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs");

/// Every app, by its binary.
const APPS: [(&str, &str); 3] = [
    (
        "create_participant",
        env!("CARGO_BIN_EXE_create_participant"),
    ),
    ("list_participants", env!("CARGO_BIN_EXE_list_participants")),
    (
        "invite_participant",
        env!("CARGO_BIN_EXE_invite_participant"),
    ),
];

/// A URL nothing listens on: port 1 on loopback refuses connections at once.
const UNREACHABLE: &str = "http://127.0.0.1:1";

/// The JSON body of the first example response of the endpoint documented on page `name`.
fn example_response(name: &str) -> serde_json::Value {
    let loaded = docspec_codegen::load(&[DOCS]);
    let endpoint: &Endpoint = loaded
        .apis
        .iter()
        .flat_map(|api| &api.endpoints)
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("docs/ has no endpoint page {name}"));
    endpoint
        .examples
        .iter()
        .find_map(|ex| ex.response.as_ref()?.body.clone())
        .unwrap_or_else(|| panic!("{name} has no example response body"))
}

/// `value[key]` as a string, failing the test when the docs' example lacks it.
fn text<'a>(value: &'a serde_json::Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(serde_json::Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {value}"))
}

fn run(bin: &str, args: &[&str], token: Option<&str>) -> Output {
    let mut command = Command::new(bin);
    command.args(args).env_remove("GRAPH_TOKEN");
    if let Some(token) = token {
        command.env("GRAPH_TOKEN", token);
    }
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {bin}: {e}"))
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_success(name: &str, out: &Output) {
    assert!(
        out.status.success(),
        "{name} failed ({}):\nstdout:\n{}\nstderr:\n{}",
        out.status,
        stdout(out),
        stderr(out)
    );
}

#[test]
fn create_participant_prints_the_created_participant() {
    let expected = example_response("call-post-participants");
    let out = run(env!("CARGO_BIN_EXE_create_participant"), &[], None);
    assert_success("create_participant", &out);
    let printed = stdout(&out);
    let id = text(&expected, "/id");
    let name = text(&expected, "/info/identity/user/displayName");
    let media = text(&expected, "/mediaStreams/0/mediaType");
    assert!(printed.contains(&format!("id: {id}")), "{printed}");
    assert!(
        printed.contains(&format!("display name: {name}")),
        "{printed}"
    );
    let streams_line = printed
        .lines()
        .find(|l| l.starts_with("media streams: "))
        .unwrap_or_else(|| panic!("no media streams line in:\n{printed}"));
    assert!(streams_line.contains(media), "{streams_line}");
}

#[test]
fn create_participant_prints_what_the_service_returned_not_what_it_sent() {
    let expected = example_response("call-post-participants");
    let out = run(
        env!("CARGO_BIN_EXE_create_participant"),
        &[
            "--display-name",
            "Someone Else",
            "--call-id",
            "another-call",
        ],
        None,
    );
    assert_success("create_participant", &out);
    let printed = stdout(&out);
    let name = text(&expected, "/info/identity/user/displayName");
    assert!(printed.contains(name), "{printed}");
    assert!(!printed.contains("Someone Else"), "{printed}");
}

#[test]
fn list_participants_prints_every_participant_of_the_first_page() {
    let expected = example_response("call-list-participants");
    let listed = expected
        .get("value")
        .and_then(serde_json::Value::as_array)
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| panic!("no participants in the docs' example: {expected}"));
    let out = run(env!("CARGO_BIN_EXE_list_participants"), &[], None);
    assert_success("list_participants", &out);
    let printed = stdout(&out);
    for participant in listed {
        let id = text(participant, "/id");
        let row = printed
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("{id} not listed in:\n{printed}"));
        let identity = participant
            .pointer("/info/identity")
            .and_then(serde_json::Value::as_object)
            .and_then(|set| set.values().find_map(|i| i.get("displayName")?.as_str()));
        if let Some(name) = identity {
            assert!(row.contains(name), "{row}");
        }
    }
    assert!(
        printed.contains(&format!("{} participants", listed.len())),
        "{printed}"
    );
}

#[test]
fn invite_participant_prints_the_operation_status() {
    let expected = example_response("participant-invite");
    let out = run(env!("CARGO_BIN_EXE_invite_participant"), &[], None);
    assert_success("invite_participant", &out);
    let printed = stdout(&out);
    let id = text(&expected, "/id");
    let status = text(&expected, "/status");
    assert!(
        printed.contains(&format!("operation {id}: {status}")),
        "{printed}"
    );
    assert!(printed.contains("location: "), "{printed}");
}

#[test]
fn an_unreachable_base_url_is_one_line_naming_it() {
    for (name, bin) in APPS {
        let out = run(bin, &["--base-url", UNREACHABLE], Some("test-token"));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{name} printed:\n{err}");
        assert!(err.contains(UNREACHABLE), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(
            !err.contains("test-token"),
            "{name} leaked the token: {err}"
        );
    }
}

#[test]
fn a_base_url_without_a_token_is_one_line_naming_graph_token() {
    for (name, bin) in APPS {
        for token in [None, Some(""), Some("   ")] {
            let out = run(bin, &["--base-url", UNREACHABLE], token);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{name} ({token:?}): {err}");
            assert_eq!(err.lines().count(), 1, "{name} printed:\n{err}");
            assert!(err.contains("GRAPH_TOKEN"), "{name}: {err}");
            assert!(stdout(&out).is_empty(), "{name}: {}", stdout(&out));
        }
    }
}

#[test]
fn a_bad_base_url_is_one_line_naming_it() {
    let out = run(
        env!("CARGO_BIN_EXE_create_participant"),
        &["--base-url", "ftp://files.example"],
        Some("test-token"),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("ftp://files.example"), "{err}");
}
