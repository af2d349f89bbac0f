//! The generated crate's `contract` module (behind its cargo feature `contract`): one
//! dispatch function that makes any call from a runtime-free description of it
//! (`docspec_runtime::contract::Call`), so docspec's contract tests can replay every docs
//! example through the typed client without knowing the calls' names or signatures.
//!
//! Each arm decodes the example body into the typed body, makes the typed call (a method of
//! the generated client, with the path the example's URL matched) and
//! serializes the typed result back to JSON (`()` is no body, `Accepted` is its body).
//!
//! Each arm is a function of its own, which builds the call in a closure (nothing is awaited)
//! and hands it to the runtime's `send`, which makes and boxes the one future; `invoke`'s match
//! only calls the arms. Both choices are about build time, which for all of Graph was half an
//! hour, most of it type-checking `invoke`: rustc type-checks a function together with the
//! closures and async blocks in it, and its trait solving grew faster than linearly with the
//! thousands of arms one body held; an async block per arm also made it prove each arm's
//! future `Send`, through every future a request awaits.

use super::builders;
use super::context::Ctx;
use super::features::Gates;
use super::names;
use super::paths::{self, Piece};
use super::requests::{self, Answer, EndpointNames};
use super::supports;
use crate::model::{Endpoint, Primitive, RequestBody};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// The `contract` module's items for the endpoints at `selected` (indexes into
/// `ctx.api.endpoints`), named by `names` (indexed the same way), in order, each handed to
/// `sink` as soon as it is made. With `gates`, each arm is compiled with its endpoint's area
/// only.
pub(crate) fn module<F>(
    ctx: &Ctx<'_>,
    client: &str,
    selected: &BTreeSet<usize>,
    names: &[EndpointNames],
    gates: Option<&Gates>,
    sink: &mut dyn FnMut(TokenStream) -> F,
) -> Vec<F> {
    let rt = ctx.rt.clone();
    let rt_import = &ctx.rt_import;
    let mut seen = BTreeSet::new();
    let mut arms = Vec::new();
    let mut fns = Vec::new();
    // The runtime's contract helpers the arms call, imported by name.
    let mut uses = BTreeSet::from(["args", "send"]);
    for &i in selected {
        let (Some(e), Some(n)) = (ctx.api.endpoints.get(i), names.get(i)) else {
            continue;
        };
        if !requests::generates_method(&e.method.to_ascii_uppercase()) {
            continue;
        }
        for (index, template) in e.paths.iter().enumerate() {
            // The page's own index of the path, which the runner names.
            let page_index = ctx
                .path_origin
                .get(i)
                .and_then(|o| o.get(index))
                .copied()
                .unwrap_or(index);
            if seen.insert((e.name.clone(), page_index)) {
                let gate = gates.map(|g| g.endpoint_attr(i));
                let page = e.name.as_str();
                let index_lit = proc_macro2::Literal::usize_unsuffixed(page_index);
                // Unique: method names are, and the index is the name's last `_` part.
                let f = format_ident!("{}_{}", n.method, page_index);
                arms.push(quote! {
                    #gate
                    (#page, #index_lit) => #f(client, call),
                });
                let body = build_call(ctx, client, e, n, index, template, &mut uses);
                fns.push(sink(quote! {
                    #gate
                    fn #f<'a>(
                        client: &'a #rt::Client,
                        call: &'a #rt::contract::Call,
                    ) -> #rt::contract::InvokeFuture<'a> {
                        send(|| { #body })
                    }
                }));
            }
        }
    }
    // Without endpoints there is no client type to import.
    let import_client = (!arms.is_empty()).then(|| {
        let helpers = uses.iter().map(|u| format_ident!("{}", u));
        // The client and the path enums.
        quote! {
            use crate::requests::*;
            use #rt::contract::{#(#helpers),*};
        }
    });
    let doc = [
        " Makes the call `call` names (by endpoint page name and path position) with the call's",
        " path ids, required headers, JSON body (decoded into the typed body) and query options,",
        " and returns the typed result serialized back to JSON: `None` for an empty answer,",
        " the body of an `Accepted`, the wire form of a `Page`.",
    ];
    // With features by area, the helpers and the client may serve no arm compiled.
    let allow = gates.map(|_| quote!(#![allow(unused_imports, unused_variables)]));
    let mut items = vec![sink(quote! {
        #![doc = " Makes any call from a description of it, for docspec's"]
        #![doc = " contract tests (cargo feature `contract`)."]
        #allow
        #rt_import
        #import_client
        #(#[doc = #doc])*
        pub fn invoke<'a>(
            client: &'a #rt::Client,
            call: &'a #rt::contract::Call,
        ) -> #rt::contract::InvokeFuture<'a> {
            match (call.endpoint.as_str(), call.path_index) {
                #(#arms)*
                _ => Box::pin(async move {
                    Err(#rt::contract::InvokeError::UnknownEndpoint {
                        endpoint: call.endpoint.clone(),
                        path_index: call.path_index,
                    })
                }),
            }
        }
    })];
    items.append(&mut fns);
    items
}

