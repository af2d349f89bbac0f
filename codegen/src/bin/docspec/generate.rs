//! `docspec generate` (placeholder until its issue lands).

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `docspec generate` and `docspec check`.
#[derive(clap::Args)]
pub struct GenerateArgs {
    /// The docs folder (default: `docs/` at the workspace root).
    #[arg(long)]
    pub docs: Option<PathBuf>,
    /// The crate folder to write or check (default: `generated/` at the workspace root).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The generated package's name.
    #[arg(long)]
    pub crate_name: Option<String>,
    /// How the generated Cargo.toml refers to docspec-runtime: a path or a version.
    #[arg(long)]
    pub runtime: Option<String>,
}

/// Runs `docspec generate`.
pub fn generate(_args: GenerateArgs) -> ExitCode {
    ExitCode::FAILURE
}

/// Runs `docspec check`.
pub fn check(_args: GenerateArgs) -> ExitCode {
    ExitCode::FAILURE
}
