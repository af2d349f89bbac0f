//! Which endpoints and types to emit: all of them, or the selected endpoints and every type
//! they reach (bodies, responses, then properties, transitively).

use super::context::Ctx;
use super::requests::EndpointNames;
use crate::diag::{codes, Diagnostic};
use crate::model::{RequestBody, TypeRef};
use std::collections::BTreeSet;

/// The indices (into `api.endpoints` and `api.types`) to emit.
pub(crate) struct Selection {
    pub endpoints: BTreeSet<usize>,
    pub types: BTreeSet<usize>,
}

/// Resolves `wanted` (page names like `call_post_participants`, or generated function names
/// like `create_participant`) to endpoints; every name that matches nothing is a `DS0701`
/// error. `None` selects everything.
pub(crate) fn select(
    ctx: &mut Ctx<'_>,
    names: &[EndpointNames],
    wanted: Option<&[String]>,
) -> Selection {
    let api = ctx.api;
    let Some(wanted) = wanted else {
        return Selection {
            endpoints: (0..api.endpoints.len()).collect(),
            types: (0..api.types.len()).collect(),
        };
    };
    let mut endpoints = BTreeSet::new();
    for w in wanted {
        let found: Vec<usize> = api
            .endpoints
            .iter()
            .enumerate()
            .filter(|(i, e)| {
                e.name == *w
                    || names.get(*i).is_some_and(|n| {
                        n.functions
                            .iter()
                            .any(|(f, s, _)| f == w || s.as_deref() == Some(w.as_str()))
                    })
            })
            .map(|(i, _)| i)
            .collect();
        if found.is_empty() {
            ctx.diags.push(Diagnostic::error(
                codes::UNKNOWN_SELECTION,
                "",
                1,
                1,
                format!("no endpoint is named `{w}` (give a page name such as `call_post_participants` or a function name such as `create_participant`)"),
            ));
        }
        endpoints.extend(found);
    }
    let mut todo: Vec<&TypeRef> = Vec::new();
    for &i in &endpoints {
        let Some(e) = api.endpoints.get(i) else {
            continue;
        };
        match &e.request_body {
            Some(RequestBody::Type { ty }) => todo.push(ty),
            Some(RequestBody::Parameters { parameters }) => {
                todo.extend(parameters.iter().map(|p| &p.ty))
            }
            None => {}
        }
        todo.extend(e.responses.iter().filter_map(|r| r.ty.as_ref()));
    }
    let mut types = BTreeSet::new();
    while let Some(r) = todo.pop() {
        let Some(i) = ctx.lookup(r) else {
            continue;
        };
        if types.insert(i) {
            todo.extend(ctx.all_properties(i).into_iter().map(|p| &p.ty));
        }
    }
    Selection { endpoints, types }
}
