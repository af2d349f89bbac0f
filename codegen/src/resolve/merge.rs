//! One type per name: definitions spread over several pages are merged, conflicts reported.
//!
//! Graph's docs split some types over several pages (Intune's `deviceManagement` has one page
//! per feature area, each listing the properties of that area), and write some enums twice (on
//! an enum page and inline in a property description). The rules, by case-insensitive name:
//! - structured + structured: the union of properties, in page order; a property listed twice
//!   with a different type keeps the first and is reported (`DS0503`), as is a different base
//!   type or namespace; any page saying the type has a key makes it an entity;
//! - enum + enum: an enum page beats an inline enum silently; two inline enums union their
//!   members; two enum pages that disagree keep the first, reported;
//! - enum + structured: a real page beats an inline enum silently; otherwise the first wins,
//!   reported.

use super::Origin;
use crate::diag::{codes, Diagnostic};
use crate::model::{TypeDef, TypeKind};
use std::collections::HashMap;

/// Merges definitions that share a name (case-insensitively). The result keeps the order of
/// first appearance.
pub(crate) fn merge_types(origins: Vec<Origin>, diags: &mut Vec<Diagnostic>) -> Vec<TypeDef> {
    let mut merged: Vec<Origin> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for o in origins {
        let key = o.def.name.to_ascii_lowercase();
        match by_name.get(&key) {
            None => {
                by_name.insert(key, merged.len());
                merged.push(o);
            }
            Some(&i) => {
                if let Some(existing) = merged.get_mut(i) {
                    merge_one(existing, o, diags);
                }
            }
        }
    }
    merged.into_iter().map(|o| o.def).collect()
}

fn is_inline_enum(o: &Origin) -> bool {
    o.def.kind == TypeKind::Enum && !o.explicit
}

fn conflict(diags: &mut Vec<Diagnostic>, new: &TypeDef, first: &TypeDef, what: &str) {
    diags.push(Diagnostic::at(
        codes::DUPLICATE_TYPE,
        &new.source,
        format!(
            "type `{}` is also defined in {}:{} {what}; the first definition is kept",
            new.name, first.source.file, first.source.line
        ),
    ));
}

fn merge_one(existing: &mut Origin, new: Origin, diags: &mut Vec<Diagnostic>) {
    let e_enum = existing.def.kind == TypeKind::Enum;
    let n_enum = new.def.kind == TypeKind::Enum;
    match (e_enum, n_enum) {
        (true, true) => merge_enums(existing, new, diags),
        (false, false) => merge_structured(&mut existing.def, new.def, diags),
        _ => {
            if is_inline_enum(existing) {
                *existing = new;
            } else if !is_inline_enum(&new) {
                conflict(
                    diags,
                    &new.def,
                    &existing.def,
                    "as a different kind of type",
                );
            }
        }
    }
}

fn merge_enums(existing: &mut Origin, new: Origin, diags: &mut Vec<Diagnostic>) {
    match (existing.explicit, new.explicit) {
        (false, true) => *existing = new,
        (true, false) => {}
        (false, false) => {
            for m in new.def.members {
                if !existing
                    .def
                    .members
                    .iter()
                    .any(|x| x.name.eq_ignore_ascii_case(&m.name))
                {
                    existing.def.members.push(m);
                }
            }
        }
        (true, true) => {
            let same = existing.def.members.len() == new.def.members.len()
                && existing
                    .def
                    .members
                    .iter()
                    .zip(&new.def.members)
                    .all(|(a, b)| a.name.eq_ignore_ascii_case(&b.name));
            if !same {
                conflict(diags, &new.def, &existing.def, "with other members");
            }
        }
    }
}

fn merge_structured(existing: &mut TypeDef, new: TypeDef, diags: &mut Vec<Diagnostic>) {
    let ns = |t: &TypeDef| t.namespace.clone().map(|n| n.to_ascii_lowercase());
    if ns(existing).is_some() && ns(&new).is_some() && ns(existing) != ns(&new) {
        conflict(diags, &new, existing, "in another namespace");
        return;
    }
    if existing.namespace.is_none() {
        existing.namespace = new.namespace.clone();
    }
    match (&existing.base_type, &new.base_type) {
        (Some(a), Some(b)) if !a.eq_ignore_ascii_case(b) => {
            conflict(diags, &new, existing, &format!("with base type `{b}`"));
        }
        (None, Some(b)) => existing.base_type = Some(b.clone()),
        _ => {}
    }
    if new.kind == TypeKind::Entity {
        existing.kind = TypeKind::Entity;
    }
    existing.is_abstract |= new.is_abstract;
    existing.open_type |= new.open_type;
    if existing.key_property.is_none() {
        existing.key_property = new.key_property.clone();
    }
    if existing.description.is_none() {
        existing.description = new.description.clone();
    }
    for p in new.properties {
        match existing
            .properties
            .iter()
            .find(|x| x.name.eq_ignore_ascii_case(&p.name))
        {
            None => existing.properties.push(p),
            Some(x) => {
                if x.ty.collection != p.ty.collection || !x.ty.name.eq_ignore_ascii_case(&p.ty.name)
                {
                    diags.push(Diagnostic::at(
                        codes::DUPLICATE_TYPE,
                        &p.source,
                        format!(
                            "property `{}.{}` is also defined in {}:{} with another type; the first definition is kept",
                            existing.name, p.name, x.source.file, x.source.line
                        ),
                    ));
                }
            }
        }
    }
}
