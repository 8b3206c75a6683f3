//! The engine against exhaustive search on random small marketplaces, and against an exact MILP
//! (good_lp with microlp) on generated medium ones.

mod support {
    pub mod milp;
    pub mod spec;
}

use broker::format::{Blueprint, Catalog};
use broker::placement::plan;
use broker::synthetic;
use proptest::prelude::*;
use serde_json::{Value, json};
use support::{milp, spec};

/// The least (primary, secondary) over every assignment, by brute force.
fn exhaustive(catalog: &Catalog, blueprint: &Blueprint) -> Option<(u64, u64)> {
    let fitting = spec::fitting(catalog, blueprint);
    let n = fitting.len();
    let mut best: Option<(u64, u64)> = None;
    let mut choice = vec![0usize; n];
    if fitting.iter().any(Vec::is_empty) {
        return None;
    }
    loop {
        let plan: Vec<usize> = (0..n).map(|c| fitting[c][choice[c]]).collect();
        if let Some(totals) = spec::feasible_totals(catalog, blueprint, &plan) {
            let key = spec::key(blueprint.objective(), totals);
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
        // Next assignment, like an odometer.
        let mut c = 0;
        loop {
            if c == n {
                return best;
            }
            choice[c] += 1;
            if choice[c] < fitting[c].len() {
                break;
            }
            choice[c] = 0;
            c += 1;
        }
    }
}

fn offer_strategy(providers: u8) -> impl Strategy<Value = Value> {
    (
        0..providers,
        0..2u8,
        1..5u8,
        any::<bool>(),
        0..3u8,
        (0..40u64, 0..40u64),
        prop::option::weighted(0.4, 0..5u64),
    )
        .prop_map(|(provider, domain, vcpu, hds, place, (price, carbon), capacity)| {
            let (country, jurisdiction) = [("FR", "EU"), ("DE", "EU"), ("US", "US")][place as usize];
            let domain = ["compute", "database"][domain as usize];
            let mut offer = json!({
                "provider": format!("p{provider}"), "domain": domain,
                "name": "o", "country": country, "jurisdiction": jurisdiction,
                "attributes": {"vcpu": vcpu}, "certifications": if hds { json!(["HDS"]) } else { json!([]) },
                "availability": if vcpu % 2 == 0 { 99.9 } else { 99.99 },
                "monthly_price_minor": price, "carbon_g_month": carbon
            });
            if let Some(units) = capacity {
                offer["capacity"] = json!(units);
            }
            offer
        })
}

fn component_strategy() -> impl Strategy<Value = Value> {
    (
        0..2u8,
        1..4u64,
        0..4u8,
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(domain, quantity, vcpu, hds, fr)| {
            let domain = ["compute", "database"][domain as usize];
            let mut component = json!({
                "domain": domain, "quantity": quantity,
                "min": if vcpu > 0 { json!({"vcpu": vcpu}) } else { json!({}) },
            });
            if hds {
                component["certifications"] = json!(["HDS"]);
            }
            if fr {
                component["countries"] = json!(["FR"]);
            }
            component
        })
}

/// A random catalog and blueprint (as parsed documents): offers from `providers` providers, and
/// a provider limit with probability `limited`.
fn instance(providers: u8, limited: f64) -> impl Strategy<Value = (Catalog, Blueprint)> {
    (
        prop::collection::vec(offer_strategy(providers), 1..10),
        prop::collection::vec(component_strategy(), 1..6),
        prop::collection::vec((0..4usize, 1..4usize, any::<bool>()), 0..3),
        (
            prop::option::weighted(0.3, 0..150u64),
            prop::option::weighted(0.3, 0..150u64),
        ),
        (
            prop::option::weighted(limited, 1..4u64),
            any::<bool>(),
            prop::bool::weighted(0.2),
        ),
    )
        .prop_map(
            |(mut offers, mut components, pairs, (budget, cap), (max_providers, carbon, eu))| {
                for (i, offer) in offers.iter_mut().enumerate() {
                    offer["id"] = json!(format!("o{i}"));
                }
                let n = components.len();
                for (i, component) in components.iter_mut().enumerate() {
                    component["name"] = json!(format!("c{i}"));
                }
                let mut same = Vec::new();
                let mut distinct = Vec::new();
                for (a, step, is_same) in pairs {
                    if n < 2 {
                        break;
                    }
                    let (a, b) = (a % n, (a + step % (n - 1) + 1) % n);
                    let group = json!([format!("c{a}"), format!("c{b}")]);
                    if is_same {
                        same.push(group)
                    } else {
                        distinct.push(group)
                    }
                }
                let mut constraints =
                    json!({"same_provider": same, "distinct_providers": distinct});
                if let Some(budget) = budget {
                    constraints["max_monthly_minor"] = json!(budget);
                }
                if let Some(cap) = cap {
                    constraints["max_carbon_g_month"] = json!(cap);
                }
                if let Some(max) = max_providers {
                    constraints["max_providers"] = json!(max);
                }
                if eu {
                    constraints["jurisdictions"] = json!(["EU"]);
                }
                let catalog = Catalog::from_value(
                    json!({"format": "comptoir.catalog/v1", "currency": "EUR", "offers": offers}),
                )
                .expect("generated catalogs are valid");
                let blueprint = Blueprint::from_value(json!({
                    "format": "comptoir.blueprint/v1", "name": "random",
                    "objective": if carbon { "carbon" } else { "cost" },
                    "components": components, "constraints": constraints
                }))
                .expect("generated blueprints are valid");
                (catalog, blueprint)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_engine_finds_the_exhaustive_optimum_or_proves_there_is_none((catalog, blueprint) in instance(3, 0.4)) {
        agrees_with_exhaustive_search(&catalog, &blueprint)?;
    }

    /// Many providers and a small provider limit: the provider-set search and its bound decide.
    #[test]
    fn under_a_tight_provider_limit_the_engine_still_finds_the_exhaustive_optimum((catalog, blueprint) in instance(7, 0.95)) {
        agrees_with_exhaustive_search(&catalog, &blueprint)?;
    }
}

fn agrees_with_exhaustive_search(
    catalog: &Catalog,
    blueprint: &Blueprint,
) -> Result<(), TestCaseError> {
    let placement = plan(catalog, blueprint);
    match exhaustive(catalog, blueprint) {
        Some(best) => {
            prop_assert!(
                placement.plan.feasible,
                "exhaustive search found {best:?}: {:?}",
                placement.plan.reasons
            );
            let totals = spec::check_plan(catalog, blueprint, &placement.plan);
            prop_assert_eq!(spec::key(blueprint.objective(), totals), best);
        }
        None => {
            prop_assert!(!placement.plan.feasible);
            prop_assert!(placement.plan.assignments.is_empty());
            prop_assert!(!placement.plan.reasons.is_empty());
        }
    }
    Ok(())
}

#[test]
fn the_engine_and_an_exact_milp_agree_on_larger_blueprints_with_many_providers() {
    for seed in 7..=9 {
        let catalog = synthetic::catalog(400, 12, seed);
        let blueprint = synthetic::blueprint(14, seed, &catalog);
        let placement = plan(&catalog, &blueprint);
        let milp = milp::optimum(&catalog, &blueprint);
        let engine = placement.plan.feasible.then(|| {
            let totals = spec::check_plan(&catalog, &blueprint, &placement.plan);
            spec::key(blueprint.objective(), totals).0
        });
        assert_eq!(engine, milp, "seed {seed}: {:?}", placement.plan.reasons);
    }
}

#[test]
fn the_engine_and_an_exact_milp_agree_on_generated_marketplaces() {
    let mut feasible = 0;
    for seed in 1..=6 {
        let catalog = synthetic::catalog(300, 8, seed);
        let blueprint = synthetic::blueprint(6, seed, &catalog);
        let placement = plan(&catalog, &blueprint);
        let milp = milp::optimum(&catalog, &blueprint);
        let engine = placement.plan.feasible.then(|| {
            let totals = spec::check_plan(&catalog, &blueprint, &placement.plan);
            spec::key(blueprint.objective(), totals).0
        });
        assert_eq!(engine, milp, "seed {seed}: {:?}", placement.plan.reasons);
        feasible += usize::from(engine.is_some());
    }
    assert!(
        feasible >= 3,
        "most generated blueprints should be feasible, {feasible} were"
    );
}
