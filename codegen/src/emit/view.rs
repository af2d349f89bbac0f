//! The endpoints as the emitter sees them: a page's paths that one call cannot serve are split
//! into calls of their own. The split is the emitter's view only: the model, the mock and the
//! contract runner keep one endpoint per page, and [`Split::origin`] maps each emitted path
//! back to the page's own path index.
//!
//! **Binary content.** A `$value` path answers the resource's content (a file, a photo, a
//! MIME message), not its JSON, so one typed answer cannot serve both: the `$value` paths of a
//! GET endpoint become a call of their own, named from the title plus `content` (`Get
//! attachment` on `.../attachments/{id}/$value` is `get_attachment_content`), answering the
//! runtime's `Content` (bytes and their `Content-Type`). An endpoint whose paths are all
//! `$value` paths keeps its call and answers `Content`.
//!
//! **Overloads.** Paths whose last segment calls a function with other parameters
//! (`.../delta` and `.../delta(token='{token}')`, `image`, `image(width={width})` and
//! `image(width={width},height={height})`) are overloads of one function, and each set of
//! parameters becomes a call of its own: the one with the fewest keeps the name, the others
//! are named after it plus `with` and the parameters it lacks ([`name_suffix`]:
//! `delta_drive_item_with_token`, `image_chart_with_width_and_height`). Kept in one call, they
//! were variants of its path enum told apart by number (`Path5`).

use super::context::Ctx;
use super::requests::EndpointNames;
use crate::model::{
    Api, Endpoint, Example, ExampleResponse, Primitive, QuerySupport, Response, TypeRef,
};
use crate::route::call;
use std::borrow::Cow;

/// The endpoints as the emitter sees them.
pub(crate) struct Split<'a> {
    pub api: Cow<'a, Api>,
    /// `origin[i][k]`: the index, among its page's paths, of path `k` of endpoint `i`.
    pub origin: Vec<Vec<usize>>,
    /// `overload_of[i]`: for an overload that does not keep the name, the endpoint that does
    /// and the parameters `i` adds to it.
    pub overload_of: Vec<Option<(usize, Vec<String>)>>,
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

/// `api` with the `$value` paths of its GET endpoints and the overloads of its functions split
/// off (see the module docs).
pub(crate) fn split(api: &Api) -> Split<'_> {
    let groups: Vec<Vec<Group>> = api.endpoints.iter().map(groups).collect();
    let splits = |g: &[Group]| g.len() > 1 || g.first().is_some_and(|g| g.content);
    if !groups.iter().any(|g| splits(g)) {
        let origin = api
            .endpoints
            .iter()
            .map(|e| (0..e.paths.len()).collect())
            .collect();
        return Split {
            api: Cow::Borrowed(api),
            origin,
            overload_of: vec![None; api.endpoints.len()],
        };
    }
    let mut endpoints = Vec::with_capacity(api.endpoints.len() + 64);
    let mut origin = Vec::with_capacity(api.endpoints.len() + 64);
    let mut overload_of = Vec::with_capacity(api.endpoints.len() + 64);
    for (e, groups) in api.endpoints.iter().zip(groups) {
        if !splits(&groups) {
            endpoints.push(copy(e));
            origin.push((0..e.paths.len()).collect());
            overload_of.push(None);
            continue;
        }
        let several = groups.len() > 1;
        // The parameters of the overload that keeps the name (the first group).
        let plain = groups
            .first()
            .map(|g| g.parameters.clone())
            .unwrap_or_default();
        let keeper = endpoints.len();
        for group in groups {
            let mut view = copy(e);
            view.paths = group
                .paths
                .iter()
                .filter_map(|&i| e.paths.get(i).cloned())
                .collect();
            let mut adds = None;
            if group.content {
                if several {
                    view.title = format!("{} content", e.title);
                }
                view.responses = content_response();
                // OData query options shape JSON; content has none.
                view.query_options = QuerySupport::None;
            } else {
                let extra: Vec<&str> = group
                    .parameters
                    .iter()
                    .filter(|p| !plain.contains(p))
                    .copied()
                    .collect();
                if !extra.is_empty() {
                    adds = Some((keeper, extra.iter().map(|p| p.to_string()).collect()));
                }
            }
            endpoints.push(view);
            origin.push(group.paths);
            overload_of.push(adds);
        }
    }
    Split {
        api: Cow::Owned(Api {
            version: api.version.clone(),
            endpoints,
            types: api.types.clone(),
        }),
        origin,
        overload_of,
    }
}

/// The words the call name of an overload ends with (`with width and height`), from what
/// [`Split::overload_of`] says of it.
pub(crate) fn name_suffix(overload: &Option<(usize, Vec<String>)>) -> Option<String> {
    let (_, adds) = overload.as_ref()?;
    Some(format!("with {}", adds.join(" and ")))
}

