//! Structs for entity and complex types, and for request bodies given as parameter tables.
//!
//! Choices a user of the generated code relies on:
//! * **Inheritance is flattened**: a type's struct holds its base types' properties first, then
//!   its own, so `Call` has `id` from `entity`. Rust has no struct inheritance, and Graph
//!   payloads are flat objects too; a trait per base type would add ceremony for no gain.
//! * **Every field is an `Option`** (absent on the wire = `None`, never serialized) unless the
//!   docs say the property is required. Graph omits most properties most of the time
//!   (`$select`, truncated responses), so a missing one must not fail a whole response. The
//!   body struct of a PATCH has no exception: every field is an `Option`, since a field
//!   always sent would overwrite what the caller meant to leave alone.
//! * **Unknown properties survive**: `additional_properties` collects every member the docs
//!   do not list, and writes it back, so a read-modify-write round trip loses nothing,
//!   `@odata.type` included.
//! * **Serde without `serde_derive`**: a struct implements the runtime's `object::Object` (its
//!   wire names, one match arm per member) and its `Serialize` is one call per field. The wire
//!   form is `serde_derive`'s with `flatten`, in a fraction of the code rustc has to check.
//! * A required field whose type has no `Default` (`DateTimeOffset`, `Duration` in the
//!   runtime) stays an `Option`, since every struct derives `Default`.
//! * **Recursive types are boxed**: a by-value field whose type leads back to its owner is a
//!   `Box` (see `Ctx::is_boxed`); collections need no box.
//! * **Bodies are built with setters**: every struct has `new()` and one chainable setter per
//!   property (see `models/setters.rs`).

pub(crate) mod polymorphic;
mod setters;

use super::context::{claim_named, Ctx, Shape};
use super::docs;
use super::names::{self, Case, Scope};
use crate::model::{Primitive, Source, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// One field of a generated struct.
pub(crate) struct FieldSpec {
    /// The wire name.
    pub wire: String,
    /// The Rust type, without `Option`, and what it is made of.
    pub shape: Shape,
    pub required: bool,
    pub description: Option<String>,
    /// The field's own `#[cfg]` (see [`Ctx::field_gates`]), usually empty.
    pub gate: TokenStream,
}

/// The name of the field that keeps undocumented members; no docs field may take it.
const ADDITIONAL: &str = "additional_properties";

/// The struct for the entity or complex type at `index`.
pub(crate) fn type_struct(ctx: &mut Ctx<'_>, index: usize, t: &TypeDef) -> TokenStream {
    let name = ctx.type_names.get(index).cloned().unwrap_or_default();
    // `Ctx::fields`, keeping what it leaves out for the docs.
    let (left_out, kept): (Vec<_>, Vec<_>) = ctx
        .all_properties(index)
        .into_iter()
        .partition(|p| ctx.left_out(p));
    let fields: Vec<FieldSpec> = kept
        .into_iter()
        .map(|p| FieldSpec {
            wire: p.name.clone(),
            shape: ctx.shape(&p.ty, ctx.is_boxed(index, &p.name)),
            required: p.required && has_default(&p.ty),
            description: p.description.clone(),
            gate: ctx.field_gate(index, &p.name),
        })
        .collect();
    let mut about = Vec::new();
    if let Some(d) = &t.description {
        about.push(d.clone());
    }
    let mut facts = Vec::new();
    if let Some(ns) = &t.namespace {
        facts.push(format!("Type: {}", docs::code(&format!("{ns}.{}", t.name))));
    } else {
        facts.push(format!("Type: {}", docs::code(&t.name)));
    }
    if let Some(base) = &t.base_type {
        facts.push(format!(
            "Base type: {} (its properties are included)",
            docs::code(base)
        ));
    }
    if t.is_abstract {
        facts.push("Abstract: the service sends one of its derived types.".to_string());
    }
    about.push(facts.join("\n"));
    let left_out: Vec<String> = left_out.iter().map(|p| docs::code(&p.name)).collect();
    if !left_out.is_empty() {
        about.push(format!(
            "Navigation properties whose types this selection leaves out, kept as JSON in \
             `additional_properties` when the service sends them (`$expand`): {}. Select an \
             endpoint answering their type to have them typed.",
            left_out.join(", ")
        ));
    }
    about.extend(ctx.type_feature_docs.get(&index).cloned());
    about.push(format!("Source: {}", t.source.file));
    let setters = ctx.buildable.contains(&index);
    struct_item(ctx, &name, &about, &fields, &t.source, setters)
}

/// `false` for the runtime types without a `Default` (an instant or a duration has no natural
/// zero). Structs derive `Default`, so a required field of such a type stays an `Option`.
pub(crate) fn has_default(ty: &TypeRef) -> bool {
    ty.collection
        || !matches!(
            ty.primitive(),
            Some(Primitive::DateTimeOffset | Primitive::Duration)
        )
}

/// The field name of each of `wires`, the wire names of the struct `name`'s members in
/// order; renames and collisions are reported into `diags`. Every struct's fields are named
/// so, and so are the accessors of [`polymorphic`] enums, which must match them.
pub(crate) fn field_names<'w>(
    wires: impl Iterator<Item = &'w str>,
    name: &str,
    source: &Source,
    diags: &mut Vec<crate::diag::Diagnostic>,
) -> Vec<String> {
    let mut scope = Scope::new();
    scope.take(ADDITIONAL);
    let what = format!("`{name}` property");
    wires
        .enumerate()
        .map(|(i, wire)| {
            claim_named(
                &mut scope,
                diags,
                wire,
                Case::Snake,
                "field",
                i + 1,
                source,
                &what,
            )
        })
        .collect()
}

