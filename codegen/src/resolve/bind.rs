//! Binding type references and base types to the types of one version.
//!
//! A reference with a link is bound to what the linked page defines: the type of that page
//! whose name matches the reference (for pages defining several, such as `enums.md`), else the
//! page's own type. The link decides over its text because the text is often a display form
//! (`Identity set`). A link to a page that was not loaded is reported (`DS0501`) and the
//! reference falls back to its name, as does a link to a page that defines no type. Names are
//! looked up case-insensitively; a name that matches nothing is reported (`DS0502`) and becomes
//! `Json`, so the model only ever names primitives and types it contains.

use crate::diag::{codes, Diagnostic};
use crate::model::{Endpoint, Primitive, RequestBody, TypeDef, TypeKind, TypeRef};
use crate::parse::typeref::primitive_alias;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The key a page is known by in links: lowercase, `/`-separated, without `./` or a fragment.
pub(crate) fn page_key(path: &str) -> String {
    let path = path.split('#').next().unwrap_or(path);
    let mut s = path.replace('\\', "/").to_ascii_lowercase();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.to_string();
    }
    s
}

/// What names and pages are known in one version.
pub(crate) struct Index {
    /// Lowercase name -> the name as defined.
    names: HashMap<String, String>,
    /// Lowercase name -> kind, for base types.
    kinds: HashMap<String, TypeKind>,
    /// Page key -> the names the page defines, its own type first.
    pages: BTreeMap<String, Vec<String>>,
}

impl Index {
    /// Indexes merged `types`, and what each page defined (`page_types`, by [`page_key`]).
    pub(crate) fn new(types: &[TypeDef], page_types: BTreeMap<String, Vec<String>>) -> Self {
        let mut names = HashMap::new();
        let mut kinds = HashMap::new();
        for t in types {
            names
                .entry(t.name.to_ascii_lowercase())
                .or_insert_with(|| t.name.clone());
            kinds.entry(t.name.to_ascii_lowercase()).or_insert(t.kind);
        }
        Index {
            names,
            kinds,
            pages: page_types,
        }
    }

    /// The defined spelling of `name`, if a type of that name exists.
    fn lookup(&self, name: &str) -> Option<&String> {
        self.names.get(&name.to_ascii_lowercase())
    }

    /// Binds one reference in place. `file`/`line` locate the diagnostics.
    pub(crate) fn bind(&self, t: &mut TypeRef, file: &str, line: u32, diags: &mut Vec<Diagnostic>) {
        let line = line.max(1);
        if let Some(link) = t.link.take() {
            match self.pages.get(&page_key(&link)) {
                Some(defined) => {
                    let pick = defined
                        .iter()
                        .find(|n| n.eq_ignore_ascii_case(&t.name))
                        .or_else(|| defined.first());
                    if let Some(name) = pick.and_then(|n| self.lookup(n)) {
                        t.name = name.clone();
                        return;
                    }
                }
                None => diags.push(Diagnostic::new(
                    codes::BROKEN_LINK,
                    file,
                    line,
                    1,
                    format!(
                        "the link for type `{}` points to `{link}`, which is not a page of these docs; fix the link or add the page (until then the type is looked up by name)",
                        t.name
                    ),
                )),
            }
        }
        if Primitive::from_name(&t.name).is_some() {
            return;
        }
        if let Some(p) = primitive_alias(&t.name) {
            t.name = p.name().to_string();
            return;
        }
        match self.lookup(&t.name) {
            Some(name) => t.name = name.clone(),
            None => {
                diags.push(Diagnostic::new(
                    codes::UNRESOLVED_TYPE,
                    file,
                    line,
                    1,
                    format!(
                        "no page defines a type named `{}`; it is treated as `Json` (link the name to the page that defines the type, or add that page)",
                        t.name
                    ),
                ));
                t.name = Primitive::Json.name().to_string();
            }
        }
    }

    /// The kind of the type named `name`.
    fn kind(&self, name: &str) -> Option<TypeKind> {
        self.kinds.get(&name.to_ascii_lowercase()).copied()
    }
}

/// Binds every property's type and every base type. Types are bound in parallel (each only
/// reads the index); the diagnostics come out in the order a sequential pass gives.
pub(crate) fn bind_types(index: &Index, types: &mut [TypeDef], diags: &mut Vec<Diagnostic>) {
    let per_type: Vec<Vec<Diagnostic>> = types
        .par_iter_mut()
        .map(|t| {
            let mut d = Vec::new();
            for p in &mut t.properties {
                index.bind(&mut p.ty, &p.source.file, p.source.line, &mut d);
            }
            d
        })
        .collect();
    diags.extend(per_type.into_iter().flatten());
    bind_base_types(index, types, diags);
}

