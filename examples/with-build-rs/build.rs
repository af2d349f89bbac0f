//! Generates the client for the create-participant endpoint of the project's `docs/` into
//! `$OUT_DIR/graph.rs`; cargo reruns this when a page changes.

use docspec_codegen::build_script::write_to_out_dir;
use docspec_codegen::emit::Options;

fn main() {
    let opts = Options {
        selection: Some(vec!["create_participant".to_string()]),
        command: "examples/with-build-rs/build.rs".to_string(),
        ..Options::default()
    };
    if let Err(diagnostics) = write_to_out_dir("../../docs", "graph.rs", &opts) {
        for d in &diagnostics {
            eprintln!("{}", d.render(None));
        }
        std::process::exit(1);
    }
}
