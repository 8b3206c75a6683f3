//! The specification's example documents, and a richer catalog where its blueprint is feasible.

use broker::format::{Blueprint, Catalog, FormatError};
use broker::placement::plan;

fn read(name: &str) -> String {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_example_blueprint_on_the_one_offer_example_catalog_is_infeasible_for_lack_of_databases() {
    let catalog =
        Catalog::from_json(&read("spec-catalog.json")).expect("the spec's catalog is valid");
    let blueprint =
        Blueprint::from_json(&read("spec-blueprint.json")).expect("the spec's blueprint is valid");
    let placement = plan(&catalog, &blueprint);
    assert!(!placement.plan.feasible);
    assert!(placement.plan.assignments.is_empty());
    assert_eq!(
        placement.plan.reasons,
        vec![
            r#"component "db": no offer in domain "database" (the catalog has none)"#,
            r#"component "db-replica": no offer in domain "database" (the catalog has none)"#,
        ]
    );
}

#[test]
fn the_example_blueprint_on_the_richer_catalog_gets_the_cheapest_feasible_plan() {
    let catalog = Catalog::from_json(&read("example-catalog.json")).expect("valid catalog");
    let blueprint = Blueprint::from_json(&read("spec-blueprint.json")).expect("valid blueprint");
    let placement = plan(&catalog, &blueprint);
    assert!(placement.plan.feasible, "{:?}", placement.plan.reasons);
    let chosen: Vec<(&str, &str)> = placement
        .plan
        .assignments
        .iter()
        .map(|a| (a.component.as_str(), a.offer.as_str()))
        .collect();
    assert_eq!(
        chosen,
        vec![
            ("web", "scw-dev1-m-par2"),
            ("db", "scw-rdb-pg-s-par1"),
            ("db-replica", "ionos-dbaas-pg-s-fra"),
        ]
    );
    assert_eq!(placement.plan.total_monthly_minor, 2 * 1150 + 6200 + 3900);
    assert_eq!(placement.plan.total_carbon_g_month, 2 * 1200 + 1900 + 3300);
}

#[test]
fn the_invalid_examples_are_rejected_with_a_clear_error() {
    let err =
        Catalog::from_json(&read("invalid-float-price-catalog.json")).expect_err("float price");
    assert_eq!(
        err.to_string(),
        r#"offer "x": field monthly_price_minor: expected a non-negative integer, got 11.5"#
    );
    assert!(matches!(
        Catalog::from_json(&read("malformed-catalog.json")),
        Err(FormatError::Json(_))
    ));
    assert_eq!(
        Blueprint::from_json(&read("invalid-unknown-component-blueprint.json")),
        Err(FormatError::UnknownComponent {
            constraint: "same_provider",
            component: "cache".to_owned()
        })
    );
    assert!(matches!(
        Blueprint::from_json(&read("invalid-wrong-format-blueprint.json")),
        Err(FormatError::WrongFormat { .. })
    ));
    let err = Blueprint::from_json(&read("invalid-unknown-objective-blueprint.json"))
        .expect_err("objective");
    assert!(err.to_string().contains("objective"), "{err}");
}
