//! Two pages documenting the same route: both are kept (each is a documented operation with its
//! own name), and the later one is reported so the docs can be fixed.

use super::inherited;
use crate::diag::{codes, Diagnostic};
use crate::model::{Endpoint, RequestBody, TypeDef, TypeKind};
use crate::route::route_key;
use std::collections::{HashMap, HashSet};

/// A request body given as a table of the properties of the resource its prose names
/// ([`RequestBody::Parameters`]' `represents`: "supply a JSON representation for the
/// windows10GeneralConfiguration object", then a table of its properties, as Intune's create
/// and update pages write) is that resource: the body becomes the type, so the call takes the
/// resource (`Windows10GeneralConfiguration`), not a copy of it made from the table. Only when
/// every row is a property of the type or of one of its base types, by its exact name; a
/// table with any other row stays a table.
pub(crate) fn bodies_of_named_resources(types: &[TypeDef], endpoints: &mut [Endpoint]) {
    let position = inherited::positions(types);
    for e in endpoints {
        let Some(RequestBody::Parameters {
            parameters,
            represents: Some(ty),
        }) = &e.request_body
        else {
            continue;
        };
        let Some(names) = property_names(types, &position, &ty.name) else {
            continue;
        };
        if !parameters.is_empty() && parameters.iter().all(|p| names.contains(p.name.as_str())) {
            let ty = ty.clone();
            e.request_body = Some(RequestBody::Type { ty });
        }
    }
}

/// The property names of the entity or complex type `name` and of its base types.
fn property_names<'t>(
    types: &'t [TypeDef],
    position: &HashMap<String, usize>,
    name: &str,
) -> Option<HashSet<&'t str>> {
    let t = types.get(*position.get(&name.to_ascii_lowercase())?)?;
    if t.kind == TypeKind::Enum {
        return None;
    }
    let ancestors = inherited::ancestors_of(types, position, t).unwrap_or_default();
    Some(
        std::iter::once(t)
            .chain(ancestors)
            .flat_map(|t| t.properties.iter().map(|p| p.name.as_str()))
            .collect(),
    )
}

/// Reports each endpoint path that an earlier endpoint (in file order) already documents: the
/// same [`route_key`], so placeholder names, case and a trailing `/` do not tell routes apart.
pub(crate) fn report_duplicates(endpoints: &[Endpoint], diags: &mut Vec<Diagnostic>) {
    let mut order: Vec<&Endpoint> = endpoints.iter().collect();
    order.sort_by(|a, b| a.source.cmp(&b.source));
    let mut seen: HashMap<String, &Endpoint> = HashMap::new();
    for e in order {
        for path in &e.paths {
            let key = route_key(&e.method, path);
            match seen.get(&key) {
                Some(first) if first.name != e.name || first.source != e.source => {
                    diags.push(Diagnostic::at(
                        codes::DUPLICATE_ENDPOINT,
                        &e.source,
                        format!(
                            "`{} {path}` is also documented by {} ({})",
                            e.method, first.source.file, first.name
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    seen.insert(key, e);
                }
            }
        }
    }
}
