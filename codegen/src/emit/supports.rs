//! What a call accepts beyond its required inputs: the OData query options and the optional
//! request headers its page documents, each as a trait of the runtime's `supports` module that
//! the operation's marker type implements (the runtime's `Call` then has the method).
//!
//! **The rule.** Query options come from the page's `Optional query parameters` section
//! ([`QuerySupport`]): the options it names, when it names some; when it says the endpoint
//! supports "the OData query parameters" without naming any, a GET answering a collection gets
//! `$select`, `$expand`, `$filter`, `$orderby`, `$top`, `$skip`, `$count` and `$search`, a GET
//! answering one item `$select` and `$expand`, and any other method none. Headers come from the
//! page's request headers table: every optional header the runtime knows (`Prefer`,
//! `If-Match`, `ConsistencyLevel`, ...; a name written with a value, `Prefer:
//! outlook.timezone`, counts as its name). What a page documents beyond these (`$apply`, a
//! header of its own) is listed in the call's docs and set through the generic `query_param`
//! and `header`, which every call has.

use crate::model::{Endpoint, QuerySupport};

/// One thing a call may accept: its name on the wire, the runtime trait that grants it and
/// the method of `Call` that sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Typed {
    pub wire: &'static str,
    pub trait_name: &'static str,
    pub method: &'static str,
}

const fn opt(wire: &'static str, trait_name: &'static str, method: &'static str) -> Typed {
    Typed {
        wire,
        trait_name,
        method,
    }
}

/// The OData query options the runtime types, in the order calls list them.
pub(crate) const QUERY: &[Typed] = &[
    opt("$select", "Select", "select"),
    opt("$expand", "Expand", "expand"),
    opt("$filter", "Filter", "filter"),
    opt("$orderby", "OrderBy", "orderby"),
    opt("$top", "Top", "top"),
    opt("$skip", "Skip", "skip"),
    opt("$count", "Count", "count"),
    opt("$search", "Search", "search"),
    opt("$format", "Format", "format"),
    opt("$skiptoken", "SkipToken", "skip_token"),
];

/// The request headers the runtime types.
pub(crate) const HEADERS: &[Typed] = &[
    opt("Accept", "Accept", "accept"),
    opt("Accept-Language", "AcceptLanguage", "accept_language"),
    opt("ConsistencyLevel", "ConsistencyLevel", "consistency_level"),
    opt("Content-Language", "ContentLanguage", "content_language"),
    opt("If-Match", "IfMatch", "if_match"),
    opt("If-None-Match", "IfNoneMatch", "if_none_match"),
    opt("Prefer", "Prefer", "prefer"),
    opt("Range", "Range", "range"),
    opt(
        "workbook-session-id",
        "WorkbookSessionId",
        "workbook_session_id",
    ),
];

/// How many options of [`QUERY`] a supporting GET gets when its page supports "the OData
/// query parameters": the first 8 for a collection, the first 2 for one item.
const ALL_FOR_COLLECTION: usize = 8;
const ALL_FOR_ITEM: usize = 2;

/// The query options the call of `e` types, in [`QUERY`] order; `collection` says whether it
/// answers a collection.
pub(crate) fn query_options(e: &Endpoint, collection: bool) -> Vec<Typed> {
    match &e.query_options {
        QuerySupport::Unsaid | QuerySupport::None => Vec::new(),
        QuerySupport::All if !e.method.eq_ignore_ascii_case("GET") => Vec::new(),
        QuerySupport::All => {
            let n = if collection {
                ALL_FOR_COLLECTION
            } else {
                ALL_FOR_ITEM
            };
            QUERY.iter().take(n).copied().collect()
        }
        QuerySupport::Listed(names) => QUERY
            .iter()
            .filter(|o| names.iter().any(|n| n.eq_ignore_ascii_case(o.wire)))
            .copied()
            .collect(),
    }
}

/// The listed options of `e` the runtime does not type (`$apply`, `$levels`), as written.
pub(crate) fn untyped_query_options(e: &Endpoint) -> Vec<&str> {
    match &e.query_options {
        QuerySupport::Listed(names) => names
            .iter()
            .filter(|n| !QUERY.iter().any(|o| n.eq_ignore_ascii_case(o.wire)))
            .map(String::as_str)
            .collect(),
        _ => Vec::new(),
    }
}