/// A struct named `name` with `fields`, documented with the paragraphs `about`.
pub(crate) fn struct_item(
    ctx: &mut Ctx<'_>,
    name: &str,
    about: &[String],
    fields: &[FieldSpec],
    source: &Source,
    with_setters: bool,
) -> TokenStream {
    let texts = field_names(
        fields.iter().map(|f| f.wire.as_str()),
        name,
        source,
        &mut ctx.diags,
    );
    let mut members = Vec::new();
    let mut idents = Vec::with_capacity(fields.len());
    let mut reads = Vec::with_capacity(fields.len());
    let mut writes = Vec::with_capacity(fields.len());
    let rt = &ctx.rt;
    for (index, (f, text)) in fields.iter().zip(texts).enumerate() {
        let id = names::ident(&text);
        idents.push(text);
        let ty = f.shape.ty();
        let doc = docs::doc_attrs(&[f.description.clone().unwrap_or_default()]);
        let wire = &f.wire;
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let gate = &f.gate;
        reads.push(quote!(#gate #index => #rt::object::read(map, &mut self.#id),));
        if f.required {
            members.push(quote! {
                #doc
                #gate
                pub #id: #ty,
            });
            writes.push(quote!(#gate #rt::object::member(&mut map, #wire, &self.#id);));
        } else {
            members.push(quote! {
                #doc
                #gate
                pub #id: Option<#ty>,
            });
            writes.push(quote!(#gate #rt::object::optional(&mut map, #wire, &self.#id);));
        }
    }
    let wires = fields.iter().map(|f| f.wire.as_str());
    let doc = docs::doc_attrs(about);
    let id = names::ident(name);
    let setters: Vec<setters::Setter<'_>> = fields
        .iter()
        .zip(&idents)
        .map(|(f, field)| setters::Setter {
            field,
            wire: &f.wire,
            shape: &f.shape,
            required: f.required,
            description: f.description.as_deref(),
            gate: &f.gate,
        })
        .collect();
    let builder = if with_setters {
        setters::impl_block(name, &setters)
    } else {
        TokenStream::new()
    };
    let mutable = (!fields.is_empty()).then(|| quote!(mut));
    // Every field may be compiled out.
    let allow = (!fields.is_empty() && fields.iter().all(|f| !f.gate.is_empty()))
        .then(|| quote!(#[allow(unused_mut)]));
    // Serde through `rt::object`, not `serde_derive`: the same wire form in a fraction of
    // the code (see the runtime module's docs).
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #id {
            #(#members)*
            /// Members the docs do not list, kept so that they survive a round trip.
            pub additional_properties: #rt::serde_json::Map<String, #rt::serde_json::Value>,
        }
        impl #rt::object::Object for #id {
            const MEMBERS: &'static [&'static str] = &[#(#wires),*];
            fn read_member<'de, A>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>
            where
                A: #rt::serde::de::MapAccess<'de>,
            {
                match index {
                    #(#reads)*
                    // A member whose field the crate's features leave out.
                    _ => #rt::object::keep(self, index, map),
                }
            }
            fn rest(&mut self) -> &mut #rt::serde_json::Map<String, #rt::serde_json::Value> {
                &mut self.additional_properties
            }
        }
        impl<'de> #rt::serde::Deserialize<'de> for #id {
            fn deserialize<D>(d: D) -> Result<Self, D::Error>
            where
                D: #rt::serde::Deserializer<'de>,
            {
                #rt::object::deserialize(d)
            }
        }
        impl #rt::serde::Serialize for #id {
            fn serialize<S: #rt::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                #allow
                let #mutable map = #rt::object::begin(s)?;
                #(#writes)*
                #rt::object::end(map, &self.additional_properties)
            }
        }
        #builder
    }
}
