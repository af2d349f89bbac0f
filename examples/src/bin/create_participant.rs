//! Adds a participant to a call with the generated `graph-calls` crate and prints what the
//! service made of it: its id, display name and media streams, one line each.
//!
//! `cargo run --bin create_participant` talks to an embedded mock server that answers with
//! the examples in the workspace's `docs/` (no network, no credentials). With
//! `--base-url https://graph.microsoft.com/v1.0` and a token in `GRAPH_TOKEN` it talks to
//! Microsoft Graph. Failures are one line on stderr and exit code 1.

use clap::Parser;
use docspec_examples::{show, Target, TargetArgs, EXAMPLE_CALL_ID};
use graph_calls::{
    CreateParticipantPath, Identity, IdentitySet, MediaStream, Modality, Participant,
    ParticipantInfo,
};
use std::process::ExitCode;

/// Add a participant to an active call and print the participant the service created.
#[derive(Parser)]
#[command(name = "create_participant")]
struct Args {
    #[command(flatten)]
    target: TargetArgs,
    /// The call to add the participant to.
    #[arg(long, default_value = EXAMPLE_CALL_ID)]
    call_id: String,
    /// Directory object id of the user to add.
    #[arg(long, default_value = "91d0a6c3-7e24-4b58-a1f9-c6b2e8043d7a")]
    user_id: String,
    /// The user's display name.
    #[arg(long, default_value = "Tomasz Wierzbicki")]
    display_name: String,
    /// Directory tenant of the user.
    #[arg(long, default_value = "b3d9e1a4-6c2f-4e87-9a15-0f7c82d46e19")]
    tenant_id: String,
    /// Add the participant muted.
    #[arg(long)]
    muted: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let target = match Target::open(&args.target).await {
        Ok(target) => target,
        Err(failure) => return failure.report(),
    };
    let user = Identity::new()
        .id(args.user_id)
        .display_name(args.display_name)
        .tenant_id(args.tenant_id);
    let participant = Participant::new()
        .info(ParticipantInfo::new().identity(IdentitySet::new().user(user)))
        .is_muted(args.muted)
        .media_streams([MediaStream::new()
            .media_type(Modality::Audio)
            .direction("sendReceive")
            .label("primary-audio")]);
    let path = CreateParticipantPath::App {
        call_id: &args.call_id,
    };
    let code = match target.graph().create_participant(path, &participant).await {
        Ok(created) => {
            for line in show::participant_lines(&created) {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => target.failure(&err).report(),
    };
    target.close().await;
    code
}
