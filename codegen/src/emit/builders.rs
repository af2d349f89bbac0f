//! The generated client type and, per endpoint, its call: a method on the client returning a
//! request builder (see [`super::requests`] for the names and the shape).
//!
//! On the wire a call does exactly what the runtime's `Request` does: the path is formatted
//! when the method is called, each id percent-encoded as one segment (`encode_segment`), the
//! body is serialized then too (an error surfaces at `send`), and the builder's optional
//! inputs add headers and query parameters in the order they are chained.

use super::context::{claim_named, Ctx};
use super::docs;
use super::names::{self, Case, Scope};
use super::paths::{self, Piece};
use super::requests::{self, Answer, EndpointNames};
use crate::diag::{codes, Diagnostic};
use crate::model::{Endpoint, Header, RequestBody, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Builder methods every request has; a documented header never takes one of these names.
const BUILDER_METHODS: &[&str] = &[
    "send",
    "stream",
    "options",
    "query_param",
    "header",
    "into_future",
];

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
/// each once.
fn exposed_headers(e: &Endpoint) -> Vec<&Header> {
    let mut out: Vec<&Header> = Vec::new();
    for h in &e.headers {
        let name = h.name.trim();
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
        if token && !skipped && !out.iter().any(|o| o.name.trim().eq_ignore_ascii_case(name)) {
            out.push(h);
        }
    }
    out
}

/// A documented header as the call takes it.
struct HeaderArg {
    wire: String,
    rust: String,
    required: bool,
    description: String,
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
                format.push_str(&text.replace('{', "{{").replace('}', "}}"));
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
                args.push(quote!(#rt::encode_segment(#id)));
                format.push_str("{}");
                ids.push((text, placeholder, so_far.clone()));
            }
        }
    }
    let expr = if args.is_empty() {
        quote!(#literal)
    } else {
        quote!(::std::format!(#format, #(#args),*))
    };
    PathFill {
        template: template.to_string(),
        ids,
        expr,
    }
}

/// "`call_id` fills `{id}` in `/app/calls/{id}`".
fn fills(name: &str, placeholder: &str, upto: &str) -> String {
    format!(
        "`{}` fills {} in {}",
        name,
        docs::code(&format!("{{{placeholder}}}")),
        docs::code(upto)
    )
}

/// The call of endpoint `e`: the path enum (alternative paths only), an `impl` of the client
/// with the method, and the request builder. Model types are spelled with `ctx.model_prefix`.
pub(crate) fn call(
    ctx: &mut Ctx<'_>,
    client: &str,
    e: &Endpoint,
    names: &EndpointNames,
) -> TokenStream {
    let rt = ctx.rt.clone();
    let method = match e.method.to_ascii_uppercase().as_str() {
        m if requests::generates_method(m) => {
            let m = names::ident(m);
            quote!(#rt::reqwest::Method::#m)
        }
        other => {
            ctx.diags.push(Diagnostic::at(
                codes::BAD_NAME,
                &e.source,
                format!(
                    "method `{other}` is not an HTTP method docspec knows; no call is generated"
                ),
            ));
            return TokenStream::new();
        }
    };
    let http = e.method.to_ascii_uppercase();
    let answer = requests::answer(ctx, e);
    let body = requests::body_param_type(ctx, e, names);
    let body_doc = body_link(ctx, e, names);
    let streams = requests::streams(e) && matches!(answer, Answer::Page(_));

    // Arguments of the method, in order: path (ids or enum), required headers, body.
    let mut arg_scope = Scope::new();
    for t in ["body", "path"] {
        arg_scope.take(t);
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
            let mut listed = Vec::new();
            for (fill, variant) in fills_all.iter().zip(variants) {
                let v = names::ident(variant);
                let line = docs::code(&format!("{http} {}", fill.template));
                listed.push(format!("- [`{variant}`]({enum_name}::{variant}): {line}"));
                let doc = docs::doc_attrs_trusted(&[line]);
                let field_ids: Vec<_> = fill.ids.iter().map(|(n, _, _)| names::ident(n)).collect();
                let expr = &fill.expr;
                if fill.ids.is_empty() {
                    variant_items.push(quote!(#doc #v,));
                    arms.push(quote!(#enum_id::#v => ::std::string::String::from(#expr),));
                } else {
                    let fields = fill.ids.iter().map(|(n, placeholder, upto)| {
                        let id = names::ident(n);
                        let d = docs::doc_attrs_trusted(&[format!(
                            "Fills {} in {}.",
                            docs::code(&format!("{{{placeholder}}}")),
                            docs::code(upto)
                        )]);
                        quote!(#d #id: &'a str,)
                    });
                    variant_items.push(quote!(#doc #v { #(#fields)* },));
                    arms.push(quote!(#enum_id::#v { #(#field_ids),* } => #expr,));
                }
            }
            let method_id_text = &names.method;
            let doc = docs::doc_attrs_trusted(&[
                format!("Which path [`{client}::{method_id_text}`] addresses; each variant carries the ids its path needs."),
                listed.join("\n"),
            ]);
            path_enum = quote! {
                #doc
                #[derive(Clone, Copy, Debug, PartialEq, Eq)]
                pub enum #enum_id #decl_lt {
                    #(#variant_items)*
                }

                impl #enum_id #lt {
                    /// The request path, each id percent-encoded as one segment.
                    fn to_path(self) -> ::std::string::String {
                        match self {
                            #(#arms)*
                        }
                    }
                }
            };
            params.push(quote!(path: #enum_id #lt,));
            arg_docs.push(format!(
                "- `path`: which path to call, a [`{enum_name}`] (each variant names the ids it fills)."
            ));
            prelude = quote!(let path = path.to_path(););
            path_expr = quote!(path);
        }
    }

    let mut header_scope = Scope::new();
    for t in BUILDER_METHODS {
        header_scope.take(t);
    }
    let mut headers = Vec::new();
    for (k, h) in exposed_headers(e).into_iter().enumerate() {
        // A required header is an argument of the call, an optional one a builder method.
        let (scope, what) = if h.required {
            (&mut arg_scope, "header argument")
        } else {
            (&mut header_scope, "header method")
        };
        let rust = claim_named(
            scope,
            &mut ctx.diags,
            h.name.trim(),
            Case::Snake,
            "header",
            k + 1,
            &e.source,
            what,
        );
        headers.push(HeaderArg {
            wire: h.name.trim().to_string(),
            rust,
            required: h.required,
            description: docs::sanitize(&h.description),
        });
    }
    let mut header_calls = Vec::new();
    for h in headers.iter().filter(|h| h.required) {
        let id = names::ident(&h.rust);
        let wire = &h.wire;
        params.push(quote!(#id: &str,));
        header_calls.push(quote!(.header(#wire, #id)));
        arg_docs.push(format!(
            "- `{}`: the {} header (required). {}",
            h.rust,
            docs::code(wire),
            h.description
        ));
    }
    if let Some(b) = &body {
        params.push(quote!(body: &#b,));
        arg_docs.push(format!("- `body`: the request body, {body_doc}."));
    }

    let fallible = body.is_some();
    let build = if fallible {
        quote! {
            #prelude
            let request = self.client.request(#method, #path_expr) #(#header_calls)* .json(&body);
        }
    } else {
        quote! {
            #prelude
            let request = self.client.request(#method, #path_expr) #(#header_calls)*;
        }
    };
    let (ret, send) = match &answer {
        Answer::Empty => (quote!(()), quote!(send_empty)),
        Answer::Accepted => (quote!(#rt::Accepted), quote!(send_accepted)),
        Answer::Json(t) => (t.clone(), quote!(send_json)),
        Answer::Page(t) => (quote!(#rt::Page<#t>), quote!(send_page)),
    };
    let builder_id = names::ident(&names.builder);
    let client_id = names::ident(client);
    let method_id = names::ident(&names.method);
    let builder_name = &names.builder;
    let method_name = &names.method;

    // The method's docs.
    let mut paragraphs = vec![docs::sanitize(&e.title)];
    if let Some(d) = &e.description {
        paragraphs.push(docs::sanitize(d));
    }
    let lines: Vec<String> = e
        .paths
        .iter()
        .map(|p| docs::code(&format!("{http} {p}")))
        .collect();
    paragraphs.push(lines.join("\\\n"));
    if !arg_docs.is_empty() {
        paragraphs.push(format!("Arguments:\n{}", arg_docs.join("\n")));
    }
    let optional: Vec<String> = headers
        .iter()
        .filter(|h| !h.required)
        .map(|h| format!("[`{0}`]({builder_name}::{0})", h.rust))
        .collect();
    let mut returns = format!(
        "Returns a [`{builder_name}`]: send it with `.send().await` or `.await`; it answers {}.",
        answer_doc(ctx, e, &answer)
    );
    if streams {
        returns.push_str(&format!(
            " [`.stream()`]({builder_name}::stream) yields every item instead, page after page, following {}.",
            docs::code("@odata.nextLink")
        ));
    }
    if !optional.is_empty() {
        returns.push_str(&format!(" Optional headers: {}.", optional.join(", ")));
    }
    paragraphs.push(returns);
    paragraphs.push(docs::sanitize(&requests::permissions_line(e)));
    paragraphs.push(docs::sanitize(&format!("Source: {}", e.source.file)));
    let method_doc = docs::doc_attrs_trusted(&paragraphs);

    // The builder.
    let request_ty = if fallible {
        quote!(#rt::Result<#rt::Request>)
    } else {
        quote!(#rt::Request)
    };
    let apply = |f: TokenStream| {
        if fallible {
            quote!(self.request = self.request.map(|r| r #f);)
        } else {
            quote!(self.request = self.request #f;)
        }
    };
    let mut methods = Vec::new();
    for h in headers.iter().filter(|h| !h.required) {
        let id = names::ident(&h.rust);
        let wire = &h.wire;
        let set = apply(quote!(.header(#wire, value)));
        let doc = docs::doc_attrs_trusted(&[
            format!("Sets the {} header.", docs::code(wire)),
            h.description.clone(),
        ]);
        methods.push(quote! {
            #doc
            pub fn #id(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                #set
                self
            }
        });
    }
    let set_options = apply(quote!(.options(options)));
    let set_param = apply(quote!(.query(name, value)));
    let set_header = apply(quote!(.header(name, value)));
    let take = if fallible {
        quote!(self.request?)
    } else {
        quote!(self.request)
    };
    let stream = match (&answer, streams && !fallible) {
        (Answer::Page(t), true) => quote! {
            /// Every item, page after page, following `@odata.nextLink`.
            pub fn stream(self) -> #rt::PageStream<#t> {
                self.request.into_stream()
            }
        },
        _ => TokenStream::new(),
    };
    let builder_doc = docs::doc_attrs_trusted(&[format!(
        "A [`{client}::{method_name}`] request: chain its optional inputs, then `.send().await` it (or just `.await` it)."
    )]);
    quote! {
        #path_enum

        impl #client_id {
            #method_doc
            pub fn #method_id(&self, #(#params)*) -> #builder_id {
                #build
                #builder_id { request }
            }
        }

        #builder_doc
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder_id {
            request: #request_ty,
        }

        impl #builder_id {
            #(#methods)*

            /// Adds query options (`$select`, `$filter`, `$top`, ...) and the headers they carry.
            pub fn options(mut self, options: &#rt::QueryOptions) -> Self {
                #set_options
                self
            }

            /// Adds the query parameter `name=value`, for what the docs do not describe.
            pub fn query_param(mut self, name: &str, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                #set_param
                self
            }

            /// Adds a request header, for what the docs do not describe.
            pub fn header(mut self, name: &str, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                #set_header
                self
            }

            /// Sends the request.
            pub async fn send(self) -> #rt::Result<#ret> {
                #take.#send().await
            }

            #stream
        }

        impl ::std::future::IntoFuture for #builder_id {
            type Output = #rt::Result<#ret>;
            type IntoFuture = ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = Self::Output> + ::std::marker::Send> >;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    }
}

/// What a call answers, for its docs, with a link to the model type.
fn answer_doc(ctx: &Ctx<'_>, e: &Endpoint, answer: &Answer) -> String {
    let ty = requests::primary_response(e).and_then(|r| r.ty.as_ref());
    match (answer, ty) {
        (Answer::Empty, _) => "nothing (`()`)".to_string(),
        (Answer::Accepted, _) => "an `Accepted` (where to poll, and any body)".to_string(),
        (Answer::Page(_), Some(t)) => format!("a `Page` of {}", type_link(ctx, t)),
        (Answer::Json(_), Some(t)) => type_link(ctx, t),
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
    match ctx.lookup(t).and_then(|i| ctx.type_names.get(i)) {
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
/// generated `contract` module, which reaches the calls through `crate::requests`.
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
                quote!(crate::requests::#enum_id::#v,)
            } else {
                quote!(crate::requests::#enum_id::#v { #(#fields: #ids),* },)
            }
        }
    };
    let headers = exposed_headers(e)
        .into_iter()
        .filter(|h| h.required)
        .map(|h| header(h.name.trim()));
    quote!(#path #(#headers,)*)
}
