//! Invites a user into a call with the generated `graph-calls` crate, then follows the
//! `Location` header of the `202 Accepted` answer with a GET through the runtime's
//! `Client::request_url`, printing the status of the invitation operation.
//!
//! `cargo run --bin invite_participant` talks to an embedded mock server that answers with the
//! examples in the workspace's `docs/`, its `Location` rewritten to point back at the mock;
//! `--base-url URL` with `GRAPH_TOKEN` talks to Graph.

use clap::Parser;
use docspec_examples::{show, Failure, Target, TargetArgs, EXAMPLE_CALL_ID};
use graph_calls::runtime::{serde_json, Accepted, Error, Method};
use graph_calls::{
    CommsOperation, EndpointType, Identity, IdentitySet, InvitationParticipantInfo,
    InviteParticipantBody, InviteParticipantPath,
};
use std::process::ExitCode;

/// Invite a user into an active call and print how far the invitation has got.
#[derive(Parser)]
#[command(name = "invite_participant")]
struct Args {
    #[command(flatten)]
    target: TargetArgs,
    /// The call to invite into.
    #[arg(long, default_value = EXAMPLE_CALL_ID)]
    call_id: String,
    /// Directory object id of the user to invite.
    #[arg(long, default_value = "4c8e2b17-0f5a-49d3-b6e1-93a72d5c08fe")]
    user_id: String,
    /// The invitee's display name.
    #[arg(long, default_value = "Priya Nandakumar")]
    display_name: String,
    /// An opaque value copied into the operation, to match it with this request later.
    #[arg(long, default_value = "f4a81c3e-6b20-4d97-a5e3-0c9d27b814e6")]
    client_context: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let target = match Target::open(&args.target).await {
        Ok(target) => target,
        Err(failure) => return failure.report(),
    };
    let code = match run(&target, args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    };
    target.close().await;
    code
}

async fn run(target: &Target, args: Args) -> Result<(), Failure> {
    let body = InviteParticipantBody::new()
        .participants([InvitationParticipantInfo::new()
            .endpoint_type(EndpointType::Default)
            .identity(
                IdentitySet::new().user(
                    Identity::new()
                        .id(args.user_id)
                        .display_name(args.display_name),
                ),
            )])
        .client_context(args.client_context);
    let Accepted { location, body, .. } = target
        .graph()
        .invite_participant(
            InviteParticipantPath::App {
                call_id: &args.call_id,
            },
            &body,
        )
        .await
        .map_err(|e| target.failure(&e))?;
    // The 202 body is the operation as it stood when the service accepted the request.
    if let Some(operation) = body.and_then(|b| serde_json::from_value::<CommsOperation>(b).ok()) {
        println!("accepted: {}", show::operation_line(&operation));
    }
    let Some(location) = location else {
        println!("no Location header: the service gave no operation to follow");
        return Ok(());
    };
    println!("location: {location}");
    let operation = follow(target, &location)
        .await
        .map_err(|e| target.failure(&e))?;
    println!("now: {}", show::operation_line(&operation));
    Ok(())
}

/// GETs the operation at `location`; the runtime only sends the token to the base URL's host.
async fn follow(target: &Target, location: &str) -> Result<CommsOperation, Error> {
    target
        .client()
        .request_url(Method::GET, location)?
        .send_json()
        .await
}
