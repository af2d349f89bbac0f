//! A big API's models split into several crates ([`super::Options::model_crates`]), so that no
//! one `rustc` holds all of them (whole Graph beta as one crate peaks at about 5 GB in `cargo
//! check`, most of it the models) and cargo checks them in parallel.
//!
//! **The rule.** Each model item (a type's struct or enum, with its `AnyX` enum and their
//! impls) goes to exactly one crate, and a crate may only name items of the crates before it,
//! so the crates form a DAG that cargo builds in order, and in parallel where it can.
//! What an item names is read from its emitted tokens: every identifier that is another
//! item's type name and is not the tail of a path (`rt::serde::Serialize` names no model).
//! An enum type's item names nothing (its variants are not types). Items that name each
//! other, directly or not, form a strongly connected component (`scc.rs`) and share a crate.
//!
//! **The layers.** The components are put in three layers:
//! - the top: hubs, components that name [`HUB_NAMES`] others or more (`AnyEntity`; a base
//!   type whose `AnyX` lists its many subtypes), and everything that names a hub;
//! - the base: components named by [`SHARED_BY`] others or more outside the top, and
//!   everything they name;
//! - the middle: the rest, which then falls apart into parts that name nothing of each
//!   other (the weakly connected components of what is left).
//!
//! The base is one crate, the top another, and the middle's parts are packed into the crates
//! between them (heaviest part first, each into the lightest crate): each middle crate names
//! only the base, so cargo checks all of them at once, and the top after them. Whole Graph
//! v1.0: base 8% of the tokens, top 8%, middle 84% in about 600 parts, the largest 6% of
//! the whole; the longest chain of components that name each other is 10% of the whole.
//! Asked for fewer crates than the layers take, the middle joins the base; asked for more
//! middle crates than there are parts (a small API is often one part), the heaviest part is
//! cut in two in the components' order, so that its second half names only its first.
//! Within a crate, items keep the model's order.
//!
//! **By area** ([`super::features`]), the middle's parts are packed in another way: in the
//! order of the features of their gates, each crate filled to about an even share before the
//! next is begun, and a crate ends where those features change when it can. An app enabling
//! one area so compiles few crates (each has a fixed cost): v1.0's areas turn on 2.9 model
//! crates of 7 on average, against 3.9 when heaviest-first packing spread them (`me_drive`
//! turned on all seven, `education` seven, now four).
//!
//! Each crate also says which features its items name
//! (the ones its manifest declares), whether it holds an ungated item, and, for each crate it
//! names, the features under which an item naming that crate compiles (an item's gate; for
//! an ungated item, the `cfg`s of its fields): a crate of gated items only is then an optional
//! dependency, turned on by those features only.
//!
//! The split is a function of the emitted tokens alone, so it is as deterministic as they
//! are.

use super::scc;
use proc_macro2::{Spacing, TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// One model item to place: its tokens, and whether what it names should be read from them
/// (not for an enum type, whose variant names are not types).
pub(crate) struct Item {
    pub tokens: TokenStream,
    /// Its `#[cfg(..)]` in a crate gated by area, else empty.
    pub gate: TokenStream,
    pub names_types: bool,
}

/// One of the model crates: the items it holds (indices into the `items` given to [`split`],
/// ascending) and the crates it names (indices into the result, all before it); by area, what
/// its manifest needs to make those crates optional dependencies (see the module docs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ModelCrate {
    pub items: Vec<usize>,
    pub deps: BTreeSet<usize>,
    /// The features its items' gates and `cfg`s name: the ones the crate declares.
    pub features: BTreeSet<String>,
    /// Whether it holds an item without a gate, compiled under any features: then a crate
    /// depending on it always does.
    pub ungated: bool,
    /// For each of `deps`, the features of this crate under which an item naming that crate
    /// compiles: only they turn the dependency on (when it is optional).
    pub needed_under: BTreeMap<usize, BTreeSet<String>>,
}

impl ModelCrate {
    /// Whether a dependency on this crate is optional: unless it holds an ungated item. Outside
    /// areas every item is ungated, so no crate is. The one home of this rule: the manifests,
    /// the imports and re-exports gated by `_modelsK` all ask here.
    pub(crate) fn optional(&self) -> bool {
        !self.ungated
    }
}

