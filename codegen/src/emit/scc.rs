//! Strongly connected components of a graph of types (Tarjan's algorithm, iterative so deep
//! chains of types cannot overflow the stack): which fields must be boxed
//! ([`super::context`]), and which model items must share a crate ([`super::model_crates`]).

/// The strongly connected components of the graph `edges` (node `i` names `edges[i]`), each
/// after every component it names (Tarjan's algorithm, iterative; nodes and edges visited in
/// index order, so the result is deterministic).
pub(crate) fn components(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut components = Vec::new();
    let mut next = 0usize;
    // The DFS: (node, how many of its edges were followed).
    let mut calls: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        calls.push((root, 0));
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut followed)) = calls.last_mut() {
            let out = edges.get(v).map(Vec::as_slice).unwrap_or_default();
            if let Some(&w) = out.get(*followed) {
                *followed += 1;
                if w >= n {
                    continue;
                }
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

/// The component of every node of `edges`, numbered in [`components`]' order.
pub(crate) fn component_of(edges: &[Vec<usize>]) -> Vec<usize> {
    numbered(&components(edges), edges.len())
}

/// The component of each of `nodes` nodes, numbered in the order of `components` (0 for a
/// node in none).
pub(crate) fn numbered(components: &[Vec<usize>], nodes: usize) -> Vec<usize> {
    let mut of = vec![0; nodes];
    for (k, component) in components.iter().enumerate() {
        for &node in component {
            if let Some(slot) = of.get_mut(node) {
                *slot = k;
            }
        }
    }
    of
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_come_after_what_they_name() {
        // 0 -> 1 <-> 2 -> 3; 4 alone.
        let edges = vec![vec![1], vec![2], vec![1, 3], vec![], vec![]];
        assert_eq!(
            components(&edges),
            vec![vec![3], vec![1, 2], vec![0], vec![4]]
        );
    }

    #[test]
    fn finds_cycles_and_self_loops() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let c = component_of(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[4], c[0]);
    }
}
