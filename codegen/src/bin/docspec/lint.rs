//! `docspec lint`: every finding about some docs, for people or for CI tools.

use crate::report::print_diagnostics;
use docspec_codegen::lint::{self, format, Policy};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How the findings are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Like rustc, with the source line, on stderr.
    Human,
    /// One JSON array on stdout.
    Json,
    /// A SARIF 2.1.0 log on stdout.
    Sarif,
    /// GitHub Actions workflow commands on stdout.
    Github,
}

/// Arguments of `docspec lint`.
#[derive(clap::Args)]
pub struct LintArgs {
    /// Pages or folders to check.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Check only this version (`v1.0`, `beta`).
    #[arg(long)]
    pub api_version: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Make a code an error, or every warning with `warnings`. Repeatable.
    #[arg(long, value_name = "CODE|warnings")]
    pub deny: Vec<String>,
    /// Drop a code. Repeatable.
    #[arg(long, value_name = "CODE")]
    pub allow: Vec<String>,
}

/// Runs `docspec lint`: 0 when no error remains, 1 when some do, 2 for a usage error.
pub fn lint(args: LintArgs) -> ExitCode {
    let mut policy = Policy::default();
    for code in &args.allow {
        if !lint::is_code(code) {
            return usage(&format!("--allow {code}: not a diagnostic code"));
        }
        policy.allow(code);
    }
    for code in &args.deny {
        if !code.eq_ignore_ascii_case("warnings") && !lint::is_code(code) {
            return usage(&format!(
                "--deny {code}: not a diagnostic code nor `warnings`"
            ));
        }
        policy.deny(code);
    }
    let loaded = docspec_codegen::load::load_for_lint(&args.paths);
    let found = match lint::lint(&loaded, args.api_version.as_deref()) {
        Ok(found) => found,
        Err(e) => return usage(&e.to_string()),
    };
    let diags = policy.apply(found);
    let prefix = prefix_of(&loaded.root);
    match args.format {
        Format::Human => print_diagnostics(&loaded.root, &diags),
        Format::Json => println!("{}", format::json(&diags, &prefix)),
        Format::Sarif => println!("{}", format::sarif(&diags, &prefix)),
        Format::Github => print!("{}", format::github(&diags, &prefix)),
    }
    eprintln!("{}", format::summary(&diags));
    if docspec_codegen::diag::has_errors(&diags) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// What goes before a root-relative file so that tools find it from the current folder.
/// A root under the current folder is shown relative to it (GitHub wants repository paths).
fn prefix_of(root: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let root = root.strip_prefix(&cwd).unwrap_or(root);
    let shown = root.to_string_lossy().replace('\\', "/");
    if shown.is_empty() || shown == "." {
        String::new()
    } else {
        format!("{}/", shown.trim_end_matches('/'))
    }
}