/// About how many tokens of models a crate holds when the number of crates is left to
/// docspec: an API with fewer keeps its models in one crate; a bigger one gets at least two
/// middle crates (see the module docs) of about this many tokens each. Whole Graph v1.0 has
/// about 1.4 million tokens of models (6 crates), beta about 3.4 million (12).
pub(crate) const AUTO_TOKENS: usize = 300_000;

/// A component naming at least this many others is a hub: `AnyEntity`, or a base type whose
/// `AnyX` enum lists its many subtypes. Hubs and whatever names them are the top layer.
const HUB_NAMES: usize = 30;

/// A component named by at least this many others (outside the top layer) is shared: it and
/// everything it names are the base layer.
const SHARED_BY: usize = 5;

/// What [`split`] needs of the model items, read from each as it is made ([`Summaries::add`]):
/// the names it defines and may name, its weight and its features. A big API's items need
/// not be kept as tokens until all are made (whole Graph v1.0's would hold about 100 MB).
#[derive(Default)]
pub(crate) struct Summaries {
    /// Every identifier read so far, numbered in the order first read.
    names: HashMap<String, u32>,
    items: Vec<Summary>,
}

/// One item of [`Summaries`].
struct Summary {
    /// The type names it defines (after `struct` and `enum`).
    defines: Vec<u32>,
    /// The identifiers that are not the tail of a path, ascending, each once: what may name
    /// another item. None for an enum type.
    idents: Vec<u32>,
    /// How many tokens it has.
    weight: usize,
    /// Every `feature = "name"` of its `cfg`s, its gate's included.
    features: BTreeSet<String>,
    /// Whether it has a gate, and the features its gate names.
    gated: bool,
    gate_features: BTreeSet<String>,
}

impl Summaries {
    /// Reads `item`, the next of the items to split.
    pub(crate) fn add(&mut self, item: &Item) {
        let defines = defined_names(&item.tokens)
            .into_iter()
            .map(|name| intern(&mut self.names, &name))
            .collect();
        let mut walk = Walk::new(&mut self.names);
        walk.names_types = item.names_types;
        let weight = walk.scan(&item.tokens);
        let mut idents = std::mem::take(&mut walk.idents);
        idents.sort_unstable();
        idents.dedup();
        self.items.push(Summary {
            defines,
            idents,
            weight,
            features: walk.features,
            gated: !item.gate.is_empty(),
            gate_features: feature_names(&item.gate),
        });
    }
}

/// `name`'s number in `names`, given one when it has none yet.
fn intern(names: &mut HashMap<String, u32>, name: &str) -> u32 {
    if let Some(&n) = names.get(name) {
        return n;
    }
    // More than 4 billion distinct identifiers do not fit in memory either.
    let n = u32::try_from(names.len()).unwrap_or(u32::MAX);
    names.insert(name.to_string(), n);
    n
}

/// `items` split into at most `n` crates (see the module docs), or `None`: as many as
/// [`AUTO_TOKENS`] asks for. One holds everything; an empty input gives no crate.
pub(crate) fn split(items: &Summaries, n: Option<usize>) -> Vec<ModelCrate> {
    let items = &items.items;
    let mut defined: HashMap<u32, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        for &name in &item.defines {
            defined.entry(name).or_insert(i);
        }
    }
    let weights: Vec<usize> = items.iter().map(|item| item.weight).collect();
    let mut edges: Vec<Vec<usize>> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let mut named: BTreeSet<usize> = item
            .idents
            .iter()
            .filter_map(|name| defined.get(name).copied())
            .collect();
        named.remove(&i);
        edges.push(named.into_iter().collect());
    }
    let components = scc::components(&edges);
    let total: usize = weights.iter().sum();
    let groups = if n.map_or(total <= AUTO_TOKENS, |n| n <= 1) {
        vec![(0..components.len()).collect()]
    } else {
        // By area, the features of each component's gates, which keep an area's parts
        // together (see `Layers::crates`).
        let keys = components
            .iter()
            .map(|members| {
                let gates = members.iter().filter_map(|&i| items.get(i));
                gates
                    .flat_map(|item| item.gate_features.iter().cloned())
                    .collect()
            })
            .collect();
        Layers::new(&components, &edges, &weights, keys).crates(n)
    };
    let mut crate_of = vec![0usize; items.len()];
    let mut crates: Vec<ModelCrate> = Vec::with_capacity(groups.len());
    for group in groups {
        let mut c = ModelCrate::default();
        for &component in &group {
            for &i in components.get(component).into_iter().flatten() {
                if let Some(slot) = crate_of.get_mut(i) {
                    *slot = crates.len();
                }
                c.items.push(i);
            }
        }
        if !c.items.is_empty() {
            crates.push(c);
        }
    }
    for (k, c) in crates.iter_mut().enumerate() {
        c.items.sort_unstable();
        for &i in &c.items {
            let Some(item) = items.get(i) else {
                continue;
            };
            let named = &item.features;
            c.ungated |= !item.gated;
            // What names another crate compiles when the item's gate holds; an ungated item
            // names a crate of gated items only under the `cfg`s of its fields.
            let under = if item.gated {
                &item.gate_features
            } else {
                named
            };
            for &j in edges.get(i).into_iter().flatten() {
                let dep = crate_of.get(j).copied().unwrap_or(k);
                if dep != k {
                    c.deps.insert(dep);
                    let needed = c.needed_under.entry(dep).or_default();
                    needed.extend(under.iter().cloned());
                }
            }
            c.features.extend(named.iter().cloned());
        }
    }
    crates
}

