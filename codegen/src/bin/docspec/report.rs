//! Printing diagnostics for people (rustc style) and tools (JSON).

use docspec_codegen::diag::Diagnostic;
use std::collections::HashMap;
use std::path::Path;

/// Prints every diagnostic to stderr like rustc, with the source line read from `root`.
pub fn print_diagnostics(root: &Path, diags: &[Diagnostic]) {
    let mut sources: HashMap<&str, Option<String>> = HashMap::new();
    for d in diags {
        let text = sources.entry(d.file.as_str()).or_insert_with(|| {
            let bytes = std::fs::read(root.join(&d.file)).ok()?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        });
        eprintln!("{}", d.render(text.as_deref()));
    }
}
