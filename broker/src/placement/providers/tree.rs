//! The branch and bound on provider sets (see the parent module for the bound and the rules).

use super::super::problem::NONE;
use super::super::search::Search;
use super::{NODE_STEPS, ROOT_STEPS, State, Table, start};
use crate::format::Objective;

struct Tree<'s, 'a> {
    table: Table,
    search: &'s mut Search<'a>,
    max: usize,
}

/// Searches provider sets of at most `max` providers; the best plan is left in `search`.
pub(crate) fn solve(search: &mut Search<'_>, max: usize) {
    search_sets(search, max, true);
}

/// With `start`, the greedy set's plan is the first incumbent and its costs the first
/// multipliers; without, the tree alone must find the optimum (which tests check).
pub(super) fn search_sets(search: &mut Search<'_>, max: usize, start: bool) {
    let table = Table::new(search.problem());
    let available: Vec<bool> = (0..table.providers)
        .map(|p| table.column(p).iter().any(|&c| c < super::INF))
        .collect();
    let first = if start {
        start::greedy(&table, max, &available)
    } else {
        Vec::new()
    };
    let mut mu = start::multipliers(&table, &first);
    if start {
        let mut within = vec![false; table.providers];
        for &p in &first {
            within[p] = true;
        }
        search.restrict(&within);
        search.run();
    }
    let mut state: Vec<State> = available
        .iter()
        .map(|&a| if a { State::Free } else { State::Out })
        .collect();
    let mut tree = Tree { table, search, max };
    tree.node(&mut state, &mut mu, ROOT_STEPS);
}

impl Tree<'_, '_> {
    fn threshold(&self) -> Option<i64> {
        let problem = self.search.problem();
        let cap = match problem.objective {
            Objective::Cost => problem.rules.budget,
            Objective::Carbon => problem.rules.carbon_cap,
        };
        self.table.threshold(self.search.best_key(), cap)
    }

    fn node(&mut self, state: &mut Vec<State>, mu: &mut Vec<f64>, steps: usize) {
        if !self.search.count_node() {
            return;
        }
        let included = state.iter().filter(|&&s| s == State::In).count();
        let free = state.iter().filter(|&&s| s == State::Free).count();
        if included >= self.max || included + free <= self.max {
            let open = |s: State| s == State::In || (s == State::Free && included < self.max);
            let within: Vec<bool> = state.iter().map(|&s| open(s)).collect();
            self.leaf(&within);
            return;
        }
        if !self.table.covers(state) {
            return;
        }
        let slots = self.max - included;
        let threshold = self.threshold();
        let value = self.table.ascend(mu, state, slots, threshold, steps);
        if threshold.is_some_and(|t| value > t) {
            return;
        }
        let rounded: Vec<i64> = mu.iter().map(|&m| m as i64).collect();
        let mut g = vec![0; self.table.providers];
        let mut chosen = Vec::new();
        let value = self
            .table
            .evaluate(&rounded, state, slots, &mut g, &mut chosen);
        let saved = state.clone();
        if let Some(t) = threshold {
            // Opening an unchosen provider replaces the weakest chosen one; closing a chosen one
            // lets the best unchosen one in.
            let weakest = if chosen.len() == slots {
                chosen.last().map_or(0, |&p| g[p])
            } else {
                0
            };
            let next = (0..self.table.providers)
                .filter(|&p| state[p] == State::Free && !chosen.contains(&p))
                .map(|p| g[p])
                .min()
                .unwrap_or(0)
                .min(0);
            let mut fixed = false;
            for p in 0..self.table.providers {
                if state[p] != State::Free {
                    continue;
                }
                if chosen.contains(&p) {
                    if value.saturating_sub(g[p]).saturating_add(next) > t {
                        state[p] = State::In;
                        fixed = true;
                    }
                } else if value.saturating_sub(weakest).saturating_add(g[p]) > t {
                    state[p] = State::Out;
                    fixed = true;
                }
            }
            if fixed {
                self.node(state, mu, NODE_STEPS);
                *state = saved;
                return;
            }
        }
        let branch = chosen.first().copied().or_else(|| {
            (0..self.table.providers)
                .filter(|&p| state[p] == State::Free)
                .min_by_key(|&p| (g[p], p))
        });
        let Some(p) = branch else {
            return;
        };
        let parent = mu.clone();
        state[p] = State::In;
        self.node(state, mu, NODE_STEPS);
        mu.clone_from(&parent);
        state[p] = State::Out;
        self.node(state, mu, NODE_STEPS);
        mu.clone_from(&parent);
        *state = saved;
    }

    /// A decided set: the exact cut on its units' least sums, then the exact offer search.
    fn leaf(&mut self, within: &[bool]) {
        let problem = self.search.problem();
        let (mut primary, mut lex) = (0u64, 0u64);
        for (first, then) in problem.min_primary.iter().zip(&problem.lex_secondary) {
            let least = (0..first.len())
                .filter(|&p| within[p])
                .map(|p| (first[p], then[p]))
                .min()
                .unwrap_or((NONE, NONE));
            if least.0 == NONE {
                return;
            }
            primary = primary.saturating_add(least.0);
            lex = lex.saturating_add(least.1);
        }
        if self.search.threshold().is_some_and(|t| primary > t)
            || self
                .search
                .best_key()
                .is_some_and(|best| (primary, lex) >= best)
        {
            return;
        }
        self.search.restrict(within);
        let before = self.search.nodes_debug();
        self.search.run();
        if std::env::var_os("PLACEMENT_DEBUG").is_some() {
            eprintln!(
                "leaf total {primary} thr {:?} nodes {}",
                self.search.threshold(),
                self.search.nodes_debug() - before
            );
        }
    }
}