/// The features `tokens` name in their `cfg`s: every `feature = "name"`, groups included.
pub(crate) fn feature_names(tokens: &TokenStream) -> BTreeSet<String> {
    let mut names = HashMap::new();
    let mut walk = Walk::new(&mut names);
    walk.scan(tokens);
    walk.features
}

/// The components of the models' graph in three layers: the top (hubs and what names them),
/// the base (shared components and what they name), and the middle (the rest), which falls
/// apart into parts that name nothing of each other.
struct Layers {
    /// Each component's weight (tokens).
    weights: Vec<usize>,
    base: Vec<usize>,
    top: Vec<usize>,
    /// The middle's weakly connected parts, each ascending, in order of their first component.
    parts: Vec<Vec<usize>>,
    /// By area, the features of each component's gates (empty sets otherwise).
    keys: Vec<BTreeSet<String>>,
}

impl Layers {
    fn new(
        components: &[Vec<usize>],
        edges: &[Vec<usize>],
        item_weights: &[usize],
        keys: Vec<BTreeSet<String>>,
    ) -> Layers {
        let count = components.len();
        let component_of = scc::numbered(components, item_weights.len());
        let weights: Vec<usize> = components
            .iter()
            .map(|members| {
                let weight = |&i: &usize| item_weights.get(i).copied().unwrap_or(0);
                members.iter().map(weight).sum()
            })
            .collect();
        // The graph of the components: what each names, and what names it.
        let mut names: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); count];
        for (c, members) in components.iter().enumerate() {
            for &i in members {
                for &j in edges.get(i).into_iter().flatten() {
                    let d = component_of.get(j).copied().unwrap_or(c);
                    if d != c {
                        names[c].insert(d);
                    }
                }
            }
        }
        let mut named_by: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (c, named) in names.iter().enumerate() {
            for &d in named {
                named_by[d].push(c);
            }
        }
        let hubs = (0..count).filter(|&c| names[c].len() >= HUB_NAMES);
        let in_top = closure(count, hubs, |c| named_by[c].iter().copied(), |_| true);
        let shared = (0..count).filter(|&c| named_by[c].len() >= SHARED_BY && !in_top[c]);
        // What a component outside the top names is outside it too (the top is closed upward).
        let in_base = closure(count, shared, |c| names[c].iter().copied(), |c| !in_top[c]);
        let mut placed = vec![false; count];
        let mut parts: Vec<Vec<usize>> = Vec::new();
        for start in 0..count {
            if in_top[start] || in_base[start] || placed[start] {
                continue;
            }
            let mut part = Vec::new();
            let mut stack = vec![start];
            while let Some(c) = stack.pop() {
                if placed[c] {
                    continue;
                }
                placed[c] = true;
                part.push(c);
                // The neighbours of a middle component are middle or base ones: whatever
                // names it is not top, and what it names is not top either.
                let neighbours = names[c].iter().chain(&named_by[c]).copied();
                stack.extend(neighbours.filter(|&d| !in_base[d] && !in_top[d]));
            }
            part.sort_unstable();
            parts.push(part);
        }
        Layers {
            weights,
            base: (0..count).filter(|&c| in_base[c]).collect(),
            top: (0..count).filter(|&c| in_top[c]).collect(),
            parts,
            keys,
        }
    }

    /// The crates, each a list of components: the base, the middle's parts packed into bins
    /// (heaviest part first, each into the lightest bin), the top; empty ones left out. `n`
    /// is at least 2; `None` asks for bins of about [`AUTO_TOKENS`], at least two.
    fn crates(self, n: Option<usize>) -> Vec<Vec<usize>> {
        let weight = |cs: &[usize]| cs.iter().map(|&c| self.weights[c]).sum::<usize>();
        let middle: usize = self.parts.iter().map(|p| weight(p)).sum();
        let layers = usize::from(!self.base.is_empty()) + usize::from(!self.top.is_empty());
        let bins = match n {
            Some(n) => n.saturating_sub(layers),
            None => middle.div_ceil(AUTO_TOKENS).max(2),
        };
        let mut base = self.base;
        let mut parts = self.parts;
        let middle_bins = if bins == 0 {
            // Too few crates for the three layers: the middle joins the base.
            base.extend(parts.drain(..).flatten());
            base.sort_unstable();
            Vec::new()
        } else {
            // Fewer parts than crates asked for (a small API is often one part): the heaviest
            // part is cut in two in its order, which is the components' (each after what it
            // names), so its second half names only the first.
            while parts.len() < bins {
                let Some(i) = (0..parts.len())
                    .filter(|&i| parts[i].len() > 1)
                    .max_by_key(|&i| (weight(&parts[i]), std::cmp::Reverse(i)))
                else {
                    break;
                };
                let mut first = parts.swap_remove(i);
                let half = weight(&first) / 2;
                let mut sum = 0;
                let cut = first
                    .iter()
                    .position(|&c| {
                        sum += self.weights[c];
                        sum >= half
                    })
                    .map_or(1, |p| p + 1)
                    .clamp(1, first.len() - 1);
                let second = first.split_off(cut);
                parts.push(first);
                parts.push(second);
            }
            let by_area = self.keys.iter().any(|k| !k.is_empty());
            let mut middle_bins = if parts.len() <= bins {
                parts
            } else if by_area {
                pack_by_features(&self.weights, &self.keys, parts, bins)
            } else {
                let mut order: Vec<(usize, Vec<usize>)> =
                    parts.into_iter().map(|p| (weight(&p), p)).collect();
                // Heaviest first; ties in the order of the parts (stable sort).
                order.sort_by_key(|p| std::cmp::Reverse(p.0));
                let mut packed: Vec<(usize, Vec<usize>)> = vec![(0, Vec::new()); bins];
                for (w, part) in order {
                    if let Some(bin) = packed.iter_mut().min_by_key(|(total, _)| *total) {
                        bin.0 += w;
                        bin.1.extend(part);
                    }
                }
                packed.into_iter().map(|(_, bin)| bin).collect()
            };
            for bin in &mut middle_bins {
                bin.sort_unstable();
            }
            // In the order of their first components: a cut part's first half comes before
            // the second, which names it.
            middle_bins.sort_by_key(|bin| bin.first().copied());
            middle_bins
        };
        std::iter::once(base)
            .chain(middle_bins)
            .chain(std::iter::once(self.top))
            .filter(|g| !g.is_empty())
            .collect()
    }
}

