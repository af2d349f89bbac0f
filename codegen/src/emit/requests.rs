//! Names for every endpoint's call, and what a call sends and answers; the call itself (a
//! method on the generated client and its request builder) is emitted by [`super::builders`].
//!
//! **One call per endpoint.** The method is named by the rule of [`super::call_names`]: from
//! the page title, verb first, without articles (`participant: invite` ->
//! `invite_participant`), collisions told apart by path or page, not by a number. When the page lists alternative paths, the method takes a generated
//! enum (`CreateParticipantPath`) whose variants carry the ids each path needs, named by what
//! sets the path apart ([`super::paths::path_names`]): `App { call_id }`,
//! `Application { application_id, call_id }`.
//!
//! The method returns the runtime's `Call<T, Op>`: `T` is what it answers, `Op` the
//! operation's marker type (`ops::CreateParticipant`). Required inputs (path ids, headers the
//! page marks required, the body) are arguments of the method; optional ones are chainable
//! methods of the `Call`, granted by the traits the marker implements ([`super::supports`]);
//! it ends in `.send().await` (or `.await`), and for collections also in `.stream()` (every
//! item, following `@odata.nextLink`).

use super::call_names;
use super::context::{claim_named, Ctx};
use super::docs;
use super::models::{self, FieldSpec};
use super::names::{self, Case, Scope};
use super::paths;
use crate::diag::{codes, Diagnostic};
use crate::model::{Endpoint, RequestBody, Response, TypeRef};
use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, HashMap};

/// Names given to one endpoint's call, path enum and body struct.
#[derive(Clone, Debug, Default)]
pub(crate) struct EndpointNames {
    /// The method on the generated client (`create_participant`).
    pub method: String,
    /// The operation's marker type in the `ops` module (`CreateParticipant`): the `Op` of the
    /// `Call` the method returns.
    pub op: String,
    /// When the endpoint has alternative paths: the enum choosing one
    /// (`CreateParticipantPath`) and its variant per path, in path order.
    pub path_enum: Option<(String, Vec<String>)>,
    /// The body struct for a parameter-table body.
    pub body_struct: Option<String>,
}

/// The name of the generated client type, claimed before any endpoint is named.
pub(crate) const CLIENT: &str = "Graph";

