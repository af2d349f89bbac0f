//! The arguments of `api! { ... }`, parsed with syn into [`Settings`].
//!
//! Every literal keeps its span, so a problem found later (in the docs, or in the selection)
//! is reported on the argument that caused it.

use proc_macro2::Span;
use std::path::PathBuf;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{bracketed, Ident, LitStr, Token};

/// The keys `api!` accepts, in the order the docs present them.
pub const KEYS: [&str; 5] = ["docs", "endpoints", "version", "runtime", "allow_errors"];

/// What `api!` was asked to generate.
#[derive(Clone)]
pub struct Settings {
    /// `docs = "..."`: a docs folder (or one page), relative to the crate's manifest folder.
    pub docs: LitStr,
    /// `endpoints = [...]`: page names, function names or `"METHOD /path"`; `None` = all.
    pub endpoints: Option<Vec<LitStr>>,
    /// `version = "v1.0"`: which API version of the folder to generate.
    pub version: Option<LitStr>,
    /// `runtime = path`: where the generated code finds docspec-runtime.
    pub runtime: Option<syn::Path>,
    /// `allow_errors = true`: errors in the docs do not fail the build; what can be generated
    /// is (for docs the user cannot fix, such as a copy of Graph's own reference).
    pub allow_errors: bool,
    /// The folder `docs` is relative to; the shell fills it from the environment.
    pub manifest_dir: PathBuf,
}

impl Settings {
    /// The docs path as given, joined to [`Settings::manifest_dir`].
    pub fn docs_path(&self) -> PathBuf {
        self.manifest_dir.join(self.docs.value())
    }
}

impl Parse for Settings {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut docs = None;
        let mut endpoints = None;
        let mut version = None;
        let mut runtime = None;
        let mut allow_errors = false;
        let mut seen: Vec<String> = Vec::new();
        while !input.is_empty() {
            let key: Ident = input.parse()?;
            let name = key.to_string();
            if seen.contains(&name) {
                return Err(syn::Error::new(
                    key.span(),
                    format!("`{name}` is given twice; keep one"),
                ));
            }
            input.parse::<Token![=]>()?;
            match name.as_str() {
                "docs" => docs = Some(input.parse::<LitStr>()?),
                "endpoints" => endpoints = Some(parse_list(input)?),
                "version" => version = Some(input.parse::<LitStr>()?),
                "runtime" => runtime = Some(input.parse::<syn::Path>()?),
                "allow_errors" => allow_errors = input.parse::<syn::LitBool>()?.value,
                _ => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown argument `{name}`; `api!` takes {}",
                            KEYS.map(|k| format!("`{k}`")).join(", ")
                        ),
                    ))
                }
            }
            seen.push(name);
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        let docs = docs.ok_or_else(|| {
            syn::Error::new(
                Span::call_site(),
                "`api!` needs `docs = \"path/to/docs\"` (relative to this crate's Cargo.toml)",
            )
        })?;
        Ok(Settings {
            docs,
            endpoints,
            version,
            runtime,
            allow_errors,
            manifest_dir: PathBuf::new(),
        })
    }
}

fn parse_list(input: ParseStream<'_>) -> syn::Result<Vec<LitStr>> {
    let content;
    bracketed!(content in input);
    let items = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
    Ok(items.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(tokens: proc_macro2::TokenStream) -> syn::Result<Settings> {
        syn::parse2(tokens)
    }

    #[test]
    fn reads_every_key_in_any_order_with_trailing_comma() {
        let s = parse(quote::quote! {
            runtime = ::my_rt, endpoints = ["a", "POST /x"], version = "v1.0", docs = "d",
            allow_errors = true,
        })
        .unwrap();
        assert!(s.allow_errors);
        assert_eq!(s.docs.value(), "d");
        let e: Vec<String> = s.endpoints.unwrap().iter().map(LitStr::value).collect();
        assert_eq!(e, ["a", "POST /x"]);
        assert_eq!(s.version.unwrap().value(), "v1.0");
        let rt = s.runtime.unwrap();
        assert_eq!(quote::quote!(#rt).to_string(), ":: my_rt");
    }

    #[test]
    fn deny_warnings_is_gone() {
        // Warnings never fail the build, so there is nothing to deny.
        let err = parse(quote::quote!(docs = "d", deny_warnings = true))
            .err()
            .unwrap();
        assert!(
            err.to_string().contains("unknown argument `deny_warnings`"),
            "{err}"
        );
    }

    #[test]
    fn errors_fail_the_build_unless_allowed() {
        assert!(!parse(quote::quote!(docs = "d")).unwrap().allow_errors);
        assert!(
            !parse(quote::quote!(docs = "d", allow_errors = false))
                .unwrap()
                .allow_errors
        );
        let err = parse(quote::quote!(docs = "d", allow_errors = "yes"))
            .err()
            .unwrap();
        assert!(
            err.to_string().contains("expected boolean literal"),
            "{err}"
        );
    }

    #[test]
    fn docs_is_required() {
        let err = parse(quote::quote!(endpoints = ["a"])).err().unwrap();
        assert!(err.to_string().contains("needs `docs"), "{err}");
    }

    #[test]
    fn unknown_and_repeated_keys_are_errors() {
        let err = parse(quote::quote!(docs = "d", doc = "e")).err().unwrap();
        assert!(err.to_string().contains("unknown argument `doc`"), "{err}");
        let err = parse(quote::quote!(docs = "d", docs = "e")).err().unwrap();
        assert!(err.to_string().contains("given twice"), "{err}");
    }

    #[test]
    fn an_empty_list_selects_nothing_rather_than_everything() {
        let s = parse(quote::quote!(docs = "d", endpoints = [])).unwrap();
        assert_eq!(s.endpoints.map(|e| e.len()), Some(0));
    }
}