/// By area, `parts` packed into `bins` bins in the order of their features (the sorted
/// features of their components' gates, then their first component), each bin filled to
/// about an even share of the weight before the next is begun: the parts an area reaches
/// sit in few crates, so an app enabling one area compiles few (heaviest-first packing
/// spread v1.0's `me_drive` over every crate), and the crates stay about as heavy.
/// `weights` and `keys` are the components' ([`Layers`]).
fn pack_by_features(
    weights: &[usize],
    keys: &[BTreeSet<String>],
    parts: Vec<Vec<usize>>,
    bins: usize,
) -> Vec<Vec<usize>> {
    let weight = |cs: &[usize]| cs.iter().filter_map(|&c| weights.get(c)).sum::<usize>();
    let mut order: Vec<(Vec<&str>, Vec<usize>)> = parts
        .into_iter()
        .map(|p| {
            let features: BTreeSet<&str> = p
                .iter()
                .filter_map(|&c| keys.get(c))
                .flatten()
                .map(String::as_str)
                .collect();
            (features.into_iter().collect(), p)
        })
        .collect();
    order.sort_by(|a, b| (&a.0, a.1.first()).cmp(&(&b.0, b.1.first())));
    let share = order
        .iter()
        .map(|(_, p)| weight(p))
        .sum::<usize>()
        .div_ceil(bins);
    let mut packed: Vec<Vec<usize>> = vec![Vec::new()];
    let mut filled = 0;
    let mut last: Vec<&str> = Vec::new();
    for (features, part) in order {
        let w = weight(&part);
        // A bin ends where the features change, unless that would leave it half as heavy
        // again as its share: the parts of one set of features stay together.
        let full = if features == last {
            filled + w > share + share / 2
        } else {
            filled + w / 2 > share
        };
        last = features;
        if filled > 0 && full && packed.len() < bins {
            packed.push(Vec::new());
            filled = 0;
        }
        filled += w;
        if let Some(bin) = packed.last_mut() {
            bin.extend(part);
        }
    }
    packed
}

