use serde_json::{Value, json};

use super::*;
use crate::format::Objective;

/// An offer in France under EU law with 4 vCPU, 8 GB of RAM and 200 GB of storage, ISO 27001,
/// 99.95% available, unlimited; `extra` overrides fields.
fn offer(id: &str, provider: &str, domain: &str, price: u64, carbon: u64, extra: Value) -> Value {
    let mut offer = json!({
        "id": id, "provider": provider, "domain": domain, "name": id, "country": "FR",
        "jurisdiction": "EU", "attributes": {"vcpu": 4, "ram_gb": 8, "storage_gb": 200},
        "certifications": ["ISO27001"], "availability": 99.95,
        "monthly_price_minor": price, "carbon_g_month": carbon
    });
    if let (Some(target), Value::Object(fields)) = (offer.as_object_mut(), extra) {
        target.extend(fields);
    }
    offer
}

fn catalog(offers: Vec<Value>) -> Catalog {
    Catalog::from_value(
        json!({"format": "comptoir.catalog/v1", "currency": "EUR", "offers": offers}),
    )
    .expect("test catalog is valid")
}

fn blueprint(objective: &str, components: Value, constraints: Value) -> Blueprint {
    Blueprint::from_value(json!({
        "format": "comptoir.blueprint/v1", "name": "test", "objective": objective,
        "components": components, "constraints": constraints
    }))
    .expect("test blueprint is valid")
}

fn component(name: &str, domain: &str, quantity: u64) -> Value {
    json!({"name": name, "domain": domain, "quantity": quantity})
}

