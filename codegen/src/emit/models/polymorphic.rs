//! One enum per base type that has derived types (`AnyAttachment` for `attachment`), which is
//! what a value of the base type is wherever it occurs: in fields, bodies and answers.
//!
//! Choices a user of the generated code relies on:
//! * **The tag decides**: a value whose `@odata.type` names a derived type the docs declare
//!   decodes into that type's variant (grandchildren too: every derived type, direct or not,
//!   is a variant). A value without a tag, tagged with the base type itself, or tagged with a
//!   type the docs do not declare is the base type's variant, which keeps every member
//!   (`@odata.type` included) in `additional_properties`: nothing is lost.
//! * **The tag is written back**: a derived variant is serialized with its `@odata.type`
//!   (added when the value has none), so a body built from a derived type tells the service
//!   what it is.
//! * **Base properties stay at hand**: the enum has one accessor per property of the base type
//!   (`attachment.name()`), answering it from whichever variant it holds, and `From` each
//!   variant's type, so a setter or a body takes a derived value as it is.
//! * Tags match without regard to case, and one without a namespace is in `microsoft.graph`
//!   (the runtime's `poly` module).

use super::setters::TAKEN_METHODS;
use crate::emit::context::{Ctx, Shape};
use crate::emit::docs;
use crate::emit::names;
use crate::model::TypeDef;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The namespace of a type that names none.
const DEFAULT_NAMESPACE: &str = "microsoft.graph";

/// The enum of base type `base`, or nothing when it has no derived types.
pub(crate) fn any_enum(ctx: &Ctx<'_>, base: usize) -> TokenStream {
    let (Some(any), Some(derived), Some(t), Some(base_name)) = (
        ctx.any_names.get(&base),
        ctx.derived.get(&base),
        ctx.api.types.get(base),
        ctx.type_names.get(base),
    ) else {
        return TokenStream::new();
    };
    let rt = &ctx.rt;
    let any_id = names::ident(any);
    let base_id = names::ident(base_name);
    let mut variants = Vec::new();
    let mut ser_arms = Vec::new();
    let mut de_arms = Vec::new();
    let mut froms = Vec::new();
    let mut seen_tags = BTreeSet::from([wire_tag(t).to_ascii_lowercase()]);
    // A hub's derived types are those emitted anyway (see `select::reach`).
    let derived: Vec<usize> = derived.iter().copied().filter(|&d| ctx.emits(d)).collect();
    for &d in &derived {
        let (Some(dt), Some(name)) = (ctx.api.types.get(d), ctx.type_names.get(d)) else {
            continue;
        };
        let id = names::ident(name);
        let gate = ctx.variant_gate(base, d);
        let tag = format!("#{}", wire_tag(dt));
        let doc = docs::doc_attrs_trusted(&[format!("{}: {}.", docs::code(&tag), link(name))]);
        variants.push(quote!(#gate #doc #id(#id),));
        ser_arms.push(quote!(#gate Self::#id(v) => #rt::poly::tagged(v, #tag, s),));
        // A type declared twice keeps the first declaration's variant.
        let key = wire_tag(dt).to_ascii_lowercase();
        if seen_tags.insert(key.clone()) {
            de_arms.push(quote!(#gate #key => Self::#id(#rt::poly::decode_derived(map)?),));
        }
        froms.push(from_impl(&gate, &any_id, &id));
    }
    let mut about = vec![
        format!(
            "{}, or one of its derived types: the value's `@odata.type` says which.",
            docs::code(&t.name)
        ),
        format!(
            "A value without a tag, or tagged with a type the docs do not declare, is \
             `{base_name}` itself, which keeps every member (the tag too) in \
             `additional_properties`."
        ),
    ];
    if ctx.is_hub(base) {
        about.push(format!(
            "`{}` is the base of more types than any client wants to compile for one field: \
             its variants are the derived types this crate has for other reasons (a call \
             answers them, a property names them, or their area is on). A value of another \
             one is `{base_name}` too.",
            t.name
        ));
    }
    let doc = docs::doc_attrs_trusted(&about);
    let base_doc = docs::doc_attrs_trusted(&[format!(
        "{} itself, or a derived type the docs do not declare.",
        link(base_name)
    )]);
    froms.push(from_impl(&TokenStream::new(), &any_id, &base_id));
    let accessors = accessors(ctx, base, &derived);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #any_id {
            #(#variants)*
            #base_doc
            #base_id(#base_id),
        }
        impl Default for #any_id {
            fn default() -> Self {
                Self::#base_id(#base_id::default())
            }
        }
        impl #rt::serde::Serialize for #any_id {
            fn serialize<S: #rt::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                    Self::#base_id(v) => #rt::serde::Serialize::serialize(v, s),
                }
            }
        }
        impl<'de> #rt::serde::Deserialize<'de> for #any_id {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let (tag, map) = #rt::poly::split(d)?;
                Ok(match tag.as_str() {
                    #(#de_arms)*
                    _ => Self::#base_id(#rt::poly::decode(map)?),
                })
            }
        }
        #(#froms)*
        #accessors
    }
}

