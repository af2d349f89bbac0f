//! Rust enums for enum types.
//!
//! Graph adds enum members over time (and documents `unknownFutureValue`), so a client built
//! from last year's docs must still read this year's answers: every enum has a catch-all
//! `UnknownValue(String)` that keeps the wire text, and serialization goes through
//! `as_str`/`From<&str>` so an unknown value is written back exactly as it was read. That is
//! why `Serialize`/`Deserialize` are not derived; the runtime's `string_enum_impls!` implements
//! them (and `FromStr`, `Display`) once for every enum, so generated crates do not repeat them.

use super::context::{claim_named, Ctx};
use super::docs;
use super::names::{self, Case, Scope};
use crate::model::TypeDef;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The catch-all variant's name; no member may take it.
const UNKNOWN: &str = "UnknownValue";

/// The enum for the enum type at `index`.
pub(crate) fn enum_item(ctx: &mut Ctx<'_>, index: usize, t: &TypeDef) -> TokenStream {
    let name = ctx.type_names.get(index).cloned().unwrap_or_default();
    let id = names::ident(&name);
    let mut scope = Scope::new();
    scope.take(UNKNOWN);
    let mut wires = BTreeSet::new();
    let mut variants = Vec::new();
    let mut to_wire = Vec::new();
    let mut from_wire = Vec::new();
    let mut first = None;
    for (i, m) in t.members.iter().enumerate() {
        // The same wire value twice would make an unreachable match arm; the first wins.
        if !wires.insert(m.name.as_str()) {
            continue;
        }
        let text = claim_named(
            &mut scope,
            &mut ctx.diags,
            &m.name,
            Case::Camel,
            "Value",
            i + 1,
            &t.source,
            &format!("`{name}` member"),
        );
        let v = names::ident(&text);
        let wire = &m.name;
        let mut about = Vec::new();
        if let Some(d) = &m.description {
            about.push(d.clone());
        }
        about.push(format!("On the wire: {}", docs::code(wire)));
        let doc = docs::doc_attrs(&about);
        variants.push(quote!(#doc #v,));
        to_wire.push(quote!(Self::#v => #wire,));
        from_wire.push(quote!(#wire => Self::#v,));
        first.get_or_insert(v);
    }
    let default = match first {
        Some(v) => quote!(Self::#v),
        None => quote!(Self::UnknownValue(String::new())),
    };
    let rt = &ctx.rt;
    let mut about = Vec::new();
    if let Some(d) = &t.description {
        about.push(d.clone());
    }
    let full = match &t.namespace {
        Some(ns) => format!("{ns}.{}", t.name),
        None => t.name.clone(),
    };
    about.push(format!("Enum type: {}", docs::code(&full)));
    about.extend(ctx.type_feature_docs.get(&index).cloned());
    about.push(format!("Source: {}", t.source.file));
    let doc = docs::doc_attrs(&about);
    let default_doc = if t.members.is_empty() {
        " An empty unknown value: the docs list no members."
    } else {
        " The first member the docs list."
    };
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #id {
            #(#variants)*
            /// A value these docs do not list, kept as sent.
            UnknownValue(String),
        }

        impl #id {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::UnknownValue(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #id {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::UnknownValue(other.to_string()),
                }
            }
        }

        impl ::std::default::Default for #id {
            #[doc = #default_doc]
            fn default() -> Self {
                #default
            }
        }

        #rt::string_enum_impls!(#id);
    }
}
