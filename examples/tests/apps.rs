//! Runs the example apps as a user would and checks what they print.
//!
//! Expected values are read from the examples in the workspace's `docs/` (the responses the
//! embedded mock server replays), so the tests follow the docs when they change.

use docspec_codegen::model::Endpoint;
use std::process::{Command, Output};

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs");

/// Every app, by its binary.
const APPS: [(&str, &str); 4] = [
    (
        "create_participant",
        env!("CARGO_BIN_EXE_create_participant"),
    ),
    ("list_participants", env!("CARGO_BIN_EXE_list_participants")),
    (
        "invite_participant",
        env!("CARGO_BIN_EXE_invite_participant"),
    ),
    ("sync_calls", env!("CARGO_BIN_EXE_sync_calls")),
];

/// A URL nothing listens on: port 1 on loopback refuses connections at once.
const UNREACHABLE: &str = "http://127.0.0.1:1";

/// The endpoint documented on page `name`.
fn endpoint(name: &str) -> Endpoint {
    let loaded = docspec_codegen::load(&[DOCS]);
    loaded
        .apis
        .into_iter()
        .flat_map(|api| api.endpoints)
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("docs/ has no endpoint page {name}"))
}

/// The JSON body of the first example response of the endpoint documented on page `name`.
fn example_response(name: &str) -> serde_json::Value {
    endpoint(name)
        .examples
        .iter()
        .find_map(|ex| ex.response.as_ref()?.body.as_ref().map(|b| b.value()))
        .unwrap_or_else(|| panic!("{name} has no example response body"))
}

/// The pages of the paged list documented on page `name`, as a client reads them: the first
/// example's response, then the response of the example whose request URL is the previous
/// page's `@odata.nextLink`, until a page has none.
fn example_pages(name: &str) -> Vec<serde_json::Value> {
    let endpoint = endpoint(name);
    let mut pages = vec![example_response(name)];
    while let Some(next) = pages
        .last()
        .and_then(|p| p.get("@odata.nextLink")?.as_str())
        .map(str::to_owned)
    {
        assert!(pages.len() <= endpoint.examples.len(), "{name}: pages loop");
        let page = endpoint
            .examples
            .iter()
            .find(|ex| ex.request.as_ref().is_some_and(|r| r.url.trim() == next))
            .and_then(|ex| ex.response.as_ref()?.body.as_ref().map(|b| b.value()))
            .unwrap_or_else(|| panic!("{name}: no example answers the nextLink {next}"));
        pages.push(page);
    }
    pages
}

/// The value of `header` in the example responses on page `page` (the first one found).
fn example_header(page: &str, header: &str) -> String {
    endpoint(page)
        .examples
        .iter()
        .filter_map(|ex| ex.response.as_ref())
        .flat_map(|r| &r.headers)
        .find(|(n, _)| n.eq_ignore_ascii_case(header))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| panic!("{page} has no example {header} header"))
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
fn list_participants_follows_every_page_to_the_end() {
    let pages = example_pages("call-list-participants");
    assert!(
        pages.len() > 1,
        "the docs' example is one page; nothing tests paging"
    );
    let listed: Vec<&serde_json::Value> = pages
        .iter()
        .flat_map(|page| {
            page.get("value")
                .and_then(serde_json::Value::as_array)
                .unwrap_or_else(|| panic!("a page without a value array: {page}"))
        })
        .collect();
    let out = run(env!("CARGO_BIN_EXE_list_participants"), &[], None);
    assert_success("list_participants", &out);
    assert_eq!(stderr(&out), "", "nothing to note or warn about");
    let printed = stdout(&out);
    let rows: Vec<&str> = printed.lines().collect();
    for (position, participant) in listed.iter().enumerate() {
        let id = text(participant, "/id");
        // One row per participant, in the order the pages list them.
        let row = rows
            .get(position)
            .filter(|row| row.starts_with(id))
            .unwrap_or_else(|| panic!("{id} not listed as row {position} in:\n{printed}"));
        let identity = participant
            .pointer("/info/identity")
            .and_then(serde_json::Value::as_object)
            .and_then(|set| set.values().find_map(|i| i.get("displayName")?.as_str()));
        if let Some(name) = identity {
            assert!(row.contains(name), "{row}");
        }
    }
    assert_eq!(
        rows.get(listed.len()).copied(),
        Some(format!("{} participants", listed.len()).as_str()),
        "{printed}"
    );
}

