//! `docspec mock`: serve the docs' examples over HTTP until interrupted.

use docspec_codegen::diag::{self, Severity};
use docspec_codegen::mock::{MockConfig, MockServer};
use docspec_codegen::Api;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Arguments of `docspec mock`.
#[derive(clap::Args)]
pub struct MockArgs {
    /// The docs folder whose examples to serve (default: `docs/` at the workspace root).
    #[arg(long, conflicts_with = "model")]
    pub docs: Option<PathBuf>,
    /// Serve a model saved as JSON (`docspec inspect --json`) instead of reading docs.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Address to bind; loopback by default.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: String,
    /// How many received requests to keep in memory (nothing reads them from the CLI).
    #[arg(long, default_value_t = 0)]
    pub record: usize,
}

/// Reads a saved model: one API object, a list of them, or an object with an `apis` list.
fn read_model(path: &Path) -> Result<Vec<Api>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let list = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(mut map) if map.contains_key("apis") => {
            match map.remove("apis") {
                Some(serde_json::Value::Array(items)) => items,
                _ => return Err(format!("{}: `apis` is not a list", path.display())),
            }
        }
        other => vec![other],
    };
    list.into_iter()
        .map(|v| serde_json::from_value(v).map_err(|e| format!("{}: {e}", path.display())))
        .collect()
}

/// Loads the docs folder, printing its errors; warnings are only counted.
fn read_docs(dir: &Path) -> Result<Vec<Api>, String> {
    let loaded = docspec_codegen::load(&[dir]);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    crate::report::print_diagnostics(&loaded.root, &errors);
    let warnings = loaded.diagnostics.len() - errors.len();
    if diag::has_errors(&loaded.diagnostics) || warnings > 0 {
        eprintln!(
            "{} error(s), {warnings} warning(s) in {}; serving what could be read",
            errors.len(),
            dir.display()
        );
    }
    if loaded.apis.iter().all(|a| a.endpoints.is_empty()) {
        return Err(format!("no API pages found in {}", dir.display()));
    }
    Ok(loaded.apis)
}

/// Runs `docspec mock`.
pub fn mock(args: MockArgs) -> ExitCode {
    let addr: SocketAddr = match args.addr.parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: --addr {}: {e}", args.addr);
            return ExitCode::FAILURE;
        }
    };
    let apis = match &args.model {
        Some(model) => read_model(model),
        None => {
            let dir = args.docs.clone().unwrap_or_else(|| {
                let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
                // `docs/` of the workspace, as `generate` and `check` read by default.
                crate::generate::find_workspace(&cwd)
                    .unwrap_or(cwd)
                    .join("docs")
            });
            read_docs(&dir)
        }
    };
    let apis: Vec<Arc<Api>> = match apis {
        Ok(apis) => apis.into_iter().map(Arc::new).collect(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = MockConfig {
        record_limit: args.record,
    };
    runtime.block_on(async move {
        let server = match MockServer::start_with(apis, addr, config).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: cannot bind {addr}: {e}");
                return ExitCode::FAILURE;
            }
        };
        println!(
            "serving on {} (also under /v1.0 and /beta); Ctrl-C stops",
            server.url()
        );
        for route in server.routes() {
            println!("  {:<7} {}  ({})", route.method, route.path, route.endpoint);
        }
        match server.wait().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
