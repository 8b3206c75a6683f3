//! A component's candidates: grouped by provider, and the linear dominance prefilter.

use super::Candidate;
use crate::format::Objective;

/// One component's candidates by provider: `per_provider[p]` is provider `p`'s, best first.
#[derive(Debug, Clone)]
pub(crate) struct PerProvider {
    candidates: Vec<Candidate>,
    /// Where each provider's candidates start (and, one further, end).
    start: Vec<u32>,
}

impl PerProvider {
    /// Groups `candidates` by provider in one allocation, each group best first.
    pub fn new(mut candidates: Vec<Candidate>, providers: usize, objective: Objective) -> Self {
        candidates.sort_unstable_by_key(|cand| (cand.provider, cand.key(objective), cand.offer));
        let mut start = vec![0u32; providers + 1];
        for cand in &candidates {
            start[cand.provider + 1] += 1;
        }
        for p in 0..providers {
            start[p + 1] += start[p];
        }
        Self { candidates, start }
    }

    pub fn all(&self) -> &[Candidate] {
        &self.candidates
    }
}

impl std::ops::Index<usize> for PerProvider {
    type Output = [Candidate];

    fn index(&self, provider: usize) -> &[Candidate] {
        &self.candidates[self.start[provider] as usize..self.start[provider + 1] as usize]
    }
}

/// Whether `u` dominates `c`, if `u` can never run out of capacity: it comes first in
/// (cost, carbon, offer) order and emits no more.
fn dominates(u: &Candidate, c: &Candidate) -> bool {
    (u.cost, u.carbon, u.offer) < (c.cost, c.carbon, c.offer) && u.carbon <= c.carbon
}

/// Drops, before sorting, the candidates that their provider's cheapest or cleanest
/// uncontested candidate dominates (all of a component's providers together when `free`).
/// Dominance is transitive and those two are kept unless one dominates the other, so the
/// exact pass after the sort keeps the same candidates as it would on the full list; most
/// candidates go here, in linear time.
pub(super) fn prefilter(
    candidates: &mut Vec<Candidate>,
    free: bool,
    providers: usize,
    uncontested: &dyn Fn(usize) -> bool,
) {
    let group = |cand: &Candidate| if free { 0 } else { cand.provider };
    let mut cheapest: Vec<Option<Candidate>> = vec![None; if free { 1 } else { providers }];
    let mut cleanest = cheapest.clone();
    for cand in candidates.iter().filter(|cand| uncontested(cand.slot)) {
        let g = group(cand);
        if cheapest[g]
            .is_none_or(|u| (cand.cost, cand.carbon, cand.offer) < (u.cost, u.carbon, u.offer))
        {
            cheapest[g] = Some(*cand);
        }
        if cleanest[g]
            .is_none_or(|u| (cand.carbon, cand.cost, cand.offer) < (u.carbon, u.cost, u.offer))
        {
            cleanest[g] = Some(*cand);
        }
    }
    candidates.retain(|cand| {
        let g = group(cand);
        ![cheapest[g], cleanest[g]]
            .iter()
            .flatten()
            .any(|u| dominates(u, cand))
    });
}
