//! `expand` without a compiler: the same tokens as the library route, and errors on the right
//! argument with the page's location.

use crate::expand::{expand, options};
use crate::settings::Settings;
use docspec_codegen::diag::{self, Severity};
use docspec_codegen::emit;
use proc_macro2::TokenStream;
use quote::quote;
use std::path::PathBuf;

fn macros_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn settings(tokens: TokenStream) -> Settings {
    let mut s: Settings = syn::parse2(tokens).expect("test settings parse");
    s.manifest_dir = macros_dir();
    s
}

fn messages(result: Result<TokenStream, Vec<syn::Error>>) -> Vec<String> {
    match result {
        Ok(tokens) => panic!(
            "expected errors, got {} bytes of tokens",
            tokens.to_string().len()
        ),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// The generated items of an expansion, and apart from them the `include_bytes!` of the pages
/// (one per page, in the one unnamed const that holds them).
fn items_of(tokens: TokenStream) -> (Vec<syn::Item>, Vec<String>) {
    let file: syn::File = syn::parse2(tokens).expect("expansion parses as items");
    let mut items = Vec::new();
    let mut included = Vec::new();
    for item in file.items {
        match &item {
            syn::Item::Const(c) if c.ident == "_" => {
                let text = quote!(#c).to_string();
                included.extend(
                    text.split("include_bytes !")
                        .skip(1)
                        .map(|s| format!("include_bytes !{s}")),
                );
            }
            _ => items.push(item),
        }
    }
    (items, included)
}

/// The calls: methods of the generated client `Graph`, other than its own `new` and `client`.
fn fn_names(items: &[syn::Item]) -> Vec<String> {
    let mut out = Vec::new();
    for i in items {
        if let syn::Item::Impl(imp) = i {
            let ty = &imp.self_ty;
            if imp.trait_.is_some() || quote!(#ty).to_string() != "Graph" {
                continue;
            }
            for it in &imp.items {
                if let syn::ImplItem::Fn(f) = it {
                    let name = f.sig.ident.to_string();
                    if name != "new" && name != "client" {
                        out.push(name);
                    }
                }
            }
        }
    }
    out
}

#[test]
fn expansion_is_the_emitters_tokens_for_the_same_selection_plus_page_includes() {
    let s = settings(quote!(docs = "../docs", endpoints = ["create_participant"]));
    let expanded = expand(&s).expect("the project's docs expand");

    let loaded = docspec_codegen::load(&[macros_dir().join("../docs")]);
    let api = loaded.api(None).expect("docs/ has an API");
    let library = emit::tokens(api, &options(&s, Some(vec!["create_participant".into()])));
    let (items, included) = items_of(expanded.clone());
    let (library_items, _) = items_of(library.tokens.clone());
    assert!(!library_items.is_empty());
    assert_eq!(
        quote!(#(#items)*).to_string(),
        library.tokens.to_string(),
        "the macro adds or changes nothing but the includes"
    );
    assert_eq!(items.len(), library_items.len());
    // One include per page read, naming the page.
    let pages: Vec<String> = loaded
        .files
        .iter()
        .map(|f| {
            let path = std::path::absolute(f).expect("absolute path");
            format!("include_bytes ! ({:?})", path.to_str().expect("UTF-8 path"))
        })
        .collect();
    let included: Vec<&str> = included
        .iter()
        .map(|c| c.split([',', ';']).next().unwrap_or_default().trim())
        .collect();
    assert_eq!(included, pages);
}

#[test]
fn a_selection_keeps_only_its_endpoint_and_the_types_it_reaches() {
    let one = expand(&settings(quote!(
        docs = "../docs",
        endpoints = ["create_participant"]
    )))
    .expect("selection expands");
    let all = expand(&settings(quote!(docs = "../docs"))).expect("everything expands");
    let (one_items, _) = items_of(one);
    let (all_items, _) = items_of(all);
    // One endpoint, one call, whatever its documented paths.
    assert_eq!(fn_names(&one_items), ["create_participant"]);
    assert!(fn_names(&all_items).len() > 1);
    assert!(one_items.len() < all_items.len());
    let has_struct = |items: &[syn::Item], name: &str| {
        items
            .iter()
            .any(|i| matches!(i, syn::Item::Struct(s) if s.ident == name))
    };
    assert!(has_struct(&one_items, "Participant"));
}

#[test]
fn endpoints_can_be_named_by_page_function_or_request_line() {
    let by_fn = expand(&settings(quote!(
        docs = "../docs",
        endpoints = ["create_participant"]
    )));
    let by_page = expand(&settings(quote!(
        docs = "../docs",
        endpoints = ["call-post-participants"]
    )));
    let by_line = expand(&settings(quote!(
        docs = "../docs",
        endpoints = ["POST /app/calls/{call-id}/participants"]
    )));
    let by_fn = by_fn.expect("by function").to_string();
    assert_eq!(by_page.expect("by page").to_string(), by_fn);
    assert_eq!(by_line.expect("by request line").to_string(), by_fn);
}

#[test]
fn the_runtime_path_is_used_in_generated_code() {
    let tokens = expand(&settings(quote!(
        docs = "tests/fixtures/shelf",
        endpoints = ["get_book"],
        runtime = crate::rt
    )))
    .expect("shelf expands")
    .to_string();
    assert!(tokens.contains("crate :: rt :: Client"), "{tokens}");
    assert!(!tokens.contains("docspec_runtime"));
}

#[test]
fn every_error_is_reported_at_its_page_location_and_warnings_are_not() {
    for (fixture, count) in [
        ("bad_json", 1),
        ("broken_link", 1),
        ("no_request", 1),
        ("several", 2),
    ] {
        let docs = format!("tests/fixtures/{fixture}");
        let loaded = docspec_codegen::load(&[macros_dir().join(&docs)]);
        let errors: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), count, "{fixture}: {:#?}", loaded.diagnostics);
        let got = messages(expand(&settings(quote!(docs = #docs))));
        assert_eq!(
            got.len(),
            count,
            "{fixture}: all of them, not the first: {got:?}"
        );
        for (message, d) in got.iter().zip(&errors) {
            let location = format!(
                "{docs}/{}:{}:{}: error[{}]: ",
                d.file, d.line, d.column, d.code
            );
            assert!(message.starts_with(&location), "{message}");
            assert!(message.ends_with(&d.message), "{message}");
        }
        assert!(
            !got.iter().any(|m| m.contains("warning[")),
            "{fixture}: warnings are not errors: {got:?}"
        );
    }
}

#[test]
fn warnings_never_fail() {
    let docs = macros_dir().join("tests/fixtures/warning");
    let loaded = docspec_codegen::load(&[&docs]);
    assert!(!loaded.diagnostics.is_empty(), "the fixture has a warning");
    assert!(!diag::has_errors(&loaded.diagnostics));
    let (items, _) = items_of(
        expand(&settings(quote!(docs = "tests/fixtures/warning"))).expect("warnings pass"),
    );
    assert_eq!(fn_names(&items), ["get_book", "add_book"]);
}

#[test]
fn a_selection_fails_only_on_errors_in_the_pages_it_uses() {
    // `add book`'s page has two errors; `get book` and the `book` type it returns have none.
    let selected = |entry: &str| {
        expand(&settings(quote!(
            docs = "tests/fixtures/several",
            endpoints = [#entry]
        )))
    };
    let (items, _) = items_of(selected("get_book").expect("errors elsewhere are ignored"));
    assert_eq!(fn_names(&items), ["get_book"]);
    let got = messages(selected("add_book"));
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got
        .iter()
        .all(|m| m.starts_with("tests/fixtures/several/api/shelf-post-books.md:")));
}

#[test]
fn allowed_errors_generate_what_the_pages_still_say_but_a_bad_selection_still_fails() {
    let allowed = expand(&settings(quote!(
        docs = "tests/fixtures/several",
        endpoints = ["add_book"],
        allow_errors = true
    )));
    let (items, _) = items_of(allowed.expect("errors allowed"));
    assert_eq!(fn_names(&items), ["add_book"]);
    let got = messages(expand(&settings(quote!(
        docs = "tests/fixtures/several",
        endpoints = ["add_book", "add_bok"],
        allow_errors = true
    ))));
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("`add_bok`"), "{got:?}");
}

#[test]
fn a_missing_docs_path_is_one_error_naming_it() {
    let got = messages(expand(&settings(quote!(docs = "tests/fixtures/nowhere"))));
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].contains("`tests/fixtures/nowhere` does not exist"),
        "{got:?}"
    );
}

#[test]
fn unknown_endpoints_each_get_an_error_with_the_closest_names() {
    let got = messages(expand(&settings(quote!(
        docs = "tests/fixtures/shelf",
        endpoints = [
            "add_bok",
            "get_book",
            "DELETE /shelves/{id}/books/{book-id}"
        ]
    ))));
    assert_eq!(got.len(), 2, "{got:?}");
    let named = got
        .iter()
        .find(|m| m.contains("`add_bok`"))
        .expect("add_bok");
    assert!(named.contains("the closest are `add_book`"), "{named}");
    let line = got.iter().find(|m| m.contains("DELETE")).expect("DELETE");
    assert!(
        line.contains("no endpoint has the method and path `DELETE /shelves/{id}/books/{book-id}`"),
        "{line}"
    );
    assert!(
        line.contains("`GET /shelves/{id}/books/{book-id}`"),
        "{line}"
    );
}

#[test]
fn an_unknown_version_lists_the_versions_found() {
    let got = messages(expand(&settings(quote!(
        docs = "tests/fixtures/shelf",
        version = "v9"
    ))));
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("no `v9` version"), "{got:?}");
}