/// Binds the types of every endpoint's request body and responses, in parallel.
pub(crate) fn bind_endpoints(
    index: &Index,
    endpoints: &mut [Endpoint],
    diags: &mut Vec<Diagnostic>,
) {
    let per_endpoint: Vec<Vec<Diagnostic>> = endpoints
        .par_iter_mut()
        .map(|e| {
            let mut d = Vec::new();
            let (file, line) = (e.source.file.as_str(), e.source.line);
            match &mut e.request_body {
                Some(RequestBody::Type { ty }) => index.bind(ty, file, line, &mut d),
                Some(RequestBody::Parameters {
                    parameters,
                    represents,
                }) => {
                    for p in parameters {
                        index.bind(&mut p.ty, file, line, &mut d);
                    }
                    // A hint: bound quietly, and dropped when no type has the name.
                    if let Some(ty) = represents {
                        index.bind(ty, file, line, &mut Vec::new());
                        if ty.primitive().is_some() {
                            *represents = None;
                        }
                    }
                }
                None => {}
            }
            for r in &mut e.responses {
                if let Some(ty) = &mut r.ty {
                    index.bind(ty, file, line, &mut d);
                }
            }
            d
        })
        .collect();
    diags.extend(per_endpoint.into_iter().flatten());
}

/// Binds every base type to a type of the index, dropping (`DS0505`) those that are not an
/// entity or complex type.
fn bind_base_types(index: &Index, types: &mut [TypeDef], diags: &mut Vec<Diagnostic>) {
    for t in types.iter_mut() {
        let Some(base) = t.base_type.take() else {
            continue;
        };
        let short = base
            .rsplit('.')
            .next()
            .unwrap_or(&base)
            .trim_start_matches('#');
        match (index.lookup(short), index.kind(short)) {
            (Some(name), Some(TypeKind::Entity | TypeKind::Complex)) if t.kind != TypeKind::Enum => {
                t.base_type = Some(name.clone());
            }
            _ => diags.push(Diagnostic::at(
                codes::BAD_BASE_TYPE,
                &t.source,
                format!(
                    "the base type `{base}` of `{}` is not an entity or complex type of these docs; it is dropped",
                    t.name
                ),
            )),
        }
    }
}

/// Breaks inheritance cycles: the first type found on a cycle loses its base type (`DS0505`).
pub(crate) fn check_base_types(types: &mut [TypeDef], diags: &mut Vec<Diagnostic>) {
    let position: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.to_ascii_lowercase(), i))
        .collect();
    for start in 0..types.len() {
        let mut seen = HashSet::new();
        let mut at = start;
        loop {
            if !seen.insert(at) {
                break;
            }
            let next = types
                .get(at)
                .and_then(|t| t.base_type.as_ref())
                .and_then(|b| position.get(&b.to_ascii_lowercase()).copied());
            match next {
                Some(n) if n == start => {
                    if let Some(t) = types.get_mut(start) {
                        let base = t.base_type.take().unwrap_or_default();
                        diags.push(Diagnostic::at(
                            codes::BAD_BASE_TYPE,
                            &t.source,
                            format!(
                                "`{}` inherits from itself through `{base}`; the base type is dropped",
                                t.name
                            ),
                        ));
                    }
                    break;
                }
                Some(n) => at = n,
                None => break,
            }
        }
    }
}

/// A type deriving (transitively) from an entity is an entity: the docs often say only
/// `baseType`, and the key comes from the base.
pub(crate) fn inherit_kinds(types: &mut [TypeDef]) {
    let kinds: HashMap<String, (TypeKind, Option<String>)> = types
        .iter()
        .map(|t| (t.name.to_ascii_lowercase(), (t.kind, t.base_type.clone())))
        .collect();
    for t in types.iter_mut() {
        if t.kind != TypeKind::Complex {
            continue;
        }
        let mut seen = HashSet::new();
        let mut at = t.base_type.clone();
        while let Some(base) = at.take() {
            let key = base.to_ascii_lowercase();
            if !seen.insert(key.clone()) {
                break;
            }
            match kinds.get(&key) {
                Some((TypeKind::Entity, _)) => {
                    t.kind = TypeKind::Entity;
                    break;
                }
                Some((_, next)) => at = next.clone(),
                None => break,
            }
        }
    }
}