fn chosen(placement: &Placement) -> Vec<(String, String)> {
    placement
        .plan
        .assignments
        .iter()
        .map(|a| (a.component.clone(), a.offer.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(c, o)| ((*c).to_owned(), (*o).to_owned()))
        .collect()
}

#[test]
fn the_cheapest_offer_of_the_right_domain_and_size_is_chosen() {
    let cat = catalog(vec![
        offer(
            "small",
            "a",
            "compute",
            100,
            10,
            json!({"attributes": {"vcpu": 1}}),
        ),
        offer("db", "a", "database", 50, 10, json!({})),
        offer("big", "b", "compute", 300, 10, json!({})),
        offer("mid", "c", "compute", 200, 10, json!({})),
    ]);
    let bp = blueprint(
        "cost",
        json!([{"name": "web", "domain": "compute", "quantity": 2, "min": {"vcpu": 2}}]),
        json!({}),
    );
    let placement = plan(&cat, &bp);
    assert!(placement.plan.feasible);
    assert_eq!(chosen(&placement), pairs(&[("web", "mid")]));
    assert_eq!(placement.plan.total_monthly_minor, 400);
    assert_eq!(placement.plan.total_carbon_g_month, 20);
}

#[test]
fn a_missing_certification_is_named_when_it_removes_the_last_offers() {
    let cat = catalog(vec![
        offer("d1", "a", "database", 100, 10, json!({})),
        offer("d2", "b", "database", 100, 10, json!({})),
        offer("d3", "c", "database", 100, 10, json!({})),
        offer(
            "d4",
            "c",
            "database",
            100,
            10,
            json!({"attributes": {"storage_gb": 10}}),
        ),
    ]);
    let bp = blueprint(
        "cost",
        json!([{"name": "db", "domain": "database", "quantity": 1, "min": {"storage_gb": 100}, "certifications": ["HDS"]}]),
        json!({}),
    );
    let placement = plan(&cat, &bp);
    assert!(!placement.plan.feasible);
    assert!(placement.plan.assignments.is_empty());
    assert_eq!(
        placement.plan.reasons,
        vec![
            r#"component "db": no offer left after certifications [HDS] (3 database offers had passed domain and attributes)"#
        ]
    );
}

#[test]
fn countries_jurisdictions_and_availability_all_exclude_offers() {
    let cat = catalog(vec![
        offer("de", "a", "compute", 10, 1, json!({"country": "DE"})),
        offer("us", "b", "compute", 20, 1, json!({"jurisdiction": "US"})),
        offer(
            "flaky",
            "c",
            "compute",
            30,
            1,
            json!({"availability": 99.0}),
        ),
        offer("ok", "d", "compute", 40, 1, json!({})),
    ]);
    let bp = blueprint(
        "cost",
        json!([{"name": "web", "domain": "compute", "quantity": 1, "countries": ["FR", "DE"]}]),
        json!({"countries": ["FR"], "jurisdictions": ["EU"], "min_availability": 99.9}),
    );
    let placement = plan(&cat, &bp);
    assert_eq!(chosen(&placement), pairs(&[("web", "ok")]));
    let excluded: Vec<usize> = placement.explanation.components[0]
        .excluded
        .iter()
        .map(|e| e.offers)
        .collect();
    assert_eq!(excluded, vec![0, 0, 1, 1, 1, 0]);
}

#[test]
fn capacity_is_shared_by_components_that_pick_the_same_offer() {
    let cat = catalog(vec![
        offer("cheap", "a", "compute", 10, 1, json!({"capacity": 3})),
        offer("dear", "b", "compute", 15, 1, json!({})),
    ]);
    let bp = blueprint(
        "cost",
        json!([
            component("web", "compute", 2),
            component("api", "compute", 2)
        ]),
        json!({}),
    );
    let placement = plan(&cat, &bp);
    assert!(placement.plan.feasible);
    let offers: Vec<&str> = placement
        .plan
        .assignments
        .iter()
        .map(|a| a.offer.as_str())
        .collect();
    assert_eq!(offers.iter().filter(|&&o| o == "cheap").count(), 1);
    assert_eq!(placement.plan.total_monthly_minor, 2 * 10 + 2 * 15);
}

#[test]
fn a_same_provider_group_forces_a_more_expensive_choice() {
    let cat = catalog(vec![
        offer("a-web", "a", "compute", 10, 1, json!({})),
        offer("b-web", "b", "compute", 30, 1, json!({})),
        offer("b-db", "b", "database", 20, 1, json!({})),
        offer("c-db", "c", "database", 5, 1, json!({})),
    ]);
    let bp = blueprint(
        "cost",
        json!([
            component("web", "compute", 1),
            component("db", "database", 1)
        ]),
        json!({"same_provider": [["web", "db"]]}),
    );
    let placement = plan(&cat, &bp);
    assert_eq!(
        chosen(&placement),
        pairs(&[("web", "b-web"), ("db", "b-db")])
    );
    assert_eq!(placement.plan.total_monthly_minor, 50);
}

#[test]
fn a_distinct_providers_group_gets_different_providers() {
    let cat = catalog(vec![
        offer("a-db", "a", "database", 10, 1, json!({})),
        offer("a-db2", "a", "database", 11, 1, json!({})),
        offer("b-db", "b", "database", 30, 1, json!({})),
    ]);
    let bp = blueprint(
        "cost",
        json!([
            component("db", "database", 1),
            component("replica", "database", 1)
        ]),
        json!({"distinct_providers": [["db", "replica"]]}),
    );
    let placement = plan(&cat, &bp);
    assert_eq!(placement.plan.total_monthly_minor, 40);
    let providers: Vec<&str> = placement
        .plan
        .assignments
        .iter()
        .map(|a| a.provider.as_str())
        .collect();
    assert_ne!(providers[0], providers[1]);
}

#[test]
fn a_distinct_providers_group_with_one_provider_says_so() {
    let cat = catalog(vec![
        offer("a-db", "a", "database", 10, 1, json!({})),
        offer("a-db2", "a", "database", 11, 1, json!({})),
    ]);
    let bp = blueprint(
        "cost",
        json!([
            component("db", "database", 1),
            component("db-replica", "database", 1)
        ]),
        json!({"distinct_providers": [["db", "db-replica"]]}),
    );
    let placement = plan(&cat, &bp);
    assert!(!placement.plan.feasible);
    assert_eq!(
        placement.plan.reasons,
        vec![
            r#""db" and "db-replica" must use different providers but only one provider (a) offers fitting offers for them"#
        ]
    );
}

#[test]
fn max_providers_limits_how_many_providers_the_plan_uses() {
    let cat = catalog(vec![
        offer("a-web", "a", "compute", 10, 1, json!({})),
        offer("b-web", "b", "compute", 12, 1, json!({})),
        offer("b-db", "b", "database", 20, 1, json!({})),
        offer("c-db", "c", "database", 15, 1, json!({})),
        offer("c-st", "c", "storage", 5, 1, json!({})),
        offer("b-st", "b", "storage", 9, 1, json!({})),
    ]);
    let components = json!([
        component("web", "compute", 1),
        component("db", "database", 1),
        component("st", "storage", 1)
    ]);
    let free = plan(&cat, &blueprint("cost", components.clone(), json!({})));
    assert_eq!(free.plan.total_monthly_minor, 30);
    let one = plan(
        &cat,
        &blueprint("cost", components.clone(), json!({"max_providers": 1})),
    );
    assert_eq!(
        chosen(&one),
        pairs(&[("web", "b-web"), ("db", "b-db"), ("st", "b-st")])
    );
    let two = plan(
        &cat,
        &blueprint("cost", components, json!({"max_providers": 2})),
    );
    assert_eq!(two.plan.total_monthly_minor, 30);
    assert_eq!(one.plan.total_monthly_minor, 41);
}

#[test]
fn a_budget_below_the_cheapest_plan_is_infeasible_with_the_cheapest_cost() {
    let cat = catalog(vec![
        offer("web", "a", "compute", 1050, 1, json!({})),
        offer("db", "a", "database", 1050, 1, json!({})),
    ]);
    let bp = blueprint(
        "cost",
        json!([
            component("web", "compute", 2),
            component("db", "database", 1)
        ]),
        json!({"max_monthly_minor": 2000}),
    );
    let placement = plan(&cat, &bp);
    assert!(!placement.plan.feasible);
    assert_eq!(
        placement.plan.reasons,
        vec!["budget 20.00 EUR is below the cheapest feasible plan's 31.50 EUR"]
    );
}

#[test]
fn a_carbon_cap_makes_a_cost_plan_pick_a_cleaner_offer() {
    let cat = catalog(vec![
        offer("dirty", "a", "compute", 10, 500, json!({})),
        offer("clean", "b", "compute", 14, 100, json!({})),
    ]);
    let components = json!([component("web", "compute", 1)]);
    let capped = plan(
        &cat,
        &blueprint(
            "cost",
            components.clone(),
            json!({"max_carbon_g_month": 200}),
        ),
    );
    assert_eq!(chosen(&capped), pairs(&[("web", "clean")]));
    let impossible = plan(
        &cat,
        &blueprint("cost", components, json!({"max_carbon_g_month": 50})),
    );
    assert_eq!(
        impossible.plan.reasons,
        vec!["carbon cap 50 g CO2e/month is below the lowest-carbon feasible plan's 100 g"]
    );
}

#[test]
fn the_carbon_objective_minimises_carbon_then_cost() {
    let cat = catalog(vec![
        offer("cheap", "a", "compute", 10, 500, json!({})),
        offer("green", "b", "compute", 40, 100, json!({})),
        offer("green-dear", "c", "compute", 50, 100, json!({})),
    ]);
    let placement = plan(
        &cat,
        &blueprint("carbon", json!([component("web", "compute", 3)]), json!({})),
    );
    assert_eq!(chosen(&placement), pairs(&[("web", "green")]));
    assert_eq!(placement.plan.total_carbon_g_month, 300);
    assert_eq!(placement.plan.objective, Objective::Carbon);
}

#[test]
fn same_and_distinct_groups_on_the_same_pair_are_reported_as_a_conflict() {
    let cat = catalog(vec![
        offer("w", "a", "compute", 1, 1, json!({})),
        offer("d", "a", "database", 1, 1, json!({})),
    ]);
    let bp = blueprint(
        "cost",
        json!([
            component("web", "compute", 1),
            component("db", "database", 1)
        ]),
        json!({"same_provider": [["web", "db"]], "distinct_providers": [["db", "web"]]}),
    );
    let placement = plan(&cat, &bp);
    assert!(!placement.plan.feasible);
    assert!(
        placement.plan.reasons[0].contains("same_provider"),
        "{:?}",
        placement.plan.reasons
    );
}

#[test]
fn the_same_input_always_gives_the_same_output() {
    let cat = crate::synthetic::catalog(600, 12, 7);
    let bp = crate::synthetic::blueprint(12, 7, &cat);
    let first = plan(&cat, &bp);
    for _ in 0..3 {
        assert_eq!(plan(&cat, &bp), first);
    }
    let tied = catalog(vec![
        offer("x", "a", "compute", 10, 1, json!({})),
        offer("y", "b", "compute", 10, 1, json!({})),
    ]);
    let bp = blueprint("cost", json!([component("web", "compute", 1)]), json!({}));
    assert_eq!(chosen(&plan(&tied, &bp)), pairs(&[("web", "x")]));
}

#[test]
fn the_explanation_lists_alternatives_with_their_differences() {
    let cat = catalog(vec![
        offer("a", "p", "compute", 10, 50, json!({})),
        offer("b", "q", "compute", 12, 40, json!({})),
        offer("c", "r", "compute", 20, 10, json!({})),
        offer("d", "s", "compute", 30, 10, json!({})),
        offer("e", "t", "compute", 40, 10, json!({})),
    ]);
    let placement = plan(
        &cat,
        &blueprint("cost", json!([component("web", "compute", 1)]), json!({})),
    );
    let web = &placement.explanation.components[0];
    assert_eq!(web.considered, 5);
    assert_eq!(web.chosen.as_ref().map(|c| c.offer.as_str()), Some("a"));
    let alternatives: Vec<(&str, i64, i64)> = web
        .alternatives
        .iter()
        .map(|a| {
            (
                a.offer.as_str(),
                a.cost_difference_minor,
                a.carbon_difference_g,
            )
        })
        .collect();
    assert_eq!(
        alternatives,
        vec![("b", 2, -10), ("c", 10, -40), ("d", 20, -40)]
    );
}
