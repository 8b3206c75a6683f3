//! The placement engine on a catalog and a blueprint read from arbitrary bytes: the catalog
//! document, a NUL byte, then the blueprint document.
//!
//! When both read (kept small: at most 8 components and 64 offers, so that each run is quick),
//! `broker::placement::plan` never panics and its plan keeps the specification's promises. A
//! feasible plan has exactly one assignment per component, in the blueprint's order, each to an
//! offer of the catalog that fits the component (domain, sizes, certifications, countries,
//! jurisdictions, availability), and together they respect capacities, provider groups, the
//! provider count, the budget and the carbon cap. An infeasible plan has no assignment and at
//! least one reason.
#![no_main]

use std::collections::{BTreeMap, BTreeSet};

use broker::format::{Blueprint, Catalog, Offer};
use libfuzzer_sys::fuzz_target;

const MAX_COMPONENTS: usize = 8;
const MAX_OFFERS: usize = 64;

fn fits(offer: &Offer, blueprint: &Blueprint, c: usize) -> bool {
    let component = &blueprint.components()[c];
    let constraints = blueprint.constraints();
    offer.domain() == component.domain()
        && component
            .min()
            .iter()
            .all(|(key, min)| offer.attribute(key).is_some_and(|size| size >= *min))
        && component.certifications().is_subset(offer.certifications())
        && component
            .countries()
            .is_none_or(|allowed| allowed.contains(&offer.country()))
        && constraints
            .countries()
            .is_none_or(|allowed| allowed.contains(&offer.country()))
        && constraints
            .jurisdictions()
            .is_none_or(|allowed| allowed.contains(offer.jurisdiction()))
        && constraints
            .min_availability()
            .is_none_or(|min| offer.availability() >= min)
}

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == 0) else {
        return;
    };
    let (Ok(catalog), Ok(blueprint)) = (
        std::str::from_utf8(&data[..split]),
        std::str::from_utf8(&data[split + 1..]),
    ) else {
        return;
    };
    let (Ok(catalog), Ok(blueprint)) =
        (Catalog::from_json(catalog), Blueprint::from_json(blueprint))
    else {
        return;
    };
    let components = blueprint.components();
    if components.len() > MAX_COMPONENTS || catalog.offers().len() > MAX_OFFERS {
        return;
    }

    let placement = broker::placement::plan(&catalog, &blueprint);
    let plan = &placement.plan;
    assert_eq!(plan.currency, catalog.currency());
    assert_eq!(plan.objective, blueprint.objective());
    if !plan.feasible {
        assert!(
            plan.assignments.is_empty(),
            "infeasible with assignments: {plan:?}"
        );
        assert!(
            !plan.reasons.is_empty(),
            "infeasible without a reason: {plan:?}"
        );
        return;
    }

    assert_eq!(
        plan.assignments.len(),
        components.len(),
        "one assignment per component: {plan:?}"
    );
    let by_id: BTreeMap<&str, &Offer> = catalog
        .offers()
        .iter()
        .map(|offer| (offer.id().as_str(), offer))
        .collect();
    let mut provider_of = BTreeMap::new();
    let mut used: BTreeMap<&str, u128> = BTreeMap::new();
    let (mut cost, mut carbon) = (0u128, 0u128);
    for (c, (assignment, component)) in plan.assignments.iter().zip(components).enumerate() {
        assert_eq!(assignment.component, component.name());
        let offer = by_id
            .get(assignment.offer.as_str())
            .unwrap_or_else(|| panic!("assigned an offer not in the catalog: {assignment:?}"));
        assert_eq!(assignment.provider, offer.provider().as_str());
        assert_eq!(assignment.quantity, component.quantity().get());
        assert!(
            fits(offer, &blueprint, c),
            "assigned an offer that does not fit: {assignment:?}"
        );
        let quantity = u128::from(assignment.quantity);
        let offer_cost = quantity * u128::from(offer.monthly_price_minor());
        let offer_carbon = quantity * u128::from(offer.carbon_g_month());
        // The plan writes amounts in u64: one past it is as large as the plan can say.
        assert_eq!(
            u128::from(assignment.monthly_minor),
            offer_cost.min(u64::MAX.into())
        );
        assert_eq!(
            u128::from(assignment.carbon_g_month),
            offer_carbon.min(u64::MAX.into())
        );
        cost += offer_cost;
        carbon += offer_carbon;
        *used.entry(offer.id().as_str()).or_default() += quantity;
        provider_of.insert(component.name(), offer.provider().as_str());
    }
    for (id, units) in &used {
        if let Some(capacity) = by_id[id].capacity() {
            assert!(
                *units <= u128::from(capacity),
                "offer {id:?} over its capacity: {plan:?}"
            );
        }
    }
    let constraints = blueprint.constraints();
    // Amounts past u64 are saturated by the engine: the caps are checked where they are exact.
    if let Some(max) = constraints.max_monthly_minor()
        && cost <= u128::from(u64::MAX)
    {
        assert!(cost <= u128::from(max), "over the budget: {plan:?}");
    }
    if let Some(max) = constraints.max_carbon_g_month()
        && carbon <= u128::from(u64::MAX)
    {
        assert!(carbon <= u128::from(max), "over the carbon cap: {plan:?}");
    }
    for group in constraints.same_provider() {
        let providers: BTreeSet<&str> = group
            .iter()
            .map(|name| provider_of[name.as_str()])
            .collect();
        assert!(
            providers.len() <= 1,
            "same_provider {group:?} broken: {plan:?}"
        );
    }
    for group in constraints.distinct_providers() {
        let providers: BTreeSet<&str> = group
            .iter()
            .map(|name| provider_of[name.as_str()])
            .collect();
        assert_eq!(
            providers.len(),
            group.len(),
            "distinct_providers {group:?} broken: {plan:?}"
        );
    }
    if let Some(max) = constraints.max_providers() {
        let providers: BTreeSet<&str> = provider_of.values().copied().collect();
        assert!(
            providers.len() as u64 <= max,
            "more than {max} providers: {plan:?}"
        );
    }
    assert_eq!(
        u128::from(plan.total_monthly_minor),
        plan.assignments
            .iter()
            .map(|a| u128::from(a.monthly_minor))
            .sum::<u128>()
            .min(u64::MAX.into())
    );
});