/// Names every endpoint's call (in `api.endpoints` order), builder, path enum and body
/// struct, so names do not depend on which endpoints are selected. Returns the client type's
/// name too ([`CLIENT`], unless a model took it).
pub(crate) fn name_endpoints(ctx: &mut Ctx<'_>) -> (String, Vec<EndpointNames>) {
    let client = ctx.type_scope.claim(CLIENT, Case::Camel).text;
    let mut scope = Scope::new();
    // The `ops` module is a namespace of its own; `Call` and the runtime traits its markers
    // implement are named by path, so only the markers compete.
    let mut ops = Scope::new();
    // The client's own methods.
    for taken in ["new", "client"] {
        scope.take(taken);
    }
    // The names every endpoint wants (see [`call_names`]), to steer a renamed call clear of
    // the name a later endpoint wants as well.
    let wanted: Vec<String> = ctx
        .api
        .endpoints
        .iter()
        .enumerate()
        .map(
            |(i, e)| match ctx.overload_of.get(i).and_then(super::view::name_suffix) {
                Some(suffix) => format!("{} {suffix}", call_names::wanted(e)),
                _ => call_names::wanted(e),
            },
        )
        .collect();
    let snake = |i: usize, words: &str| names::convert(words, Case::Snake, "endpoint", i + 1).text;
    let plain_names: Vec<String> = wanted
        .iter()
        .enumerate()
        .map(|(i, w)| snake(i, w))
        .collect();
    // The order names are handed out in: the page with the fewest words in its name first
    // (`user-list` before `intune-devices-user-list`, its copy in a product's folder), then
    // model order; see [`call_names`], rule 4.
    let mut order: Vec<usize> = (0..ctx.api.endpoints.len()).collect();
    order.sort_by_key(|&i| {
        let words = ctx
            .api
            .endpoints
            .get(i)
            .map_or(0, |e| call_names::page_word_count(&e.name));
        (words, i)
    });
    let mut rank = vec![0; order.len()];
    for (r, &i) in order.iter().enumerate() {
        if let Some(slot) = rank.get_mut(i) {
            *slot = r;
        }
    }
    let mut wanted_by: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in &order {
        if let (Some(plain), Some(&r)) = (plain_names.get(i), rank.get(i)) {
            wanted_by.entry(plain.as_str()).or_insert(r);
        }
    }
    let mut out: Vec<Option<EndpointNames>> = vec![None; ctx.api.endpoints.len()];
    // The endpoint each method name went to.
    let mut named_by: HashMap<String, usize> = HashMap::new();
    for &i in &order {
        let (Some(e), Some(raw), Some(plain), Some(&my_rank)) = (
            ctx.api.endpoints.get(i),
            wanted.get(i),
            plain_names.get(i),
            rank.get(i),
        ) else {
            continue;
        };
        let mut raw = raw.clone();
        if scope.is_taken(plain) {
            let keeper = named_by
                .get(plain.as_str())
                .and_then(|&k| ctx.api.endpoints.get(k));
            let free = call_names::qualified(e, &raw, keeper.map(|k| k.name.as_str()))
                .into_iter()
                .find(|q| {
                    let text = snake(i, q);
                    !scope.is_taken(&text)
                        && wanted_by.get(text.as_str()).is_none_or(|&w| w >= my_rank)
                });
            if let Some(q) = free {
                let keeper = keeper.map_or(String::new(), |k| {
                    format!(" (the call of {})", k.source.file)
                });
                ctx.diags.push(Diagnostic::at(
                    codes::NAME_COLLISION,
                    &e.source,
                    format!(
                        "endpoint `{}` would be named `{plain}`, which is taken{keeper}; named from its path or page instead",
                        e.title
                    ),
                ));
                raw = q;
            }
        }
        let method = claim_named(
            &mut scope,
            &mut ctx.diags,
            &raw,
            Case::Snake,
            "endpoint",
            i + 1,
            &e.source,
            "endpoint",
        );
        let camel = method.to_upper_camel_case();
        let type_name = |ctx: &mut Ctx<'_>, wanted: String, what: &str| {
            claim_named(
                &mut ctx.type_scope,
                &mut ctx.diags,
                &wanted,
                Case::Camel,
                "Request",
                i + 1,
                &e.source,
                what,
            )
        };
        let op = claim_named(
            &mut ops,
            &mut ctx.diags,
            &camel,
            Case::Camel,
            "Op",
            i + 1,
            &e.source,
            "operation marker",
        );
        let path_enum = (e.paths.len() > 1).then(|| {
            let name = type_name(ctx, format!("{camel}Path"), "path enum");
            let mut variants = Scope::new();
            let list = paths::path_names(&e.paths)
                .iter()
                .enumerate()
                .map(|(p, wanted)| {
                    claim_named(
                        &mut variants,
                        &mut ctx.diags,
                        wanted,
                        Case::Camel,
                        "Path",
                        p + 1,
                        &e.source,
                        "path variant",
                    )
                })
                .collect();
            (name, list)
        });
        let body_struct = match &e.request_body {
            Some(RequestBody::Parameters { parameters, .. }) if !parameters.is_empty() => {
                Some(type_name(ctx, format!("{camel}Body"), "request body"))
            }
            _ => None,
        };
        named_by.entry(method.clone()).or_insert(i);
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(EndpointNames {
                method,
                op,
                path_enum,
                body_struct,
            });
        }
    }
    (
        client,
        out.into_iter().map(Option::unwrap_or_default).collect(),
    )
}

/// What a call answers, from the first documented success response.
pub(crate) enum Answer {
    Empty,
    Accepted,
    Json(TokenStream),
    Page(TokenStream),
    /// A body or none, as the docs say both happen (see [`optional_body`]): `Option<T>`.
    Maybe(TokenStream),
    /// Bytes, not JSON: a `$value` path (see [`super::view`]).
    Content,
}

pub(crate) fn primary_response(e: &Endpoint) -> Option<&Response> {
    e.responses
        .iter()
        .find(|r| (200..300).contains(&r.status))
        .or_else(|| e.responses.first())
}

/// A stream twin needs a GET whose answer is a collection, and no body: a body could fail to
/// encode, and a stream has no `Result` to report that in.
pub(crate) fn streams(e: &Endpoint) -> bool {
    e.method.eq_ignore_ascii_case("GET")
        && e.request_body.is_none()
        && primary_response(e)
            .and_then(|r| r.ty.as_ref())
            .is_some_and(|t| t.collection)
        && !matches!(primary_response(e).map(|r| r.status), Some(202 | 204))
}

