//! Why no plan is feasible, in sentences that say what to relax.
//!
//! Structural conflicts (a same-provider group no provider can serve, a distinct-providers group
//! with too few providers) are found without searching. Otherwise the exact search is re-run with
//! one constraint relaxed at a time: a constraint whose removal makes the blueprint feasible is
//! one that blocks it, and the relaxed optimum gives the figures (the cheapest plan's cost when
//! the budget is too low). Those runs have a node limit so that a diagnosis never hangs, and
//! they spend the placement's budget with the search; a run that hits either proves nothing and
//! is left out.

mod matching;

use super::Context;
use super::blocker::Blocker;
use super::budget::Spending;
use super::problem::{Candidate, NONE, Problem, Rules};
use crate::format::Objective;
use matching::has_matching;

const NODE_LIMIT: u64 = 2_000_000;

/// Conflicts visible without searching; empty when there are none.
pub(crate) fn structural(context: &Context<'_>, problem: &Problem) -> Vec<Blocker> {
    let components = context.blueprint.components();
    let name = |c: usize| components[c].name().to_owned();
    let mut reasons = Vec::new();
    for (u, unit) in problem.units.iter().enumerate() {
        if problem.apart[u].contains(&u) {
            let components = unit.iter().map(|&c| name(c)).collect();
            reasons.push(Blocker::TiedAndApart { components });
        } else if unit.len() > 1 && problem.min_primary[u].iter().all(|&sum| sum == NONE) {
            let components = unit.iter().map(|&c| name(c)).collect();
            let offered = unit
                .iter()
                .map(|&c| (name(c), providers_of(context, problem, &[c])))
                .collect();
            reasons.push(Blocker::NoCommonProvider {
                components,
                offered,
            });
        }
    }
    for &g in &problem.rules.distinct_providers {
        let group = &context.blueprint.constraints().distinct_providers()[g];
        let members: Vec<usize> = group
            .iter()
            .filter_map(|n| components.iter().position(|c| c.name() == n))
            .collect();
        let units: Vec<usize> = members
            .iter()
            .map(|&c| {
                problem
                    .units
                    .iter()
                    .position(|unit| unit.contains(&c))
                    .unwrap_or(usize::MAX)
            })
            .collect();
        if units
            .iter()
            .any(|&u| u == usize::MAX || problem.apart[u].contains(&u))
        {
            continue;
        }
        if !has_matching(problem, &units) {
            reasons.push(Blocker::TooFewProviders {
                components: group.clone(),
                providers: providers_of(context, problem, &members),
            });
        }
    }
    if problem.rules.max_providers == Some(0) && !components.is_empty() {
        reasons.push(Blocker::NoProviderAllowed {
            components: components.len(),
        });
    }
    reasons
}

/// Providers with a fitting offer for any of `members`, by name.
fn providers_of(context: &Context<'_>, problem: &Problem, members: &[usize]) -> Vec<String> {
    (0..problem.providers)
        .filter(|&p| {
            members
                .iter()
                .any(|&c| !problem.by_provider[c][p].is_empty())
        })
        .map(|p| context.provider_names[p].clone())
        .collect()
}

/// The relaxed optimum, if the relaxed problem is feasible (and proven so within the limit).
fn relaxed(
    context: &Context<'_>,
    spending: &mut Spending<'_>,
    rules: Rules,
) -> Option<Vec<Candidate>> {
    if spending.stop_now() {
        return None;
    }
    let problem = context.problem(rules);
    if !structural(context, &problem).is_empty() {
        return None;
    }
    let outcome = spending.solve(&problem, Some(NODE_LIMIT));
    if outcome.complete { outcome.best } else { None }
}

fn totals(plan: &[Candidate]) -> (u64, u64) {
    plan.iter().fold((0u64, 0u64), |(cost, carbon), cand| {
        (
            cost.saturating_add(cand.cost),
            carbon.saturating_add(cand.carbon),
        )
    })
}

/// Reasons found by relaxing one constraint at a time, within what is left of `spending`.
pub(crate) fn relaxations(context: &Context<'_>, spending: &mut Spending<'_>) -> Vec<Blocker> {
    let all = Rules::all(context.blueprint);
    let mut reasons = Vec::new();
    if all.budget.is_some() || all.carbon_cap.is_some() {
        budget_and_carbon(context, spending, &all, &mut reasons);
    }
    if reasons.is_empty() {
        coupling(context, spending, &all, &mut reasons);
    }
    if reasons.is_empty() && spending.spent() {
        // The search proved that nothing is feasible; only the search for the culprit stopped.
        reasons.push(Blocker::DiagnosisStopped);
    } else if reasons.is_empty() {
        reasons.push(Blocker::NoSingleRelaxation);
    }
    reasons
}

