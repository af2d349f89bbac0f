//! `docspec mock` (placeholder until its issue lands).

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `docspec mock`.
#[derive(clap::Args)]
pub struct MockArgs {
    /// The docs folder whose examples to serve.
    #[arg(long)]
    pub docs: Option<PathBuf>,
    /// Address to bind; loopback by default.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: String,
}

/// Runs `docspec mock`.
pub fn mock(_args: MockArgs) -> ExitCode {
    ExitCode::FAILURE
}