/// What the call of `e` can do beyond options and headers: `delta` for a delta function (a
/// GET answering a collection whose first path ends in a `delta` segment, `delta()` included),
/// `large_file_upload` for a POST whose first path ends in `createUploadSession`.
pub(crate) fn capabilities(e: &Endpoint, collection: bool) -> Vec<Typed> {
    let ends_in = |function: &str| {
        e.paths.first().is_some_and(|p| {
            let last = p.split('?').next().unwrap_or(p).trim_end_matches('/');
            let last = last.rsplit('/').next().unwrap_or(last);
            let name = last.split('(').next().unwrap_or(last).to_ascii_lowercase();
            name == function || name.ends_with(&format!(".{function}"))
        })
    };
    let is = |method: &str| e.method.eq_ignore_ascii_case(method);
    if collection && is("GET") && ends_in("delta") {
        vec![opt("delta", "Delta", "delta")]
    } else if is("POST") && ends_in("createuploadsession") {
        vec![opt(
            "createUploadSession",
            "UploadSession",
            "large_file_upload",
        )]
    } else {
        Vec::new()
    }
}

/// The typed header for a documented header name (`Prefer: outlook.timezone` is `Prefer`).
pub(crate) fn header(name: &str) -> Option<Typed> {
    let name = name.split(':').next().unwrap_or(name).trim();
    HEADERS
        .iter()
        .find(|h| h.wire.eq_ignore_ascii_case(name))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(method: &str, q: QuerySupport) -> Endpoint {
        let mut e = Endpoint::stub("x", "X", method, &["/x"]);
        e.query_options = q;
        e
    }

    fn methods(v: Vec<Typed>) -> Vec<&'static str> {
        v.into_iter().map(|o| o.method).collect()
    }

    #[test]
    fn listed_options_are_the_typed_ones_named_in_any_case() {
        let e = endpoint(
            "GET",
            QuerySupport::Listed(vec!["$orderBy".into(), "$apply".into(), "$select".into()]),
        );
        assert_eq!(methods(query_options(&e, true)), ["select", "orderby"]);
        assert_eq!(untyped_query_options(&e), ["$apply"]);
    }

    #[test]
    fn all_depends_on_the_answer_and_the_method() {
        let get = endpoint("GET", QuerySupport::All);
        assert_eq!(query_options(&get, true).len(), 8);
        assert_eq!(methods(query_options(&get, false)), ["select", "expand"]);
        assert!(query_options(&endpoint("POST", QuerySupport::All), false).is_empty());
        assert!(query_options(&endpoint("GET", QuerySupport::None), true).is_empty());
    }

    #[test]
    fn delta_functions_can_sync() {
        let delta = |path: &str, collection: bool| {
            let e = Endpoint::stub("x", "X", "GET", &[path]);
            methods(capabilities(&e, collection))
        };
        assert_eq!(delta("/users/delta", true), ["delta"]);
        assert_eq!(delta("/me/drive/root/delta()", true), ["delta"]);
        assert_eq!(delta("/groups/microsoft.graph.delta()", true), ["delta"]);
        assert!(delta("/users/delta", false).is_empty());
        assert!(delta("/users/{id}/deltas", true).is_empty());
        assert!(delta("/users", true).is_empty());
    }

    #[test]
    fn upload_session_functions_can_upload() {
        let upload = |method: &str, path: &str| {
            let e = Endpoint::stub("x", "X", method, &[path]);
            methods(capabilities(&e, false))
        };
        let post = |path| upload("POST", path);
        assert_eq!(
            post("/me/messages/{id}/attachments/createUploadSession"),
            ["large_file_upload"]
        );
        assert_eq!(
            post("/drive/items/{id}/microsoft.graph.createUploadSession()"),
            ["large_file_upload"]
        );
        assert!(upload("GET", "/x/createUploadSession").is_empty());
        assert!(post("/x/createUploadSessions").is_empty());
    }

    #[test]
    fn headers_by_name_with_or_without_a_value() {
        assert_eq!(
            header("prefer: outlook.timezone").map(|h| h.method),
            Some("prefer")
        );
        assert_eq!(header("If-Match").map(|h| h.trait_name), Some("IfMatch"));
        assert_eq!(header("X-Custom"), None);
    }
}