#[test]
fn list_participants_asks_for_the_page_size_and_still_reads_every_page() {
    let pages = example_pages("call-list-participants");
    let total: usize = pages
        .iter()
        .filter_map(|p| p.get("value")?.as_array())
        .map(Vec::len)
        .sum();
    let out = run(
        env!("CARGO_BIN_EXE_list_participants"),
        &["--page-size", "2"],
        None,
    );
    assert_success("list_participants", &out);
    let printed = stdout(&out);
    assert!(
        printed.ends_with(&format!("{total} participants\n")),
        "{printed}"
    );
}

#[test]
fn invite_participant_follows_the_location_to_the_operation() {
    let accepted = example_response("participant-invite");
    let location = example_header("participant-invite", "Location");
    let current = example_response("commsoperation-get");
    let out = run(env!("CARGO_BIN_EXE_invite_participant"), &[], None);
    assert_success("invite_participant", &out);
    assert_eq!(stderr(&out), "", "nothing to note or warn about");
    let printed = stdout(&out);
    let line = |prefix: &str, operation: &serde_json::Value| {
        format!(
            "{prefix}operation {}: {}",
            text(operation, "/id"),
            text(operation, "/status")
        )
    };
    assert!(
        printed.contains(&line("accepted: ", &accepted)),
        "{printed}"
    );
    assert!(printed.contains(&line("now: ", &current)), "{printed}");
    // The docs' Location, moved onto the embedded mock: same path, loopback host.
    let path = location
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or_else(|| panic!("the docs' Location is not absolute: {location}"));
    let shown = printed
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .unwrap_or_else(|| panic!("no location line in:\n{printed}"));
    assert!(shown.starts_with("http://127.0.0.1:"), "{shown}");
    assert!(shown.ends_with(path), "{shown} does not end with {path}");
}

#[test]
fn sync_calls_syncs_every_page_batches_the_reads_and_uploads_in_ranges() {
    let pages = example_pages("call-delta");
    let synced: Vec<&str> = pages
        .iter()
        .flat_map(|p| p["value"].as_array().into_iter().flatten())
        .map(|call| text(call, "/id"))
        .collect();
    let delta_link = pages
        .last()
        .and_then(|p| p["@odata.deltaLink"].as_str())
        .expect("the last delta page has a deltaLink");
    let token = delta_link.split_once('?').map(|(_, q)| q).unwrap();
    let roster = example_pages("call-list-participants")[0]["value"]
        .as_array()
        .unwrap()
        .clone();

    let out = run(env!("CARGO_BIN_EXE_sync_calls"), &[], None);
    assert_success("sync_calls", &out);
    let printed = stdout(&out);
    let lines: Vec<&str> = printed.lines().collect();
    // Delta: every call of every page, then the link the next sync starts from (on the mock).
    assert_eq!(lines[0], format!("synced {} calls", synced.len()));
    assert!(
        lines[1].starts_with("next sync starts at http://127.0.0.1:") && lines[1].ends_with(token),
        "{}",
        lines[1]
    );
    // Batch: one request answers every read and the roster, each typed.
    assert_eq!(
        lines[2],
        format!("batch: {} answers in 1 request(s)", synced.len() + 1)
    );
    let read_example = example_response("call-get");
    let read = text(&read_example, "/id");
    let calls = lines.iter().filter(|l| l.starts_with("call\t")).count();
    assert_eq!(calls, synced.len(), "{printed}");
    assert!(printed.contains(&format!("call\t{read}\t")), "{printed}");
    for participant in &roster {
        assert!(printed.contains(text(participant, "/id")), "{printed}");
    }
    // Upload: 1.5 MiB in five ranges of 320 KiB (the last one short), then the created prompt.
    let progress = stderr(&out);
    let progress: Vec<&str> = progress.lines().collect();
    assert_eq!(progress.len(), 5, "{progress:?}");
    assert_eq!(progress[0], "uploaded 327680 of 1572864 bytes");
    assert_eq!(progress[4], "uploaded 1572864 of 1572864 bytes");
    let prompt_example = example_response("audioprompt-get");
    let prompt = text(&prompt_example, "/id");
    assert_eq!(
        lines.last().copied(),
        Some(format!("greeting welcome-greeting.wav: 1572864 bytes, prompt {prompt}").as_str())
    );
}

#[test]
fn sync_calls_uploads_a_file_given_and_names_it() {
    let dir = std::env::temp_dir().join(format!("docspec-greeting-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("hold-music.wav");
    std::fs::write(&file, vec![7u8; 400_000]).unwrap();
    let out = run(
        env!("CARGO_BIN_EXE_sync_calls"),
        &["--greeting", file.to_str().unwrap()],
        None,
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_success("sync_calls", &out);
    assert!(
        stdout(&out).contains("greeting hold-music.wav: 400000 bytes"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        stderr(&out).lines().count(),
        2,
        "two ranges: {}",
        stderr(&out)
    );
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
