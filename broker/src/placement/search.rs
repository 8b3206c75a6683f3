//! Exact branch and bound over provider units, within a set of providers.
//!
//! The search picks a provider for one unit at a time (most constrained unit first, providers in
//! order of the unit's least possible cost), then an offer of that provider for each of the
//! unit's components (best first). At every node it adds to the partial totals a lower bound for
//! what is left: each unassigned unit's least sum over the providers it may still use (distinct
//! groups, `max_providers` and the current provider set shrink that set), with the units of a
//! small distinct clique placed on different providers together (`cliques`). The bound is a pair:
//! the least primary sum, and the least secondary sum a plan reaching that primary sum must pay
//! (the secondary of each component's best candidate by (primary, secondary)); plans compare
//! lexicographically, so the pair bounds them. The least secondary sums bound a cap on the
//! secondary objective.
//!
//! A node is cut when its bound cannot beat the best plan found, or when the budget or carbon
//! cap is already out of reach; its remaining children are skipped as soon as the best plan
//! meets the node's bound. Nothing else is cut, so the first plan of least (primary, secondary)
//! found is optimal.
//!
//! The best plan is kept across runs: the provider-set search (`providers`) restricts the search
//! to one set after another, and each run only looks for plans better than every earlier one.

mod cliques;
mod walk;

use super::problem::{Candidate, NONE, Problem};
use crate::format::Objective;

/// Nodes between two calls of [`Budget::stop`](super::Budget::stop): often enough to stop
/// within milliseconds, rarely enough to cost nothing next to the nodes themselves.
pub const CHECK_EVERY: u64 = 4_096;

/// What the search found.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    /// The optimal assignment, one candidate per component, if any plan is feasible.
    pub best: Option<Vec<Candidate>>,
    /// Whether the search ran to the end (false when its node limit or `stop` ended it).
    pub complete: bool,
    pub nodes: u64,
    /// Whether the budget's `stop` ended it, rather than the node limit.
    pub interrupted: bool,
}

impl Outcome {
    /// A search that was not run because the budget was already spent.
    pub fn stopped() -> Self {
        Self {
            best: None,
            complete: false,
            nodes: 0,
            interrupted: true,
        }
    }
}

pub(crate) struct Search<'a> {
    p: &'a Problem,
    order: Vec<usize>,
    /// Per unit, every provider with candidates, sorted by the unit's least primary / secondary
    /// sum; `by_primary` and `by_secondary` hold those of the current provider set.
    all_primary: Vec<Vec<usize>>,
    all_secondary: Vec<Vec<usize>>,
    by_primary: Vec<Vec<usize>>,
    by_secondary: Vec<Vec<usize>>,
    /// Units in small groups that pairwise need different providers (`cliques`).
    cliques: Vec<Vec<usize>>,
    unit_provider: Vec<usize>,
    provider_users: Vec<u32>,
    used: u64,
    capacity_used: Vec<u64>,
    choice: Vec<Option<Candidate>>,
    cost: u64,
    carbon: u64,
    best: Option<((u64, u64), Vec<Candidate>)>,
    /// The (primary, secondary) lower bound of the last node `promising` looked at.
    bound: (u64, u64),
    nodes: u64,
    limit: u64,
    /// Asked every `CHECK_EVERY` nodes whether to stop (a deadline, a person gone).
    stop: &'a dyn Fn() -> bool,
    stopped: bool,
    interrupted: bool,
}

/// Finds an optimal plan, or proves there is none; `limit` caps the number of nodes, and `stop`
/// is asked every `CHECK_EVERY` nodes.
///
/// When `max_providers` leaves a real choice of providers, the provider set is searched first
/// (`providers`), and this search assigns offers within each set worth trying.
pub(crate) fn solve(problem: &Problem, limit: u64, stop: &dyn Fn() -> bool) -> Outcome {
    let mut search = Search::new(problem, limit, stop);
    let offering = (0..problem.providers)
        .filter(|&p| problem.min_primary.iter().any(|row| row[p] != NONE))
        .count();
    match problem.rules.max_providers {
        Some(max) if max < offering as u64 => super::providers::solve(&mut search, max as usize),
        _ => search.run(),
    }
    search.outcome()
}

impl<'a> Search<'a> {
    pub fn new(problem: &'a Problem, limit: u64, stop: &'a dyn Fn() -> bool) -> Self {
        let units = problem.units.len();
        // Providers by the unit's least (primary, secondary) sums, so that the first allowed one
        // gives the lexicographic bound, and by its least secondary sum, for the caps.
        let sorted = |first: &Vec<Vec<u64>>, then: &Vec<Vec<u64>>, u: usize| {
            let mut providers: Vec<usize> = (0..problem.providers)
                .filter(|&p| first[u][p] != NONE)
                .collect();
            providers.sort_unstable_by_key(|&p| (first[u][p], then[u][p], p));
            providers
        };
        let all_primary: Vec<Vec<usize>> = (0..units)
            .map(|u| sorted(&problem.min_primary, &problem.lex_secondary, u))
            .collect();
        let all_secondary: Vec<Vec<usize>> = (0..units)
            .map(|u| sorted(&problem.min_secondary, &problem.min_secondary, u))
            .collect();
        let mut search = Self {
            p: problem,
            order: Vec::new(),
            by_primary: all_primary.clone(),
            by_secondary: all_secondary.clone(),
            all_primary,
            all_secondary,
            cliques: cliques::partition(problem),
            unit_provider: vec![usize::MAX; units],
            provider_users: vec![0; problem.providers],
            used: 0,
            capacity_used: vec![0; problem.capacity.len()],
            choice: vec![None; problem.quantities.len()],
            cost: 0,
            carbon: 0,
            best: None,
            bound: (0, 0),
            nodes: 0,
            limit,
            stop,
            stopped: false,
            interrupted: false,
        };
        search.reorder();
        search
    }

