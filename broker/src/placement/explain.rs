//! The explanation beside a plan: what was considered, what was excluded and why, what was
//! chosen, and the next best alternatives, for the web page and the API.

use serde::Serialize;

use super::Context;
use super::filter::{Fit, Requirement};
use crate::format::Objective;

/// How the broker reached its plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub objective: Objective,
    pub currency: String,
    pub components: Vec<ComponentExplanation>,
    /// Nodes the exact search visited (a measure of the work done).
    pub search_nodes: u64,
}

/// One component's story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentExplanation {
    pub component: String,
    pub domain: String,
    /// Offers of the component's domain.
    pub considered: usize,
    /// Offers excluded by each requirement, applied in this order.
    pub excluded: Vec<Exclusion>,
    /// Offers that fit every requirement.
    pub fitting: usize,
    /// Fitting offers left after removing those another offer dominates.
    pub searched: usize,
    pub chosen: Option<OfferSummary>,
    /// The best other fitting offers that keep the plan feasible with the rest of it held,
    /// best first.
    pub alternatives: Vec<Alternative>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exclusion {
    pub requirement: Requirement,
    pub offers: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferSummary {
    pub offer: String,
    pub provider: String,
    pub monthly_minor: u64,
    pub carbon_g_month: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alternative {
    pub offer: String,
    pub provider: String,
    pub monthly_minor: u64,
    pub carbon_g_month: u64,
    /// This alternative's cost minus the chosen offer's (negative when cheaper).
    pub cost_difference_minor: i64,
    /// This alternative's carbon minus the chosen offer's.
    pub carbon_difference_g: i64,
}

const ALTERNATIVES: usize = 3;

fn difference(a: u64, b: u64) -> i64 {
    i64::try_from(i128::from(a) - i128::from(b)).unwrap_or(if a > b { i64::MAX } else { i64::MIN })
}

/// Builds the explanation; `chosen` holds the chosen offer of each component, if feasible.
pub(crate) fn build(
    context: &Context<'_>,
    fits: &[Fit],
    searched: &[usize],
    chosen: Option<&[usize]>,
    search_nodes: u64,
) -> Explanation {
    let blueprint = context.blueprint;
    let components = blueprint
        .components()
        .iter()
        .enumerate()
        .map(|(c, component)| {
            let fit = &fits[c];
            let q = component.quantity().get();
            let summary = |o: usize| {
                let offer = &context.catalog.offers()[o];
                OfferSummary {
                    offer: offer.id().to_string(),
                    provider: offer.provider().to_string(),
                    monthly_minor: offer.monthly_price_minor().saturating_mul(q),
                    carbon_g_month: offer.carbon_g_month().saturating_mul(q),
                }
            };
            let (chosen_offer, alternatives) = match chosen {
                Some(plan) => {
                    let mine = summary(plan[c]);
                    let alternatives = alternatives(context, plan, c, &fit.fitting)
                        .into_iter()
                        .map(|o| {
                            let other = summary(o);
                            Alternative {
                                cost_difference_minor: difference(
                                    other.monthly_minor,
                                    mine.monthly_minor,
                                ),
                                carbon_difference_g: difference(
                                    other.carbon_g_month,
                                    mine.carbon_g_month,
                                ),
                                offer: other.offer,
                                provider: other.provider,
                                monthly_minor: other.monthly_minor,
                                carbon_g_month: other.carbon_g_month,
                            }
                        })
                        .collect();
                    (Some(mine), alternatives)
                }
                None => (None, Vec::new()),
            };
            ComponentExplanation {
                component: component.name().to_owned(),
                domain: component.domain().to_owned(),
                considered: fit.considered,
                excluded: fit
                    .excluded
                    .iter()
                    .map(|&(requirement, offers)| Exclusion {
                        requirement,
                        offers,
                    })
                    .collect(),
                fitting: fit.fitting.len(),
                searched: searched[c],
                chosen: chosen_offer,
                alternatives,
            }
        })
        .collect();
    Explanation {
        objective: blueprint.objective(),
        currency: context.catalog.currency().to_string(),
        components,
        search_nodes,
    }
}

/// The best fitting offers for component `c` other than its chosen one that keep the plan
/// feasible when every other component keeps its offer.
fn alternatives(context: &Context<'_>, plan: &[usize], c: usize, fitting: &[usize]) -> Vec<usize> {
    let blueprint = context.blueprint;
    let constraints = blueprint.constraints();
    let components = blueprint.components();
    let offers = context.catalog.offers();
    let provider = |o: usize| offers[o].provider().as_str();
    let position = |name: &String| components.iter().position(|x| x.name() == name);
    let amount = |comp: usize, o: usize| {
        let q = components[comp].quantity().get();
        (
            offers[o].monthly_price_minor().saturating_mul(q),
            offers[o].carbon_g_month().saturating_mul(q),
        )
    };
    let (mut cost, mut carbon) = (0u64, 0u64);
    for (comp, &o) in plan.iter().enumerate().filter(|&(comp, _)| comp != c) {
        let (a, b) = amount(comp, o);
        cost = cost.saturating_add(a);
        carbon = carbon.saturating_add(b);
    }
    let others = |group: &[String]| -> Option<Vec<usize>> {
        group.iter().any(|n| n == components[c].name()).then(|| {
            group
                .iter()
                .filter_map(position)
                .filter(|&x| x != c)
                .collect()
        })
    };
    let keeps_feasible = |o: usize| {
        let (a, b) = amount(c, o);
        let same_ok = constraints
            .same_provider()
            .iter()
            .filter_map(|g| others(g))
            .flatten()
            .all(|x| provider(plan[x]) == provider(o));
        let distinct_ok = constraints
            .distinct_providers()
            .iter()
            .filter_map(|g| others(g))
            .flatten()
            .all(|x| provider(plan[x]) != provider(o));
        let mut used: Vec<&str> = (0..plan.len())
            .filter(|&x| x != c)
            .map(|x| provider(plan[x]))
            .collect();
        used.push(provider(o));
        used.sort_unstable();
        used.dedup();
        let shared: u64 = (0..plan.len())
            .filter(|&x| x != c && plan[x] == o)
            .map(|x| components[x].quantity().get())
            .sum();
        same_ok
            && distinct_ok
            && constraints
                .max_providers()
                .is_none_or(|max| used.len() as u64 <= max)
            && offers[o]
                .capacity()
                .is_none_or(|left| shared + components[c].quantity().get() <= left)
            && constraints
                .max_monthly_minor()
                .is_none_or(|budget| cost.saturating_add(a) <= budget)
            && constraints
                .max_carbon_g_month()
                .is_none_or(|cap| carbon.saturating_add(b) <= cap)
    };
    let objective = blueprint.objective();
    let key = |o: usize| {
        let (a, b) = amount(c, o);
        match objective {
            Objective::Cost => (a, b, o),
            Objective::Carbon => (b, a, o),
        }
    };
    let mut found: Vec<usize> = fitting.iter().copied().filter(|&o| o != plan[c]).collect();
    found.sort_by_key(|&o| key(o));
    found
        .into_iter()
        .filter(|&o| keeps_feasible(o))
        .take(ALTERNATIVES)
        .collect()
}
