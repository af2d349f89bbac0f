//! Generating a client from a `build.rs`: a shell over [`crate::load`] and [`crate::emit`],
//! like the CLI and the `api!` macro.
//!
//! ```no_run
//! // build.rs: `fn main` runs this.
//! let opts = docspec_codegen::emit::Options::default();
//! if let Err(diags) = docspec_codegen::build_script::write_to_out_dir("docs", "graph.rs", &opts) {
//!     for d in diags {
//!         eprintln!("{}", d.render(None));
//!     }
//!     std::process::exit(1);
//! }
//! // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/graph.rs"));
//! ```

use crate::diag::{self, codes, Diagnostic, Severity};
use crate::emit::{file, render_file, Options};
use std::path::{Path, PathBuf};

/// Loads `docs_dir`, generates every item into one file (`$OUT_DIR/<file_name>`, meant for
/// `include!`), and tells cargo to rerun when any page read changes. The file is only
/// rewritten when its content changes, so dependants do not rebuild needlessly.
///
/// Like the `api!` macro, it fails on errors (a build script should fail like the compiler)
/// and never on warnings; with a selection, only problems in the pages of the selected
/// endpoints and the types they reach count ([`crate::emit::Emitted::concerns`]). Every diagnostic
/// that counts is first passed to cargo as a `cargo:warning=` line, so users see them even
/// when the caller prints nothing; on errors nothing is written and all of them are returned.
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
            diagnostics.push(Diagnostic::new(
                codes::MISSING_PATH,
                "",
                1,
                1,
                "OUT_DIR is not set: write_to_out_dir runs inside a build script",
            ));
            return Err(diagnostics);
        }
    };
    let text = match loaded.api(None) {
        Ok(api) => {
            let emitted = file(api, opts);
            diagnostics.extend(emitted.diagnostics.iter().cloned());
            diagnostics.retain(|d| emitted.concerns(d));
            emitted.text
        }
        Err(_) => render_file(&proc_macro2::TokenStream::new(), &opts.command),
    };
    diag::sort(&mut diagnostics);
    for d in &diagnostics {
        println!("cargo:warning={}", cargo_line(d));
    }
    if diag::has_errors(&diagnostics) {
        return Err(diagnostics);
    }
    let path = out_dir.join(file_name);
    let unchanged = std::fs::read(&path).is_ok_and(|old| old == text.as_bytes());
    if !unchanged {
        if let Err(e) = std::fs::write(&path, text) {
            diagnostics.push(Diagnostic::new(
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

/// `d` on one line for `cargo:warning=`: `file:line:col: level[code]: message`, or without the
/// location when `d` is about no page (a selection entry, an option).
fn cargo_line(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Warning => "warning",
        Severity::Error => "error",
    };
    let message = d.message.replace('\n', " ");
    if d.file.is_empty() {
        format!("{level}[{}]: {message}", d.code)
    } else {
        format!("{}: {level}[{}]: {message}", d.location(), d.code)
    }
}
