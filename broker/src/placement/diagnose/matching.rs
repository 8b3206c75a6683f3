//! Whether the units of a distinct-providers group can all get different providers.

use crate::placement::problem::{NONE, Problem};

/// Whether the units can get pairwise different providers (bipartite matching, Kuhn's method).
pub(super) fn has_matching(problem: &Problem, units: &[usize]) -> bool {
    let mut owner = vec![usize::MAX; problem.providers];
    let mut seen = vec![false; problem.providers];
    (0..units.len()).all(|i| {
        seen.fill(false);
        augment(problem, units, i, &mut seen, &mut owner)
    })
}

/// Looks for an augmenting path from unit `start` (by position in `units`), depth first with its
/// own stack: the path may be as long as there are providers, too long for a thread's stack.
fn augment(
    problem: &Problem,
    units: &[usize],
    start: usize,
    seen: &mut [bool],
    owner: &mut [usize],
) -> bool {
    // Each level: a unit and the next provider it may try; `via[d]` is the provider through
    // which level `d + 1` was reached (its current owner is that level's unit).
    let mut levels: Vec<(usize, usize)> = vec![(start, 0)];
    let mut via: Vec<usize> = Vec::new();
    while let Some((i, next)) = levels.last_mut() {
        let i = *i;
        let found = (*next..problem.providers)
            .find(|&p| problem.min_primary[units[i]][p] != NONE && !seen[p]);
        *next = found.map_or(problem.providers, |p| p + 1);
        match found {
            None => {
                levels.pop();
                via.pop();
            }
            Some(p) if owner[p] == usize::MAX => {
                owner[p] = i;
                for (d, &q) in via.iter().enumerate() {
                    owner[q] = levels[d].0;
                }
                return true;
            }
            Some(p) => {
                seen[p] = true;
                via.push(p);
                levels.push((owner[p], 0));
            }
        }
    }
    false
}