fn budget_and_carbon(
    context: &Context<'_>,
    spending: &mut Spending<'_>,
    all: &Rules,
    reasons: &mut Vec<Blocker>,
) {
    if let Some(budget) = all.budget {
        let rules = Rules {
            budget: None,
            objective: Objective::Cost,
            ..all.clone()
        };
        if let Some(plan) = relaxed(context, spending, rules) {
            reasons.push(Blocker::BudgetTooLow {
                budget: context.money(budget),
                cheapest: context.money(totals(&plan).0),
            });
        }
    }
    if let Some(cap) = all.carbon_cap {
        let rules = Rules {
            carbon_cap: None,
            objective: Objective::Carbon,
            ..all.clone()
        };
        if let Some(plan) = relaxed(context, spending, rules) {
            reasons.push(Blocker::CarbonCapTooLow {
                cap_g: cap,
                lowest_g: totals(&plan).1,
            });
        }
    }
    if let (true, Some(budget), Some(cap)) = (reasons.is_empty(), all.budget, all.carbon_cap) {
        let free = Rules {
            budget: None,
            carbon_cap: None,
            ..all.clone()
        };
        let cheapest = relaxed(
            context,
            spending,
            Rules {
                objective: Objective::Cost,
                ..free.clone()
            },
        );
        let greenest = relaxed(
            context,
            spending,
            Rules {
                objective: Objective::Carbon,
                ..free
            },
        );
        if let (Some(cheapest), Some(greenest)) = (cheapest, greenest) {
            let (a, b) = (totals(&cheapest), totals(&greenest));
            reasons.push(Blocker::BudgetAndCarbonCap {
                budget: context.money(budget),
                cap_g: cap,
                cheapest: context.money(a.0),
                cheapest_g: a.1,
                greenest: context.money(b.0),
                greenest_g: b.1,
            });
        }
    }
}

fn coupling(
    context: &Context<'_>,
    spending: &mut Spending<'_>,
    all: &Rules,
    reasons: &mut Vec<Blocker>,
) {
    let constraints = context.blueprint.constraints();
    let without_limit = |spending: &mut Spending<'_>| {
        relaxed(
            context,
            spending,
            Rules {
                max_providers: None,
                ..all.clone()
            },
        )
    };
    if let Some((max, plan)) = all
        .max_providers
        .and_then(|max| without_limit(spending).map(|plan| (max, plan)))
    {
        let mut used: Vec<usize> = plan.iter().map(|cand| cand.provider).collect();
        used.sort_unstable();
        used.dedup();
        reasons.push(Blocker::TooManyProvidersNeeded {
            max,
            needed: used.len(),
        });
    }
    for &g in &all.distinct_providers {
        let rest = all
            .distinct_providers
            .iter()
            .copied()
            .filter(|&h| h != g)
            .collect();
        if relaxed(
            context,
            spending,
            Rules {
                distinct_providers: rest,
                ..all.clone()
            },
        )
        .is_some()
        {
            reasons.push(Blocker::ApartUnmet {
                components: constraints.distinct_providers()[g].clone(),
            });
        }
    }
    for &g in &all.same_provider {
        let rest = all
            .same_provider
            .iter()
            .copied()
            .filter(|&h| h != g)
            .collect();
        if relaxed(
            context,
            spending,
            Rules {
                same_provider: rest,
                ..all.clone()
            },
        )
        .is_some()
        {
            reasons.push(Blocker::TogetherUnmet {
                components: constraints.same_provider()[g].clone(),
            });
        }
    }
    if let Some(plan) = relaxed(
        context,
        spending,
        Rules {
            capacity: false,
            ..all.clone()
        },
    ) {
        capacity(context, &plan, reasons);
    }
}

fn capacity(context: &Context<'_>, plan: &[Candidate], reasons: &mut Vec<Blocker>) {
    let components = context.blueprint.components();
    let mut needed: std::collections::BTreeMap<usize, u64> = std::collections::BTreeMap::new();
    for (c, cand) in plan.iter().enumerate() {
        *needed.entry(cand.offer).or_default() += components[c].quantity().get();
    }
    for (offer, units) in needed {
        let offer = &context.catalog.offers()[offer];
        if let Some(left) = offer.capacity().filter(|&left| left < units) {
            reasons.push(Blocker::NotEnoughCapacity {
                offer: offer.id().as_str().to_owned(),
                left,
                needed: units,
            });
        }
    }
}
