//! Where the apps send requests: by default an embedded mock server that answers with the
//! examples of the workspace's `docs/` (no network, no credentials), or, with `--base-url`, a
//! real Graph endpoint with a bearer token from [`TOKEN_ENV`].

use crate::Failure;
use docspec_codegen::mock::MockServer;
use graph_calls::runtime::{Client, Error, StaticToken};
use std::ffi::OsString;

/// The environment variable holding the bearer token for `--base-url`. An environment variable
/// rather than a flag so the token stays out of shell history and process listings.
pub const TOKEN_ENV: &str = "GRAPH_TOKEN";

/// The docs the generated crate comes from; the embedded mock serves their examples.
pub const DOCS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs");

/// The call the docs' examples are made on; using it by default makes the mock answer with
/// the example written for exactly this request.
pub const EXAMPLE_CALL_ID: &str = "7a1c4f02-93e5-4b8d-a6f0-2c51d9e8b347";

/// The command-line options every app shares.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct TargetArgs {
    /// Send requests to this Graph service root (for example
    /// https://graph.microsoft.com/v1.0) with the bearer token in GRAPH_TOKEN, instead of to
    /// the embedded mock server that answers with the docs' examples.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// A client, the base URL it talks to, and the mock server behind it when there is one.
#[derive(Debug)]
pub struct Target {
    client: Client,
    base_url: String,
    /// Kept alive for as long as the target: dropping it stops the server.
    mock: Option<MockServer>,
}

impl Target {
    /// Connects as `args` say: to `--base-url` with the token from [`TOKEN_ENV`], else to a
    /// mock server started here from [`DOCS_DIR`]. Nothing is sent yet, so an unreachable URL
    /// only shows with the first request.
    pub async fn open(args: &TargetArgs) -> Result<Target, Failure> {
        match &args.base_url {
            Some(url) => {
                let token = token_from(std::env::var_os(TOKEN_ENV))?;
                let client = Client::new(url.clone(), StaticToken::new(token))
                    .map_err(|e| Failure::from_error(&e, url))?;
                Ok(Target {
                    client,
                    base_url: url.clone(),
                    mock: None,
                })
            }
            None => {
                let server = MockServer::start_apis(docspec_codegen::load(&[DOCS_DIR]).apis)
                    .await
                    .map_err(|e| {
                        Failure::new(format!(
                            "cannot start the embedded mock server from {DOCS_DIR}: {e}"
                        ))
                    })?;
                let base_url = format!("{}/v1.0", server.url());
                // The mock checks no credentials; any token will do.
                let client = Client::new(base_url.clone(), StaticToken::new("mock"))
                    .map_err(|e| Failure::from_error(&e, &base_url))?;
                Ok(Target {
                    client,
                    base_url,
                    mock: Some(server),
                })
            }
        }
    }

    /// The runtime client requests go through.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The `graph_calls` client over [`Target::client`], whose methods are the calls.
    pub fn graph(&self) -> graph_calls::Graph {
        graph_calls::Graph::new(self.client.clone())
    }

    /// The service root requests go to (the mock's own URL when it is the mock).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `true` when requests go to the embedded mock server, whose answers are the docs'
    /// examples, their links to the documented service rewritten to point at the mock.
    pub fn is_mock(&self) -> bool {
        self.mock.is_some()
    }

    /// `err`, from a request through this target, as the one line to print.
    pub fn failure(&self, err: &Error) -> Failure {
        Failure::from_error(err, &self.base_url)
    }

    /// Stops the mock server, if any, after letting open requests finish.
    pub async fn close(self) {
        if let Some(server) = self.mock {
            server.shutdown().await;
        }
    }
}

/// The token in `value` (the contents of [`TOKEN_ENV`]), or a failure naming the variable
/// when it is unset, empty or not text.
fn token_from(value: Option<OsString>) -> Result<String, Failure> {
    let missing = || {
        Failure::new(format!(
            "--base-url needs a bearer token: set the {TOKEN_ENV} environment variable"
        ))
    };
    let value = value.ok_or_else(missing)?;
    let token = value.into_string().map_err(|_| {
        Failure::new(format!(
            "the {TOKEN_ENV} environment variable is not valid UTF-8"
        ))
    })?;
    let token = token.trim();
    if token.is_empty() {
        return Err(missing());
    }
    Ok(token.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_blank_token_names_the_variable() {
        for value in [None, Some(OsString::new()), Some(OsString::from("  \n"))] {
            let err = token_from(value).unwrap_err();
            assert!(err.message().contains(TOKEN_ENV), "{err}");
        }
    }

    #[test]
    fn a_token_is_trimmed() {
        let token = token_from(Some(OsString::from(" eyJ0 \n"))).unwrap();
        assert_eq!(token, "eyJ0");
    }
}