    /// Most constrained unit first: fewest providers, then tied by distinct groups, then larger.
    fn reorder(&mut self) {
        let mut order: Vec<usize> = (0..self.p.units.len()).collect();
        order.sort_unstable_by_key(|&u| {
            (
                self.by_primary[u].len(),
                self.p.apart[u].is_empty(),
                std::cmp::Reverse(self.p.units[u].len()),
                u,
            )
        });
        self.order = order;
    }

    /// Limits the next runs to the providers marked in `within`.
    pub fn restrict(&mut self, within: &[bool]) {
        for (kept, all) in [
            (&mut self.by_primary, &self.all_primary),
            (&mut self.by_secondary, &self.all_secondary),
        ] {
            for (list, full) in kept.iter_mut().zip(all) {
                list.clear();
                list.extend(full.iter().copied().filter(|&p| within[p]));
            }
        }
        self.reorder();
    }

    /// Searches the current provider set for a plan better than the best one found so far.
    pub fn run(&mut self) {
        if !self.stopped {
            self.walk();
        }
    }

    /// Counts one node of an outer search; false once the node limit is reached or the budget
    /// says to stop.
    pub fn count_node(&mut self) -> bool {
        self.nodes += 1;
        if self.nodes > self.limit {
            self.stopped = true;
        } else if self.nodes.is_multiple_of(CHECK_EVERY) && (self.stop)() {
            self.stopped = true;
            self.interrupted = true;
        }
        !self.stopped
    }

    pub fn nodes_debug(&self) -> u64 {
        self.nodes
    }

    pub fn problem(&self) -> &'a Problem {
        self.p
    }

    /// The primary value a plan must stay at or under to be worth finding: the best plan's, and
    /// the budget or carbon cap on the primary objective.
    pub fn threshold(&self) -> Option<u64> {
        let cap = match self.p.objective {
            Objective::Cost => self.p.rules.budget,
            Objective::Carbon => self.p.rules.carbon_cap,
        };
        let best = self.best.as_ref().map(|((primary, _), _)| *primary);
        match (cap, best) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The best plan's (primary, secondary) values, if one was found.
    pub fn best_key(&self) -> Option<(u64, u64)> {
        self.best.as_ref().map(|(key, _)| *key)
    }

    pub fn outcome(self) -> Outcome {
        Outcome {
            best: self.best.map(|(_, plan)| plan),
            complete: !self.stopped,
            nodes: self.nodes,
            interrupted: self.interrupted,
        }
    }
}

impl Search<'_> {
    pub(crate) fn allowed(&self, unit: usize, provider: usize) -> bool {
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
        if !self.count_node() {
            return false;
        }
        let (mut primary, mut secondary) = self.primary_secondary(self.cost, self.carbon);
        let mut lex = secondary;
        for &c in rest {
            let list = &self.p.by_provider[c][at];
            let Some(first) = list.first() else {
                return false;
            };
            primary = primary.saturating_add(first.key(self.p.objective).0);
            lex = lex.saturating_add(first.key(self.p.objective).1);
            let least = list
                .iter()
                .map(|cand| cand.key(self.p.objective).1)
                .min()
                .unwrap_or(NONE);
            secondary = secondary.saturating_add(least);
        }
        // The least secondary sums matter only to a cap on the secondary objective.
        let capped = match self.p.objective {
            Objective::Cost => self.p.rules.carbon_cap.is_some(),
            Objective::Carbon => self.p.rules.budget.is_some(),
        };
        for &u in self.order[depth..].iter().filter(|_| capped) {
            let Some(&s) = self.by_secondary[u].iter().find(|&&p| self.allowed(u, p)) else {
                return false;
            };
            secondary = secondary.saturating_add(self.p.min_secondary[u][s]);
        }
        for clique in &self.cliques {
            let Some((least, then)) = self.clique_bound(clique) else {
                return false;
            };
            primary = primary.saturating_add(least);
            lex = lex.saturating_add(then);
        }
        self.bound = (primary, lex);
        self.within_limits(primary, secondary, lex)
    }

    /// Whether the best plan is already as good as `bound`, a lower bound on every plan below
    /// a node: then the node's other children need not be tried.
    fn beaten(&self, bound: (u64, u64)) -> bool {
        self.best.as_ref().is_some_and(|(best, _)| *best <= bound)
    }

    /// Checks lower bounds against the budget and carbon cap (`primary` and `secondary`, each
    /// least on its own) and against the best plan (`primary`, then `lex`: the secondary sum a
    /// plan of that primary value cannot beat).
    fn within_limits(&self, primary: u64, secondary: u64, lex: u64) -> bool {
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
            Some(((bp, bs), _)) => primary < *bp || (primary == *bp && lex < *bs),
            None => true,
        }
    }
}
