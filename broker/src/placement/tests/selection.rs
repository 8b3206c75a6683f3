//! Which offers fit a component (domain, sizes, certifications, place, availability and
//! capacity), that the same input gives the same plan, and how the choice is explained.

use super::*;

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
