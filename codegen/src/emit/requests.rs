//! One typed async function per endpoint and path.
//!
//! **Alternative paths become separate functions.** The first path the page lists keeps the
//! plain name (`create_participant` for `POST /app/calls/{id}/participants`); each other path
//! gets a suffix naming what it addresses that the first does not
//! (`create_participant_for_application` for `/applications/{id}/calls/{id}/participants`,
//! see [`super::paths::alternative_suffix`]). Separate functions keep every signature exact
//! (each takes exactly the ids its path needs) where an addressing enum would make callers
//! build a value just to pick a path.
//!
//! Function names come from the page title in snake case (`Create participant` ->
//! `create_participant`), falling back to the page name when the title has no letters.
//! Collection responses get a `<name>_stream` twin (GET without a body only) that follows
//! `@odata.nextLink`.
//!
//! Every function takes `client: &Client` first, then the path ids as `&str` (each
//! percent-encoded as one segment), then the body, then, for GET, `&QueryOptions` (`$select`,
//! `$filter`, ... and headers such as `ConsistencyLevel`).

use super::context::{claim_named, Ctx};
use super::docs;
use super::models::{self, FieldSpec};
use super::names::{self, Case, Scope};
use super::paths::{self, Piece};
use crate::diag::{codes, Diagnostic};
use crate::model::{Endpoint, RequestBody, Response, TypeRef};
use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::quote;

/// Names given to one endpoint's functions and body struct.
pub(crate) struct EndpointNames {
    /// `(function, stream twin, path template)` per path, the first path first.
    pub functions: Vec<(String, Option<String>, String)>,
    /// The body struct for a parameter-table body.
    pub body_struct: Option<String>,
}

/// Names every endpoint's functions (in `api.endpoints` order) and body structs, so names do
/// not depend on which endpoints are selected.
pub(crate) fn name_endpoints(ctx: &mut Ctx<'_>) -> Vec<EndpointNames> {
    let mut scope = Scope::new();
    let mut out = Vec::with_capacity(ctx.api.endpoints.len());
    let endpoints = ctx.api.endpoints.iter().enumerate();
    for (i, e) in endpoints {
        let title_ok = e.title.chars().any(|c| c.is_ascii_alphabetic());
        let raw = if title_ok { &e.title } else { &e.name };
        let base = claim_named(
            &mut scope,
            &mut ctx.diags,
            raw,
            Case::Snake,
            "endpoint",
            i + 1,
            &e.source,
            "endpoint",
        );
        let stream = streams(e);
        let mut functions = Vec::new();
        for (p, path) in e.paths.iter().enumerate() {
            let wanted = match e.paths.first() {
                Some(first) if p > 0 => {
                    format!("{base}_{}", paths::alternative_suffix(first, path, p + 1))
                }
                _ => base.clone(),
            };
            let name = if p == 0 {
                wanted
            } else {
                claimed(ctx, &mut scope, &wanted, e)
            };
            let stream_name =
                stream.then(|| claimed(ctx, &mut scope, &format!("{name}_stream"), e));
            functions.push((name, stream_name, path.clone()));
        }
        let body_struct = match &e.request_body {
            Some(RequestBody::Parameters { parameters }) if !parameters.is_empty() => {
                let wanted = format!("{}Body", base.to_upper_camel_case());
                Some(claim_named(
                    &mut ctx.type_scope,
                    &mut ctx.diags,
                    &wanted,
                    Case::Camel,
                    "Body",
                    i + 1,
                    &e.source,
                    "request body",
                ))
            }
            _ => None,
        };
        out.push(EndpointNames {
            functions,
            body_struct,
        });
    }
    out
}

fn claimed(ctx: &mut Ctx<'_>, scope: &mut Scope, wanted: &str, e: &Endpoint) -> String {
    claim_named(
        scope,
        &mut ctx.diags,
        wanted,
        Case::Snake,
        "endpoint",
        1,
        &e.source,
        "function",
    )
}

/// What a call answers, from the first documented success response.
pub(crate) enum Answer {
    Empty,
    Accepted,
    Json(TokenStream),
    Page(TokenStream),
}

