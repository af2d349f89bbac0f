//! A big API's models split into several crates ([`super::Options::model_crates`]), so that no
//! one `rustc` holds all of them: whole Graph beta as one crate peaks at about 5 GB in `cargo
//! check`, most of it the models.
//!
//! **The rule.** Each model item (a type's struct or enum, with its `AnyX` enum and their
//! impls) goes to exactly one crate, and a crate may only name items of the crates before it,
//! so the crates form a DAG that cargo builds in order (and in parallel where it can).
//! What an item names is read from its emitted tokens: every identifier that is another
//! item's type name and is not the tail of a path (`rt::serde::Serialize` names no model).
//! An enum type's item names nothing (its variants are not types). Items that name each
//! other, directly or not, form a strongly connected component and share a crate; the
//! components are taken dependencies first (Tarjan's order) and cut into `n` runs of about
//! equal size in tokens. Within a crate, items keep the model's order.
//!
//! The split is a function of the emitted tokens alone, so it is as deterministic as they
//! are.

use super::scc;
use proc_macro2::{Spacing, TokenStream, TokenTree};
use std::collections::{BTreeSet, HashMap};

/// One model item to place: its tokens, and whether what it names should be read from them
/// (not for an enum type, whose variant names are not types).
pub(crate) struct Item {
    pub tokens: TokenStream,
    /// Its `#[cfg(..)]` in a crate gated by area, else empty.
    pub gate: TokenStream,
    pub names_types: bool,
}

/// One of the model crates: the items it holds (indices into the `items` given to [`split`],
/// ascending) and the crates it names (indices into the result, all before it).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ModelCrate {
    pub items: Vec<usize>,
    pub deps: BTreeSet<usize>,
}

/// How many tokens of models a crate holds when the number of crates is left to docspec:
/// whole Graph v1.0 has about 1.7 million (3 crates), beta about 4.6 million (8 crates), and
/// a crate of this size takes about 15 s and 1 GB to check.
pub(crate) const AUTO_TOKENS: usize = 600_000;

/// `items` split into at most `n` crates (see the module docs), or `None`: as many as it
/// takes for each to hold about [`AUTO_TOKENS`] tokens. Fewer when there are fewer
/// components; one holds everything. An empty input gives no crate.
pub(crate) fn split(items: &[Item], n: Option<usize>) -> Vec<ModelCrate> {
    let mut defined: HashMap<String, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        for name in defined_names(&item.tokens) {
            defined.entry(name).or_insert(i);
        }
    }
    let mut weights = Vec::with_capacity(items.len());
    let mut edges: Vec<Vec<usize>> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let mut named = BTreeSet::new();
        let weight = scan(&item.tokens, &mut |ident| {
            if item.names_types {
                if let Some(&j) = defined.get(ident) {
                    if j != i {
                        named.insert(j);
                    }
                }
            }
        });
        weights.push(weight);
        edges.push(named.into_iter().collect());
    }
    let components = scc::components(&edges);
    let total: usize = weights.iter().sum();
    let n = n.unwrap_or(total.div_ceil(AUTO_TOKENS)).max(1);
    let target = total.div_ceil(n).max(1);
    let mut crate_of = vec![0usize; items.len()];
    let mut crates: Vec<ModelCrate> = Vec::new();
    let mut current = ModelCrate::default();
    let mut weight = 0usize;
    for component in components {
        if weight >= target && crates.len() + 1 < n {
            crates.push(std::mem::take(&mut current));
            weight = 0;
        }
        for &i in &component {
            crate_of[i] = crates.len();
            weight += weights.get(i).copied().unwrap_or(0);
        }
        current.items.extend(component);
    }
    if !current.items.is_empty() {
        crates.push(current);
    }
    for (k, c) in crates.iter_mut().enumerate() {
        c.items.sort_unstable();
        for &i in &c.items {
            for &j in edges.get(i).into_iter().flatten() {
                let dep = crate_of.get(j).copied().unwrap_or(k);
                if dep != k {
                    c.deps.insert(dep);
                }
            }
        }
    }
    crates
}

