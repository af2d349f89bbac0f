//! Binary content calls. A `$value` path answers the resource's content (a file, a photo, a
//! MIME message), not its JSON, so one typed answer cannot serve both: the `$value` paths of a
//! GET endpoint become a call of their own, named from the title plus `content` (`Get
//! attachment` on `.../attachments/{id}/$value` is `get_attachment_content`), answering the
//! runtime's `Content` (bytes and their `Content-Type`). An endpoint whose paths are all
//! `$value` paths keeps its call and answers `Content`.
//!
//! The split is the emitter's view only: the model, the mock and the contract runner keep one
//! endpoint per page, and [`Split::origin`] maps each emitted path back to the page's own
//! path index.

use crate::model::{
    Api, Endpoint, Example, ExampleResponse, Primitive, QuerySupport, Response, TypeRef,
};
use std::borrow::Cow;

/// The endpoints as the emitter sees them.
pub(crate) struct Split<'a> {
    pub api: Cow<'a, Api>,
    /// `origin[i][k]`: the index, among its page's paths, of path `k` of endpoint `i`.
    pub origin: Vec<Vec<usize>>,
}

/// `true` for a path that reads the content of what it names.
pub(crate) fn is_value_path(path: &str) -> bool {
    path.split('?')
        .next()
        .unwrap_or(path)
        .trim_end_matches('/')
        .ends_with("/$value")
}

/// The binary answer.
fn content_response() -> Vec<Response> {
    vec![Response {
        status: 200,
        ty: Some(TypeRef::single(Primitive::Stream.name())),
        headers: Vec::new(),
    }]
}

/// `api` with the `$value` paths of its GET endpoints split off (see the module docs).
pub(crate) fn split(api: &Api) -> Split<'_> {
    let splits = |e: &Endpoint| {
        e.method.eq_ignore_ascii_case("GET") && e.paths.iter().any(|p| is_value_path(p))
    };
    if !api.endpoints.iter().any(splits) {
        let origin = api
            .endpoints
            .iter()
            .map(|e| (0..e.paths.len()).collect())
            .collect();
        return Split {
            api: Cow::Borrowed(api),
            origin,
        };
    }
    let mut endpoints = Vec::with_capacity(api.endpoints.len() + 64);
    let mut origin = Vec::with_capacity(api.endpoints.len() + 64);
    for e in &api.endpoints {
        if !splits(e) {
            endpoints.push(copy(e));
            origin.push((0..e.paths.len()).collect());
            continue;
        }
        let (value, plain): (Vec<_>, Vec<_>) = e
            .paths
            .iter()
            .enumerate()
            .partition(|(_, p)| is_value_path(p));
        if !plain.is_empty() {
            let mut kept = copy(e);
            kept.paths = plain.iter().map(|(_, p)| (*p).clone()).collect();
            origin.push(plain.iter().map(|(i, _)| *i).collect());
            endpoints.push(kept);
        }
        let mut content = copy(e);
        content.paths = value.iter().map(|(_, p)| (*p).clone()).collect();
        if !plain.is_empty() {
            content.title = format!("{} content", e.title);
        }
        content.responses = content_response();
        // OData query options shape JSON; content has none.
        content.query_options = QuerySupport::None;
        origin.push(value.iter().map(|(i, _)| *i).collect());
        endpoints.push(content);
    }
    Split {
        api: Cow::Owned(Api {
            version: api.version.clone(),
            endpoints,
            types: api.types.clone(),
        }),
        origin,
    }
}

/// `e` for the emitter's view, with its examples cut to the status of their answer, the only
/// part of them the emitter reads (see [`super::requests::optional_body`]): copying them whole
/// was most of the copy (half of what `api!` selecting one endpoint of Graph v1.0 spent
/// emitting).
fn copy(e: &Endpoint) -> Endpoint {
    let Endpoint {
        name,
        title,
        description,
        method,
        paths,
        path_params,
        query,
        query_options,
        permissions,
        headers,
        request_body,
        responses,
        examples,
        source,
    } = e;
    Endpoint {
        name: name.clone(),
        title: title.clone(),
        description: description.clone(),
        method: method.clone(),
        paths: paths.clone(),
        path_params: path_params.clone(),
        query: query.clone(),
        query_options: query_options.clone(),
        permissions: permissions.clone(),
        headers: headers.clone(),
        request_body: request_body.clone(),
        responses: responses.clone(),
        examples: examples.iter().filter_map(answered).collect(),
        source: source.clone(),
    }
}

/// Example `x` reduced to the status its answer shows, if it shows one.
fn answered(x: &Example) -> Option<Example> {
    let status = x.response.as_ref()?.status?;
    Some(Example {
        name: None,
        request: None,
        response: Some(ExampleResponse::with_status(status)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_paths_become_a_content_call_and_keep_their_page_indexes() {
        let mut api = Api::default();
        api.endpoints.push(Endpoint::stub(
            "attachment-get",
            "Get attachment",
            "GET",
            &[
                "/me/a/{id}",
                "/me/a/{id}/$value",
                "/users/{u}/a/{id}",
                "/users/{u}/a/{id}/$value",
            ],
        ));
        api.endpoints.push(Endpoint::stub(
            "photo",
            "Get photo",
            "GET",
            &["/me/photo/$value"],
        ));
        api.endpoints
            .push(Endpoint::stub("put", "Put", "PUT", &["/me/photo/$value"]));
        let split = split(&api);
        let e = &split.api.endpoints;
        assert_eq!(e.len(), 4);
        assert_eq!(e[0].paths, ["/me/a/{id}", "/users/{u}/a/{id}"]);
        assert_eq!(e[1].title, "Get attachment content");
        assert_eq!(
            e[1].paths,
            ["/me/a/{id}/$value", "/users/{u}/a/{id}/$value"]
        );
        assert_eq!(split.origin[0], [0, 2]);
        assert_eq!(split.origin[1], [1, 3]);
        // All `$value`: the same call, answering content.
        assert_eq!(e[2].title, "Get photo");
        assert_eq!(
            e[2].responses[0].ty.as_ref().and_then(TypeRef::primitive),
            Some(Primitive::Stream)
        );
        // Not a GET: untouched.
        assert_eq!(e[3].responses, api.endpoints[2].responses);
        assert!(is_value_path("/x/$value/") && !is_value_path("/x/$values"));
    }
}
