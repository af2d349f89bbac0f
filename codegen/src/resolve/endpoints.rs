//! Two pages documenting the same route: both are kept (each is a documented operation with its
//! own name), and the later one is reported so the docs can be fixed.

use crate::diag::{codes, Diagnostic};
use crate::model::Endpoint;
use crate::route::route_key;
use std::collections::HashMap;

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
