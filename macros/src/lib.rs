//! The typed client docspec generates, at compile time, from markdown API docs.
//!
//! ```ignore
//! mod graph {
//!     docspec_macros::api! {
//!         docs = "../docs",                      // folder (or page), relative to Cargo.toml
//!         endpoints = ["create_participant"],    // optional: only these, and the types they use
//!         version = "v1.0",                      // optional: which version of the folder
//!         runtime = ::docspec_runtime,           // optional: where the runtime is
//!         allow_errors = false,                  // optional: true to build despite errors
//!     }
//! }
//!
//! let created: graph::Participant = graph::create_participant(&client, "call-id", &body).await?;
//! ```
//!
//! `api!` expands to items (structs, enums, one `async fn` per endpoint path), so put it in a
//! module of its own. The expansion is exactly what `docspec_codegen::emit::tokens` gives for
//! the same docs and selection: the CLI, `build.rs` (`docspec_codegen::build_script::write_to_out_dir`)
//! and this macro generate the same code.
//!
//! Arguments:
//! * `docs` (required): a docs folder or a single page, relative to the folder of the crate's
//!   `Cargo.toml`.
//! * `endpoints`: which endpoints to generate, each named by its page (`"call-post-participants"`),
//!   by its function (`"create_participant"`), or by a request line
//!   (`"POST /app/calls/{id}/participants"`; placeholder names do not matter). Only the types
//!   these endpoints reach are generated with them, which keeps compile times down. Without
//!   it, everything is generated. Navigation properties are not followed: one whose type the
//!   selection does not reach otherwise is no field, and its JSON (sent with `$expand`) stays
//!   in `additional_properties`; select an endpoint answering that type to have it typed.
//! * `version`: `"v1.0"`, `"beta"`, ... when the folder holds several; by default `v1.0` if
//!   present, else the first.
//! * `runtime`: the path of docspec-runtime as the calling crate sees it, for crates that
//!   re-export it (default `::docspec_runtime`, which must then be a dependency).
//!
//! Errors in the docs fail the build, all of them, each as its own `compile_error!` on the
//! `docs` argument, starting with the page's `path/file.md:LINE:COL` and saying what is wrong
//! and how to fix it. With `endpoints`, only errors in the pages of the selected endpoints and
//! of the types they reach count: a broken page elsewhere in the docs is not this build's
//! business. An entry of `endpoints` that is not in the docs is reported on that entry, with
//! the closest names. Warnings never fail the build (run `docspec check` to see them).
//! `allow_errors = true` lets errors in the docs pass too, for docs you cannot fix (a copy of
//! Graph's own reference, where a few hundred examples are not valid JSON): what the broken
//! pages still say is generated, and `docspec lint` lists the errors. An entry of `endpoints`
//! that names nothing, or a `version` the docs do not have, still fails.
//!
//! Cargo rebuilds the crate when a page read changes (the expansion `include_bytes!`s every
//! page). A page *added* to the folder is only seen on the next rebuild for another reason:
//! touch the file holding `api!`, or use the `build.rs` route, which watches the folder.
//!
//! Testing hook: when `DOCSPEC_MANIFEST_DIR` is set, `docs` is relative to it instead of
//! `CARGO_MANIFEST_DIR` (trybuild compiles tests from a copy of the crate elsewhere).

mod expand;
mod settings;
#[cfg(test)]
mod tests;

/// Generates a typed client from markdown API docs; see the [crate] docs for the arguments.
#[proc_macro]
pub fn api(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let mut settings = syn::parse_macro_input!(input as settings::Settings);
    settings.manifest_dir = manifest_dir();
    expand::expand(&settings)
        .unwrap_or_else(expand::to_compile_errors)
        .into()
}

fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("DOCSPEC_MANIFEST_DIR")
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(Into::into)
        .unwrap_or_default()
}
