//! What `api!` generates, used as a user's crate uses it: each module below is one selection
//! over the fixtures in `tests/fixtures/`, and compiling this file is the test that the
//! selection expands to code that builds (a selection that should fail to compile is a
//! trybuild case in `ui.rs`, which needs a crate of its own for each). Docs paths are relative
//! to this crate's folder (`CARGO_MANIFEST_DIR`).
//!
//! These cases were trybuild `pass` cases; here they compile with the rest of the workspace's
//! tests, so trybuild only checks its crates (a `pass` case made it build and link every
//! dependency, and run each case).

// Test and measurement code fails by panicking; the workspace denies it only in the product.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use docspec_runtime::serde_json::json;
use docspec_runtime::{Client, Operation, Permissions, QueryOptions, Result};

/// One endpoint selected by method and path: its call and the types it returns are there.
mod one_endpoint {
    docspec_macros::api! {
        docs = "tests/fixtures/shelf",
        endpoints = ["GET /shelves/{id}/books/{book-id}"],
    }
}

/// The options a page documents are methods of its call: `book-get.md` documents `$select`,
/// `shelf-post-books.md` the `Prefer` header. The permissions table is data.
mod documented_options {
    docspec_macros::api! { docs = "tests/fixtures/shelf", endpoints = ["add_book", "get_book"] }
}

/// `add book` has errors (a broken link, invalid example JSON) and is selected, with
/// everything else; `allow_errors = true` builds what the pages still say, as for docs one
/// cannot fix.
mod allowed_errors {
    docspec_macros::api! { docs = "tests/fixtures/several", allow_errors = true }
}

/// `add book` has errors, but only `get book` is selected: its page and the types it reaches
/// are fine, so the build goes on.
mod unselected_errors {
    docspec_macros::api! { docs = "tests/fixtures/several", endpoints = ["get_book"] }
}

/// The docs have a warning (`Shelfmark` names no type; the property becomes `Json`) and no
/// error: the whole client is generated and the build goes on.
mod warnings {
    docspec_macros::api! { docs = "tests/fixtures/warning" }
}

/// Calls as an app writes them: compiled, never run (no server answers them here).
mod calls {
    #![allow(dead_code)]
    use super::*;

    /// Optional inputs are chained; `.await` sends, as `.send().await` does.
    async fn read_one(client: Client) -> Result<one_endpoint::Book> {
        let shelves = one_endpoint::Graph::new(client);
        let options = QueryOptions::default().top(1);
        shelves.get_book("oak-3", "b-0192").options(&options).await
    }

    async fn read_selected(
        shelves: &documented_options::Graph,
    ) -> Result<documented_options::Book> {
        shelves
            .get_book("oak-3", "b-0192")
            .select(&["title", "pageCount"])
            .await
    }

    async fn add_minimal(
        shelves: &documented_options::Graph,
        book: &documented_options::Book,
    ) -> Result<documented_options::Book> {
        shelves
            .add_book("oak-3", "brass-7", book)
            .prefer("return=minimal")
            .await
    }

    /// What the docs do not describe can still be sent: any query parameter or header, and
    /// query options, on any call.
    async fn add_with_extras(
        shelves: &documented_options::Graph,
        book: &documented_options::Book,
    ) -> Result<documented_options::Book> {
        shelves
            .add_book("oak-3", "brass-7", book)
            .prefer("return=representation")
            .query_param("dryRun", "true")
            .header("X-Trace", "42")
            .options(&QueryOptions::default().param("$format", "json"))
            .send()
            .await
    }

    async fn read_with_extras(
        shelves: &documented_options::Graph,
    ) -> Result<documented_options::Book> {
        shelves
            .get_book("oak-3", "b-0192")
            .query_param("$select", "title")
            .await
    }
}

#[test]
fn a_model_starts_empty_and_sends_only_what_is_set() {
    let book = one_endpoint::Book {
        title: Some("A Field Guide to Lichens".to_string()),
        ..Default::default()
    };
    assert_eq!(book.page_count, None);
    let wire = docspec_runtime::serde_json::to_value(&book).unwrap();
    assert_eq!(wire, json!({"title": "A Field Guide to Lichens"}));
}

#[test]
fn a_call_carries_its_pages_permissions_table() {
    // `book-get.md`: Shelves.Read delegated (work or school), none personal, Shelves.Read.All
    // as an application.
    assert_eq!(
        documented_options::ops::GetBook::PERMISSIONS,
        Permissions::new(&["Shelves.Read"], &[], &["Shelves.Read.All"])
    );
}

/// Compiled, never run: with errors in pages the selection leaves out, or allowed, the calls
/// and types are still generated.
#[allow(dead_code)]
fn selections_with_errors_outside_or_allowed_still_generate_their_calls() {
    let _ = allowed_errors::Graph::get_book;
    let _ = allowed_errors::Graph::add_book;
    let _ = allowed_errors::Book::default();
    let _ = unselected_errors::Graph::get_book;
    let _ = unselected_errors::Book::default();
}

#[test]
fn a_property_whose_type_the_docs_do_not_name_is_json() {
    let _ = warnings::Graph::add_book;
    let _ = warnings::Graph::get_book;
    let book = warnings::Book {
        shelfmark: Some(json!({"hall": "Q", "shelf": 17})),
        ..Default::default()
    };
    assert_eq!(book.page_count, None);
    // Any JSON goes to the wire as it is, and comes back the same.
    let wire = docspec_runtime::serde_json::to_value(&book).unwrap();
    assert_eq!(wire, json!({"shelfmark": {"hall": "Q", "shelf": 17}}));
    let back: warnings::Book = docspec_runtime::serde_json::from_value(wire).unwrap();
    assert_eq!(back.shelfmark, book.shelfmark);
}
