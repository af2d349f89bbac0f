//! The generated crate's `contract` module (behind its cargo feature `contract`): one
//! dispatch function that makes any call from a runtime-free description of it
//! (`docspec_runtime::contract::Call`), so docspec's contract tests can replay every docs
//! example through the typed client without knowing the calls' names or signatures.
//!
//! Each arm decodes the example body into the typed body, makes the typed call (a method of
//! the generated client, with the path the example's URL matched) and
//! serializes the typed result back to JSON (`()` is no body, `Accepted` is its body). Arms
//! are boxed futures of their own: one `async fn` with an await per endpoint would be a single
//! state machine the size of the API, slow to compile for all of Graph.

use super::builders;
use super::context::Ctx;
use super::names;
use super::paths::{self, Piece};
use super::requests::{self, Answer, EndpointNames};
use super::supports;
use crate::model::{Endpoint, Primitive, RequestBody};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// The `contract` module's items for the endpoints at `selected` (indexes into
/// `ctx.api.endpoints`), named by `names` (indexed the same way).
pub(crate) fn module(
    ctx: &Ctx<'_>,
    client: &str,
    selected: &BTreeSet<usize>,
    names: &[EndpointNames],
) -> TokenStream {
    let rt = ctx.rt.clone();
    let mut seen = BTreeSet::new();
    let mut arms = Vec::new();
    for &i in selected {
        let (Some(e), Some(n)) = (ctx.api.endpoints.get(i), names.get(i)) else {
            continue;
        };
        if !requests::generates_method(&e.method.to_ascii_uppercase()) {
            continue;
        }
        for (index, template) in e.paths.iter().enumerate() {
            if seen.insert((e.name.clone(), index)) {
                arms.push(arm(ctx, client, e, n, index, template));
            }
        }
    }
    let doc = [
        " Makes the call `call` names (by endpoint page name and path position) with the call's",
        " path ids, required headers, JSON body (decoded into the typed body) and query options,",
        " and returns the typed result serialized back to JSON: `None` for an empty answer,",
        " the body of an `Accepted`, the wire form of a `Page`.",
    ];
    quote! {
        #![doc = " Makes any call from a description of it, for docspec's"]
        #![doc = " contract tests (cargo feature `contract`)."]
        #(#[doc = #doc])*
        pub fn invoke<'a>(
            client: &'a #rt::Client,
            call: &'a #rt::contract::Call,
        ) -> #rt::contract::InvokeFuture<'a> {
            match (call.endpoint.as_str(), call.path_index) {
                #(#arms)*
                _ => ::std::boxed::Box::pin(async move {
                    ::std::result::Result::Err(#rt::contract::InvokeError::UnknownEndpoint {
                        endpoint: ::std::clone::Clone::clone(&call.endpoint),
                        path_index: call.path_index,
                    })
                }),
            }
        }
    }
}

/// One match arm: `("page-name", index) => Box::pin(async move { ... })`.
fn arm(
    ctx: &Ctx<'_>,
    client: &str,
    e: &Endpoint,
    n: &EndpointNames,
    index: usize,
    template: &str,
) -> TokenStream {
    let rt = &ctx.rt;
    let page = e.name.as_str();
    let count = paths::pieces(template)
        .iter()
        .filter(|p| matches!(p, Piece::Param { .. }))
        .count();
    let ids: Vec<_> = (0..count).map(|k| format_ident!("id{}", k)).collect();
    let method = names::ident(&n.method);
    let client = names::ident(client);
    let args = builders::contract_args(
        e,
        n,
        index,
        &ids,
        |h| quote!(#rt::contract::header(call, #h)),
    );
    let body =
        owned_body_type(ctx, e, n).map(|ty| quote!(let body: #ty = #rt::contract::body(call)?;));
    let body_arg = body.as_ref().map(|_| quote!(&body,));
    let is_get = e.method.eq_ignore_ascii_case("GET");
    let answer = requests::answer(ctx, e);
    // Each query option the call types goes through its typed method; the rest (and every
    // option of a call whose page documents none) through the generic `options`.
    let typed = supports::query_options(e, matches!(answer, Answer::Page(_)))
        .into_iter()
        .map(|t| {
            let f = names::ident(t.method);
            quote!(let c = #rt::contract::typed::#f(c, &mut query);)
        })
        .collect::<Vec<_>>();
    let (query_check, query_apply) = if is_get && typed.is_empty() {
        (None, quote!(let c = c.options(&call.query);))
    } else if is_get {
        (
            Some(quote!(let mut query = ::std::clone::Clone::clone(&call.query);)),
            quote!(#(#typed)* let c = c.options(&query);),
        )
    } else {
        (
            Some(quote!(#rt::contract::no_query(call)?;)),
            TokenStream::new(),
        )
    };
    let call_fn = quote! {{
        let c = crate::requests::#client::new(::std::clone::Clone::clone(client))
            .#method(#args #body_arg);
        #query_apply
        c.send().await.map_err(#rt::contract::InvokeError::Call)?
    }};
    let finish = match answer {
        Answer::Empty => quote! {
            #call_fn;
            ::std::result::Result::Ok(::std::option::Option::None)
        },
        Answer::Accepted => quote! {
            let accepted = #call_fn;
            ::std::result::Result::Ok(accepted.body)
        },
        Answer::Json(_) | Answer::Page(_) => quote! {
            let result = #call_fn;
            #rt::contract::to_value(&result)
        },
    };
    quote! {
        (#page, #index) => ::std::boxed::Box::pin(async move {
            let [#(#ids),*] = #rt::contract::args::<#count>(call)?;
            #query_check
            #body
            #finish
        }),
    }
}

/// The owned type an example body decodes into, which the call then borrows: `Vec<T>`
/// where it takes `&[T]`, `String` where it takes `&str`.
fn owned_body_type(ctx: &Ctx<'_>, e: &Endpoint, n: &EndpointNames) -> Option<TokenStream> {
    match &e.request_body {
        Some(RequestBody::Type { ty }) if ty.collection => {
            let item = ctx.item_type(ty);
            Some(quote!(::std::vec::Vec<#item>))
        }
        Some(RequestBody::Type { ty }) if ty.primitive() == Some(Primitive::String) => {
            Some(quote!(::std::string::String))
        }
        _ => requests::body_param_type(ctx, e, n),
    }
}