pub(crate) fn answer(ctx: &Ctx<'_>, e: &Endpoint) -> Answer {
    let rt = &ctx.rt;
    if let Some(t) = optional_body(e) {
        return Answer::Maybe(ctx.rust_type(t, false));
    }
    match primary_response(e) {
        None if e.method.eq_ignore_ascii_case("DELETE") => Answer::Empty,
        None => Answer::Json(quote!(#rt::serde_json::Value)),
        Some(r) if r.status == 204 => Answer::Empty,
        Some(r) if r.status == 202 => Answer::Accepted,
        Some(Response { ty: Some(t), .. })
            if !t.collection && t.primitive() == Some(crate::model::Primitive::Stream) =>
        {
            Answer::Content
        }
        Some(Response { ty: Some(t), .. }) if t.collection => Answer::Page(ctx.item_type(t)),
        Some(Response { ty: Some(t), .. }) => Answer::Json(ctx.rust_type(t, false)),
        Some(_) => Answer::Json(quote!(#rt::serde_json::Value)),
    }
}

/// The type of the body a call answers with or without, as its page says both happen: a
/// success answer with one JSON value (not a collection, not bytes), where the page also
/// documents `204 No Content` (Planner's updates: `204`, or `200` and the task with `Prefer:
/// return=representation`) or one of its examples answers `204` (an update whose text says
/// `200` and the object). Typed as the value alone, such a call would fail on the answer
/// without a body; as `NoContent`, it would drop the body.
pub(crate) fn optional_body(e: &Endpoint) -> Option<&TypeRef> {
    let typed = e
        .responses
        .iter()
        .find(|r| (200..300).contains(&r.status) && !matches!(r.status, 202 | 204))?
        .ty
        .as_ref()?;
    if typed.collection || typed.primitive() == Some(crate::model::Primitive::Stream) {
        return None;
    }
    let documented = e.responses.iter().any(|r| r.status == 204);
    let shown = e
        .examples
        .iter()
        .filter_map(|x| x.response.as_ref())
        .any(|r| r.status == Some(204));
    (documented || shown).then_some(typed)
}

/// The body struct of endpoint `e`, when its body is a parameter table.
///
/// For PATCH every field is an `Option` left out when `None`, whatever the docs say is
/// required: a PATCH changes exactly the members it sends, so a plain field would send its
/// `Default` (`accountEnabled: false`) for every value the caller did not set.
pub(crate) fn body_struct(ctx: &mut Ctx<'_>, e: &Endpoint, name: &str) -> TokenStream {
    let Some(RequestBody::Parameters { parameters, .. }) = &e.request_body else {
        return TokenStream::new();
    };
    let partial = e.method.eq_ignore_ascii_case("PATCH");
    let fields: Vec<FieldSpec> = parameters
        .iter()
        .map(|p| FieldSpec {
            wire: p.name.clone(),
            shape: ctx.shape(&p.ty, false),
            required: !partial && p.required && models::has_default(&p.ty),
            description: p.description.clone(),
            gate: TokenStream::new(),
        })
        .collect();
    let mut about = vec![format!("The request body of {}.", docs::code(&e.title))];
    if partial {
        about
            .push("Only the fields that are `Some` are sent; the others keep their values.".into());
    }
    about.push(format!("Source: {}", e.source.file));
    models::struct_item(ctx, name, &about, &fields, &e.source, true)
}

/// Whether endpoints with the (uppercase) HTTP method `m` get a call at all.
pub(crate) fn generates_method(m: &str) -> bool {
    matches!(
        m,
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"
    )
}

/// `true` when the page documents the body as bytes (`Edm.Stream`: a file, an image): the
/// call takes a content type and the bytes instead of a JSON body.
pub(crate) fn binary_body(e: &Endpoint) -> bool {
    e.request_body.as_ref().is_some_and(RequestBody::is_binary)
}

/// The type the call of `e` takes its body as (behind a `&`), if they take a JSON one.
pub(crate) fn body_param_type(
    ctx: &Ctx<'_>,
    e: &Endpoint,
    names: &EndpointNames,
) -> Option<TokenStream> {
    if binary_body(e) {
        return None;
    }
    match (&e.request_body, &names.body_struct) {
        (Some(RequestBody::Parameters { .. }), Some(name)) => {
            let id = names::ident(name);
            let model = &ctx.model_prefix;
            Some(quote!(#model #id))
        }
        (Some(RequestBody::Type { ty }), _) => Some(body_type(ctx, ty)),
        _ => None,
    }
}

/// The body parameter's type: `T` for a resource, `[T]` for a collection, `str` for a string.
fn body_type(ctx: &Ctx<'_>, ty: &TypeRef) -> TokenStream {
    let item = ctx.item_type(ty);
    if ty.collection {
        quote!([#item])
    } else if ty.primitive() == Some(crate::model::Primitive::String) {
        quote!(str)
    } else {
        item
    }
}

/// The permissions paragraph of a call's docs: the least privileged permission of each kind,
/// and where the whole table is (`marker`, the operation's marker type, as a link target).
pub(crate) fn permissions_line(e: &Endpoint, marker: &str) -> String {
    let p = &e.permissions;
    let kinds = [
        ("delegated, work or school", &p.delegated_work),
        ("delegated, personal account", &p.delegated_personal),
        ("application", &p.application),
    ];
    let least: Vec<String> = kinds
        .iter()
        .filter_map(|(kind, list)| {
            list.first()
                .map(|first| format!("{} ({kind})", docs::code(first)))
        })
        .collect();
    if least.is_empty() {
        return "Permissions: none documented.".to_string();
    }
    format!(
        "Least privileged permissions: {}; the whole table: [`{marker}`].",
        least.join(", ")
    )
}
