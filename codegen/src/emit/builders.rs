//! The generated client type and, per endpoint, its call: a method on the client returning the
//! runtime's `Call<T, Op>`, and the operation's marker type `Op` (see [`super::requests`] for
//! the names and the shape, [`super::supports`] for what a marker grants).
//!
//! On the wire a call does exactly what the runtime's `Request` does: the path is formatted
//! when the method is called, each id percent-encoded as one segment (`encode_segment`), the
//! body is serialized then too (an error surfaces at `send`), and the call's optional inputs
//! add headers and query parameters in the order they are chained.

use super::context::{claim_named, Ctx};
use super::docs;
use super::names::{self, Case, Scope};
use super::paths::{self, Piece};
use super::requests::{self, Answer, EndpointNames};
use super::supports;
use super::view;
use crate::diag::{codes, Diagnostic};
use crate::model::{Endpoint, Header, RequestBody, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Up to this many paths are listed in a call's docs; beyond, its path enum lists them.
const MAX_LISTED_PATHS: usize = 2;

/// The client type: a thin wrapper over the runtime's `Client` that every call hangs off.
pub(crate) fn client_type(ctx: &Ctx<'_>, name: &str) -> TokenStream {
    let rt = &ctx.rt;
    let id = names::ident(name);
    let doc = docs::doc_attrs_trusted(&[
        "The client of this API: one method per endpoint, each returning a request builder that ends in `.send().await` (or just `.await`).".to_string(),
        "It wraps the runtime's `Client`, which holds the base URL, the connection pool and the credentials; cloning either is cheap and shares them. Build it with `new` or `From`.".to_string(),
    ]);
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct #id {
            client: #rt::Client,
        }

        impl #id {
            /// Calls the API through `client`.
            pub fn new(client: #rt::Client) -> Self {
                #id { client }
            }

            /// The runtime client the calls go through.
            pub fn client(&self) -> &#rt::Client {
                &self.client
            }
        }

        impl ::std::convert::From<#rt::Client> for #id {
            fn from(client: #rt::Client) -> Self {
                #id::new(client)
            }
        }
    }
}

/// The documented headers a call exposes: not `Authorization` (the runtime sets it),
/// `Content-Type` (the body does) nor the ones the HTTP client sets (`Content-Length`, `Host`,
/// ...; `message-send` marks `Content-Length: 0` required), only names that are HTTP tokens,
/// each once, with their names: a name written with a value (`Prefer: outlook.timezone`) is
/// the part before the colon.
fn exposed_headers(e: &Endpoint) -> Vec<(&str, &Header)> {
    let mut out: Vec<(&str, &Header)> = Vec::new();
    for h in &e.headers {
        let name = h.name.split(':').next().unwrap_or("").trim();
        let token = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let skipped = [
            "authorization",
            "content-type",
            "content-length",
            "host",
            "transfer-encoding",
            "connection",
        ]
        .iter()
        .any(|s| name.eq_ignore_ascii_case(s));
        if token && !skipped && !out.iter().any(|(o, _)| o.eq_ignore_ascii_case(name)) {
            out.push((name, h));
        }
    }
    out
}

/// One path as the call fills it: the expression of the path and the ids it takes.
struct PathFill {
    template: String,
    /// `(rust name, placeholder, template up to and including the placeholder)`.
    ids: Vec<(String, String, String)>,
    expr: TokenStream,
}

