//! The explanation beside a plan: what was considered, what was excluded and why, what was
//! chosen, and the next best alternatives, for the web page and the API.

use serde::{Deserialize, Serialize};

use super::Context;
use super::filter::{Fit, Requirement};
use crate::format::Objective;
use crate::money::Currency;

/// How the broker reached its plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub objective: Objective,
    pub currency: Currency,
    pub components: Vec<ComponentExplanation>,
    /// Nodes the exact search visited (a measure of the work done).
    pub search_nodes: u64,
    /// Whether the search ran to its end; absent in explanations written before it was told.
    #[serde(default)]
    pub search: SearchReport,
}

/// How far the search went. A search stopped by its budget returns the best plan it found,
/// which may not be the optimum: this says so, rather than the plan passing for optimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchReport {
    /// The search ran to its end: the plan is optimal, or no plan is feasible.
    pub complete: bool,
    /// When it did not, the milliseconds after which it was stopped (the planner, which keeps
    /// the time, writes them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_after_ms: Option<u64>,
}

impl Default for SearchReport {
    fn default() -> Self {
        Self {
            complete: true,
            stopped_after_ms: None,
        }
    }
}

/// One component's story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub requirement: Requirement,
    pub offers: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferSummary {
    pub offer: String,
    pub provider: String,
    pub monthly_minor: u64,
    pub carbon_g_month: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    complete: bool,
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
        currency: context.catalog.currency(),
        components,
        search_nodes,
        search: SearchReport {
            complete,
            stopped_after_ms: None,
        },
    }
}

/// The best fitting offers for component `c` other than its chosen one that keep the plan
/// feasible when every other component keeps its offer. Offers are tried best first, taken from
/// growing slices of the partly sorted list so that a large domain is not sorted in full.
fn alternatives(context: &Context<'_>, plan: &[usize], c: usize, fitting: &[usize]) -> Vec<usize> {
    let blueprint = context.blueprint;
    let constraints = blueprint.constraints();
    let components = blueprint.components();
    let offers = context.catalog.offers();
    // Every offer here fits some component, so it has a dense provider index.
    let provider = |o: usize| context.provider_of[o] as usize;
    let position = |name: &String| components.iter().position(|x| x.name() == name);
    let amount = |comp: usize, o: usize| {
        let q = components[comp].quantity().get();
        (
            offers[o].monthly_price_minor().saturating_mul(q),
            offers[o].carbon_g_month().saturating_mul(q),
        )
    };
    let (mut cost, mut carbon) = (0u64, 0u64);
    let mut users = vec![0usize; context.provider_names.len()];
    for (comp, &o) in plan.iter().enumerate().filter(|&(comp, _)| comp != c) {
        let (a, b) = amount(comp, o);
        cost = cost.saturating_add(a);
        carbon = carbon.saturating_add(b);
        users[provider(o)] += 1;
    }
    let used = users.iter().filter(|&&n| n > 0).count();
    let partners = |groups: &[Vec<String>]| -> Vec<usize> {
        groups
            .iter()
            .filter(|group| group.iter().any(|n| n == components[c].name()))
            .flat_map(|group| group.iter().filter_map(position))
            .filter(|&x| x != c)
            .map(|x| provider(plan[x]))
            .collect()
    };
    let same = partners(constraints.same_provider());
    let distinct = partners(constraints.distinct_providers());
    let quantity = components[c].quantity().get();
    let keeps_feasible = |o: usize| {
        let (a, b) = amount(c, o);
        let p = provider(o);
        // Units of this offer the rest of the plan takes, counted only for limited offers.
        let shared = || -> u64 {
            (0..plan.len())
                .filter(|&x| x != c && plan[x] == o)
                .map(|x| components[x].quantity().get())
                .sum()
        };
        same.iter().all(|&q| q == p)
            && distinct.iter().all(|&q| q != p)
            && constraints
                .max_providers()
                .is_none_or(|max| (used + usize::from(users[p] == 0)) as u64 <= max)
            && constraints
                .max_monthly_minor()
                .is_none_or(|budget| cost.saturating_add(a) <= budget)
            && constraints
                .max_carbon_g_month()
                .is_none_or(|cap| carbon.saturating_add(b) <= cap)
            && offers[o]
                .capacity()
                .is_none_or(|left| shared() + quantity <= left)
    };
    let objective = blueprint.objective();
    let mut keys: Vec<(u64, u64, usize)> = fitting
        .iter()
        .copied()
        .filter(|&o| o != plan[c])
        .map(|o| {
            let (a, b) = amount(c, o);
            match objective {
                Objective::Cost => (a, b, o),
                Objective::Carbon => (b, a, o),
            }
        })
        .collect();
    let mut found = Vec::with_capacity(ALTERNATIVES);
    let (mut start, mut slice) = (0, 16);
    while found.len() < ALTERNATIVES && start < keys.len() {
        let rest = &mut keys[start..];
        let take = slice.min(rest.len());
        if take < rest.len() {
            rest.select_nth_unstable(take - 1);
        }
        rest[..take].sort_unstable();
        for &(_, _, o) in &rest[..take] {
            if found.len() < ALTERNATIVES && keeps_feasible(o) {
                found.push(o);
            }
        }
        start += take;
        slice *= 4;
    }
    found
}