fn primary_response(e: &Endpoint) -> Option<&Response> {
    e.responses
        .iter()
        .find(|r| (200..300).contains(&r.status))
        .or_else(|| e.responses.first())
}

/// A stream twin needs a GET whose answer is a collection, and no body: a body could fail to
/// encode, and a stream has no `Result` to report that in.
fn streams(e: &Endpoint) -> bool {
    e.method.eq_ignore_ascii_case("GET")
        && e.request_body.is_none()
        && primary_response(e)
            .and_then(|r| r.ty.as_ref())
            .is_some_and(|t| t.collection)
        && !matches!(primary_response(e).map(|r| r.status), Some(202 | 204))
}

pub(crate) fn answer(ctx: &Ctx<'_>, e: &Endpoint) -> Answer {
    let rt = &ctx.rt;
    match primary_response(e) {
        None if e.method.eq_ignore_ascii_case("DELETE") => Answer::Empty,
        None => Answer::Json(quote!(#rt::serde_json::Value)),
        Some(r) if r.status == 204 => Answer::Empty,
        Some(r) if r.status == 202 => Answer::Accepted,
        Some(Response { ty: Some(t), .. }) if t.collection => Answer::Page(ctx.item_type(t)),
        Some(Response { ty: Some(t), .. }) => Answer::Json(ctx.rust_type(t, false)),
        Some(_) => Answer::Json(quote!(#rt::serde_json::Value)),
    }
}

/// The body struct of endpoint `e`, when its body is a parameter table.
///
/// For PATCH every field is an `Option` left out when `None`, whatever the docs say is
/// required: a PATCH changes exactly the members it sends, so a plain field would send its
/// `Default` (`accountEnabled: false`) for every value the caller did not set.
pub(crate) fn body_struct(ctx: &mut Ctx<'_>, e: &Endpoint, name: &str) -> TokenStream {
    let Some(RequestBody::Parameters { parameters }) = &e.request_body else {
        return TokenStream::new();
    };
    let partial = e.method.eq_ignore_ascii_case("PATCH");
    let fields: Vec<FieldSpec> = parameters
        .iter()
        .map(|p| FieldSpec {
            wire: p.name.clone(),
            ty: ctx.rust_type(&p.ty, false),
            required: !partial && p.required && models::has_default(&p.ty),
            description: p.description.clone(),
        })
        .collect();
    let mut about = vec![format!("The request body of {}.", docs::code(&e.title))];
    if partial {
        about
            .push("Only the fields that are `Some` are sent; the others keep their values.".into());
    }
    about.push(format!("Source: {}", e.source.file));
    models::struct_item(ctx, name, &about, &fields, &e.source)
}

/// Whether endpoints with the (uppercase) HTTP method `m` get functions at all.
pub(crate) fn generates_method(m: &str) -> bool {
    matches!(
        m,
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"
    )
}

/// The functions of endpoint `e`. Model types are spelled with `ctx.model_prefix`.
pub(crate) fn functions(ctx: &mut Ctx<'_>, e: &Endpoint, names: &EndpointNames) -> TokenStream {
    let rt = ctx.rt.clone();
    let method = match e.method.to_ascii_uppercase().as_str() {
        m if generates_method(m) => {
            let m = names::ident(m);
            quote!(#rt::reqwest::Method::#m)
        }
        other => {
            ctx.diags.push(Diagnostic::at(
                codes::BAD_NAME,
                &e.source,
                format!("method `{other}` is not an HTTP method docspec knows; no function is generated"),
            ));
            return TokenStream::new();
        }
    };
    let is_get = e.method.eq_ignore_ascii_case("GET");
    let answer = answer(ctx, e);
    let body = body_param_type(ctx, e, names);
    let mut items = Vec::new();
    for (name, stream, template) in &names.functions {
        let mut scope = Scope::new();
        for taken in ["client", "body", "options", "path"] {
            scope.take(taken);
        }
        let mut params = Vec::new();
        let mut format = String::new();
        let mut literal = String::new();
        let mut args = Vec::new();
        for (i, piece) in paths::pieces(template).into_iter().enumerate() {
            match piece {
                Piece::Literal(text) => {
                    format.push_str(&text.replace('{', "{{").replace('}', "}}"));
                    literal.push_str(&text);
                }
                Piece::Param { wanted, .. } => {
                    let text = claim_named(
                        &mut scope,
                        &mut ctx.diags,
                        &wanted,
                        Case::Snake,
                        "param",
                        i + 1,
                        &e.source,
                        &format!("`{name}` path parameter"),
                    );
                    let id = names::ident(&text);
                    params.push(quote!(#id: &str,));
                    args.push(quote!(#rt::encode_segment(#id)));
                    format.push_str("{}");
                }
            }
        }
        let path = if args.is_empty() {
            quote!(#literal)
        } else {
            quote!(::std::format!(#format, #(#args),*))
        };
        let body_param = body.as_ref().map(|b| quote!(body: &#b,));
        let body_call = body.as_ref().map(|_| quote!(.json(&body)?));
        let options_param = is_get.then(|| quote!(options: &#rt::QueryOptions,));
        let options_call = is_get.then(|| quote!(.options(options)));
        let doc = function_docs(e, template, &names.functions);
        let fn_id = names::ident(name);
        let (ret, send) = match &answer {
            Answer::Empty => (quote!(()), quote!(.send_empty().await)),
            Answer::Accepted => (quote!(#rt::Accepted), quote!(.send_accepted().await)),
            Answer::Json(t) => (t.clone(), quote!(.send_json().await)),
            Answer::Page(t) => (quote!(#rt::Page<#t>), quote!(.send_page().await)),
        };
        items.push(quote! {
            #doc
            pub async fn #fn_id(client: &#rt::Client, #(#params)* #body_param #options_param) -> #rt::Result<#ret> {
                client
                    .request(#method, #path)
                    #options_call
                    #body_call
                    #send
            }
        });
        if let (Some(stream), Answer::Page(t)) = (stream, &answer) {
            let stream_id = names::ident(stream);
            let stream_doc = docs::doc_attrs(&[format!(
                "Every item of {}, page after page, following {}.",
                docs::code(name),
                docs::code("@odata.nextLink")
            )]);
            items.push(quote! {
                #stream_doc
                pub fn #stream_id(client: &#rt::Client, #(#params)* #body_param #options_param) -> #rt::PageStream<#t> {
                    client
                        .request(#method, #path)
                        #options_call
                        .into_stream()
                }
            });
        }
    }
    quote!(#(#items)*)
}

/// The type the functions of `e` take their body as (behind a `&`), if they take one.
pub(crate) fn body_param_type(
    ctx: &Ctx<'_>,
    e: &Endpoint,
    names: &EndpointNames,
) -> Option<TokenStream> {
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

fn function_docs(
    e: &Endpoint,
    template: &str,
    all: &[(String, Option<String>, String)],
) -> TokenStream {
    let mut paragraphs = vec![e.title.clone()];
    if let Some(d) = &e.description {
        paragraphs.push(d.clone());
    }
    let method = e.method.to_ascii_uppercase();
    paragraphs.push(docs::code(&format!("{method} {template}")));
    let others: Vec<String> = all
        .iter()
        .filter(|(_, _, t)| t != template)
        .map(|(name, _, t)| {
            format!(
                "{} ({})",
                docs::code(&format!("{method} {t}")),
                docs::code(name)
            )
        })
        .collect();
    if !others.is_empty() {
        paragraphs.push(format!(
            "Other paths of this endpoint: {}.",
            others.join(", ")
        ));
    }
    paragraphs.push(permissions_line(e));
    paragraphs.push(format!("Source: {}", e.source.file));
    docs::doc_attrs(&paragraphs)
}

fn permissions_line(e: &Endpoint) -> String {
    let p = &e.permissions;
    let list = |v: &[String]| {
        if v.is_empty() {
            "not supported".to_string()
        } else {
            v.join(", ")
        }
    };
    if p.delegated_work.is_empty() && p.delegated_personal.is_empty() && p.application.is_empty() {
        return "Permissions: none documented.".to_string();
    }
    format!(
        "Permissions (least to most privileged):\ndelegated (work or school account): {};\ndelegated (personal Microsoft account): {};\napplication: {}.",
        list(&p.delegated_work),
        list(&p.delegated_personal),
        list(&p.application)
    )
}
