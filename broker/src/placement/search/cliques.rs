//! The bound of units that pairwise need different providers.
//!
//! Units joined by distinct groups are split into small cliques (every two members of a clique
//! must use different providers). The least (primary, secondary) cost of a clique's unassigned
//! members is the best assignment of them to pairwise different allowed providers, which is
//! what makes the bound see distinct groups before their units are placed. With `k` members,
//! some best assignment gives each member one of its `k` best providers (any other choice can
//! be swapped for one of those left free, at no loss), so enumerating those is exact.

use super::Search;
use crate::placement::problem::Problem;

/// The largest clique enumerated; larger groups are split (a part of a clique is a clique).
const LARGEST: usize = 4;

/// Splits the units into cliques of at most `LARGEST` members, greedily in unit order.
pub(super) fn partition(problem: &Problem) -> Vec<Vec<usize>> {
    let apart = &problem.apart;
    let mut covered = vec![false; apart.len()];
    let mut cliques = Vec::new();
    for u in 0..apart.len() {
        if covered[u] {
            continue;
        }
        covered[u] = true;
        let mut clique = vec![u];
        for &v in &apart[u] {
            if clique.len() < LARGEST && !covered[v] && clique.iter().all(|w| apart[v].contains(w))
            {
                covered[v] = true;
                clique.push(v);
            }
        }
        cliques.push(clique);
    }
    cliques
}

impl Search<'_> {
    /// The least (primary, secondary) sums over the clique's unassigned members, or `None` when
    /// they cannot all get different allowed providers.
    pub(super) fn clique_bound(&self, clique: &[usize]) -> Option<(u64, u64)> {
        let mut members = [0usize; LARGEST];
        let mut lists = [[0usize; LARGEST]; LARGEST];
        let mut lens = [0usize; LARGEST];
        let mut k = 0;
        for &u in clique {
            if self.unit_provider[u] == usize::MAX {
                members[k] = u;
                k += 1;
            }
        }
        for i in 0..k {
            let u = members[i];
            for &p in self.by_primary[u]
                .iter()
                .filter(|&&p| self.allowed(u, p))
                .take(k)
            {
                lists[i][lens[i]] = p;
                lens[i] += 1;
            }
            if lens[i] == 0 {
                return None;
            }
        }
        match k {
            0 => Some((0, 0)),
            1 => Some(self.value(members[0], lists[0][0])),
            _ => {
                let mut best = None;
                let mut picked = [usize::MAX; LARGEST];
                let set = Clique {
                    members: &members[..k],
                    lists: &lists,
                    lens: &lens,
                };
                self.enumerate(&set, 0, &mut picked, (0, 0), &mut best);
                best
            }
        }
    }

    fn value(&self, u: usize, p: usize) -> (u64, u64) {
        (self.p.min_primary[u][p], self.p.lex_secondary[u][p])
    }

    fn enumerate(
        &self,
        set: &Clique<'_>,
        i: usize,
        picked: &mut [usize; LARGEST],
        sum: (u64, u64),
        best: &mut Option<(u64, u64)>,
    ) {
        if best.is_some_and(|b| sum >= b) {
            return;
        }
        let Some(&u) = set.members.get(i) else {
            *best = Some(sum);
            return;
        };
        for &p in &set.lists[i][..set.lens[i]] {
            if picked[..i].contains(&p) {
                continue;
            }
            picked[i] = p;
            let (a, b) = self.value(u, p);
            let next = (sum.0.saturating_add(a), sum.1.saturating_add(b));
            self.enumerate(set, i + 1, picked, next, best);
        }
    }
}

struct Clique<'a> {
    members: &'a [usize],
    lists: &'a [[usize; LARGEST]; LARGEST],
    lens: &'a [usize; LARGEST],
}
