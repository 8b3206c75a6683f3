//! Which providers a plan may use under `max_providers`: branch and bound on provider sets.
//!
//! Choosing at most `K` providers so that each unit (a component, or a same-provider group) is
//! served by one of them is a p-median problem; the offers, capacities, budget, carbon cap and
//! distinct groups come on top. This module searches provider sets, and leaves the assignment of
//! offers within a set to the exact search (`search`), which keeps the best plan across sets.
//!
//! # Bound
//!
//! Let `c[u][p]` be unit `u`'s least primary sum at provider `p` (no plan pays less for `u` at
//! `p`). Relaxing "each unit is served once" with a multiplier `mu[u]` per unit gives, for any
//! `mu`, the lower bound `L(mu) = sum mu[u] + sum over open providers of g[p]`, where
//! `g[p] = sum over distinct cliques Q of min(0, min over u in Q of c[u][p] - mu[u])` (a provider
//! serves at most one unit of a clique of pairwise distinct units, so keeping that inside `g`
//! is still a relaxation), and the open providers are the ones a node includes plus the `K - |I|`
//! most negative `g` among the undecided ones. Capacities, the budget, the carbon cap and the
//! other distinct pairs are dropped, which only lowers the bound. `mu` is improved by subgradient
//! steps (Polyak's rule), warm-started from the parent node; it is rounded to integers before
//! `L` is computed, so the bound is exact integer arithmetic whatever the floating-point steps.
//! At good multipliers this is the strength of the linear relaxation of the p-median problem,
//! which is nearly integral on marketplaces like Comptoir's.
//!
//! # Search
//!
//! 1. A starting set: providers added greedily (the one that lowers the sum of each unit's least
//!    cost most), then improved by swaps (one chosen provider for another) while the sum drops.
//!    The exact search on that set gives the first plan, if it is feasible.
//! 2. Depth-first branch and bound: a node includes some providers and excludes others. A node is
//!    cut when its bound exceeds the best plan's primary value (or the budget or carbon cap on
//!    the primary objective); equal is kept, since a plan of equal primary value may still win
//!    on the secondary one. Providers are fixed by the bound too: an undecided provider is
//!    excluded when opening it would push the bound over, included when closing it would. The
//!    branch is on the undecided provider the bound likes best, included first.
//! 3. A leaf is a node whose set is decided (`K` included, or at most `K` left): its units' least
//!    sums over the set give an exact cut, then the exact search assigns offers within the set.
//!
//! Every plan better than the best one lies in exactly one branch and is never cut, so the search
//! stays exact; the order of everything is fixed, so it is deterministic.

use super::problem::{NONE, Problem};

/// "No candidate at this provider" in the bound's table: far above any multiplier.
const INF: i64 = 1 << 60;
/// Finite sums are capped here; a lower cost keeps the bound a bound.
const CAP: i64 = 1 << 52;
/// Subgradient steps at the root and at each later node (warm-started there).
const ROOT_STEPS: usize = 120;
const NODE_STEPS: usize = 25;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Free,
    In,
    Out,
}

/// Unit costs per provider, with units in the order of the distinct cliques.
struct Table {
    units: usize,
    providers: usize,
    /// `cost[p * units + i]`: primary sum of the unit at position `i` at provider `p`.
    cost: Vec<i64>,
    /// Position ranges of cliques: units that pairwise need different providers.
    cliques: Vec<(usize, usize)>,
    /// The largest finite cost at each position: multipliers stay in `0..=top`.
    top: Vec<i64>,
    scale: Scale,
}

/// How (primary, secondary) sums map to one number. With `weight` above any plan's secondary
/// total, `primary * weight + secondary` orders plans exactly as the objective does, so the
/// bound can cut plans that only tie on the primary value (ties are common: offers of the same
/// size in the same country emit the same). When that could overflow, `weight` is 1 and the
/// secondary is left out (the bound is then on the primary alone).
struct Scale {
    weight: i64,
}

impl Scale {
    fn new(problem: &Problem) -> Self {
        // Any plan's secondary total is at most the sum of each component's largest one.
        let secondary = problem.by_provider.iter().fold(0u64, |sum, lists| {
            let most = lists.all().iter().map(|c| c.key(problem.objective).1);
            sum.saturating_add(most.max().unwrap_or(0))
        });
        let primary = problem.min_primary.iter().fold(0u64, |sum, row| {
            let most = row.iter().copied().filter(|&v| v != NONE).max();
            sum.saturating_add(most.unwrap_or(0))
        });
        let weight = secondary.saturating_add(1);
        let fits = u128::from(primary.saturating_add(1)) * u128::from(weight) < CAP as u128;
        Self {
            weight: if fits { weight as i64 } else { 1 },
        }
    }

    fn value(&self, primary: u64, secondary: u64) -> i64 {
        match (primary, self.weight) {
            (NONE, _) => INF,
            (p, 1) => i64::try_from(p).unwrap_or(CAP).min(CAP),
            // Both fit: `Scale::new` checked the largest sums.
            (p, w) => p as i64 * w + secondary as i64,
        }
    }
}

