//! The depth-first walk of the search tree, with its own stack on the heap.
//!
//! A blueprint of `n` components is a tree `n` unit and component levels deep; walked by
//! recursion, each level took a frame of the thread's stack, and a few thousand components
//! overflowed a server thread's stack and aborted the process. Here each level is a small
//! [`Frame`] in a vector, so the depth costs memory, never the stack. The order of the nodes,
//! the cuts and the counts are those of the recursive walk it replaces.

use super::Search;
use crate::placement::problem::Candidate;

/// One level of the walk: the choice being tried, and what to undo before the next one.
enum Frame {
    /// Picks a provider for the unit at `depth`; `bound` is the parent node's lower bound.
    Unit {
        depth: usize,
        bound: (u64, u64),
        next: usize,
        /// The provider given to the unit for the level below, taken back on return.
        tried: Option<usize>,
    },
    /// Picks an offer for component `k` of the unit at `depth`.
    Component {
        depth: usize,
        k: usize,
        bound: (u64, u64),
        next: usize,
        /// The candidate applied for the level below, with the totals before it.
        tried: Option<(usize, Candidate, (u64, u64))>,
    },
}

impl Search<'_> {
    /// Walks the current provider set from the first unit.
    pub(super) fn walk(&mut self) {
        let mut stack = Vec::new();
        self.enter_unit(&mut stack, 0, (0, 0));
        while let Some(frame) = stack.last_mut() {
            let child = match frame {
                Frame::Unit {
                    depth,
                    bound,
                    next,
                    tried,
                } => self.next_provider(*depth, *bound, next, tried),
                Frame::Component {
                    depth,
                    k,
                    bound,
                    next,
                    tried,
                } => self.next_offer(*depth, *k, *bound, next, tried),
            };
            match child {
                Some((depth, k)) => self.enter_component(&mut stack, depth, k),
                None => {
                    stack.pop();
                }
            }
        }
    }

    /// The unit at `depth`, or the leaf past the last one.
    fn enter_unit(&mut self, stack: &mut Vec<Frame>, depth: usize, bound: (u64, u64)) {
        if depth == self.order.len() {
            self.leaf();
        } else {
            stack.push(Frame::Unit {
                depth,
                bound,
                next: 0,
                tried: None,
            });
        }
    }

    /// The node where the unit at `depth` has its provider and its first `k` components their
    /// offers: cut, or opened on its next component (or the next unit).
    fn enter_component(&mut self, stack: &mut Vec<Frame>, depth: usize, k: usize) {
        let unit = self.order[depth];
        let provider = self.unit_provider[unit];
        let members = &self.p.units[unit];
        if !self.promising(depth + 1, &members[k..], provider) {
            return;
        }
        let bound = self.bound;
        if k == members.len() {
            self.enter_unit(stack, depth + 1, bound);
        } else {
            stack.push(Frame::Component {
                depth,
                k,
                bound,
                next: 0,
                tried: None,
            });
        }
    }

    /// Takes back the last provider tried for the unit at `depth` and gives it the next allowed
    /// one: the child node to enter, or `None` when the level is done.
    fn next_provider(
        &mut self,
        depth: usize,
        bound: (u64, u64),
        next: &mut usize,
        tried: &mut Option<usize>,
    ) -> Option<(usize, usize)> {
        let unit = self.order[depth];
        if let Some(provider) = tried.take() {
            self.provider_users[provider] -= 1;
            if self.provider_users[provider] == 0 {
                self.used -= 1;
            }
            self.unit_provider[unit] = usize::MAX;
        }
        while let Some(&provider) = self.by_primary[unit].get(*next) {
            *next += 1;
            if self.stopped || self.beaten(bound) {
                return None;
            }
            if !self.allowed(unit, provider) {
                continue;
            }
            self.unit_provider[unit] = provider;
            if self.provider_users[provider] == 0 {
                self.used += 1;
            }
            self.provider_users[provider] += 1;
            *tried = Some(provider);
            return Some((depth, 0));
        }
        None
    }

    /// Takes back the last offer tried for component `k` of the unit at `depth` and applies the
    /// next one that has the capacity: the child node to enter, or `None` when done.
    fn next_offer(
        &mut self,
        depth: usize,
        k: usize,
        bound: (u64, u64),
        next: &mut usize,
        tried: &mut Option<(usize, Candidate, (u64, u64))>,
    ) -> Option<(usize, usize)> {
        if let Some((c, cand, (cost, carbon))) = tried.take() {
            self.choice[c] = None;
            (self.cost, self.carbon) = (cost, carbon);
            self.capacity_used[cand.slot] -= self.p.quantities[c];
        }
        let p = self.p;
        let provider = self.unit_provider[self.order[depth]];
        let c = p.units[self.order[depth]][k];
        let quantity = p.quantities[c];
        while let Some(&cand) = p.by_provider[c][provider].get(*next) {
            *next += 1;
            if self.stopped || self.beaten(bound) {
                return None;
            }
            let limit = p.capacity[cand.slot];
            if limit.is_some_and(|units| self.capacity_used[cand.slot] + quantity > units) {
                continue;
            }
            let totals = (self.cost, self.carbon);
            self.capacity_used[cand.slot] += quantity;
            self.cost = totals.0.saturating_add(cand.cost);
            self.carbon = totals.1.saturating_add(cand.carbon);
            self.choice[c] = Some(cand);
            *tried = Some((c, cand, totals));
            return Some((depth, k + 1));
        }
        None
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
