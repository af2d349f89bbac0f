//! Creates a participant through a client generated at compile time from the project's
//! `docs/` by `docspec_macros::api!`, selecting only the create-participant endpoint.
//!
//! `cargo run -p example-with-macro` starts the docs' mock server and talks to it;
//! `-- --base-url URL` talks to another server instead (such as `docspec mock`).

/// Only `create_participant` (both of its paths) and the types it uses.
#[allow(dead_code)] // A bin that calls one of the two paths the selection generates.
mod graph {
    docspec_macros::api! {
        docs = "../../docs",
        endpoints = ["create_participant"],
    }
}

use docspec_runtime::{Client, StaticToken};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Kept alive until the end of `main`: dropping it stops the server.
    let mut mock = None;
    let base_url = match base_url_argument() {
        Some(url) => url,
        None => {
            let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs");
            let server =
                docspec_codegen::mock::MockServer::start_apis(docspec_codegen::load(&[docs]).apis)
                    .await?;
            let url = format!("{}/v1.0", server.url());
            mock = Some(server);
            url
        }
    };
    let client = Client::new(base_url, StaticToken::new("example-token"))?;

    let body = graph::Participant::new()
        .info(
            graph::ParticipantInfo::new()
                .identity(
                    graph::IdentitySet::new().user(
                        graph::Identity::new()
                            .id("5b1e0c9a-2f4d-4c61-9e08-7a3d52b6c1f4")
                            .display_name("Ines Duarte"),
                    ),
                )
                .language_id("pt-PT"),
        )
        .is_muted(true);
    let graph = graph::Graph::new(client);
    let path = graph::CreateParticipantPath::App {
        call_id: "0f3a9c5e-example-call",
    };
    let created: graph::Participant = graph.create_participant(path, &body).await?;
    println!("{created:#?}");
    if let Some(server) = mock {
        server.shutdown().await;
    }
    Ok(())
}

/// The value after `--base-url`, if given.
fn base_url_argument() -> Option<String> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--base-url" {
            return args.next();
        }
        if let Some(url) = arg.strip_prefix("--base-url=") {
            return Some(url.to_string());
        }
    }
    None
}
