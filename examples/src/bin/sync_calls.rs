//! What a call-center app does beyond single calls, with the generated `graph-calls` crate and
//! no hand-written request:
//!
//! 1. **delta**: syncs the application's calls (`delta_call().delta()`), every page, and
//!    keeps the `@odata.deltaLink` the next sync starts from;
//! 2. **$batch**: reads every synced call again and the roster of one call in one `$batch`
//!    request (`client.batch()`), each answer typed as its call declares;
//! 3. **upload**: uploads a greeting for the call through an upload session
//!    (`create_upload_session_audio_prompt(..).large_file_upload()`), in 320 KiB ranges,
//!    printing progress; the upload URL never gets the token.
//!
//! `cargo run --bin sync_calls` talks to an embedded mock server that answers with the
//! examples in the workspace's `docs/` and keeps real upload sessions; `--base-url URL` with
//! `GRAPH_TOKEN` talks to Graph.

use clap::Parser;
use docspec_examples::{show, Failure, Target, TargetArgs, EXAMPLE_CALL_ID};
use futures_util::StreamExt;
use graph_calls::models::{AudioPrompt, Call, CreateUploadSessionAudioPromptBody};
use graph_calls::runtime::upload::RANGE_UNIT;
use graph_calls::runtime::Error;
use graph_calls::{GetCallPath, ListParticipantsPath};
use std::path::PathBuf;
use std::process::ExitCode;

/// Sync calls, read them back in one batch, and upload a greeting.
#[derive(Parser)]
#[command(name = "sync_calls")]
struct Args {
    #[command(flatten)]
    target: TargetArgs,
    /// The call whose roster is read and which the greeting is uploaded for.
    #[arg(long, default_value = EXAMPLE_CALL_ID)]
    call_id: String,
    /// The recording to upload; by default a generated 1.5 MiB one.
    #[arg(long, value_name = "FILE")]
    greeting: Option<PathBuf>,
}

/// The size of the generated greeting: 1.5 MiB, five ranges of 320 KiB (the last one short).
const GENERATED_GREETING: usize = 1_572_864;

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let target = match Target::open(&args.target).await {
        Ok(target) => target,
        Err(failure) => return failure.report(),
    };
    let code = match run(&args, &target).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    };
    target.close().await;
    code
}

async fn run(args: &Args, target: &Target) -> Result<(), Failure> {
    let graph = target.graph();
    let fail = |err: Error| target.failure(&err);

    // 1. Every call, page by page; the stream ends with the link the next sync starts from.
    let mut sync = graph.delta_call().delta();
    let mut calls: Vec<Call> = Vec::new();
    while let Some(call) = sync.next().await {
        calls.push(call.map_err(fail)?);
    }
    println!("synced {} calls", calls.len());
    if let Some(link) = sync.delta_link() {
        println!("next sync starts at {link}");
    }

    // 2. One request for all of them: every call read again, and one roster.
    let mut batch = graph.client().batch();
    let reads: Vec<_> = calls
        .iter()
        .filter_map(|c| c.id.as_deref())
        .map(|id| batch.add(graph.get_call(GetCallPath::App { call_id: id })))
        .collect();
    let roster = batch.add(graph.list_participants(ListParticipantsPath::App {
        call_id: &args.call_id,
    }));
    let mut answers = batch.send().await.map_err(fail)?;
    println!(
        "batch: {} answers in {} request(s)",
        answers.len(),
        answers.posts()
    );
    for read in reads {
        match answers.take(read) {
            Ok(call) => println!(
                "call\t{}\t{}",
                call.id.as_deref().unwrap_or("-"),
                call.state.as_ref().map_or("-", |s| s.as_str())
            ),
            // One failed item does not fail the others.
            Err(err) => println!("call\tfailed: {}", fail(err)),
        }
    }
    let roster = answers.take(roster).map_err(fail)?;
    for participant in &roster.value {
        println!("{}", show::participant_row(participant));
    }

    // 3. The greeting, in ranges, to the session's own URL.
    let (name, bytes) = greeting(args.greeting.as_deref())?;
    let size = bytes.len() as u64;
    let body = CreateUploadSessionAudioPromptBody::new()
        .name(name.clone())
        .size(i64::try_from(size).unwrap_or(i64::MAX));
    let upload = graph
        .create_upload_session_audio_prompt(&args.call_id, &body)
        .large_file_upload()
        .await
        .map_err(fail)?
        .range_size(RANGE_UNIT)
        .map_err(fail)?
        .on_progress(|sent, total| eprintln!("uploaded {sent} of {total} bytes"));
    let prompt: AudioPrompt = upload
        .upload(std::io::Cursor::new(bytes), size)
        .await
        .map_err(fail)?;
    println!(
        "greeting {name}: {} bytes, prompt {}",
        prompt.size.unwrap_or_default(),
        prompt.id.as_deref().unwrap_or("-")
    );
    Ok(())
}

/// The greeting's file name and bytes: the file given, or a generated tone.
fn greeting(path: Option<&std::path::Path>) -> Result<(String, Vec<u8>), Failure> {
    let Some(path) = path else {
        let tone = (0..GENERATED_GREETING).map(|i| (i % 251) as u8).collect();
        return Ok(("welcome-greeting.wav".to_owned(), tone));
    };
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::new(format!("cannot read {}: {e}", path.display())))?;
    let name = path.file_name().map_or_else(
        || "greeting".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok((name, bytes))
}
