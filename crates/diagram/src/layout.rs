//! Layered layout shared by every diagram: ranks by longest path (edges closing a cycle are
//! ignored), then rows ordered by the barycentre of their neighbours to cut crossings.

/// The rank (layer) of each of `n` nodes, given edges from upper to lower.
pub fn ranks(n: usize, down_edges: &[(usize, usize)]) -> Vec<usize> {
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(upper, lower) in down_edges {
        if upper != lower && upper < n && lower < n && !down[upper].contains(&lower) {
            down[upper].push(lower);
        }
    }
    // Drop the edges that close a cycle (found by depth-first search), then rank by longest path.
    let mut state = vec![0u8; n];
    let mut acyclic: Vec<Vec<usize>> = vec![Vec::new(); n];
    fn visit(v: usize, down: &[Vec<usize>], state: &mut [u8], acyclic: &mut [Vec<usize>]) {
        state[v] = 1;
        for &w in &down[v] {
            match state[w] {
                0 => {
                    acyclic[v].push(w);
                    visit(w, down, state, acyclic);
                }
                2 => acyclic[v].push(w),
                _ => {} // back edge
            }
        }
        state[v] = 2;
    }
    for v in 0..n {
        if state[v] == 0 {
            visit(v, &down, &mut state, &mut acyclic);
        }
    }
    let mut rank = vec![0usize; n];
    // n rounds of relaxation reach every longest path of an acyclic graph.
    for _ in 0..n {
        let mut changed = false;
        for v in 0..n {
            for &w in &acyclic[v] {
                if rank[w] < rank[v] + 1 {
                    rank[w] = rank[v] + 1;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    rank
}

/// Nodes grouped by rank, each row ordered by the mean position of its neighbours (a few sweeps);
/// `group` keeps members of one group next to each other within a row.
pub fn rows(
    rank: &[usize],
    edges: &[(usize, usize)],
    group: &dyn Fn(usize) -> Option<usize>,
) -> Vec<Vec<usize>> {
    let n = rank.len();
    let depth = rank.iter().max().map_or(0, |m| m + 1);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for (v, &r) in rank.iter().enumerate() {
        rows[r].push(v);
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a < n && b < n && a != b {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
    }
    for _ in 0..4 {
        let mut position = vec![0.0; n];
        for row in &rows {
            for (i, &v) in row.iter().enumerate() {
                position[v] = i as f64;
            }
        }
        for row in rows.iter_mut() {
            let key = |v: usize| {
                let ns = &neighbours[v];
                if ns.is_empty() {
                    position[v]
                } else {
                    ns.iter().map(|&w| position[w]).sum::<f64>() / ns.len() as f64
                }
            };
            row.sort_by(|&a, &b| {
                (group(a), key(a)).partial_cmp(&(group(b), key(b))).unwrap_or(std::cmp::Ordering::Equal)
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_follow_longest_paths_and_survive_cycles() {
        assert_eq!(ranks(3, &[(0, 1), (1, 2), (0, 2)]), [0, 1, 2]);
        let r = ranks(3, &[(0, 1), (1, 2), (2, 0)]);
        assert_eq!(r, [0, 1, 2]);
    }

    #[test]
    fn rows_keep_groups_together() {
        let rows =
            rows(&[0, 1, 1, 1], &[(0, 1), (0, 2), (0, 3)], &|v| if v == 2 { Some(0) } else { Some(1) });
        assert_eq!(rows[1][0], 2);
    }
}