fn path_fill(ctx: &mut Ctx<'_>, e: &Endpoint, template: &str, taken: &[&str]) -> PathFill {
    let rt = ctx.rt.clone();
    let mut scope = Scope::new();
    for t in taken {
        scope.take(t);
    }
    let mut format = String::new();
    let mut literal = String::new();
    let mut args = Vec::new();
    let mut ids = Vec::new();
    let mut so_far = String::new();
    for (i, piece) in paths::pieces(template).into_iter().enumerate() {
        match piece {
            Piece::Literal(text) => {
                format.push_str(&text);
                literal.push_str(&text);
                so_far.push_str(&text);
            }
            Piece::Param {
                wanted,
                placeholder,
            } => {
                let text = claim_named(
                    &mut scope,
                    &mut ctx.diags,
                    &wanted,
                    Case::Snake,
                    "param",
                    i + 1,
                    &e.source,
                    "path parameter",
                );
                so_far.push_str(&format!("{{{placeholder}}}"));
                let id = names::ident(&text);
                args.push(quote!(#id));
                format.push_str("{}");
                ids.push((text, placeholder, so_far.clone()));
            }
        }
    }
    let template_braces = format;
    let expr = if args.is_empty() {
        quote!(#literal)
    } else {
        quote!(#rt::fill_path(#template_braces, &[#(#args),*]))
    };
    PathFill {
        template: template.to_string(),
        ids,
        expr,
    }
}

/// "`call_id` fills `{id}` in `/app/calls/{id}`".
fn fills(name: &str, placeholder: &str, upto: &str) -> String {
    format!("`{name}` fills {}", filled(placeholder, upto))
}

/// What placeholder `placeholder` fills, given the template `upto` it: `` `{id}` in
/// `/app/calls/{id}` ``, or for a function's argument `` `{width}`, the argument `width` of
/// `/charts/{name}/image` ``.
fn filled(placeholder: &str, upto: &str) -> String {
    let code = docs::code(&format!("{{{placeholder}}}"));
    let before = upto
        .strip_suffix(&format!("{{{placeholder}}}"))
        .map(|b| b.strip_suffix('\'').unwrap_or(b))
        .and_then(|b| b.strip_suffix('='));
    let call = before.and_then(|b| {
        let (function, args) = b.rsplit_once('(')?;
        let arg = args.rsplit(',').next()?.trim();
        (!arg.is_empty() && !function.is_empty()).then_some((function, arg))
    });
    match call {
        Some((function, arg)) => {
            format!("{code}, the argument `{arg}` of {}", docs::code(function))
        }
        None => format!("{code} in {}", docs::code(upto)),
    }
}

/// The call of endpoint `e`: the path enum (alternative paths only), an `impl` of the client
/// with the method, and the request builder. Model types are spelled with `ctx.model_prefix`.
pub(crate) fn call(
    ctx: &mut Ctx<'_>,
    client: &str,
    e: &Endpoint,
    names: &EndpointNames,
    feature_doc: Option<String>,
    overloaded: Option<view::Overloaded>,
) -> Option<Emitted> {
    let rt = ctx.rt.clone();
    let method = match e.method.to_ascii_uppercase().as_str() {
        m if requests::generates_method(m) => {
            let m = names::ident(m);
            quote!(#rt::Method::#m)
        }
        other => {
            ctx.diags.push(Diagnostic::at(
                codes::BAD_NAME,
                &e.source,
                format!(
                    "method `{other}` is not an HTTP method docspec knows; no call is generated"
                ),
            ));
            return None;
        }
    };
    let http = e.method.to_ascii_uppercase();
    let answer = requests::answer(ctx, e);
    let body = requests::body_param_type(ctx, e, names);
    let body_doc = body_link(ctx, e, names);
    let streams = requests::streams(e) && matches!(answer, Answer::Page(_));

    // Arguments of the method, in order: path (ids or enum), required headers, body.
    let binary = requests::binary_body(e);
    let mut arg_scope = Scope::new();
    for t in ["body", "path"] {
        arg_scope.take(t);
    }
    if binary {
        arg_scope.take("content_type");
        arg_scope.take("content");
    }
    let mut arg_docs: Vec<String> = Vec::new();
    let mut params = Vec::new();
    let mut prelude = TokenStream::new();
    let mut path_enum = TokenStream::new();
    let path_expr;
    match &names.path_enum {
        None => {
            let template = e.paths.first().cloned().unwrap_or_default();
            let fill = path_fill(ctx, e, &template, &["body", "path"]);
            for (name, placeholder, upto) in &fill.ids {
                arg_scope.take(name);
                let id = names::ident(name);
                params.push(quote!(#id: &str,));
                arg_docs.push(format!("- {}", fills(name, placeholder, upto)));
            }
            path_expr = fill.expr;
        }
        Some((enum_name, variants)) => {
            let enum_id = names::ident(enum_name);
            let mut fills_all = Vec::new();
            for template in &e.paths {
                fills_all.push(path_fill(ctx, e, template, &[]));
            }
            let any_ids = fills_all.iter().any(|f| !f.ids.is_empty());
            let lt = any_ids.then(|| quote!(<'_>));
            let decl_lt = any_ids.then(|| quote!(<'a>));
            let mut variant_items = Vec::new();
            let mut arms = Vec::new();
            for (fill, variant) in fills_all.iter().zip(variants) {
                let v = names::ident(variant);
                let line = docs::code(&format!("{http} {}", fill.template));
                let doc = docs::doc_attrs_trusted(&[line]);
                let field_ids: Vec<_> = fill.ids.iter().map(|(n, _, _)| names::ident(n)).collect();
                let expr = &fill.expr;
                if fill.ids.is_empty() {
                    variant_items.push(quote!(#doc #v,));
                    arms.push(quote!(#enum_id::#v => String::from(#expr),));
                } else {
                    let fields = fill.ids.iter().map(|(n, placeholder, upto)| {
                        let id = names::ident(n);
                        let d = docs::doc_attrs_trusted(&[format!(
                            "Fills {}.",
                            filled(placeholder, upto)
                        )]);
                        quote!(#d #id: &'a str,)
                    });
                    variant_items.push(quote!(#doc #v { #(#fields)* },));
                    arms.push(quote!(#enum_id::#v { #(#field_ids),* } => #expr,));
                }
            }
            let method_id_text = &names.method;
            let doc = docs::doc_attrs_trusted(&[
                format!(
                    "The {} paths of [`{client}::{method_id_text}`], each with the ids it fills.",
                    e.paths.len()
                ),
                "Its `Debug` form is the path it fills, percent-encoded as it is sent.".to_string(),
            ]);
            // `Debug` by hand: derived, it formats each variant's fields one by one, which
            // cost more to check than the rest of the enum (the crate of Graph's `me_drive`
            // area checked in about 0.6 s with the derive, about 0.4 s without).
            path_enum = quote! {
                #doc
                #[derive(Clone, Copy)]
                pub enum #enum_id #decl_lt {
                    #(#variant_items)*
                }

                impl #enum_id #lt {
                    fn to_path(self) -> String {
                        match self {
                            #(#arms)*
                        }
                    }
                }

                impl ::core::fmt::Debug for #enum_id #lt {
                    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(&self.to_path())
                    }
                }
            };
            params.push(quote!(path: #enum_id #lt,));
            arg_docs.push(format!("- `path`: which path to call, a [`{enum_name}`]."));
            prelude = quote!(let path = path.to_path(););
            path_expr = quote!(path);
        }
    }

    // Required headers are arguments; optional ones the runtime types become traits of the
    // marker, the others are listed in the docs for `.header(..)`.
    let mut header_args: Vec<(String, String, String)> = Vec::new();
    let mut typed_headers: Vec<supports::Typed> = Vec::new();
    let mut other_headers: Vec<String> = Vec::new();
    for (k, (wire, h)) in exposed_headers(e).into_iter().enumerate() {
        let wire = wire.to_string();
        if h.required {
            let rust = claim_named(
                &mut arg_scope,
                &mut ctx.diags,
                &wire,
                Case::Snake,
                "header",
                k + 1,
                &e.source,
                "header argument",
            );
            header_args.push((wire, rust, docs::sanitize(&h.description)));
        } else if let Some(t) = supports::header(&wire) {
            if !typed_headers.contains(&t) {
                typed_headers.push(t);
            }
        } else {
            other_headers.push(wire);
        }
    }
    let mut header_calls = Vec::new();
    for (wire, rust, description) in &header_args {
        let id = names::ident(rust);
        params.push(quote!(#id: &str,));
        header_calls.push(quote!(.header(#wire, #id)));
        arg_docs.push(format!(
            "- `{rust}`: the {} header (required). {description}",
            docs::code(wire)
        ));
    }
    if let Some(b) = &body {
        params.push(quote!(body: &#b,));
        arg_docs.push(format!("- `body`: the request body, {body_doc}."));
    }
    if binary {
        params.push(quote!(content_type: &str, content: impl Into<Vec<u8>>,));
        arg_docs.push(
            "- `content_type`: the `Content-Type` of `content`.\n\
             - `content`: the bytes to send (the page documents a binary body)."
                .to_string(),
        );
    }

    let build = if binary {
        quote!(#rt::Call::with_bytes(&self.client, #method, #path_expr, content_type, content) #(#header_calls)*)
    } else if body.is_some() {
        quote!(#rt::Call::with_json(&self.client, #method, #path_expr, body) #(#header_calls)*)
    } else {
        quote!(#rt::Call::request(&self.client, #method, #path_expr) #(#header_calls)*)
    };
    let ret = match &answer {
        Answer::Empty => quote!(#rt::NoContent),
        Answer::Accepted => quote!(#rt::Accepted),
        Answer::Json(t) => t.clone(),
        Answer::Page(t) => quote!(#rt::Page<#t>),
        Answer::Maybe(t) => quote!(Option<#t>),
        Answer::Content => quote!(#rt::Content),
    };
    let collection = matches!(answer, Answer::Page(_));
    let query_options = supports::query_options(e, collection);
    let capabilities = supports::capabilities(e, collection);
    let client_id = names::ident(client);
    let method_id = names::ident(&names.method);
    let op_id = names::ident(&names.op);
    let method_name = &names.method;
    let op_name = &names.op;
    let rt_text = ctx.rt.to_string().replace(' ', "");
    let rt_doc = rt_text.trim_start_matches("::");

    // The method's docs.
    let mut paragraphs = vec![docs::sanitize(&e.title)];
    if let Some(d) = &e.description {
        paragraphs.push(docs::sanitize(d));
    }
    if let Some(o) = &overloaded {
        let method = &o.method;
        let plain = if o.linked {
            format!("[`{client}::{method}`]")
        } else {
            format!("`{client}::{method}`")
        };
        let mut adds: Vec<String> = o.adds.iter().map(|p| docs::code(p)).collect();
        let last = adds.pop().unwrap_or_default();
        let adds = if adds.is_empty() {
            last
        } else {
            format!("{} and {last}", adds.join(", "))
        };
        paragraphs.push(format!("The overload of {plain} that also passes {adds}."));
    }
    // A few paths are listed; many are left to the path enum, whose variants name them.
    if e.paths.len() <= MAX_LISTED_PATHS {
        let lines: Vec<String> = e
            .paths
            .iter()
            .map(|p| docs::code(&format!("{http} {p}")))
            .collect();
        paragraphs.push(lines.join("\\\n"));
    } else if let Some((enum_name, _)) = &names.path_enum {
        paragraphs.push(format!(
            "{} on one of {} paths (the first: {}); [`{enum_name}`] lists them all.",
            docs::code(&http),
            e.paths.len(),
            docs::code(e.paths.first().map_or("", String::as_str))
        ));
    }
    if !arg_docs.is_empty() {
        paragraphs.push(format!("Arguments:\n{}", arg_docs.join("\n")));
    }
    let mut returns = format!("Answers {}.", answer_doc(ctx, e, &answer));
    if streams {
        returns.push_str(&format!(
            " [`.stream()`]({rt_doc}::Call::stream) yields every item of every page."
        ));
    }
    let typed: Vec<String> = query_options
        .iter()
        .chain(&typed_headers)
        .chain(&capabilities)
        .map(|t| format!("[`{}`]({rt_doc}::Call::{})", t.method, t.method))
        .collect();
    if !typed.is_empty() {
        returns.push_str(&format!(" Options: {}.", typed.join(", ")));
    }
    let untyped: Vec<String> = supports::untyped_query_options(e)
        .into_iter()
        .map(|q| format!("{} (`query_param`)", docs::code(q)))
        .chain(
            other_headers
                .iter()
                .map(|h| format!("the {} header (`header`)", docs::code(h))),
        )
        .collect();
    if !untyped.is_empty() {
        returns.push_str(&format!(" The page also documents {}.", untyped.join(", ")));
    }
    paragraphs.push(returns);
    // Permission names are in code spans; the link must stay a link.
    paragraphs.push(requests::permissions_line(e, &format!("ops::{op_name}")));
    paragraphs.extend(feature_doc);
    paragraphs.push(docs::sanitize(&format!("Source: {}", e.source.file)));
    let method_doc = docs::doc_attrs_trusted(&paragraphs);

    // The operation's marker.
    let marker_doc = docs::doc_attrs_trusted(&[format!(
        "The operation of [`{client}::{method_name}`](super::{client}::{method_name})."
    )]);
    let list = |v: &[String]| {
        let v = v.iter().map(|p| p.as_str());
        quote!(&[#(#v),*])
    };
    let p = &e.permissions;
    let (work, personal, app) = (
        list(&p.delegated_work),
        list(&p.delegated_personal),
        list(&p.application),
    );
    // The marker lives in the `ops` module: a runtime path relative to the module of the
    // calls (a macro user's `use` of the runtime) is one level up from there, unless `ops`
    // imports the runtime as `rt` itself.
    let relative =
        ctx.rt_import.is_empty() && !(rt_text.starts_with("::") || rt_text.starts_with("crate"));
    let ops_rt = if relative {
        quote!(super::#rt)
    } else {
        rt.clone()
    };
    let permissions = if p.delegated_work.is_empty()
        && p.delegated_personal.is_empty()
        && p.application.is_empty()
    {
        quote!(#ops_rt::Permissions::NONE)
    } else {
        quote!(#ops_rt::Permissions::new(#work, #personal, #app))
    };
    let grants = query_options
        .iter()
        .chain(&typed_headers)
        .chain(&capabilities)
        .map(|t| {
            let tr = names::ident(t.trait_name);
            quote!(impl #ops_rt::supports::#tr for #op_id {})
        });
    let marker = quote! {
        #marker_doc
        pub enum #op_id {}

        impl #ops_rt::Operation for #op_id {
            const PERMISSIONS: #ops_rt::Permissions = #permissions;
        }

        #(#grants)*
    };
    let call = quote! {
        #path_enum

        impl #client_id {
            #method_doc
            pub fn #method_id(&self, #(#params)*) -> #rt::Call<#ret, ops::#op_id> {
                #prelude
                #build
            }
        }
    };
    Some(Emitted { call, marker })
}

/// The items of one endpoint: its call (path enum and method) and its marker type, which goes
/// to the `ops` module.
pub(crate) struct Emitted {
    pub call: TokenStream,
    pub marker: TokenStream,
}

/// What a call answers, for its docs, with a link to the model type.
fn answer_doc(ctx: &Ctx<'_>, e: &Endpoint, answer: &Answer) -> String {
    let ty = requests::primary_response(e).and_then(|r| r.ty.as_ref());
    match (answer, ty) {
        (Answer::Empty, _) => "nothing (`()`)".to_string(),
        (Answer::Accepted, _) => {
            "an `Accepted` (where to poll, and any body; `wait` polls it)".to_string()
        }
        (Answer::Content, _) => {
            "the content as bytes, a `Content` (`bytes_stream` streams it)".to_string()
        }
        (Answer::Page(_), Some(t)) => format!("a `Page` of {}", type_link(ctx, t)),
        (Answer::Json(_), Some(t)) => type_link(ctx, t),
        (Answer::Maybe(_), _) => match requests::optional_body(e) {
            Some(t) => format!(
                "`Some` {} when the service sends one, `None` when it answers `204 No Content`: \
                 the page says both happen",
                type_link(ctx, t)
            ),
            None => "JSON (`serde_json::Value`)".to_string(),
        },
        _ => "JSON (`serde_json::Value`)".to_string(),
    }
}

/// The body, for the call's docs: a link to its model type or body struct.
fn body_link(ctx: &Ctx<'_>, e: &Endpoint, names: &EndpointNames) -> String {
    match (&e.request_body, &names.body_struct) {
        (Some(RequestBody::Parameters { .. }), Some(name)) => {
            format!("[`{name}`]({}{name})", model_path(ctx))
        }
        (Some(RequestBody::Type { ty }), _) if ty.collection => {
            format!("a slice of {}", type_link(ctx, ty))
        }
        (Some(RequestBody::Type { ty }), _) => type_link(ctx, ty),
        _ => String::new(),
    }
}

/// An intra-doc link to the model type `t` names, or its Rust type in code.
fn type_link(ctx: &Ctx<'_>, t: &TypeRef) -> String {
    match ctx.lookup(t).and_then(|i| ctx.value_type_name(i)) {
        Some(name) => format!("[`{name}`]({}{name})", model_path(ctx)),
        None => docs::code(&ctx.item_type(t).to_string().replace(' ', "")),
    }
}

/// How the docs of a call spell the path of a model type (`crate::models::`, or nothing when
/// calls and models share a module).
fn model_path(ctx: &Ctx<'_>) -> String {
    ctx.model_prefix.to_string().replace(' ', "")
}

/// The arguments the call of `e` takes for its path number `index`, given the ids (in
/// template order) as `ids`, then its required headers as `header(name)` gives them: for the
/// generated `contract` module, which imports everything `crate::requests` has.
pub(crate) fn contract_args(
    e: &Endpoint,
    names: &EndpointNames,
    index: usize,
    ids: &[proc_macro2::Ident],
    header: impl Fn(&str) -> TokenStream,
) -> TokenStream {
    let template = e.paths.get(index).map_or("", String::as_str);
    let mut scope = Scope::new();
    if names.path_enum.is_none() {
        for t in ["body", "path"] {
            scope.take(t);
        }
    }
    let mut fields = Vec::new();
    for (i, piece) in paths::pieces(template).into_iter().enumerate() {
        if let Piece::Param { wanted, .. } = piece {
            let converted = names::convert(&wanted, Case::Snake, "param", i + 1).text;
            fields.push(names::ident(&scope.claim(&converted, Case::Snake).text));
        }
    }
    let path = match &names.path_enum {
        None => quote!(#(#ids,)*),
        Some((enum_name, variants)) => {
            let enum_id = names::ident(enum_name);
            let v = names::ident(variants.get(index).map_or("", String::as_str));
            if ids.is_empty() {
                quote!(#enum_id::#v,)
            } else {
                quote!(#enum_id::#v { #(#fields: #ids),* },)
            }
        }
    };
    let headers = exposed_headers(e)
        .into_iter()
        .filter(|(_, h)| h.required)
        .map(|(name, _)| header(name));
    quote!(#path #(#headers,)*)
}
