//! `docspec inspect` (placeholder until its issue lands).

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `docspec inspect`.
#[derive(clap::Args)]
pub struct InspectArgs {
    /// Pages or folders to read.
    pub paths: Vec<PathBuf>,
    /// Print the model as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `docspec stats`.
#[derive(clap::Args)]
pub struct StatsArgs {
    /// The docs folder.
    pub path: PathBuf,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `docspec inspect`.
pub fn inspect(_args: InspectArgs) -> ExitCode {
    ExitCode::FAILURE
}

/// Runs `docspec stats`.
pub fn stats(_args: StatsArgs) -> ExitCode {
    ExitCode::FAILURE
}
