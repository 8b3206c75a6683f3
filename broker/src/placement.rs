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
//! 1. **Filter** (`filter`): one pass over the catalog. Each offer's domain is matched against
//!    the blueprint's few domains, the attribute keys a domain's components ask about are read
//!    once per offer, and the blueprint-wide checks (countries, jurisdictions, availability) once
//!    per offer that gets that far. An offer counts against the first requirement it fails, in
//!    the fixed order domain, attributes, certifications, countries, jurisdictions,
//!    availability, capacity, which gives the same counts and sentences as applying them one
//!    after another. Offers that fit some component get a dense *slot* (`context`) holding their
//!    provider, price, carbon and capacity, read while the offer is at hand.
//! 2. **Reduce** (`problem`): a candidate is dropped when another candidate of the same provider
//!    (of any provider, for a component no provider constraint touches) comes first in (cost,
//!    carbon) order, emits no more, and can never run out of capacity (unlimited, or enough for
//!    every component it fits): swapping to it keeps any feasible plan feasible and no worse, so
//!    an optimum survives. Components joined by `same_provider` groups become one *unit* that
//!    picks one provider; a unit's least sum at each provider is tabled.
//! 3. **Check structure** (`diagnose`): a unit whose components share no provider, or a
//!    `distinct_providers` group with no matching of its units to different providers, is
//!    infeasible, said in one sentence without searching.
//! 4. **Choose providers** (`providers`), when `max_providers` leaves a choice: a p-median
//!    problem, searched by branch and bound on provider sets with a Lagrangian bound (relaxing
//!    "each unit is served once"), after a greedy and swap start. Bounds and cuts are on
//!    `primary * weight + secondary`, so plans that tie on the objective are told apart exactly.
//! 5. **Assign offers** (`search`): depth-first branch and bound within a provider set, unit by
//!    unit, then offer by offer. The bound adds each open unit's least sum over the providers it
//!    may still use, with small groups of units that must use different providers bounded
//!    together, lexicographically (a plan that only matches the least primary value must also
//!    pay at least the least secondary value among such plans).
//! 6. **Explain** (`explain`, `diagnose`): alternatives per component with the rest of the plan
//!    held; when nothing is feasible, the search is re-run with one constraint relaxed at a time
//!    (budget, carbon cap, provider count, each group, capacity) to name the one that blocks.
//!
//! A node or provider set is cut only when its bound shows that no plan below it can beat the
//! best plan (primary objective, then secondary), the budget or the carbon cap, so the result is
//! optimal. Search order and tie-breaking are fixed, so the output is deterministic.
//!
//! # Bounds
//!
//! The search is exponential in the worst case (capacities make it a generalised assignment
//! problem). [`plan`] is exact whatever it costs, for the command line; [`plan_within`] spends at
//! most a [`Budget`] of nodes shared with the diagnosis, and stops when the budget's `stop` says
//! so (the marketplace's deadline, or a person who left). Stopped with a plan, it returns the best
//! one found with [`SearchReport::complete`] false; stopped before any, it returns
//! [`OutOfBudget`] rather than claim that nothing is feasible. Every walk keeps its own stack on
//! the heap, so a blueprint of any size is answered on a thread's ordinary stack.

mod blocker;
mod budget;
mod context;
mod diagnose;
mod explain;
mod filter;
pub mod live;
mod problem;
mod providers;
mod search;

pub use blocker::{Blocker, listing};
pub use budget::Budget;
pub use explain::{
    Alternative, ComponentExplanation, Exclusion, Explanation, OfferSummary, SearchReport,
};
pub use filter::Requirement;
pub use live::{LivePlan, OfferLabel};
pub use search::CHECK_EVERY;

use crate::format::{Assignment, Blueprint, Catalog, PlanDocument};
use budget::Spending;
use context::{Context, Offers};
use problem::Rules;

/// The broker's answer: the plan document and how it was reached.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Placement {
    pub plan: PlanDocument,
    pub explanation: Explanation,
    /// What blocks the blueprint when the plan is infeasible (the plan's `reasons`, as data).
    #[serde(default)]
    pub blockers: Vec<Blocker>,
}

/// The budget ran out before the search found any plan: nothing is known about feasibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the search was stopped after {nodes} nodes before it found a plan")]
pub struct OutOfBudget {
    pub nodes: u64,
}

/// Places `blueprint` on `catalog`: the optimal feasible plan, or the reasons there is none,
/// however long the search takes.
pub fn plan(catalog: &Catalog, blueprint: &Blueprint) -> Placement {
    match plan_within(catalog, blueprint, &Budget::unlimited()) {
        Ok(placement) => placement,
        // Its nodes are `u64::MAX` and its `stop` never says yes.
        Err(out) => unreachable!("an unlimited budget ran out: {out}"),
    }
}

/// [`plan`] within `budget`: the best plan found when it runs out (not proven optimal, as the
/// explanation says), or [`OutOfBudget`] when it ran out before finding one.
pub fn plan_within(
    catalog: &Catalog,
    blueprint: &Blueprint,
    budget: &Budget<'_>,
) -> Result<Placement, OutOfBudget> {
    let mut spending = Spending::new(budget);
    let objective = blueprint.objective();
    let currency = catalog.currency();
    let mut offers = Offers::new(catalog);
    let fits = filter::fit_all(catalog, blueprint, &mut |o, offer| offers.add(o, offer));
    let blocked: Vec<Blocker> = fits.iter().filter_map(|fit| fit.blocked.clone()).collect();
    let context = Context::new(
        catalog,
        blueprint,
        fits.iter().map(|f| f.fitting.clone()).collect(),
        offers,
    );
    let mut kept = vec![0; blueprint.components().len()];
    let mut complete = true;
    let mut feasible = None;
    let (blockers, chosen, nodes) = if blocked.is_empty() {
        let problem = context.problem(Rules::all(blueprint));
        kept = (0..kept.len())
            .map(|c| problem.candidate_count(c))
            .collect();
        let structural = diagnose::structural(&context, &problem);
        if structural.is_empty() {
            let outcome = spending.solve(&problem, None);
            complete = outcome.complete;
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
                    feasible = Some(PlanDocument::feasible(objective, currency, assignments));
                    (Vec::new(), Some(offers), outcome.nodes)
                }
                None if !outcome.complete => {
                    return Err(OutOfBudget {
                        nodes: outcome.nodes,
                    });
                }
                None => (
                    diagnose::relaxations(&context, &mut spending),
                    None,
                    outcome.nodes,
                ),
            }
        } else {
            (structural, None, 0)
        }
    } else {
        (blocked, None, 0)
    };
    let document = feasible.unwrap_or_else(|| {
        let reasons = blockers.iter().map(ToString::to_string).collect();
        PlanDocument::infeasible(objective, currency, reasons)
    });
    let explanation = explain::build(&context, &fits, &kept, chosen.as_deref(), nodes, complete);
    Ok(Placement {
        plan: document,
        explanation,
        blockers,
    })
}

#[cfg(test)]
mod tests;
