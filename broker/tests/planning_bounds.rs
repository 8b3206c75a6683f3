//! The placement engine on blueprints far larger than the marketplace accepts: it answers on a
//! small thread stack, and its bounded variant stops at its budget.

use broker::format::{Blueprint, Catalog};
use broker::placement::{Budget, CHECK_EVERY, OutOfBudget, plan_within};
use serde_json::json;

/// A few unlimited compute offers from three providers: every component fits each of them.
fn small_catalog() -> Catalog {
    let offers: Vec<_> = (0..6)
        .map(|i| {
            json!({
                "id": format!("vm-{i}"), "provider": format!("p{}", i % 3), "domain": "compute",
                "name": format!("VM {i}"), "country": "FR", "jurisdiction": "EU",
                "attributes": {"vcpu": 2}, "certifications": [], "availability": 99.9,
                "monthly_price_minor": 1000 + 10 * i, "carbon_g_month": 500 - 10 * i,
            })
        })
        .collect();
    Catalog::from_value(
        json!({"format": "comptoir.catalog/v1", "currency": "EUR", "offers": offers}),
    )
    .expect("a catalog")
}

fn trivial(components: usize) -> Blueprint {
    let list: Vec<_> = (0..components)
        .map(|i| json!({"name": format!("c{i}"), "domain": "compute", "quantity": 1}))
        .collect();
    Blueprint::from_value(
        json!({"format": "comptoir.blueprint/v1", "objective": "cost", "components": list}),
    )
    .expect("a blueprint")
}

/// Runs `work` on a thread with the stack a tokio worker has by default.
fn on_small_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(work)
        .expect("a thread")
        .join()
        .expect("the thread returns")
}

#[test]
fn two_thousand_components_are_planned_on_a_two_mebibyte_stack() {
    let placement = on_small_stack(|| broker::placement::plan(&small_catalog(), &trivial(2_000)));
    assert!(placement.plan.feasible);
    assert_eq!(placement.plan.assignments.len(), 2_000);
}

/// Thirty interchangeable components on a catalog where a quarter of the offers have little
/// capacity left: the exact search has to weigh a vast number of equivalent assignments.
fn hard() -> (Catalog, Blueprint) {
    (broker::synthetic::catalog(400, 12, 7), trivial(30))
}

fn never() -> bool {
    false
}

#[test]
fn a_bounded_search_of_two_thousand_components_answers_on_a_small_stack() {
    let placement = on_small_stack(|| {
        let (catalog, _) = hard();
        let budget = Budget {
            nodes: 20_000,
            stop: &never,
        };
        plan_within(&catalog, &trivial(2_000), &budget)
    })
    .expect("a plan within the budget");
    assert!(placement.plan.feasible);
    assert!(!placement.explanation.search.complete);
}

#[test]
fn a_search_out_of_nodes_returns_its_best_plan_as_not_proven_optimal() {
    let (catalog, blueprint) = hard();
    let budget = Budget {
        nodes: 50_000,
        stop: &never,
    };
    let placement = plan_within(&catalog, &blueprint, &budget).expect("a plan");
    assert!(placement.plan.feasible);
    assert_eq!(placement.plan.assignments.len(), 30);
    assert!(!placement.explanation.search.complete);
    assert_eq!(placement.explanation.search_nodes, 50_001);
    assert_eq!(
        plan_within(&catalog, &blueprint, &budget),
        Ok(placement),
        "the node limit gives the same answer every time"
    );
}

#[test]
fn a_search_out_of_nodes_before_any_plan_claims_nothing() {
    let (catalog, blueprint) = hard();
    let budget = Budget {
        nodes: 10,
        stop: &never,
    };
    assert_eq!(
        plan_within(&catalog, &blueprint, &budget),
        Err(OutOfBudget { nodes: 11 })
    );
}

#[test]
fn a_stop_request_ends_the_search_at_its_next_check() {
    let (catalog, blueprint) = hard();
    let asked = std::cell::Cell::new(0);
    let stop = || {
        asked.set(asked.get() + 1);
        true
    };
    let budget = Budget {
        nodes: u64::MAX,
        stop: &stop,
    };
    let placement = plan_within(&catalog, &blueprint, &budget).expect("the first plan");
    assert!(!placement.explanation.search.complete);
    assert_eq!(placement.explanation.search_nodes, CHECK_EVERY);
    assert_eq!(asked.get(), 1);
}

#[test]
fn the_diagnosis_shares_the_budget_and_says_it_stopped() {
    let (catalog, _) = hard();
    let mut document: serde_json::Value =
        serde_json::from_str(&trivial(30).to_json()).expect("json");
    document["constraints"]["max_monthly_minor"] = json!(1);
    let blueprint = Blueprint::from_value(document).expect("a blueprint");
    let budget = Budget {
        nodes: 20_000,
        stop: &never,
    };
    let placement = plan_within(&catalog, &blueprint, &budget).expect("an answer");
    assert!(!placement.plan.feasible);
    assert!(
        placement.explanation.search.complete,
        "infeasibility itself is proven"
    );
    assert_eq!(
        placement.plan.reasons,
        [
            "no plan meets all the constraints together; the broker stopped before finding which one to relax"
        ]
    );
    let unbounded = broker::placement::plan(&small_catalog(), &blueprint);
    assert!(
        unbounded.plan.reasons[0].starts_with("budget"),
        "{:?}",
        unbounded.plan.reasons
    );
}

#[test]
fn within_its_budget_the_bounded_search_gives_the_exact_answer() {
    for (offers, components, seed) in [(2_000, 20, 12), (600, 8, 6), (300, 12, 2)] {
        let catalog = broker::synthetic::catalog(offers, 20, seed);
        let blueprint = broker::synthetic::blueprint(components, seed, &catalog);
        for blueprint in [
            blueprint.clone(),
            blueprint.with_objective(broker::format::Objective::Carbon),
        ] {
            let exact = broker::placement::plan(&catalog, &blueprint);
            let bounded = plan_within(
                &catalog,
                &blueprint,
                &Budget::for_blueprint(&blueprint, &never),
            );
            assert_eq!(bounded, Ok(exact), "{offers}x{components}/{seed}");
        }
    }
}
