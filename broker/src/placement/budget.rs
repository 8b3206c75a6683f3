//! How much work a placement may do: a number of search nodes shared by the search and the
//! diagnosis, and a question asked every few thousand nodes (has the deadline passed, has the
//! person gone?).
//!
//! The engine stays pure and runs the same in the browser: it never reads a clock itself. The
//! caller that has one (the marketplace's planner) answers the question; the command line gives
//! no budget at all and gets the exact answer however long it takes.

use crate::format::Blueprint;

use super::problem::Problem;
use super::search::{self, Outcome};

/// Work the search may do on a blueprint, in node visits times components: each node weighs
/// every open unit in its bound, so a large blueprint gets fewer, dearer nodes. A hundred
/// components get a million nodes, about a second of a server core.
const WORK: u64 = 100_000_000;

/// The most nodes any blueprint gets, however small: a node still costs its fixed share.
const MOST_NODES: u64 = 10_000_000;

/// What a placement may spend before it answers with what it has.
#[derive(Clone, Copy)]
pub struct Budget<'a> {
    /// Search nodes for the search and its diagnosis together.
    pub nodes: u64,
    /// Asked every [`CHECK_EVERY`](super::CHECK_EVERY) nodes: `true` stops the work there.
    pub stop: &'a dyn Fn() -> bool,
}

impl std::fmt::Debug for Budget<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Budget")
            .field("nodes", &self.nodes)
            .finish_non_exhaustive()
    }
}

fn never() -> bool {
    false
}

impl Budget<'static> {
    /// No bound: the exact answer, however long it takes (the command line's).
    pub fn unlimited() -> Self {
        Self {
            nodes: u64::MAX,
            stop: &never,
        }
    }
}

impl<'a> Budget<'a> {
    /// The marketplace's budget for `blueprint`: nodes in inverse proportion to its size, so that
    /// the node limit, which gives the same answer on every machine, is what usually binds, and
    /// `stop` (a deadline) only on a slow or busy machine.
    pub fn for_blueprint(blueprint: &Blueprint, stop: &'a dyn Fn() -> bool) -> Self {
        let size = blueprint.components().len().max(1) as u64;
        Self {
            nodes: (WORK / size).min(MOST_NODES),
            stop,
        }
    }
}

/// The budget as the runs of one placement spend it.
pub(crate) struct Spending<'a> {
    left: u64,
    stop: &'a dyn Fn() -> bool,
    /// The shared nodes ran out, or `stop` said so: later runs do nothing.
    spent: bool,
}

impl<'a> Spending<'a> {
    pub fn new(budget: &Budget<'a>) -> Self {
        Self {
            left: budget.nodes,
            stop: budget.stop,
            spent: false,
        }
    }

    /// Whether the budget ran out: a run stopped by it proves nothing.
    pub fn spent(&self) -> bool {
        self.spent
    }

    /// Asks `stop` now, between runs: many short runs (one per provider group in a diagnosis)
    /// might each end before their first check.
    pub fn stop_now(&mut self) -> bool {
        if !self.spent && (self.stop)() {
            self.spent = true;
        }
        self.spent
    }

    /// One exact search of `problem`, within `own` nodes (the diagnosis's per-run limit) and
    /// what is left of the budget.
    pub fn solve(&mut self, problem: &Problem, own: Option<u64>) -> Outcome {
        if self.spent {
            return Outcome::stopped();
        }
        let left = self.left;
        let limit = own.map_or(left, |own| own.min(left));
        let outcome = search::solve(problem, limit, self.stop);
        self.left = left.saturating_sub(outcome.nodes);
        if !outcome.complete && (outcome.interrupted || own.is_none_or(|own| left <= own)) {
            self.spent = true;
        }
        outcome
    }
}