impl Table {
    fn new(problem: &Problem) -> Self {
        let units = problem.units.len();
        let apart = &problem.apart;
        let mut covered = vec![false; units];
        let mut order = Vec::with_capacity(units);
        let mut cliques = Vec::new();
        for u in 0..units {
            if covered[u] {
                continue;
            }
            let start = order.len();
            covered[u] = true;
            order.push(u);
            for &v in &apart[u] {
                if !covered[v] && order[start..].iter().all(|w| apart[v].contains(w)) {
                    covered[v] = true;
                    order.push(v);
                }
            }
            cliques.push((start, order.len()));
        }
        let providers = problem.providers;
        let scale = Scale::new(problem);
        let mut cost = Vec::with_capacity(providers * units);
        for p in 0..providers {
            cost.extend(
                order
                    .iter()
                    .map(|&u| scale.value(problem.min_primary[u][p], problem.lex_secondary[u][p])),
            );
        }
        let top = (0..units)
            .map(|i| {
                (0..providers)
                    .map(|p| cost[p * units + i])
                    .filter(|&c| c < INF)
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        Self {
            units,
            providers,
            cost,
            cliques,
            top,
            scale,
        }
    }

    /// The value a node's bound must exceed to be cut, on the table's scale: no plan of value
    /// above it beats the best plan (`best`) or meets the cap on the primary objective (`cap`).
    fn threshold(&self, best: Option<(u64, u64)>, cap: Option<u64>) -> Option<i64> {
        let wide = |v: u64| i128::from(v);
        let m = i128::from(self.scale.weight);
        let limit = match self.scale.weight {
            1 => [best.map(|(p, _)| wide(p)), cap.map(wide)],
            _ => [
                best.map(|(p, s)| wide(p) * m + wide(s) - 1),
                cap.map(|c| (wide(c) + 1) * m - 1),
            ],
        };
        let least = limit.into_iter().flatten().min()?;
        Some(i64::try_from(least).unwrap_or(i64::MAX))
    }

    fn column(&self, p: usize) -> &[i64] {
        &self.cost[p * self.units..(p + 1) * self.units]
    }

    /// Whether every unit has a provider among those not excluded.
    fn covers(&self, state: &[State]) -> bool {
        (0..self.units).all(|i| {
            (0..self.providers)
                .any(|p| state[p] != State::Out && self.cost[p * self.units + i] < INF)
        })
    }

    /// `g[p]` for every provider not excluded, `L(mu)`, and the undecided providers it opens.
    fn evaluate(
        &self,
        mu: &[i64],
        state: &[State],
        slots: usize,
        g: &mut [i64],
        chosen: &mut Vec<usize>,
    ) -> i64 {
        let mut value = mu.iter().fold(0i64, |sum, &m| sum.saturating_add(m));
        chosen.clear();
        for p in 0..self.providers {
            g[p] = 0;
            if state[p] == State::Out {
                continue;
            }
            let column = self.column(p);
            let mut sum = 0i64;
            for &(a, b) in &self.cliques {
                let least = (a..b).fold(0i64, |least, i| least.min(column[i] - mu[i]));
                sum = sum.saturating_add(least);
            }
            g[p] = sum;
            match state[p] {
                State::In => value = value.saturating_add(sum),
                State::Free if sum < 0 => chosen.push(p),
                _ => {}
            }
        }
        chosen.sort_unstable_by_key(|&p| (g[p], p));
        chosen.truncate(slots);
        chosen
            .iter()
            .fold(value, |sum, &p| sum.saturating_add(g[p]))
    }

    /// Subgradient ascent on `mu` (left at the best multipliers found); returns the best bound,
    /// or stops early once the bound exceeds `threshold`.
    fn ascend(
        &self,
        mu: &mut [f64],
        state: &[State],
        slots: usize,
        threshold: Option<i64>,
        steps: usize,
    ) -> i64 {
        let mut g = vec![0; self.providers];
        let mut chosen = Vec::new();
        let mut rounded = vec![0i64; self.units];
        let mut best = (i64::MIN, mu.to_vec());
        let mut served = vec![0i64; self.units];
        let (mut theta, mut stall) = (1.5f64, 0);
        for _ in 0..steps {
            for ((r, m), &top) in rounded.iter_mut().zip(mu.iter_mut()).zip(&self.top) {
                *m = m.clamp(0.0, top as f64);
                *r = m.round() as i64;
            }
            let value = self.evaluate(&rounded, state, slots, &mut g, &mut chosen);
            if value > best.0 {
                best.0 = value;
                best.1.copy_from_slice(mu);
                stall = 0;
            } else {
                stall += 1;
                if stall >= 3 {
                    theta /= 2.0;
                    stall = 0;
                }
            }
            if threshold.is_some_and(|t| value > t) {
                break;
            }
            served.fill(0);
            let open = (0..self.providers).filter(|&p| state[p] == State::In);
            for p in open.chain(chosen.iter().copied()) {
                let column = self.column(p);
                for &(a, b) in &self.cliques {
                    let pick = (a..b).min_by_key(|&i| (column[i] - rounded[i], i));
                    if let Some(i) = pick.filter(|&i| column[i] - rounded[i] < 0) {
                        served[i] += 1;
                    }
                }
            }
            let norm: i64 = served.iter().map(|&s| (1 - s) * (1 - s)).sum();
            if norm == 0 {
                break;
            }
            let target = threshold.map_or(value as f64 * 1.05 + 1.0, |t| t as f64 + 1.0);
            let step = theta * (target - value as f64).max(1.0) / norm as f64;
            for (m, &s) in mu.iter_mut().zip(&served) {
                *m += step * (1 - s) as f64;
            }
        }
        mu.copy_from_slice(&best.1);
        for (m, &top) in mu.iter_mut().zip(&self.top) {
            *m = m.clamp(0.0, top as f64).round();
        }
        best.0
    }
}

mod start;
#[cfg(test)]
mod tests;
mod tree;

pub(crate) use tree::solve;
