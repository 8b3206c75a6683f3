//! Exact branch and bound over provider units.
//!
//! The search picks a provider for one unit at a time (most constrained unit first, providers in
//! order of the unit's least possible cost), then an offer of that provider for each of the
//! unit's components (cheapest first). At every node it adds to the partial totals an admissible
//! lower bound for what is left: each unassigned unit's least sum over the providers it may still
//! use (distinct groups and `max_providers` shrink that set), and, under `max_providers`, a
//! facility-location bound (below) that charges for having to share few providers. A node is cut
//! when its bound cannot beat the best plan found (primary objective, then the secondary one), or
//! when the budget or carbon cap is already out of reach. Nothing else is cut, so the first plan
//! of least (primary, secondary) found is optimal.

use super::problem::{Candidate, NONE, Problem};
use crate::format::Objective;

/// What the search found.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    /// The optimal assignment, one candidate per component, if any plan is feasible.
    pub best: Option<Vec<Candidate>>,
    /// Whether the search ran to the end (false when a node limit stopped it).
    pub complete: bool,
    pub nodes: u64,
}

struct Search<'a> {
    p: &'a Problem,
    order: Vec<usize>,
    /// Per unit, providers sorted by the unit's least primary / secondary sum.
    by_primary: Vec<Vec<usize>>,
    by_secondary: Vec<Vec<usize>>,
    unit_provider: Vec<usize>,
    provider_users: Vec<u32>,
    used: u64,
    capacity_used: Vec<u64>,
    choice: Vec<Option<Candidate>>,
    cost: u64,
    carbon: u64,
    best: Option<((u64, u64), Vec<Candidate>)>,
    nodes: u64,
    limit: u64,
    stopped: bool,
}

/// Finds an optimal plan, or proves there is none; `limit` caps the number of nodes.
pub(crate) fn solve(problem: &Problem, limit: Option<u64>) -> Outcome {
    let units = problem.units.len();
    let sorted = |table: &Vec<Vec<u64>>, u: usize| {
        let mut providers: Vec<usize> = (0..problem.providers)
            .filter(|&p| table[u][p] != NONE)
            .collect();
        providers.sort_by_key(|&p| (table[u][p], p));
        providers
    };
    let by_primary: Vec<Vec<usize>> = (0..units)
        .map(|u| sorted(&problem.min_primary, u))
        .collect();
    let by_secondary = (0..units)
        .map(|u| sorted(&problem.min_secondary, u))
        .collect();
    let mut order: Vec<usize> = (0..units).collect();
    order.sort_by_key(|&u| {
        (
            by_primary[u].len(),
            problem.apart[u].is_empty(),
            std::cmp::Reverse(problem.units[u].len()),
            u,
        )
    });
    let mut search = Search {
        p: problem,
        order,
        by_primary,
        by_secondary,
        unit_provider: vec![usize::MAX; units],
        provider_users: vec![0; problem.providers],
        used: 0,
        capacity_used: vec![0; problem.capacity.len()],
        choice: vec![None; problem.quantities.len()],
        cost: 0,
        carbon: 0,
        best: None,
        nodes: 0,
        limit: limit.unwrap_or(u64::MAX),
        stopped: false,
    };
    search.unit_level(0);
    Outcome {
        best: search.best.map(|(_, plan)| plan),
        complete: !search.stopped,
        nodes: search.nodes,
    }
}

