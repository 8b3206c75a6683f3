//! The search problem: fitting candidates reduced by dominance, grouped into provider units.
//!
//! Components joined by `same_provider` groups form one *unit* (union-find): a unit picks one
//! provider, and every coupling constraint about providers (distinct groups, the provider count)
//! is a constraint between units. Per unit and provider, the sum of each component's cheapest
//! (and lowest-carbon) candidate at that provider is precomputed; these sums are the admissible
//! lower bounds that the search adds up.

use super::context::Context;
use crate::format::{Blueprint, Objective};

mod candidates;

pub(crate) use candidates::PerProvider;
use candidates::prefilter;

/// Sentinel for "this unit has no candidate at this provider".
pub(crate) const NONE: u64 = u64::MAX;

/// One way to serve a component: an offer, with the component's quantity already applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Index into the catalog's offers.
    pub offer: usize,
    /// Dense index among the fitting offers (see `Context::slot_of`).
    pub slot: usize,
    /// Dense provider index.
    pub provider: usize,
    pub cost: u64,
    pub carbon: u64,
}

/// What a search minimises and which constraints it enforces; diagnosis relaxes them one at a
/// time, and may minimise the other objective.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rules {
    pub objective: Objective,
    pub budget: Option<u64>,
    pub carbon_cap: Option<u64>,
    pub max_providers: Option<u64>,
    pub capacity: bool,
    /// Indices into the blueprint's same_provider groups that apply.
    pub same_provider: Vec<usize>,
    /// Indices into the blueprint's distinct_providers groups that apply.
    pub distinct_providers: Vec<usize>,
}

impl Rules {
    pub fn all(blueprint: &Blueprint) -> Self {
        let c = blueprint.constraints();
        Self {
            objective: blueprint.objective(),
            budget: c.max_monthly_minor(),
            carbon_cap: c.max_carbon_g_month(),
            max_providers: c.max_providers(),
            capacity: true,
            same_provider: (0..c.same_provider().len()).collect(),
            distinct_providers: (0..c.distinct_providers().len()).collect(),
        }
    }
}

/// A placement problem ready for the exact search.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub objective: Objective,
    pub rules: Rules,
    pub quantities: Vec<u64>,
    /// Per component, per provider: candidates sorted by (primary, secondary, offer).
    pub by_provider: Vec<PerProvider>,
    /// Units for sale per fitting offer (by slot), where limited and enforced.
    pub capacity: Vec<Option<u64>>,
    pub providers: usize,
    /// Components of each unit.
    pub units: Vec<Vec<usize>>,
    /// Units that must use a provider different from this unit's.
    pub apart: Vec<Vec<usize>>,
    /// Per unit, per provider: sum of the components' least primary / secondary value.
    pub min_primary: Vec<Vec<u64>>,
    pub min_secondary: Vec<Vec<u64>>,
    /// Per unit, per provider: sum of the secondary values of the components' best candidates
    /// by (primary, secondary). A plan whose primary value equals the sum of the units' least
    /// primary sums has each component at a least-primary candidate, so it cannot beat this
    /// secondary sum: with `min_primary` it makes a lexicographic lower bound.
    pub lex_secondary: Vec<Vec<u64>>,
}

impl Candidate {
    pub fn key(&self, objective: Objective) -> (u64, u64) {
        match objective {
            Objective::Cost => (self.cost, self.carbon),
            Objective::Carbon => (self.carbon, self.cost),
        }
    }
}

fn find(parent: &mut [usize], x: usize) -> usize {
    let mut root = x;
    while parent[root] != root {
        root = parent[root];
    }
    parent[x] = root;
    root
}

impl Context<'_> {
    /// The problem of placing the blueprint under `rules` on the offers that fit.
    pub fn problem(&self, rules: Rules) -> Problem {
        Problem::new(self.blueprint, &self.fitting, self, rules)
    }
}

