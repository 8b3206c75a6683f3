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
    tree.walk(&mut state, &mut mu);
}

/// A node whose child is being walked: its state before it changed `state`, its multipliers
/// (which each child starts from), and what comes once the child is done.
struct Pending {
    saved: Vec<State>,
    parent: Vec<f64>,
    then: Then,
}

enum Then {
    /// Providers were fixed by the bound: the one child is done, restore the state.
    Restore,
    /// The branch provider was included: exclude it and walk that child.
    Exclude(usize),
    /// Both children are done: restore the multipliers and the state.
    Finish,
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

    /// Walks the tree from the root node `state`, depth first, with its own stack on the heap:
    /// a catalog of many providers makes the tree as deep as it has providers, too deep for a
    /// thread's stack. The order is that of a recursive walk, included before excluded.
    fn walk(&mut self, state: &mut Vec<State>, mu: &mut Vec<f64>) {
        let mut pending: Vec<Pending> = Vec::new();
        let mut steps = ROOT_STEPS;
        let mut enter = true;
        loop {
            if enter && let Some(next) = self.node(state, mu, steps) {
                pending.push(next);
                steps = NODE_STEPS;
                continue;
            }
            // The child of the node on top of `pending` is done.
            let Some(top) = pending.last_mut() else {
                return;
            };
            match top.then {
                Then::Restore => {
                    *state = std::mem::take(&mut top.saved);
                    pending.pop();
                    enter = false;
                }
                Then::Exclude(p) => {
                    mu.clone_from(&top.parent);
                    state[p] = State::Out;
                    top.then = Then::Finish;
                    steps = NODE_STEPS;
                    enter = true;
                }
                Then::Finish => {
                    mu.clone_from(&top.parent);
                    *state = std::mem::take(&mut top.saved);
                    pending.pop();
                    enter = false;
                }
            }
        }
    }

    /// Visits one node: a leaf's offer search, a cut, or the change of `state` into its first
    /// child, returned with what to do once that child is done.
    fn node(&mut self, state: &mut [State], mu: &mut [f64], steps: usize) -> Option<Pending> {
        if !self.search.count_node() {
            return None;
        }
        let included = state.iter().filter(|&&s| s == State::In).count();
        let free = state.iter().filter(|&&s| s == State::Free).count();
        if included >= self.max || included + free <= self.max {
            let open = |s: State| s == State::In || (s == State::Free && included < self.max);
            let within: Vec<bool> = state.iter().map(|&s| open(s)).collect();
            self.leaf(&within);
            return None;
        }
        if !self.table.covers(state) {
            return None;
        }
        let slots = self.max - included;
        let threshold = self.threshold();
        let value = self.table.ascend(mu, state, slots, threshold, steps);
        if threshold.is_some_and(|t| value > t) {
            return None;
        }
        let rounded: Vec<i64> = mu.iter().map(|&m| m as i64).collect();
        let mut g = vec![0; self.table.providers];
        let mut chosen = Vec::new();
        let value = self
            .table
            .evaluate(&rounded, state, slots, &mut g, &mut chosen);
        let saved = state.to_vec();
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
                return Some(Pending {
                    saved,
                    parent: Vec::new(),
                    then: Then::Restore,
                });
            }
        }
        let branch = chosen.first().copied().or_else(|| {
            (0..self.table.providers)
                .filter(|&p| state[p] == State::Free)
                .min_by_key(|&p| (g[p], p))
        })?;
        state[branch] = State::In;
        Some(Pending {
            saved,
            parent: mu.to_vec(),
            then: Then::Exclude(branch),
        })
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