impl Search<'_> {
    fn allowed(&self, unit: usize, provider: usize) -> bool {
        self.p.apart[unit]
            .iter()
            .all(|&v| self.unit_provider[v] != provider)
            && self
                .p
                .rules
                .max_providers
                .is_none_or(|max| self.provider_users[provider] > 0 || self.used < max)
    }

    fn primary_secondary(&self, cost: u64, carbon: u64) -> (u64, u64) {
        match self.p.objective {
            Objective::Cost => (cost, carbon),
            Objective::Carbon => (carbon, cost),
        }
    }

    /// Whether a node can still lead to a better feasible plan. `depth` is the position in
    /// `order` of the first unit with no provider; `rest` the current unit's components still
    /// to assign, at provider `at`.
    fn promising(&mut self, depth: usize, rest: &[usize], at: usize) -> bool {
        self.nodes += 1;
        if self.nodes > self.limit {
            self.stopped = true;
            return false;
        }
        let (mut primary, mut secondary) = self.primary_secondary(self.cost, self.carbon);
        for &c in rest {
            let list = &self.p.by_provider[c][at];
            let Some(first) = list.first() else {
                return false;
            };
            primary = primary.saturating_add(first.key(self.p.objective).0);
            let least = list
                .iter()
                .map(|cand| cand.key(self.p.objective).1)
                .min()
                .unwrap_or(NONE);
            secondary = secondary.saturating_add(least);
        }
        let remaining = &self.order[depth..];
        for &u in remaining {
            let Some(&p) = self.by_primary[u].iter().find(|&&p| self.allowed(u, p)) else {
                return false;
            };
            primary = primary.saturating_add(self.p.min_primary[u][p]);
            let Some(&s) = self.by_secondary[u].iter().find(|&&p| self.allowed(u, p)) else {
                return false;
            };
            secondary = secondary.saturating_add(self.p.min_secondary[u][s]);
        }
        if !self.within_limits(primary, secondary) {
            return false;
        }
        // The facility bound is worth its cost once a unit is complete, when the set of used
        // providers has just changed; in between, the plain bound is enough.
        if let (Some(max), true) = (self.p.rules.max_providers, rest.is_empty()) {
            let free = max.saturating_sub(self.used) as usize;
            if free < remaining.len() {
                let base = primary.saturating_sub(self.sum_unit_minima(remaining));
                let bound = base.saturating_add(self.facility_bound(remaining, free));
                if !self.within_limits(bound, secondary) {
                    return false;
                }
            }
        }
        true
    }

    fn sum_unit_minima(&self, remaining: &[usize]) -> u64 {
        remaining.iter().fold(0u64, |sum, &u| {
            let p = self.by_primary[u].iter().find(|&&p| self.allowed(u, p));
            sum.saturating_add(p.map_or(0, |&p| self.p.min_primary[u][p]))
        })
    }

    /// Checks a (primary, secondary) lower bound against the incumbent, budget and carbon cap.
    fn within_limits(&self, primary: u64, secondary: u64) -> bool {
        let (cost, carbon) = match self.p.objective {
            Objective::Cost => (primary, secondary),
            Objective::Carbon => (secondary, primary),
        };
        if self.p.rules.budget.is_some_and(|b| cost > b)
            || self.p.rules.carbon_cap.is_some_and(|c| carbon > c)
        {
            return false;
        }
        match &self.best {
            Some(((bp, bs), _)) => primary < *bp || (primary == *bp && secondary < *bs),
            None => true,
        }
    }

    /// A lower bound on the remaining units' primary sum when at most `free` new providers may
    /// join. For any `b[u]` no more than the unit's least sum at a provider already in use, a
    /// completion costs at least `sum b[u] - sum over its new providers q of s[q]`, where
    /// `s[q] = sum over u of max(0, b[u] - sum at q)`: so `sum b[u]` less the `free` largest
    /// `s[q]` is a bound. Several choices of `b` (the unit's second, third, fifth cheapest or
    /// dearest allowed sum, each capped by its least sum at a used provider) are tried; the
    /// largest bound wins.
    fn facility_bound(&self, remaining: &[usize], free: usize) -> u64 {
        const LEVELS: [usize; 4] = [1, 2, 4, usize::MAX];
        let table = &self.p.min_primary;
        let mut base = [0u64; LEVELS.len()];
        let mut saving = vec![[0u64; LEVELS.len()]; self.p.providers];
        let mut allowed = Vec::new();
        for &u in remaining {
            allowed.clear();
            allowed.extend(
                self.by_primary[u]
                    .iter()
                    .copied()
                    .filter(|&p| self.allowed(u, p)),
            );
            let at_used = allowed
                .iter()
                .filter(|&&p| self.provider_users[p] > 0)
                .map(|&p| table[u][p])
                .min()
                .unwrap_or(NONE);
            for (level, &rank) in LEVELS.iter().enumerate() {
                let b = allowed
                    .get(rank.min(allowed.len().saturating_sub(1)))
                    .map_or(NONE, |&p| table[u][p])
                    .min(at_used);
                base[level] = base[level].saturating_add(b);
                for &q in allowed.iter().filter(|&&q| self.provider_users[q] == 0) {
                    let gain = b.saturating_sub(table[u][q]);
                    saving[q][level] = saving[q][level].saturating_add(gain);
                }
            }
        }
        let mut best = 0u64;
        let mut column = Vec::with_capacity(saving.len());
        for (level, total) in base.iter().enumerate() {
            column.clear();
            column.extend(saving.iter().map(|s| s[level]));
            column.sort_unstable_by(|a, b| b.cmp(a));
            let top = column
                .iter()
                .take(free)
                .fold(0u64, |sum, s| sum.saturating_add(*s));
            best = best.max(total.saturating_sub(top));
        }
        best
    }

    fn unit_level(&mut self, depth: usize) {
        if depth == self.order.len() {
            self.leaf();
            return;
        }
        let unit = self.order[depth];
        for i in 0..self.by_primary[unit].len() {
            let provider = self.by_primary[unit][i];
            if self.stopped || !self.allowed(unit, provider) {
                continue;
            }
            self.unit_provider[unit] = provider;
            if self.provider_users[provider] == 0 {
                self.used += 1;
            }
            self.provider_users[provider] += 1;
            self.component_level(depth, 0);
            self.provider_users[provider] -= 1;
            if self.provider_users[provider] == 0 {
                self.used -= 1;
            }
            self.unit_provider[unit] = usize::MAX;
        }
    }

    fn component_level(&mut self, depth: usize, k: usize) {
        let unit = self.order[depth];
        let provider = self.unit_provider[unit];
        let members = &self.p.units[unit];
        if !self.promising(depth + 1, &members[k..], provider) {
            return;
        }
        let Some(&c) = members.get(k) else {
            self.unit_level(depth + 1);
            return;
        };
        let quantity = self.p.quantities[c];
        for i in 0..self.p.by_provider[c][provider].len() {
            let cand = self.p.by_provider[c][provider][i];
            if self.stopped {
                return;
            }
            let limit = self.p.capacity[cand.offer];
            if limit.is_some_and(|units| self.capacity_used[cand.offer] + quantity > units) {
                continue;
            }
            let (cost, carbon) = (self.cost, self.carbon);
            self.capacity_used[cand.offer] += quantity;
            self.cost = cost.saturating_add(cand.cost);
            self.carbon = carbon.saturating_add(cand.carbon);
            self.choice[c] = Some(cand);
            self.component_level(depth, k + 1);
            self.choice[c] = None;
            (self.cost, self.carbon) = (cost, carbon);
            self.capacity_used[cand.offer] -= quantity;
        }
    }

    fn leaf(&mut self) {
        let key = self.primary_secondary(self.cost, self.carbon);
        if self.best.as_ref().is_some_and(|(best, _)| key >= *best) {
            return;
        }
        let plan: Option<Vec<Candidate>> = self.choice.iter().copied().collect();
        if let Some(plan) = plan {
            self.best = Some((key, plan));
        }
    }
}
