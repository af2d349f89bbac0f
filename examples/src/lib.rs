//! What the example apps share: where requests go ([`Target`]: the embedded mock server, or a
//! real Graph endpoint with `--base-url`), how a failure becomes the one line an app prints
//! ([`Failure`]), and how participants and operations are shown ([`show`]).
//!
//! The apps themselves are the binaries in `src/bin/`; each is what a user of the generated
//! `graph-calls` crate would write, with the plumbing kept here so the calls stay in view.

pub mod failure;
pub mod show;
pub mod target;

pub use failure::Failure;
pub use target::{Target, TargetArgs, EXAMPLE_CALL_ID, TOKEN_ENV};
