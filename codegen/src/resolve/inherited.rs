//! Inherited properties written again on a derived type's page.
//!
//! OData does not let a derived type redeclare a property of its base, yet derived pages often
//! list the inherited properties again, mostly in their JSON representation where the type is
//! only guessed from a placeholder (`"inboundPackets": 1024` for a base's `Int64`). When such a
//! redeclaration disagrees with the base, the base's declaration is the one the docs mean: the
//! redeclaration is dropped and reported (`DS0503`). One that agrees is harmless and kept (its
//! description is often more specific).

use crate::diag::{codes, Diagnostic};
use crate::model::{Property, TypeDef};
use std::collections::{HashMap, HashSet};

/// A redeclaration to drop: its index in the type's properties, the ancestor declaring the
/// property, and the ancestor's type as shown in the diagnostic.
type Redeclared = (usize, String, String);

/// Drops own properties that an ancestor declares with another type. Run after base types are
/// bound and cycles broken.
pub(crate) fn drop_conflicting_redeclarations(types: &mut [TypeDef], diags: &mut Vec<Diagnostic>) {
    let position = positions(types);
    let mut drops: Vec<(usize, Vec<Redeclared>)> = Vec::new();
    for (i, t) in types.iter().enumerate() {
        let Some(ancestors) = ancestors_of(types, &position, t) else {
            continue;
        };
        // The farthest ancestor declaring a property is where it is declared; nearer ones may
        // have redeclared it wrongly themselves.
        let mut inherited: HashMap<String, (&Property, &str)> = HashMap::new();
        for a in &ancestors {
            for p in &a.properties {
                inherited.insert(p.name.to_ascii_lowercase(), (p, a.name.as_str()));
            }
        }
        let mut here = Vec::new();
        for (pi, p) in t.properties.iter().enumerate() {
            if let Some((base_p, base_name)) = inherited.get(&p.name.to_ascii_lowercase()) {
                if !same_type(p, base_p) {
                    here.push((pi, base_name.to_string(), describe(base_p)));
                }
            }
        }
        if !here.is_empty() {
            drops.push((i, here));
        }
    }
    for (i, here) in drops {
        let Some(t) = types.get_mut(i) else { continue };
        for (pi, base_name, base_ty) in here.iter().rev() {
            if *pi >= t.properties.len() {
                continue;
            }
            let p = t.properties.remove(*pi);
            diags.push(Diagnostic::at(
                codes::DUPLICATE_TYPE,
                &p.source,
                format!(
                    "`{}.{}` is inherited from `{base_name}` as `{base_ty}` but written here as `{}`; the inherited declaration is kept",
                    t.name,
                    p.name,
                    describe(&p)
                ),
            ));
        }
    }
}

/// The index of each type by its lowercase name, for [`ancestors_of`].
pub(super) fn positions(types: &[TypeDef]) -> HashMap<String, usize> {
    types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.to_ascii_lowercase(), i))
        .collect()
}

/// The ancestors of `t`, nearest first, or `None` when it has no base type.
pub(super) fn ancestors_of<'t>(
    types: &'t [TypeDef],
    position: &HashMap<String, usize>,
    t: &TypeDef,
) -> Option<Vec<&'t TypeDef>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    seen.insert(t.name.to_ascii_lowercase());
    let mut at = t.base_type.clone();
    while let Some(base) = at.take() {
        let key = base.to_ascii_lowercase();
        if !seen.insert(key.clone()) {
            break;
        }
        let Some(b) = position.get(&key).and_then(|&i| types.get(i)) else {
            break;
        };
        out.push(b);
        at = b.base_type.clone();
    }
    (!out.is_empty()).then_some(out)
}

fn same_type(a: &Property, b: &Property) -> bool {
    a.ty.collection == b.ty.collection && a.ty.name.eq_ignore_ascii_case(&b.ty.name)
}

fn describe(p: &Property) -> String {
    if p.ty.collection {
        format!("Collection({})", p.ty.name)
    } else {
        p.ty.name.clone()
    }
}
