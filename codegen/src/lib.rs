//! docspec-codegen: Graph-convention markdown API docs in, typed Rust clients out.
//!
//! The pipeline flows one way (see `ARCHITECTURE.md`):
//! markdown -> [`parse`] (one page at a time) -> [`resolve`] (a folder into one [`model::Api`])
//! -> [`emit`] (tokens, then formatted files). [`load`] is the front end that owns files and
//! versions; the CLI, [`build_script`] and the proc macros are thin shells over [`load`] and
//! [`emit`].

pub mod build_script;
#[cfg(feature = "mock")]
pub mod contract;
pub mod diag;
pub mod emit;
#[cfg(feature = "mock")]
pub mod lint;
pub mod load;
#[cfg(feature = "mock")]
pub mod mock;
pub mod model;
pub mod openapi;
pub mod parse;
pub mod resolve;
pub mod route;
#[cfg(test)]
mod tidy;
#[cfg(feature = "mock")]
pub(crate) mod validate;

pub use diag::{Diagnostic, Severity};
pub use load::{load, Loaded};
pub use model::Api;
