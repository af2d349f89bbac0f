//! What every docspec-generated Microsoft Graph client shares at run time.
//!
//! Generated crates depend only on this crate: it re-exports `serde`, `serde_json` and
//! `futures_core` so their code compiles without extra dependencies.
//!
//! * [`Client`] holds the HTTP connection pool, the base URL (see [`GRAPH_V1`] and the
//!   national-cloud constants), a [`TokenProvider`] and a [`RetryPolicy`]. It is cheap to clone.
//! * [`Request`] is one call: add query parameters, headers, [`QueryOptions`] and a JSON body,
//!   then pick how to read the answer (`send_json`, `send_empty`, `send_accepted`, `send_page`,
//!   `into_stream`).
//! * [`Batch`] sends many typed calls as JSON batches (`$batch`), each read back as its own
//!   typed answer or error.
//! * Every failure is one [`Error`]; a non-2xx answer carries a typed [`GraphError`].
//! * Throttling (429) and transient failures (503, 504) are retried, but a request the server
//!   may have acted on (POST, PATCH) is only re-sent when the server said it did not act.
//! * Secrets (tokens, client secrets) never appear in `Debug`, `Display`, logs or errors.
//!
//! ```no_run
//! use docspec_runtime::{Client, QueryOptions, StaticToken};
//! use futures_util::StreamExt;
//!
//! #[derive(serde::Deserialize)]
//! struct User {
//!     #[serde(rename = "displayName")]
//!     display_name: Option<String>,
//! }
//!
//! # async fn run() -> docspec_runtime::Result<()> {
//! let client = Client::builder()
//!     .token_provider(StaticToken::new("eyJ0eXAi..."))
//!     .build()?;
//! let opts = QueryOptions::default().select(&["displayName"]).top(50);
//! let mut users = client
//!     .request(reqwest::Method::GET, "/users")
//!     .options(&opts)
//!     .into_stream::<User>();
//! while let Some(user) = users.next().await {
//!     println!("{:?}", user?.display_name);
//! }
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod auth;
pub mod batch;
mod call;
mod client;
mod content;
pub mod contract;
mod delta;
mod encode;
mod error;
pub mod object;
mod paging;
pub mod poll;
pub mod poly;
mod query;
mod request;
mod retry;
mod string_enum;
mod target;
pub mod types;
pub mod upload;

pub use auth::{
    token_fn, AccessToken, ClientCredentials, StaticToken, TokenFn, TokenFuture, TokenProvider,
};
pub use batch::{Batch, BatchAnswers, BatchItem, BatchItemId, BatchResponse, BATCH_LIMIT};
pub use call::{supports, Answer, Call, NoContent, Operation, Permissions};
pub use client::{
    Client, ClientBuilder, GRAPH_BETA, GRAPH_CHINA_V1, GRAPH_GERMANY_V1, GRAPH_US_GOV_DOD_V1,
    GRAPH_US_GOV_V1, GRAPH_V1,
};
pub use content::{ByteStream, Content};
pub use delta::DeltaStream;
pub use encode::{encode_segment, fill_path};
pub use error::{Error, GraphError, GraphErrorBody, InnerError};
pub use paging::{Page, PageStream};
pub use poll::PollLimits;
pub use query::QueryOptions;
pub use request::{Accepted, Request};
pub use retry::RetryPolicy;
pub use upload::{LargeFileUpload, UploadStatus};

pub use bytes;
pub use futures_core;
pub use reqwest;
pub use reqwest::Method;
pub use serde;
pub use serde_json;

/// The result type of every fallible runtime call; the error defaults to [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