/// Every node reachable from `start` through `next`, keeping to the nodes `allowed`.
fn closure<I: Iterator<Item = usize>>(
    count: usize,
    start: impl Iterator<Item = usize>,
    next: impl Fn(usize) -> I,
    allowed: impl Fn(usize) -> bool,
) -> Vec<bool> {
    let mut seen = vec![false; count];
    let mut stack: Vec<usize> = start.collect();
    while let Some(c) = stack.pop() {
        if seen[c] || !allowed(c) {
            continue;
        }
        seen[c] = true;
        stack.extend(next(c));
    }
    seen
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

/// One walk over an item's tokens (groups included) for what [`split`] needs of it.
struct Walk<'a> {
    /// The numbers of the identifiers (see [`Summaries`]).
    names: &'a mut HashMap<String, u32>,
    /// Whether the identifiers are read into `idents` (not for an enum type's item).
    names_types: bool,
    /// The identifiers that are not the tail of a path (preceded by `::`), as read.
    idents: Vec<u32>,
    /// Every `feature = "name"` of the item's `cfg`s.
    features: BTreeSet<String>,
    /// The text of the identifier at hand (one buffer, not one string per identifier).
    ident: String,
}

impl<'a> Walk<'a> {
    /// A walk that numbers identifiers in `names`, with nothing read yet.
    fn new(names: &'a mut HashMap<String, u32>) -> Self {
        Walk {
            names,
            names_types: false,
            idents: Vec::new(),
            features: BTreeSet::new(),
            ident: String::new(),
        }
    }

