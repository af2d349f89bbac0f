//! Generating a client from a `build.rs`:
//!
//! ```no_run
//! // build.rs: `fn main` runs this.
//! let opts = docspec_codegen::emit::Options::default();
//! if let Err(diags) = docspec_codegen::emit::write_to_out_dir("docs", "graph.rs", &opts) {
//!     for d in diags {
//!         eprintln!("{}", d.render(None));
//!     }
//!     std::process::exit(1);
//! }
//! // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/graph.rs"));
//! ```

use super::{pick_api, render_file, tokens, Options};
use crate::diag::{self, codes, Diagnostic, Severity};
use std::path::{Path, PathBuf};

/// Loads `docs_dir`, generates every item into one file (`$OUT_DIR/<file_name>`, meant for
/// `include!`), and tells cargo to rerun when any page read changes. Warnings are passed to
/// cargo (`cargo:warning=`); errors are returned instead of writing anything. The file is
/// only rewritten when its content changes, so dependants do not rebuild needlessly.
pub fn write_to_out_dir(
    docs_dir: impl AsRef<Path>,
    file_name: &str,
    opts: &Options,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let docs_dir = docs_dir.as_ref();
    let loaded = crate::load(&[docs_dir]);
    println!("cargo:rerun-if-changed={}", docs_dir.display());
    for f in &loaded.files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    let mut diagnostics = loaded.diagnostics.clone();
    let out_dir = match std::env::var_os("OUT_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => {
            diagnostics.push(Diagnostic::error(
                codes::MISSING_PATH,
                "",
                1,
                1,
                "OUT_DIR is not set: write_to_out_dir runs inside a build script",
            ));
            return Err(diagnostics);
        }
    };
    let text = match pick_api(&loaded.apis) {
        Some(api) => {
            let emitted = tokens(api, opts);
            diagnostics.extend(emitted.diagnostics);
            render_file(&emitted.tokens, &opts.command)
        }
        None => render_file(&proc_macro2::TokenStream::new(), &opts.command),
    };
    diag::sort(&mut diagnostics);
    if diag::has_errors(&diagnostics) {
        return Err(diagnostics);
    }
    for d in diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
    {
        println!(
            "cargo:warning={}: warning[{}]: {}",
            d.location(),
            d.code,
            d.message.replace('\n', " ")
        );
    }
    let path = out_dir.join(file_name);
    let unchanged = std::fs::read(&path).is_ok_and(|old| old == text.as_bytes());
    if !unchanged {
        if let Err(e) = std::fs::write(&path, text) {
            diagnostics.push(Diagnostic::error(
                codes::UNREADABLE,
                path.display().to_string(),
                1,
                1,
                format!("cannot write the generated file: {e}"),
            ));
            return Err(diagnostics);
        }
    }
    Ok(path)
}