/// The names an item's top-level `struct` and `enum` definitions give.
fn defined_names(tokens: &TokenStream) -> Vec<String> {
    let mut names = Vec::new();
    let mut after_keyword = false;
    for tree in tokens.clone() {
        if let TokenTree::Ident(ident) = &tree {
            if after_keyword {
                names.push(ident.to_string());
            }
            after_keyword = ident == "struct" || ident == "enum";
        } else {
            after_keyword = false;
        }
    }
    names
}

/// Calls `found` with every identifier in `tokens` (groups included) that is not the tail of
/// a path (preceded by `::`), and returns how many tokens there are.
fn scan(tokens: &TokenStream, found: &mut impl FnMut(&str)) -> usize {
    let mut count = 0;
    // The last two tokens were `:` (joint) and `:`.
    let mut colons = 0u8;
    for tree in tokens.clone() {
        count += 1;
        match &tree {
            TokenTree::Ident(ident) => {
                if colons < 2 {
                    found(&ident.to_string());
                }
                colons = 0;
            }
            TokenTree::Punct(p) if p.as_char() == ':' => {
                colons = match (colons, p.spacing()) {
                    (0, Spacing::Joint) => 1,
                    (1, _) => 2,
                    _ => 0,
                };
            }
            TokenTree::Group(g) => {
                count += scan(&g.stream(), found);
                colons = 0;
            }
            _ => colons = 0,
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn item(tokens: TokenStream) -> Item {
        Item {
            gate: TokenStream::new(),
            tokens,
            names_types: true,
        }
    }

    #[test]
    fn an_item_goes_after_the_items_it_names_and_a_cycle_stays_together() {
        let items = vec![
            item(quote!(
                pub struct A {
                    pub b: Option<B>,
                    pub c: Option<rt::C>,
                }
            )),
            item(quote!(
                pub struct B {
                    pub a: Option<Box<A>>,
                }
            )),
            item(quote!(pub struct C { pub x: Option<String> } impl C { fn f() {} })),
            item(quote!(
                pub struct D {
                    pub c: Option<Vec<C>>,
                }
            )),
            Item {
                gate: TokenStream::new(),
                tokens: quote!(
                    pub enum E {
                        A,
                        D,
                    }
                ),
                names_types: false,
            },
        ];
        let crates = split(&items, Some(3));
        let crate_of = |i: usize| crates.iter().position(|c| c.items.contains(&i)).unwrap();
        assert_eq!(crates.len(), 3, "{crates:?}");
        assert_eq!(crate_of(0), crate_of(1));
        for (k, c) in crates.iter().enumerate() {
            assert!(c.deps.iter().all(|&d| d < k), "{crates:?}");
        }
        // D names C: C's crate is D's or one before it, which D's depends on.
        assert!(crate_of(2) <= crate_of(3), "{crates:?}");
        if crate_of(2) != crate_of(3) {
            assert!(crates[crate_of(3)].deps.contains(&crate_of(2)));
        }
        // `rt::C` is the runtime's, not item 2: A and B do not need C's crate.
        assert_ne!(crate_of(0), crate_of(2), "{crates:?}");
        assert!(
            !crates[crate_of(0)].deps.contains(&crate_of(2)),
            "{crates:?}"
        );
        // The enum's variants name nothing.
        assert!(crates[crate_of(4)].deps.is_empty(), "{crates:?}");
        let mut all: Vec<usize> = crates.iter().flat_map(|c| c.items.clone()).collect();
        all.sort_unstable();
        assert_eq!(all, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn one_crate_holds_everything_and_none_is_empty() {
        let items: Vec<Item> = (0..5)
            .map(|i| {
                let name = quote::format_ident!("T{i}");
                item(quote!(pub struct #name;))
            })
            .collect();
        let one = split(&items, Some(1));
        assert_eq!(split(&items, None), one, "small: one crate");
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].items, vec![0, 1, 2, 3, 4]);
        let many = split(&items, Some(10));
        assert!(many.len() <= 5 && many.iter().all(|c| !c.items.is_empty()));
        assert!(split(&[], Some(4)).is_empty());
    }
}
