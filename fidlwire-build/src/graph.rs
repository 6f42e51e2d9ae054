//! Strongly connected components of a declaration graph (Tarjan's algorithm, iterative:
//! declaration graphs can be chains tens of thousands long). Used for include cycles in the
//! front end and for the recursion a Rust type needs a `Box` for in code generation.

/// `edges[v]` are the nodes `v` points at. Returns the component index of every node;
/// components are numbered in the order they complete (a component's successors first).
pub fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut comp) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack, mut next_index, mut next_comp) =
        (vec![false; n], Vec::new(), 0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if *i == 0 && index[v] == UNSEEN {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*i) {
                *i += 1;
                if index[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    comp
}

/// The components that are cycles: more than one node, or one node pointing at itself.
pub fn cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let comp = components(edges);
    let mut members: Vec<Vec<usize>> =
        vec![Vec::new(); comp.iter().map(|c| c + 1).max().unwrap_or(0)];
    for (v, c) in comp.iter().enumerate() {
        members[*c].push(v);
    }
    members
        .into_iter()
        .filter(|m| m.len() > 1 || m.first().is_some_and(|v| edges[*v].contains(v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cycles_and_self_loops_only() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 → 0.
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let mut found = cycles(&edges);
        found.iter_mut().for_each(|c| c.sort());
        found.sort();
        assert_eq!(found, vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn long_chains_do_not_recurse() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] })
            .collect();
        assert_eq!(cycles(&edges).len(), 1);
    }
}
