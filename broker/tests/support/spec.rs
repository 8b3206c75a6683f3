//! The specification's rules written out plainly, independent of the engine, to check it.

use std::collections::{BTreeMap, BTreeSet};

use broker::format::{Blueprint, Catalog, Objective, Offer, PlanDocument};

/// Whether `offer` fits component `c`, word for word from the specification.
pub fn fits(offer: &Offer, blueprint: &Blueprint, c: usize) -> bool {
    let component = &blueprint.components()[c];
    let constraints = blueprint.constraints();
    offer.domain() == component.domain()
        && component
            .min()
            .iter()
            .all(|(k, v)| offer.attribute(k).is_some_and(|size| size >= *v))
        && component
            .certifications()
            .iter()
            .all(|cert| offer.certifications().contains(cert))
        && component
            .countries()
            .is_none_or(|set| set.contains(&offer.country()))
        && constraints
            .countries()
            .is_none_or(|set| set.contains(&offer.country()))
        && constraints
            .jurisdictions()
            .is_none_or(|set| set.contains(offer.jurisdiction()))
        && constraints
            .min_availability()
            .is_none_or(|min| offer.availability() >= min)
}

/// Indices of the offers fitting each component.
pub fn fitting(catalog: &Catalog, blueprint: &Blueprint) -> Vec<Vec<usize>> {
    (0..blueprint.components().len())
        .map(|c| {
            (0..catalog.offers().len())
                .filter(|&o| fits(&catalog.offers()[o], blueprint, c))
                .collect()
        })
        .collect()
}

/// Total cost and carbon of an assignment (offer index per component), if it is feasible.
pub fn feasible_totals(
    catalog: &Catalog,
    blueprint: &Blueprint,
    plan: &[usize],
) -> Option<(u64, u64)> {
    let offers = catalog.offers();
    let components = blueprint.components();
    let constraints = blueprint.constraints();
    let index = |name: &String| components.iter().position(|c| c.name() == name);
    let provider = |c: usize| offers[plan[c]].provider().as_str();
    if (0..plan.len()).any(|c| !fits(&offers[plan[c]], blueprint, c)) {
        return None;
    }
    let mut used: BTreeMap<usize, u64> = BTreeMap::new();
    for (c, &o) in plan.iter().enumerate() {
        *used.entry(o).or_default() += components[c].quantity().get();
    }
    if used
        .iter()
        .any(|(&o, &units)| offers[o].capacity().is_some_and(|cap| units > cap))
    {
        return None;
    }
    let cost: u64 = plan
        .iter()
        .enumerate()
        .map(|(c, &o)| components[c].quantity().get() * offers[o].monthly_price_minor())
        .sum();
    let carbon: u64 = plan
        .iter()
        .enumerate()
        .map(|(c, &o)| components[c].quantity().get() * offers[o].carbon_g_month())
        .sum();
    let same_ok = constraints.same_provider().iter().all(|group| {
        let providers: BTreeSet<&str> = group.iter().filter_map(index).map(provider).collect();
        providers.len() <= 1
    });
    let distinct_ok = constraints.distinct_providers().iter().all(|group| {
        let providers: BTreeSet<&str> = group.iter().filter_map(index).map(provider).collect();
        providers.len() == group.len()
    });
    let all: BTreeSet<&str> = (0..plan.len()).map(provider).collect();
    let ok = same_ok
        && distinct_ok
        && constraints
            .max_providers()
            .is_none_or(|max| all.len() as u64 <= max)
        && constraints
            .max_monthly_minor()
            .is_none_or(|budget| cost <= budget)
        && constraints
            .max_carbon_g_month()
            .is_none_or(|cap| carbon <= cap);
    ok.then_some((cost, carbon))
}

/// (primary, secondary) of totals under an objective.
pub fn key(objective: Objective, (cost, carbon): (u64, u64)) -> (u64, u64) {
    match objective {
        Objective::Cost => (cost, carbon),
        Objective::Carbon => (carbon, cost),
    }
}

/// Checks a feasible plan document against the specification; returns its (cost, carbon).
pub fn check_plan(catalog: &Catalog, blueprint: &Blueprint, plan: &PlanDocument) -> (u64, u64) {
    assert!(plan.feasible);
    assert!(plan.reasons.is_empty());
    assert_eq!(plan.assignments.len(), blueprint.components().len());
    let mut chosen = Vec::new();
    for (assignment, component) in plan.assignments.iter().zip(blueprint.components()) {
        assert_eq!(assignment.component, component.name());
        let o = catalog
            .offers()
            .iter()
            .position(|offer| offer.id().as_str() == assignment.offer);
        let o = o.expect("the plan names an offer of the catalog");
        let offer = &catalog.offers()[o];
        assert_eq!(assignment.provider, offer.provider().as_str());
        assert_eq!(assignment.quantity, component.quantity().get());
        assert_eq!(
            assignment.monthly_minor,
            assignment.quantity * offer.monthly_price_minor()
        );
        assert_eq!(
            assignment.carbon_g_month,
            assignment.quantity * offer.carbon_g_month()
        );
        chosen.push(o);
    }
    let totals =
        feasible_totals(catalog, blueprint, &chosen).expect("the engine's plan is feasible");
    assert_eq!(
        (plan.total_monthly_minor, plan.total_carbon_g_month),
        totals
    );
    totals
}