impl Problem {
    /// Builds the problem from each component's fitting offers (indices into the catalog).
    /// `context` gives each offer's dense provider and slot indices.
    pub fn new(
        blueprint: &Blueprint,
        fitting: &[Vec<usize>],
        context: &Context<'_>,
        rules: Rules,
    ) -> Self {
        let objective = rules.objective;
        let providers = context.provider_names.len();
        let components = blueprint.components();
        let n = components.len();
        let quantities: Vec<u64> = components.iter().map(|c| c.quantity().get()).collect();
        let index_of = |name: &str| components.iter().position(|c| c.name() == name);
        let groups = |all: &[Vec<String>], chosen: &[usize]| -> Vec<Vec<usize>> {
            chosen
                .iter()
                .map(|&g| all[g].iter().filter_map(|name| index_of(name)).collect())
                .collect()
        };
        let same = groups(
            blueprint.constraints().same_provider(),
            &rules.same_provider,
        );
        let distinct = groups(
            blueprint.constraints().distinct_providers(),
            &rules.distinct_providers,
        );

        let mut parent: Vec<usize> = (0..n).collect();
        for group in &same {
            for pair in group.windows(2) {
                let (a, b) = (find(&mut parent, pair[0]), find(&mut parent, pair[1]));
                parent[a.max(b)] = a.min(b);
            }
        }
        let mut units: Vec<Vec<usize>> = Vec::new();
        let mut unit_of = vec![usize::MAX; n];
        for c in 0..n {
            let root = find(&mut parent, c);
            if unit_of[root] == usize::MAX {
                unit_of[root] = units.len();
                units.push(Vec::new());
            }
            unit_of[c] = unit_of[root];
            units[unit_of[c]].push(c);
        }
        let mut apart = vec![Vec::new(); units.len()];
        for group in &distinct {
            for (i, &a) in group.iter().enumerate() {
                for &b in &group[i + 1..] {
                    let (ua, ub) = (unit_of[a], unit_of[b]);
                    apart[ua].push(ub);
                    apart[ub].push(ua);
                }
            }
        }
        for list in &mut apart {
            list.sort_unstable();
            list.dedup();
        }

        // Demand an offer could see: the quantities of every component it fits.
        let slot = |o: usize| context.slot_of[o] as usize;
        let mut demand = vec![0u64; context.slot_offers.len()];
        for (c, offers) in fitting.iter().enumerate() {
            for &o in offers {
                demand[slot(o)] = demand[slot(o)].saturating_add(quantities[c]);
            }
        }
        let capacity: Vec<Option<u64>> = context
            .slot_capacity
            .iter()
            .map(|&units| units.filter(|_| rules.capacity))
            .collect();
        // Provider identity matters to a component only through the coupling constraints.
        let provider_free = |c: usize| {
            rules.max_providers.is_none()
                && units[unit_of[c]].len() == 1
                && apart[unit_of[c]].is_empty()
        };

        let mut by_provider = Vec::with_capacity(n);
        for (c, offers) in fitting.iter().enumerate() {
            let q = quantities[c];
            let mut candidates: Vec<Candidate> = offers
                .iter()
                .map(|&o| {
                    let s = slot(o);
                    Candidate {
                        offer: o,
                        slot: s,
                        provider: context.slot_provider[s],
                        cost: context.slot_price[s].saturating_mul(q),
                        carbon: context.slot_carbon[s].saturating_mul(q),
                    }
                })
                .collect();
            // Dominance: drop a candidate when an earlier one in (cost, carbon, offer) order (no
            // dearer, and no more carbon, since both the objective and the budget or carbon cap
            // may bind) of the same provider can never run out of capacity, so swapping to it
            // keeps any plan feasible.
            let uncontested = |s: usize| capacity[s].is_none_or(|units| units >= demand[s]);
            let free = provider_free(c);
            prefilter(&mut candidates, free, providers, &uncontested);
            candidates.sort_unstable_by_key(|cand| (cand.cost, cand.carbon, cand.offer));
            let mut best_carbon = vec![NONE; providers];
            let mut global_best = NONE;
            candidates.retain(|cand| {
                let dominator = if free {
                    global_best
                } else {
                    best_carbon[cand.provider]
                };
                if dominator <= cand.carbon {
                    return false;
                }
                if uncontested(cand.slot) {
                    best_carbon[cand.provider] = best_carbon[cand.provider].min(cand.carbon);
                    global_best = global_best.min(cand.carbon);
                }
                true
            });
            let per_provider = PerProvider::new(candidates, providers, objective);
            by_provider.push(per_provider);
        }

        let table = |value: &dyn Fn(&Candidate) -> u64| -> Vec<Vec<u64>> {
            units
                .iter()
                .map(|unit| {
                    (0..providers)
                        .map(|p| {
                            unit.iter()
                                .try_fold(0u64, |sum, &c| {
                                    by_provider[c][p]
                                        .iter()
                                        .map(value)
                                        .min()
                                        .map(|least| sum.saturating_add(least))
                                })
                                .unwrap_or(NONE)
                        })
                        .collect()
                })
                .collect()
        };
        let lex_secondary = units
            .iter()
            .map(|unit| {
                (0..providers)
                    .map(|p| {
                        unit.iter()
                            .try_fold(0u64, |sum, &c| {
                                by_provider[c][p]
                                    .first()
                                    .map(|best| sum.saturating_add(best.key(objective).1))
                            })
                            .unwrap_or(NONE)
                    })
                    .collect()
            })
            .collect();
        let min_cost = table(&|cand| cand.cost);
        let min_carbon = table(&|cand| cand.carbon);
        let (min_primary, min_secondary) = match objective {
            Objective::Cost => (min_cost, min_carbon),
            Objective::Carbon => (min_carbon, min_cost),
        };
        Self {
            objective,
            rules,
            quantities,
            by_provider,
            capacity,
            providers,
            units,
            apart,
            min_primary,
            min_secondary,
            lex_secondary,
        }
    }

    /// Candidates kept after dominance, per component.
    pub fn candidate_count(&self, component: usize) -> usize {
        self.by_provider[component].all().len()
    }
}
