//! Every example of the whole Graph v1.0 reference (July 2021) replayed through the client
//! `docspec generate` writes for it, against the mock: how many pass, fail, or cannot be
//! tested, and why. The figures are printed, not asserted (real docs contradict themselves in
//! many ways); what is asserted is that the replay ran and counted every example.
//!
//! The generated crate needs its `contract` feature and the runner needs docspec-codegen, so
//! both are built as a small separate workspace under `CARGO_TARGET_TMPDIR` with a target dir
//! of their own (a rerun only recompiles what changed): `runner/` (a binary printing the
//! report as one JSON line) and `runner/graph-v1/` (the generated crate).

use docspec_codegen::contract::ContractReport;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The line of the runner's output that holds the report.
const MARKER: &str = "CONTRACT_REPORT ";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

/// The v1.0 docs, or `None` (after a notice) when the corpus is absent and not required.
fn v1_docs() -> Option<PathBuf> {
    let dir = workspace().join("../shared/corpus/graph-2021-07/api-reference/v1.0");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("DOCSPEC_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!(
            "DOCSPEC_REQUIRE_CORPUS=1 but the corpus is not at {}",
            dir.display()
        );
    }
    eprintln!("notice: corpus not found at {}; skipping", dir.display());
    None
}

/// A TOML string of a path.
fn toml_path(p: &Path) -> String {
    format!("{:?}", p.display().to_string())
}

/// Writes `text` to `path` unless it already holds it, so cargo sees nothing changed.
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return;
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create dir");
    }
    std::fs::write(path, text).expect("write file");
}

const RUNNER_MAIN: &str = r#"//! Replays the v1.0 examples through `graph_v1::contract::invoke`; prints the report.
//!
//! Futures over the whole v1.0 model are large in a debug build, so the replay runs on worker
//! threads with a big stack rather than on the main thread.
fn main() {
    let docs = std::env::args().nth(1).expect("the docs folder");
    let replay = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .thread_stack_size(64 << 20)
                .build()
                .expect("a tokio runtime");
            runtime.block_on(async move {
                let loaded = docspec_codegen::load(&[docs]);
                let api = docspec_codegen::emit::pick_api(&loaded.apis).expect("an API");
                docspec_codegen::contract::run(api, |client, call| async move {
                    graph_v1::contract::invoke(&client, &call).await
                })
                .await
                .expect("the mock starts")
            })
        })
        .expect("the replay thread");
    let report = replay.join().expect("the replay finishes");
    let json = serde_json::to_string(&report).expect("report to JSON");
    println!("CONTRACT_REPORT {json}");
}
"#;

fn runner_manifest(runtime: &Path, codegen: &Path) -> String {
    format!(
        r#"[package]
name = "contract-v1-runner"
version = "0.1.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
graph-v1 = {{ path = "graph-v1", features = ["contract"] }}
docspec-codegen = {{ path = {codegen}, default-features = false, features = ["mock"] }}
docspec-runtime = {{ path = {runtime} }}
tokio = {{ version = "1", features = ["rt-multi-thread", "macros"] }}
serde_json = "1"

[profile.dev]
debug = false
"#,
        codegen = toml_path(codegen),
        runtime = toml_path(runtime),
    )
}

#[test]
fn v1_examples_replay_through_the_generated_client() {
    let Some(docs) = v1_docs() else {
        return;
    };
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("contract_v1");
    let runner = tmp.join("runner");
    let client = runner.join("graph-v1");
    let runtime = workspace().join("runtime");

    let started = Instant::now();
    let generated = Command::new(env!("CARGO_BIN_EXE_docspec"))
        .arg("generate")
        .arg("--docs")
        .arg(&docs)
        .arg("--out")
        .arg(&client)
        .args(["--crate-name", "graph-v1"])
        .arg("--runtime")
        .arg(&runtime)
        .current_dir(workspace())
        .output()
        .expect("run docspec generate");
    // The real docs have a few broken pages: `generate` reports them and exits 1, but still
    // writes everything else.
    let stderr = String::from_utf8_lossy(&generated.stderr);
    let finished = match generated.status.code() {
        Some(0) => true,
        Some(1) => stderr.contains("in the docs; generated what could be generated"),
        _ => false,
    };
    assert!(
        finished && client.join("src/lib.rs").is_file(),
        "docspec generate failed on v1.0 ({}):\n{stderr}",
        generated.status
    );
    let generation = started.elapsed();

    write_if_changed(
        &runner.join("Cargo.toml"),
        &runner_manifest(&runtime, &workspace().join("codegen")),
    );
    write_if_changed(&runner.join("src/main.rs"), RUNNER_MAIN);
    // The workspace's versions, so `--offline` finds everything in the local registry cache.
    if !runner.join("Cargo.lock").exists() {
        std::fs::copy(workspace().join("Cargo.lock"), runner.join("Cargo.lock"))
            .expect("copy Cargo.lock");
    }

    let started = Instant::now();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let ran = Command::new(cargo)
        .args(["run", "--offline", "--quiet", "--"])
        .arg(&docs)
        .env("CARGO_TARGET_DIR", tmp.join("target"))
        .env_remove("RUSTFLAGS")
        .current_dir(&runner)
        .output()
        .expect("run cargo run");
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&ran.stdout);
    let stderr = String::from_utf8_lossy(&ran.stderr);
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error") || l.contains("panicked"))
        .take(40)
        .collect();
    assert!(
        ran.status.success(),
        "the contract runner failed:\n{}",
        problems.join("\n")
    );
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix(MARKER))
        .expect("the runner prints its report");
    let report: ContractReport = serde_json::from_str(line).expect("the report parses");

    let loaded = docspec_codegen::load(&[&docs]);
    let api = docspec_codegen::emit::pick_api(&loaded.apis).expect("v1.0 resolves to an API");
    let examples: usize = api.endpoints.iter().map(|e| e.examples.len()).sum();
    println!("{}", report.summary_with(3));
    println!("v1.0: docspec generate {generation:.2?}; build and replay {elapsed:.2?}");
    assert_eq!(report.total(), examples, "every example is counted once");
    assert!(report.passed > 0, "{}", report.summary());
}
