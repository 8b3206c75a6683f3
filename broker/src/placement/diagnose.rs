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
use super::budget::Meter;
use super::filter::join_and;
use super::problem::{Candidate, NONE, Problem, Rules};
use crate::format::Objective;
use matching::has_matching;

const NODE_LIMIT: u64 = 2_000_000;

fn quoted(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("{name:?}")).collect();
    let refs: Vec<&str> = quoted.iter().map(String::as_str).collect();
    join_and(&refs)
}

fn listing(names: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = names
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}

/// Conflicts visible without searching; empty when there are none.
pub(crate) fn structural(context: &Context<'_>, problem: &Problem) -> Vec<String> {
    let components = context.blueprint.components();
    let name = |c: usize| components[c].name();
    let mut reasons = Vec::new();
    for (u, unit) in problem.units.iter().enumerate() {
        if problem.apart[u].contains(&u) {
            let names: Vec<&str> = unit.iter().map(|&c| name(c)).collect();
            reasons.push(format!(
                "{} are tied to one provider by same_provider groups, but a distinct_providers group asks two of them to use different providers",
                quoted(&names)
            ));
        } else if unit.len() > 1 && problem.min_primary[u].iter().all(|&sum| sum == NONE) {
            let names: Vec<&str> = unit.iter().map(|&c| name(c)).collect();
            let offered: Vec<String> = unit
                .iter()
                .map(|&c| {
                    format!(
                        "{}: {}",
                        name(c),
                        listing(&providers_of(context, problem, &[c]))
                    )
                })
                .collect();
            reasons.push(format!(
                "{} must use the same provider, but no provider has fitting offers for all of them ({})",
                quoted(&names),
                offered.join("; ")
            ));
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
            let names: Vec<&str> = group.iter().map(String::as_str).collect();
            let offering = providers_of(context, problem, &members);
            let count = match offering.len() {
                0 => "no provider offers".to_owned(),
                1 => format!("only one provider ({}) offers", offering[0]),
                n => format!("only {n} providers ({}) offer", listing(&offering)),
            };
            reasons.push(format!(
                "{} must use different providers but {count} fitting offers for them",
                quoted(&names)
            ));
        }
    }
    if problem.rules.max_providers == Some(0) && !components.is_empty() {
        reasons.push(format!(
            "max_providers is 0 but the blueprint has {} components to place",
            components.len()
        ));
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
fn relaxed(context: &Context<'_>, meter: &mut Meter<'_>, rules: Rules) -> Option<Vec<Candidate>> {
    if meter.stop_now() {
        return None;
    }
    let problem = context.problem(rules);
    if !structural(context, &problem).is_empty() {
        return None;
    }
    let outcome = meter.solve(&problem, Some(NODE_LIMIT));
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

/// Reasons found by relaxing one constraint at a time, within what is left of `meter`.
pub(crate) fn relaxations(context: &Context<'_>, meter: &mut Meter<'_>) -> Vec<String> {
    let all = Rules::all(context.blueprint);
    let mut reasons = Vec::new();
    if all.budget.is_some() || all.carbon_cap.is_some() {
        budget_and_carbon(context, meter, &all, &mut reasons);
    }
    if reasons.is_empty() {
        coupling(context, meter, &all, &mut reasons);
    }
    if reasons.is_empty() && meter.spent() {
        // The search proved that nothing is feasible; only the search for the culprit stopped.
        reasons.push(
            "no plan meets all the constraints together; the broker stopped before finding which one to relax"
                .to_owned(),
        );
    } else if reasons.is_empty() {
        reasons.push(
            "no plan meets all the constraints together, and relaxing any single one is not enough"
                .to_owned(),
        );
    }
    reasons
}

fn budget_and_carbon(
    context: &Context<'_>,
    meter: &mut Meter<'_>,
    all: &Rules,
    reasons: &mut Vec<String>,
) {
    if let Some(budget) = all.budget {
        let rules = Rules {
            budget: None,
            objective: Objective::Cost,
            ..all.clone()
        };
        if let Some(plan) = relaxed(context, meter, rules) {
            reasons.push(format!(
                "budget {} is below the cheapest feasible plan's {}",
                context.money(budget),
                context.money(totals(&plan).0)
            ));
        }
    }
    if let Some(cap) = all.carbon_cap {
        let rules = Rules {
            carbon_cap: None,
            objective: Objective::Carbon,
            ..all.clone()
        };
        if let Some(plan) = relaxed(context, meter, rules) {
            reasons.push(format!(
                "carbon cap {cap} g CO2e/month is below the lowest-carbon feasible plan's {} g",
                totals(&plan).1
            ));
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
            meter,
            Rules {
                objective: Objective::Cost,
                ..free.clone()
            },
        );
        let greenest = relaxed(
            context,
            meter,
            Rules {
                objective: Objective::Carbon,
                ..free
            },
        );
        if let (Some(cheapest), Some(greenest)) = (cheapest, greenest) {
            let (a, b) = (totals(&cheapest), totals(&greenest));
            reasons.push(format!(
                "budget {} and carbon cap {cap} g CO2e/month cannot both be met: the cheapest feasible plan costs {} and emits {} g, the lowest-carbon one costs {} and emits {} g",
                context.money(budget),
                context.money(a.0),
                a.1,
                context.money(b.0),
                b.1
            ));
        }
    }
}

fn coupling(context: &Context<'_>, meter: &mut Meter<'_>, all: &Rules, reasons: &mut Vec<String>) {
    let constraints = context.blueprint.constraints();
    let without_limit = |meter: &mut Meter<'_>| {
        relaxed(
            context,
            meter,
            Rules {
                max_providers: None,
                ..all.clone()
            },
        )
    };
    if let Some((max, plan)) = all
        .max_providers
        .and_then(|max| without_limit(meter).map(|plan| (max, plan)))
    {
        let mut used: Vec<usize> = plan.iter().map(|cand| cand.provider).collect();
        used.sort_unstable();
        used.dedup();
        reasons.push(format!(
                "at most {max} providers are allowed, but no plan meeting the other constraints uses so few (the best one without this limit uses {})",
                used.len()
            ));
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
            meter,
            Rules {
                distinct_providers: rest,
                ..all.clone()
            },
        )
        .is_some()
        {
            let names: Vec<&str> = constraints.distinct_providers()[g]
                .iter()
                .map(String::as_str)
                .collect();
            reasons.push(format!(
                "{} must use different providers, but no plan meeting the other constraints gives them different providers",
                quoted(&names)
            ));
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
            meter,
            Rules {
                same_provider: rest,
                ..all.clone()
            },
        )
        .is_some()
        {
            let names: Vec<&str> = constraints.same_provider()[g]
                .iter()
                .map(String::as_str)
                .collect();
            reasons.push(format!(
                "{} must use the same provider, but no provider can serve all of them within the other constraints",
                quoted(&names)
            ));
        }
    }
    if let Some(plan) = relaxed(
        context,
        meter,
        Rules {
            capacity: false,
            ..all.clone()
        },
    ) {
        capacity(context, &plan, reasons);
    }
}

fn capacity(context: &Context<'_>, plan: &[Candidate], reasons: &mut Vec<String>) {
    let components = context.blueprint.components();
    let mut needed: std::collections::BTreeMap<usize, u64> = std::collections::BTreeMap::new();
    for (c, cand) in plan.iter().enumerate() {
        *needed.entry(cand.offer).or_default() += components[c].quantity().get();
    }
    for (offer, units) in needed {
        let offer = &context.catalog.offers()[offer];
        if let Some(left) = offer.capacity().filter(|&left| left < units) {
            reasons.push(format!(
                "not enough capacity: offer {:?} has {left} units left but the best plan without capacity limits needs {units} of it, and no other assignment meets the constraints",
                offer.id().as_str()
            ));
        }
    }
}