/// The call an overload's call overloads, as its docs name it.
pub(crate) struct Overloaded {
    /// The method of the call that keeps the name.
    pub method: String,
    /// Whether the docs link that method: it is there whenever the overload is.
    pub linked: bool,
    /// The parameters the overload passes that it does not.
    pub adds: Vec<String>,
}

/// What endpoint `i`'s call overloads, if it is an overload that does not keep the name;
/// `linked(k)` says whether the call of endpoint `k` (the one `i` overloads) is there
/// whenever `i`'s is.
pub(crate) fn overloaded(
    ctx: &Ctx<'_>,
    i: usize,
    names: &[EndpointNames],
    linked: impl Fn(usize) -> bool,
) -> Option<Overloaded> {
    let (k, adds) = ctx.overload_of.get(i)?.as_ref()?;
    Some(Overloaded {
        method: names.get(*k)?.method.clone(),
        linked: linked(*k),
        adds: adds.clone(),
    })
}

/// Paths of one endpoint that one call serves.
struct Group<'e> {
    /// Their indexes among the endpoint's paths.
    paths: Vec<usize>,
    /// `$value` paths of a GET.
    content: bool,
    /// The parameters their last segment calls its function with ([`call_parameters`]).
    parameters: Vec<&'e str>,
}

/// The paths of `e` by the call that serves them: one group per overload, the one with the
/// fewest parameters first, then its content paths.
fn groups(e: &Endpoint) -> Vec<Group<'_>> {
    let get = e.method.eq_ignore_ascii_case("GET");
    let mut out: Vec<Group<'_>> = Vec::new();
    let mut content = Vec::new();
    for (i, p) in e.paths.iter().enumerate() {
        if get && is_value_path(p) {
            content.push(i);
            continue;
        }
        let parameters = call_parameters(p);
        match out.iter_mut().find(|g| g.parameters == parameters) {
            Some(g) => g.paths.push(i),
            None => out.push(Group {
                paths: vec![i],
                content: false,
                parameters,
            }),
        }
    }
    // The overload with the fewest parameters keeps the name (a stable sort keeps page order
    // among equals).
    out.sort_by_key(|g| g.parameters.len());
    if !content.is_empty() {
        out.push(Group {
            paths: content,
            content: true,
            parameters: Vec::new(),
        });
    }
    out
}

/// The parameter names the last segment of `path` calls its function with, in order
/// ([`call::parameter_names`]).
fn call_parameters(path: &str) -> Vec<&str> {
    call::parameter_names(path.rsplit('/').next().unwrap_or_default())
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

    #[test]
    fn overloads_become_calls_named_by_the_parameters_they_add() {
        let mut api = Api::default();
        api.endpoints.push(Endpoint::stub(
            "chart-image",
            "chart: Image",
            "GET",
            &[
                "/charts/{id}/image(width={width})",
                "/charts/{id}/image",
                "/me/charts/{id}/image",
                "/charts/{id}/image(width={width},height={height})",
                "/charts/{id}/image/$value",
            ],
        ));
        api.endpoints.push(Endpoint::stub(
            "range-get",
            "Get range",
            "GET",
            &[
                "/sheets/{id}/range(address='{address}')/format",
                "/columns/{id}/range/format",
            ],
        ));
        let split = split(&api);
        let paths: Vec<&[String]> = split.api.endpoints.iter().map(|e| &e.paths[..]).collect();
        assert_eq!(
            paths,
            [
                &[
                    "/charts/{id}/image".to_string(),
                    "/me/charts/{id}/image".to_string()
                ][..],
                &["/charts/{id}/image(width={width})".to_string()][..],
                &["/charts/{id}/image(width={width},height={height})".to_string()][..],
                &["/charts/{id}/image/$value".to_string()][..],
                // Only the last segment's call makes an overload.
                &api.endpoints[1].paths[..],
            ]
        );
        let suffixes: Vec<Option<String>> = split.overload_of.iter().map(name_suffix).collect();
        assert_eq!(
            suffixes,
            [
                None,
                Some("with width".to_string()),
                Some("with width and height".to_string()),
                None,
                None
            ]
        );
        assert_eq!(split.origin[..4], [vec![1, 2], vec![0], vec![3], vec![4]]);
        let width = vec!["width".to_string()];
        assert_eq!(split.overload_of[1], Some((0, width)));
        assert_eq!(split.overload_of[3], None, "content is no overload");
        assert_eq!(split.api.endpoints[3].title, "chart: Image content");
        assert_eq!(call_parameters("/sites('{id}')"), Vec::<&str>::new());
    }
}
