//! The rules that bind a whole plan: same-provider and distinct-provider groups, the number of
//! providers, the budget, the carbon cap and the carbon objective.

use super::*;
use crate::format::Objective;

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