    /// Reads `tokens` into `idents` and `features`, and returns how many tokens there are.
    fn scan(&mut self, tokens: &TokenStream) -> usize {
        let mut count = 0;
        // The last two tokens were `:` (joint) and `:`.
        let mut colons = 0u8;
        // 1 after `feature`, 2 after `feature =`.
        let mut feature = 0u8;
        for tree in tokens.clone() {
            count += 1;
            let (next_colons, next_feature) = match &tree {
                TokenTree::Ident(ident) => {
                    if colons < 2 && self.names_types {
                        self.ident.clear();
                        // Writing to a `String` does not fail.
                        let _ = write!(self.ident, "{ident}");
                        let n = intern(self.names, &self.ident);
                        self.idents.push(n);
                    }
                    (0, u8::from(ident == "feature"))
                }
                TokenTree::Punct(p) => {
                    let colons = match (p.as_char(), colons, p.spacing()) {
                        (':', 0, Spacing::Joint) => 1,
                        (':', 1, _) => 2,
                        _ => 0,
                    };
                    (
                        colons,
                        if feature == 1 && p.as_char() == '=' {
                            2
                        } else {
                            0
                        },
                    )
                }
                TokenTree::Literal(l) => {
                    if feature == 2 {
                        let text = l.to_string();
                        if let Some(name) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"'))
                        {
                            self.features.insert(name.to_string());
                        }
                    }
                    (0, 0)
                }
                TokenTree::Group(g) => {
                    count += self.scan(&g.stream());
                    (0, 0)
                }
            };
            (colons, feature) = (next_colons, next_feature);
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// [`split`] of `items`, each read as it would be made.
    fn split_items(items: &[Item], n: Option<usize>) -> Vec<ModelCrate> {
        let mut summaries = Summaries::default();
        for item in items {
            summaries.add(item);
        }
        split(&summaries, n)
    }

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
        let crates = split_items(&items, Some(3));
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

    /// A base (`S`, named by the 30 `P`s, and the `L` it names), 30 middle items each naming
    /// only `S` (`Q` names `P0` too), a hub `H` naming every `P`, and `X` naming `H`.
    fn layered() -> (Vec<Item>, HashMap<String, usize>) {
        let mut items = vec![
            item(quote!(
                pub struct L;
            )),
            item(quote!(
                pub struct S {
                    pub l: Option<L>,
                }
            )),
        ];
        let ps: Vec<_> = (0..30).map(|i| quote::format_ident!("P{i}")).collect();
        for p in &ps {
            items.push(item(quote!(pub struct #p { pub s: Option<S> })));
        }
        items.push(item(quote!(
            pub struct Q {
                pub p: Option<P0>,
            }
        )));
        items.push(item(quote!(pub struct H { #(pub #ps: Option<#ps>,)* })));
        items.push(item(quote!(
            pub struct X {
                pub h: Option<H>,
            }
        )));
        let index = items
            .iter()
            .enumerate()
            .flat_map(|(i, it)| defined_names(&it.tokens).into_iter().map(move |n| (n, i)))
            .collect();
        (items, index)
    }

    #[test]
    fn the_middle_is_split_into_crates_that_name_only_the_base_so_cargo_builds_them_in_parallel() {
        let (items, index) = layered();
        let crates = split_items(&items, Some(4));
        let names = |c: &ModelCrate| -> BTreeSet<String> {
            let by_index: HashMap<usize, &String> = index.iter().map(|(n, &i)| (i, n)).collect();
            c.items.iter().map(|i| by_index[i].clone()).collect()
        };
        assert_eq!(crates.len(), 4, "{crates:?}");
        let set = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(names(&crates[0]), set(&["L", "S"]));
        assert!(crates[0].deps.is_empty());
        assert_eq!(names(&crates[3]), set(&["H", "X"]));
        assert_eq!(crates[3].deps, BTreeSet::from([1, 2]));
        // The two middle crates name the base only, not each other.
        for c in &crates[1..3] {
            assert_eq!(c.deps, BTreeSet::from([0]), "{crates:?}");
        }
        // `Q` names `P0`: they share a crate. The 30 `P`s are shared out evenly.
        let with_p0 = crates.iter().position(|c| names(c).contains("P0")).unwrap();
        assert!(names(&crates[with_p0]).contains("Q"));
        let (a, b) = (crates[1].items.len(), crates[2].items.len());
        assert_eq!(a + b, 31);
        assert!(a.abs_diff(b) <= 2, "{a} and {b} items");
        // Two crates: the middle joins the base, the top stays on its own.
        let two = split_items(&items, Some(2));
        assert_eq!(two.len(), 2);
        assert_eq!(names(&two[1]), set(&["H", "X"]));
        assert_eq!(two[0].items.len(), 33);
        // Deterministic.
        assert_eq!(split_items(&items, Some(4)), crates);
    }

    #[test]
    fn a_part_is_cut_in_its_order_when_there_are_fewer_parts_than_crates() {
        // C names B names A: one part, three crates asked for.
        let items = vec![
            item(quote!(
                pub struct C {
                    pub b: Option<B>,
                }
            )),
            item(quote!(
                pub struct B {
                    pub a: Option<A>,
                }
            )),
            item(quote!(
                pub struct A {
                    pub x: Option<String>,
                }
            )),
        ];
        let crates = split_items(&items, Some(3));
        let items_of: Vec<Vec<usize>> = crates.iter().map(|c| c.items.clone()).collect();
        assert_eq!(items_of, vec![vec![2], vec![1], vec![0]], "{crates:?}");
        assert!(crates[0].deps.is_empty());
        assert_eq!(crates[1].deps, BTreeSet::from([0]));
        assert_eq!(crates[2].deps, BTreeSet::from([1]));
    }

    #[test]
    fn a_crate_knows_its_features_and_under_which_it_needs_each_crate_it_names() {
        // C (ungated) names B only in a field gated by `n`; B (`x`) names A (`x` or `y`).
        let gated = |gate: TokenStream, tokens: TokenStream| Item {
            tokens: quote!(#gate #tokens),
            gate,
            names_types: true,
        };
        let items = vec![
            item(quote!(
                pub struct C {
                    #[cfg(feature = "n")]
                    pub b: Option<B>,
                }
            )),
            gated(
                quote!(#[cfg(feature = "x")]),
                quote!(
                    pub struct B {
                        pub a: Option<A>,
                    }
                ),
            ),
            gated(
                quote!(#[cfg(any(feature = "x", feature = "y"))]),
                quote!(
                    pub struct A;
                ),
            ),
        ];
        let crates = split_items(&items, Some(3));
        let of = |i: usize| crates.iter().position(|c| c.items.contains(&i)).unwrap();
        let set = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let (a, b, c) = (&crates[of(2)], &crates[of(1)], &crates[of(0)]);
        assert_eq!(crates.len(), 3, "{crates:?}");
        assert_eq!(a.features, set(&["x", "y"]), "{crates:?}");
        assert!(a.optional() && b.optional(), "{crates:?}");
        assert_eq!(b.features, set(&["x"]), "{crates:?}");
        assert_eq!(b.needed_under.get(&of(2)), Some(&set(&["x"])), "{crates:?}");
        assert!(c.ungated && !c.optional(), "{crates:?}");
        // C compiles always, but names B's crate only when `n` is on.
        assert_eq!(c.needed_under.get(&of(1)), Some(&set(&["n"])), "{crates:?}");
        assert_eq!(
            feature_names(&quote!(
                #[cfg(any(feature = "a", not(feature = "b")))]
                struct S;
            )),
            set(&["a", "b"])
        );
    }

    #[test]
    fn by_area_the_middle_crates_keep_the_parts_of_one_area_together() {
        // The layered models with each `P` in one of three areas (`Q`, naming `P0`, in P0's),
        // interleaved so that packing by weight alone would mix them in every crate.
        let (mut items, index) = layered();
        let areas = ["a", "b", "c"];
        for (name, &i) in &index {
            let area = match name.strip_prefix('P').and_then(|n| n.parse::<usize>().ok()) {
                Some(n) => areas[n % 3],
                None if name == "Q" => areas[0],
                None => continue,
            };
            let gate = quote!(#[cfg(feature = #area)]);
            let tokens = &items[i].tokens;
            items[i] = Item {
                tokens: quote!(#gate #tokens),
                gate,
                names_types: true,
            };
        }
        let crates = split_items(&items, Some(5));
        assert_eq!(crates.len(), 5, "{crates:?}");
        let middle: Vec<&BTreeSet<String>> = crates[1..4].iter().map(|c| &c.features).collect();
        for area in areas {
            let holding = middle.iter().filter(|f| f.contains(area)).count();
            assert_eq!(
                holding, 1,
                "area {area} spread over {holding} crates: {middle:?}"
            );
        }
        let sizes: Vec<usize> = crates[1..4].iter().map(|c| c.items.len()).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 31, "{sizes:?}");
        assert!(sizes.iter().all(|&s| (10..=11).contains(&s)), "{sizes:?}");
        assert_eq!(split_items(&items, Some(5)), crates, "deterministic");
    }

    #[test]
    fn one_crate_holds_everything_and_none_is_empty() {
        let items: Vec<Item> = (0..5)
            .map(|i| {
                let name = quote::format_ident!("T{i}");
                item(quote!(pub struct #name;))
            })
            .collect();
        let one = split_items(&items, Some(1));
        assert_eq!(split_items(&items, None), one, "small: one crate");
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].items, vec![0, 1, 2, 3, 4]);
        let many = split_items(&items, Some(10));
        assert!(many.len() <= 5 && many.iter().all(|c| !c.items.is_empty()));
        assert!(split_items(&[], Some(4)).is_empty());
    }
}
