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
//! * **Unknown properties survive**: `additional_properties` collects (via `#[serde(flatten)]`)
//!   every member the docs do not list, and writes it back, so a read-modify-write round trip
//!   loses nothing, `@odata.type` included.
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
}

/// The name of the field that keeps undocumented members; no docs field may take it.
const ADDITIONAL: &str = "additional_properties";

/// The struct for the entity or complex type at `index`.
pub(crate) fn type_struct(ctx: &mut Ctx<'_>, index: usize, t: &TypeDef) -> TokenStream {
    let name = ctx.type_names.get(index).cloned().unwrap_or_default();
    let fields: Vec<FieldSpec> = ctx
        .all_properties(index)
        .into_iter()
        .map(|p| FieldSpec {
            wire: p.name.clone(),
            shape: ctx.shape(&p.ty, ctx.is_boxed(index, &p.name)),
            required: p.required && has_default(&p.ty),
            description: p.description.clone(),
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
    about.push(format!("Source: {}", t.source.file));
    let setters = ctx.buildable.contains(&index);
    struct_item(ctx, &name, &about, &fields, &t.source, setters)
}

/// The wire name serde's `rename_all = "camelCase"` gives the field `field`, by serde_derive's
/// own rule: PascalCase (drop each `_`, uppercase the character after it and the first one),
/// then the first character lowercased.
fn serde_camel_case(field: &str) -> String {
    let mut pascal = String::with_capacity(field.len());
    let mut upper = true;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            pascal.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            pascal.push(c);
        }
    }
    let mut chars = pascal.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => pascal,
    }
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
    for (f, text) in fields.iter().zip(texts) {
        let id = names::ident(&text);
        // The struct renames its fields to camelCase; a field whose wire name is not that
        // of its Rust name says its own.
        // serde slices the first byte of a name it renames, so only ASCII names are left to it.
        let by_rule = text.is_ascii() && !names::is_keyword(&text);
        let rename = (!by_rule || serde_camel_case(&text) != f.wire).then(|| {
            let wire = &f.wire;
            quote!(rename = #wire,)
        });
        idents.push(text);
        let ty = f.shape.ty();
        let doc = docs::doc_attrs(&[f.description.clone().unwrap_or_default()]);
        members.push(if f.required {
            quote! {
                #doc
                #[serde(#rename default)]
                pub #id: #ty,
            }
        } else {
            // A missing `Option` field is `None` without `default`.
            quote! {
                #doc
                #[serde(#rename skip_serializing_if = "Option::is_none")]
                pub #id: Option<#ty>,
            }
        });
    }
    let rt = &ctx.rt;
    let serde_crate = &ctx.serde_crate;
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
        })
        .collect();
    let builder = if with_setters {
        setters::impl_block(name, &setters)
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq, #rt::serde::Serialize, #rt::serde::Deserialize)]
        #[serde(crate = #serde_crate, rename_all = "camelCase")]
        pub struct #id {
            #(#members)*
            /// Members the docs do not list, kept so that they survive a round trip.
            #[serde(flatten)]
            pub additional_properties: #rt::serde_json::Map<String, #rt::serde_json::Value>,
        }
        #builder
    }
}

#[cfg(test)]
mod tests {
    use super::serde_camel_case;

    #[test]
    fn camel_case_is_serde_derives() {
        for (field, wire) in [
            ("is_in_lobby", "isInLobby"),
            ("id", "id"),
            ("odata_type", "odataType"),
            ("a_1", "a1"),
            ("_x", "x"),
            ("x__y", "xY"),
            ("", ""),
        ] {
            assert_eq!(serde_camel_case(field), wire, "{field}");
        }
    }
}
