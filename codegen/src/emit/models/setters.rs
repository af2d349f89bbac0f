//! The constructor and chainable setters of a generated struct, so that building a request
//! body reads like the JSON it produces:
//!
//! ```text
//! Participant::new()
//!     .info(ParticipantInfo::new().identity(IdentitySet::new().user(Identity::new().id(user))))
//!     .is_muted(false)
//!     .media_streams([MediaStream::new().media_type(Modality::Audio)])
//! ```
//!
//! Choices a user of the generated code relies on:
//! * `new()` is `Default::default()`: every `Option` is `None`.
//! * One setter per property, named like its field (`r#type` stays raw). It takes
//!   `impl Into<T>` (so `&str` fits a `String` or an enum with `From<&str>`), a collection takes
//!   any `IntoIterator` of `impl Into<E>` (arrays and `Vec`s alike), a boxed field boxes the
//!   value; it sets the field (`Some` for an `Option`) and returns `Self`, `#[must_use]`.
//! * A setter never shadows a method the struct already has (`new`, or one of the traits it
//!   implements, like `clone` or `default`, which `x.clone()` or `T::default()` would then
//!   reach instead): such a property's setter is named `set_<field>` instead, quietly, since
//!   that is a fixed rule rather than a clash between two docs names. Fields and methods live
//!   in separate namespaces, so no other field name can clash.

use crate::emit::context::Shape;
use crate::emit::docs;
use crate::emit::names::{self, Case, Scope};
use proc_macro2::TokenStream;
use quote::quote;

/// Method names a generated struct already answers to: its constructor, and the methods (or
/// associated functions) of the traits it derives or gets blanket implementations of. A setter
/// of the same name would shadow them.
pub(crate) const TAKEN_METHODS: &[&str] = &[
    "new",
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "clone_into",
    "default",
    "deserialize",
    "eq",
    "fmt",
    "from",
    "into",
    "ne",
    "serialize",
    "to_owned",
    "try_from",
    "try_into",
    "type_id",
];

/// Setter name prefixes clippy's `wrong_self_convention` expects other receivers for
/// (`is_muted(self, ..)` is a setter here, not a predicate).
const CONVENTION_PREFIXES: &[&str] = &["as_", "from_", "is_", "to_"];

/// Names of operator methods, whose signature (`self` and one argument) a setter shares, so
/// that clippy's `should_implement_trait` takes it for one.
const OPERATOR_METHODS: &[&str] = &[
    "add", "bitand", "bitor", "bitxor", "div", "mul", "rem", "shl", "shr", "sub",
];

/// One field as the setters see it.
pub(crate) struct Setter<'a> {
    /// The field's identifier text (without `r#`), as the struct names it.
    pub field: &'a str,
    /// The wire name, for the doc of a setter with no description.
    pub wire: &'a str,
    /// The field's type without `Option`, and what it is made of.
    pub shape: &'a Shape,
    /// `false` when the field is an `Option`.
    pub required: bool,
    pub description: Option<&'a str>,
    /// The field's own `#[cfg]`, usually empty.
    pub gate: &'a TokenStream,
}

/// `impl #name { new, setters }`.
pub(crate) fn impl_block(name: &str, fields: &[Setter<'_>]) -> TokenStream {
    let id = names::ident(name);
    let names = setter_names(fields);
    let setters = fields
        .iter()
        .zip(&names)
        .map(|(f, setter)| setter_fn(f, setter));
    let new_doc = format!(
        " An empty {} (no property set), the same as `Default::default()`; fill it with \
         the setters.",
        docs::code(name)
    );
    quote! {
        impl #id {
            #[doc = #new_doc]
            #[must_use]
            pub fn new() -> Self {
                Self::default()
            }
            #(#setters)*
        }
    }
}

/// The setter name of each of `fields`, in order: the field's own name, or `set_<field>` for
/// one that would shadow a method (numbered on the rare clash with another setter).
fn setter_names(fields: &[Setter<'_>]) -> Vec<String> {
    let shadows = |f: &Setter<'_>| TAKEN_METHODS.contains(&f.field);
    let mut scope = Scope::new();
    for m in TAKEN_METHODS {
        scope.take(m);
    }
    for f in fields.iter().filter(|f| !shadows(f)) {
        scope.take(f.field);
    }
    fields
        .iter()
        .map(|f| {
            if shadows(f) {
                scope.claim(&format!("set_{}", f.field), Case::Snake).text
            } else {
                f.field.to_string()
            }
        })
        .collect()
}

fn setter_fn(f: &Setter<'_>, setter: &str) -> TokenStream {
    let field = names::ident(f.field);
    let method = names::ident(setter);
    let (param, value) = match f.shape {
        Shape::Plain(ty) => (quote!(impl Into<#ty>), quote!(value.into())),
        Shape::Boxed(inner) => (quote!(impl Into<#inner>), quote!(Box::new(value.into()))),
        Shape::Collection(item) => (
            // `> >`, not `>>`: the macro's expansion is compared token for token with these
            // tokens re-read by syn, which splits a joint `>>` in generic arguments.
            quote!(impl IntoIterator<Item = impl Into<#item> >),
            quote!(value.into_iter().map(Into::into).collect()),
        ),
    };
    let value = if f.required {
        value
    } else {
        quote!(Some(#value))
    };
    // The field carries the whole description; the setter repeats its first sentence only
    // (repeating all of it was a quarter of whole Graph's models.rs).
    let about = match f.description.map(first_sentence).filter(|d| !d.is_empty()) {
        Some(d) => d.to_string(),
        None => format!("Sets {}.", docs::code(f.wire)),
    };
    let doc = docs::doc_attrs(&[about]);
    let allow = if CONVENTION_PREFIXES.iter().any(|p| setter.starts_with(p)) {
        Some(quote!(#[allow(clippy::wrong_self_convention)]))
    } else if OPERATOR_METHODS.contains(&setter) {
        Some(quote!(#[allow(clippy::should_implement_trait)]))
    } else {
        None
    };
    let gate = f.gate;
    quote! {
        #doc
        #[must_use]
        #allow
        #gate
        pub fn #method(mut self, value: #param) -> Self {
            self.#field = #value;
            self
        }
    }
}

/// The first sentence of `text` (up to the first `. ` followed by an uppercase letter or a
/// backtick), trimmed; all of it when it has one sentence.
fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    let end = text.match_indices(". ").find_map(|(at, _)| {
        let next = text[at + 2..].chars().next()?;
        (next.is_uppercase() || next == '`').then_some(at + 1)
    });
    end.map_or(text, |end| &text[..end])
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn first_sentence_stops_where_the_next_one_starts() {
        for (text, want) in [
            ("The id. It may be missing.", "The id."),
            ("One only.", "One only."),
            ("e.g. this. And `that`.", "e.g. this."),
            ("Version 1.0 of it. Then more", "Version 1.0 of it."),
            ("  ", ""),
        ] {
            assert_eq!(first_sentence(text), want, "{text}");
        }
    }
}
