//! Lists the participants of a call with the generated `graph-calls` crate, following
//! `@odata.nextLink` page after page through `.stream()` of the crate's `list_participants` call, and
//! prints one tab-separated row per participant (id, display name, media streams).
//!
//! `cargo run --bin list_participants` talks to an embedded mock server that answers with the
//! examples in the workspace's `docs/` (two pages, the first linking to the second);
//! `--base-url URL` with `GRAPH_TOKEN` talks to Graph.

use clap::Parser;
use docspec_examples::{show, Target, TargetArgs, EXAMPLE_CALL_ID};
use futures_util::StreamExt;
use graph_calls::ListParticipantsPath;
use std::process::ExitCode;

/// List every participant of a call, across all pages.
#[derive(Parser)]
#[command(name = "list_participants")]
struct Args {
    #[command(flatten)]
    target: TargetArgs,
    /// The call whose roster to list.
    #[arg(long, default_value = EXAMPLE_CALL_ID)]
    call_id: String,
    /// Ask for at most this many participants per page (`$top`); the service may send fewer.
    #[arg(long, value_name = "N")]
    page_size: Option<u64>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let target = match Target::open(&args.target).await {
        Ok(target) => target,
        Err(failure) => return failure.report(),
    };
    let path = ListParticipantsPath::App {
        call_id: &args.call_id,
    };
    // `$top` is an option the page documents, so the call has a method for it.
    let mut call = target.graph().list_participants(path);
    if let Some(n) = args.page_size {
        call = call.top(n);
    }
    let mut participants = call.stream();
    let mut count = 0usize;
    let mut failed = None;
    while let Some(next) = participants.next().await {
        match next {
            Ok(participant) => {
                println!("{}", show::participant_row(&participant));
                count += 1;
            }
            Err(err) => {
                failed = Some(err);
                break;
            }
        }
    }
    let code = match failed {
        None => {
            println!("{count} participants");
            ExitCode::SUCCESS
        }
        // The rows already printed stay on stdout; the error says why the roster is short.
        Some(err) => target.failure(&err).report(),
    };
    target.close().await;
    code
}
