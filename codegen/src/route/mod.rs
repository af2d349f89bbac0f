//! Graph URLs and routes, in one place: the API version names, request targets taken apart
//! (host, version, path segments, query), percent-decoding, path templates (`/a/{id}/b`)
//! split into pieces and matched against paths, the function calls segments write
//! (`image(width={width})`), and the route key that tells two documented routes apart.
//!
//! The bottom layer: parse, resolve, emit, mock and contract all read URLs and templates the
//! same way through here, and this module depends on nothing of theirs (only std and
//! `percent-encoding`), so none of them reaches into another for it.

pub mod call;
pub mod key;
pub mod query;
pub mod template;
pub mod url;
pub mod version;

pub use key::route_key;
pub use query::{percent_decode, query_pairs};
pub use template::{match_template, pieces, Piece, Template};
pub use url::{RequestUrl, Target};
pub use version::{is_version, STABLE, VERSIONS};