/// `microsoft.graph.fileAttachment`: the type's name as `@odata.type` spells it, without `#`.
fn wire_tag(t: &TypeDef) -> String {
    let ns = t.namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE);
    format!("{ns}.{}", t.name)
}

fn link(name: &str) -> String {
    format!("[`{name}`]")
}

fn from_impl(
    gate: &TokenStream,
    any: &proc_macro2::Ident,
    variant: &proc_macro2::Ident,
) -> TokenStream {
    quote! {
        #gate
        impl From<#variant> for #any {
            fn from(value: #variant) -> Self {
                Self::#variant(value)
            }
        }
    }
}

/// `impl AnyX { fn prop(&self) -> Option<&T> }` for each property of the base type that every
/// variant has with the same type, named like its field.
fn accessors(ctx: &Ctx<'_>, base: usize, derived: &[usize]) -> TokenStream {
    let (Some(any), Some(base_name), Some(t)) = (
        ctx.any_names.get(&base),
        ctx.type_names.get(base),
        ctx.api.types.get(base),
    ) else {
        return TokenStream::new();
    };
    let base_props = ctx.fields(base);
    // The base's properties come first in every variant, so they are named alike there;
    // the variants' own structs have reported any rename already.
    let fields = super::field_names(
        base_props.iter().map(|p| p.name.as_str()),
        base_name,
        &t.source,
        &mut Vec::new(),
    );
    let variants: Vec<(usize, &String)> = derived
        .iter()
        .chain(std::iter::once(&base))
        .filter_map(|&i| Some((i, ctx.type_names.get(i)?)))
        .collect();
    let variant_props: Vec<Vec<_>> = variants.iter().map(|&(i, _)| ctx.fields(i)).collect();
    let mut methods = Vec::new();
    for (k, (p, field)) in base_props.iter().zip(&fields).enumerate() {
        let skip = TAKEN_METHODS.contains(&field.as_str()) || field.starts_with("from_");
        // Every variant has the property at the same position (base properties come first);
        // one that redefines its type gets no accessor.
        let same = variant_props.iter().all(|props| {
            props
                .get(k)
                .is_some_and(|q| q.name == p.name && q.ty == p.ty)
        });
        if skip || !same {
            continue;
        }
        let item = match ctx.shape(&p.ty, false) {
            Shape::Collection(item) => quote!(Vec<#item>),
            Shape::Plain(item) | Shape::Boxed(item) => item,
        };
        let id = names::ident(field);
        let arms = variants
            .iter()
            .zip(&variant_props)
            .map(|(&(i, name), props)| {
                let variant = names::ident(name);
                let required =
                    props.get(k).is_some_and(|q| q.required) && super::has_default(&p.ty);
                let boxed = matches!(ctx.shape(&p.ty, ctx.is_boxed(i, &p.name)), Shape::Boxed(_));
                let value = match (required, boxed) {
                    (true, false) => quote!(Some(&v.#id)),
                    (true, true) => quote!(Some(&*v.#id)),
                    (false, false) => quote!(v.#id.as_ref()),
                    (false, true) => quote!(v.#id.as_deref()),
                };
                let gate = ctx.variant_gate(base, i);
                quote!(#gate Self::#variant(v) => #value,)
            });
        let doc = docs::doc_attrs_trusted(&[format!(
            "{} of whichever type the value is (a property of [`{base_name}`]).",
            docs::code(&p.name),
        )]);
        let gate = ctx.field_gate(base, &p.name);
        methods.push(quote! {
            #doc
            #gate
            pub fn #id(&self) -> Option<&#item> {
                match self {
                    #(#arms)*
                }
            }
        });
    }
    if methods.is_empty() {
        return TokenStream::new();
    }
    let any_id = names::ident(any);
    quote! {
        impl #any_id {
            #(#methods)*
        }
    }
}
