//! `docspec`: inspect, check and generate typed clients from markdown API docs, and export
//! them as OpenAPI.

mod generate;
mod inspect;
mod lint;
mod mock;
mod openapi;
mod report;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

// Parsing a docs folder allocates many small strings; mimalloc does that in half the time of the
// system allocator (see `benches/parse.rs`, which uses it too).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Typed Rust clients from Graph-convention markdown API docs.
#[derive(Parser)]
#[command(name = "docspec", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the resolved model of one page or a folder.
    Inspect(inspect::InspectArgs),
    /// Print counts: pages by kind, endpoints, types, enums, diagnostics by code, time taken.
    Stats(inspect::StatsArgs),
    /// Write a complete client crate generated from a docs folder.
    Generate(generate::GenerateArgs),
    /// Exit non-zero and name the stale files when a generated crate differs from its docs,
    /// or when the docs have errors.
    Check(generate::GenerateArgs),
    /// Serve the docs' examples over HTTP on loopback.
    Mock(mock::MockArgs),
    /// Check docs: everything loading finds, the examples' values, links, orphans, statuses,
    /// headers and metadata keys. Exits 1 when errors remain.
    Lint(lint::LintArgs),
    /// Write the docs' API as an OpenAPI 3.1 (or 3.0) document.
    Openapi(openapi::OpenapiArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Inspect(args) => inspect::inspect(args),
        Command::Stats(args) => inspect::stats(args),
        Command::Generate(args) => generate::generate(args),
        Command::Check(args) => generate::check(args),
        Command::Mock(args) => mock::mock(args),
        Command::Lint(args) => lint::lint(args),
        Command::Openapi(args) => openapi::openapi(args),
    }
}
