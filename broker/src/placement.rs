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

mod context;
mod diagnose;
mod explain;
mod filter;
mod problem;
mod providers;
mod search;

pub use explain::{Alternative, ComponentExplanation, Exclusion, Explanation, OfferSummary};
pub use filter::Requirement;

use crate::format::{Assignment, Blueprint, Catalog, PlanDocument};
use context::{Context, Offers};
use problem::Rules;

/// The broker's answer: the plan document and how it was reached.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Placement {
    pub plan: PlanDocument,
    pub explanation: Explanation,
}

/// Places `blueprint` on `catalog`: the optimal feasible plan, or the reasons there is none.
pub fn plan(catalog: &Catalog, blueprint: &Blueprint) -> Placement {
    let objective = blueprint.objective();
    let currency_code = catalog.currency();
    let currency = currency_code.as_str();
    let mut offers = Offers::new(catalog);
    let fits = filter::fit_all(catalog, blueprint, &mut |o, offer| offers.add(o, offer));
    let blocked: Vec<String> = fits.iter().filter_map(|fit| fit.blocked.clone()).collect();
    let context = Context::new(
        catalog,
        blueprint,
        fits.iter().map(|f| f.fitting.clone()).collect(),
        offers,
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