/// The body of one arm's closure, which builds the call of endpoint `e` through its path
/// `index` (of the paths the client has for it) for `send` to make.
fn build_call(
    ctx: &Ctx<'_>,
    client: &str,
    e: &Endpoint,
    n: &EndpointNames,
    index: usize,
    template: &str,
    uses: &mut BTreeSet<&'static str>,
) -> TokenStream {
    let count = paths::pieces(template)
        .iter()
        .filter(|p| matches!(p, Piece::Param { .. }))
        .count();
    let count_lit = proc_macro2::Literal::usize_unsuffixed(count);
    let ids: Vec<_> = (0..count).map(|k| format_ident!("id{}", k)).collect();
    let method = names::ident(&n.method);
    let client = names::ident(client);
    let used_header = std::cell::Cell::new(false);
    let args = builders::contract_args(e, n, index, &ids, |h| {
        used_header.set(true);
        quote!(header(call, #h))
    });
    if used_header.get() {
        uses.insert("header");
    }
    let (body, body_arg) = if requests::binary_body(e) {
        // The example's body, as the bytes it was written as, with its content type.
        uses.insert("bytes");
        uses.insert("header");
        (
            Some(quote!(let content = bytes(call)?;)),
            Some(quote!(header(call, "Content-Type"), content,)),
        )
    } else {
        let body = owned_body_type(ctx, e, n).map(|ty| quote!(let body: #ty = body(call)?;));
        let arg = body.as_ref().map(|_| quote!(&body,));
        if body.is_some() {
            uses.insert("body");
        }
        (body, arg)
    };
    let is_get = e.method.eq_ignore_ascii_case("GET");
    let answer = requests::answer(ctx, e);
    // Each query option the call types goes through its typed method; the rest (and every
    // option of a call whose page documents none) through the generic `options`.
    let typed = supports::query_options(e, matches!(answer, Answer::Page(_)))
        .into_iter()
        .map(|t| {
            let f = names::ident(t.method);
            quote!(let c = typed::#f(c, &mut query);)
        })
        .collect::<Vec<_>>();
    let call = quote!(#client::new(client.clone()).#method(#args #body_arg));
    if !typed.is_empty() {
        uses.insert("typed");
    }
    if !is_get {
        uses.insert("no_query");
    }
    let built = if is_get && typed.is_empty() {
        quote!(Ok(#call.options(&call.query)))
    } else if is_get {
        quote! {
            let mut query = call.query.clone();
            let c = #call;
            #(#typed)*
            Ok(c.options(&query))
        }
    } else {
        quote! {
            no_query(call)?;
            Ok(#call)
        }
    };
    quote! {
        let [#(#ids),*] = args::<#count_lit>(call)?;
        #body
        #built
    }
}

/// The owned type an example body decodes into, which the call then borrows: `Vec<T>`
/// where it takes `&[T]`, `String` where it takes `&str`.
fn owned_body_type(ctx: &Ctx<'_>, e: &Endpoint, n: &EndpointNames) -> Option<TokenStream> {
    match &e.request_body {
        Some(RequestBody::Type { ty }) if ty.collection => {
            let item = ctx.item_type(ty);
            Some(quote!(Vec<#item>))
        }
        Some(RequestBody::Type { ty }) if ty.primitive() == Some(Primitive::String) => {
            Some(quote!(String))
        }
        _ => requests::body_param_type(ctx, e, n),
    }
}
