//! The placement engine: the optimal assignment of catalog offers to a blueprint's components.
//!
//! [`plan`] answers a blueprint on a catalog with the plan document of the specification and an
//! [`Explanation`] for people (what was considered, what each requirement excluded, the
//! alternatives to each choice). The answer is exact: when a feasible plan exists, the one
//! returned minimises the objective (`cost` or `carbon`), then the other one, under every rule of
//! the specification; when none exists, the reasons say what blocks it.
//!
//! # Algorithm
//!
//! 1. **Filter** (`filter`): per component, the offers that fit (domain, attributes,
//!    certifications, countries, jurisdictions, availability, and a capacity of at least the
//!    component's quantity), counting what each requirement excluded.
//! 2. **Reduce** (`problem`): a candidate is dropped when another candidate of the same provider
//!    (of any provider, for a component no provider constraint touches) is no dearer, emits no
//!    more, and can never run out of capacity (unlimited, or enough for every component it fits):
//!    swapping to it keeps any feasible plan feasible and no worse, so an optimum survives.
//!    Components joined by `same_provider` groups become one *unit* that picks one provider.
//! 3. **Check structure** (`diagnose`): a unit whose components share no provider, or a
//!    `distinct_providers` group with no matching of its units to different providers, is
//!    infeasible, said in one sentence without searching.
//! 4. **Search** (`search`): depth-first branch and bound, unit by unit (most constrained first),
//!    provider then offers. The lower bound adds to the partial totals each open unit's least
//!    per-provider sum over the providers it may still use, and under `max_providers` a
//!    facility-location bound; a node is cut only when that bound cannot beat the best plan, the
//!    budget or the carbon cap. Search order and tie-breaking are fixed, so the output is
//!    deterministic.
//! 5. **Explain** (`explain`, `diagnose`): alternatives per component with the rest of the plan
//!    held; when nothing is feasible, the search is re-run with one constraint relaxed at a time
//!    (budget, carbon cap, provider count, each group, capacity) to name the one that blocks.

mod diagnose;
mod explain;
mod filter;
mod problem;
mod providers;
mod search;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub use explain::{Alternative, ComponentExplanation, Exclusion, Explanation, OfferSummary};
pub use filter::Requirement;

use crate::format::{Assignment, Blueprint, Catalog, PlanDocument};
use problem::{Problem, Rules};

/// The broker's answer: the plan document and how it was reached.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Placement {
    pub plan: PlanDocument,
    pub explanation: Explanation,
}

/// The inputs shared by the search, the diagnosis and the explanation.
pub(crate) struct Context<'a> {
    pub catalog: &'a Catalog,
    pub blueprint: &'a Blueprint,
    pub fitting: Vec<Vec<usize>>,
    /// Dense provider index of each offer that fits some component (`u32::MAX` otherwise).
    pub provider_of: Vec<u32>,
    /// Dense index of each offer that fits some component (`u32::MAX` otherwise), and the offer
    /// of each such index: per-offer state (capacity) is kept for these offers only.
    pub slot_of: Vec<u32>,
    pub slot_offers: Vec<usize>,
    pub provider_names: Vec<String>,
}

impl<'a> Context<'a> {
    fn new(catalog: &'a Catalog, blueprint: &'a Blueprint, fitting: Vec<Vec<usize>>) -> Self {
        // Each fitting offer's provider is looked up once (components of a domain share
        // offers), then the indices are renumbered in name order, which fixes the search order.
        let mut first_seen: HashMap<&str, u32, BuildHasherDefault<Fnv>> = HashMap::default();
        let mut slot_of = vec![u32::MAX; catalog.offers().len()];
        let mut slot_offers = Vec::new();
        let mut seen_provider = Vec::new();
        for &o in fitting.iter().flatten() {
            if slot_of[o] == u32::MAX {
                slot_of[o] = index(slot_offers.len());
                slot_offers.push(o);
                let name = catalog.offers()[o].provider().as_str();
                let next = index(first_seen.len());
                seen_provider.push(*first_seen.entry(name).or_insert(next));
            }
        }
        let mut names: Vec<(&str, u32)> = first_seen.into_iter().collect();
        names.sort_unstable();
        let mut renumber = vec![0; names.len()];
        for (rank, &(_, seen)) in names.iter().enumerate() {
            renumber[seen as usize] = index(rank);
        }
        let mut provider_of = vec![u32::MAX; catalog.offers().len()];
        for (&o, &seen) in slot_offers.iter().zip(&seen_provider) {
            provider_of[o] = renumber[seen as usize];
        }
        let provider_names = names.iter().map(|(name, _)| (*name).to_owned()).collect();
        Self {
            catalog,
            blueprint,
            fitting,
            provider_of,
            slot_of,
            slot_offers,
            provider_names,
        }
    }

    pub fn problem(&self, rules: Rules) -> Problem {
        Problem::new(self.catalog, self.blueprint, &self.fitting, self, rules)
    }

    pub fn money(&self, minor: u64) -> String {
        self.catalog.currency().display_minor(minor)
    }
}

/// FNV-1a: provider names are short and trusted enough (a catalog's own ids), and this hash
/// costs a fraction of the default one on them.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

/// A dense index as stored: offers and providers are far fewer than `u32::MAX`.
fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Places `blueprint` on `catalog`: the optimal feasible plan, or the reasons there is none.
pub fn plan(catalog: &Catalog, blueprint: &Blueprint) -> Placement {
    let objective = blueprint.objective();
    let currency_code = catalog.currency();
    let currency = currency_code.as_str();
    let fits = filter::fit_all(catalog, blueprint);
    let blocked: Vec<String> = fits.iter().filter_map(|fit| fit.blocked.clone()).collect();
    let context = Context::new(
        catalog,
        blueprint,
        fits.iter().map(|f| f.fitting.clone()).collect(),
    );
    let mut kept = vec![0; blueprint.components().len()];
    let (document, chosen, nodes) = if blocked.is_empty() {
        let problem = context.problem(Rules::all(blueprint));
        kept = (0..kept.len())
            .map(|c| problem.candidate_count(c))
            .collect();
        let structural = diagnose::structural(&context, &problem);
        if structural.is_empty() {
            let outcome = search::solve(&problem, None);
            match outcome.best {
                Some(best) => {
                    let assignments = best
                        .iter()
                        .zip(blueprint.components())
                        .map(|(cand, component)| {
                            let offer = &catalog.offers()[cand.offer];
                            Assignment {
                                component: component.name().to_owned(),
                                offer: offer.id().to_string(),
                                provider: offer.provider().to_string(),
                                quantity: component.quantity().get(),
                                monthly_minor: cand.cost,
                                carbon_g_month: cand.carbon,
                            }
                        })
                        .collect();
                    let offers: Vec<usize> = best.iter().map(|cand| cand.offer).collect();
                    (
                        PlanDocument::feasible(objective, currency, assignments),
                        Some(offers),
                        outcome.nodes,
                    )
                }
                None => {
                    let reasons = diagnose::relaxations(&context);
                    (
                        PlanDocument::infeasible(objective, currency, reasons),
                        None,
                        outcome.nodes,
                    )
                }
            }
        } else {
            (
                PlanDocument::infeasible(objective, currency, structural),
                None,
                0,
            )
        }
    } else {
        (
            PlanDocument::infeasible(objective, currency, blocked),
            None,
            0,
        )
    };
    let explanation = explain::build(&context, &fits, &kept, chosen.as_deref(), nodes);
    Placement {
        plan: document,
        explanation,
    }
}

#[cfg(test)]
mod tests;
