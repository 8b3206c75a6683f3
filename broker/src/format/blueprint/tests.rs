use super::*;

fn blueprint(components: &str, constraints: &str) -> Result<Blueprint, FormatError> {
    Blueprint::from_json(&format!(
        r#"{{"format": "comptoir.blueprint/v1", "name": "shop", "objective": "cost",
            "components": [{components}], "constraints": {{{constraints}}}}}"#
    ))
}

const TWO: &str = r#"{"name": "web", "domain": "compute", "quantity": 2, "min": {"vcpu": 2}},
    {"name": "db", "domain": "database", "quantity": 1, "countries": ["FR"]}"#;

#[test]
fn a_valid_blueprint_is_read_with_its_constraints() {
    let bp = blueprint(
        TWO,
        r#""same_provider": [["web", "db"]], "max_monthly_minor": 500"#,
    )
    .expect("valid");
    assert_eq!(bp.components().len(), 2);
    assert_eq!(bp.components()[0].quantity().get(), 2);
    assert_eq!(bp.constraints().max_monthly_minor(), Some(500));
    assert_eq!(
        bp.constraints().same_provider(),
        &[vec!["web".to_owned(), "db".to_owned()]]
    );
}

#[test]
fn an_unknown_component_in_a_constraint_is_invalid() {
    let err = blueprint(TWO, r#""distinct_providers": [["web", "cache"]]"#).expect_err("unknown");
    assert_eq!(
        err,
        FormatError::UnknownComponent {
            constraint: "distinct_providers",
            component: "cache".into()
        }
    );
}

#[test]
fn a_repeated_component_name_is_invalid() {
    let err = blueprint(&format!("{TWO}, {TWO}"), "").expect_err("repeated");
    assert_eq!(err, FormatError::DuplicateComponent("web".into()));
}

#[test]
fn a_quantity_below_one_is_invalid_naming_the_component() {
    let err =
        blueprint(r#"{"name": "web", "domain": "compute", "quantity": 0}"#, "").expect_err("zero");
    assert_eq!(
        err.to_string(),
        r#"component "web": field quantity: expected an integer of 1 or more, got 0"#
    );
    let err = blueprint(
        r#"{"name": "web", "domain": "compute", "quantity": 1.5}"#,
        "",
    )
    .expect_err("float");
    assert!(err.to_string().contains("got 1.5"), "{err}");
}

#[test]
fn an_unknown_objective_is_invalid() {
    let err = Blueprint::from_json(
        r#"{"format": "comptoir.blueprint/v1", "name": "x", "objective": "speed", "components": []}"#,
    )
    .expect_err("unknown objective");
    assert_eq!(
        err.to_string(),
        r#"document: field objective: expected "cost" or "carbon", got "speed""#
    );
}

#[test]
fn an_unknown_constraint_is_invalid() {
    let err = blueprint(TWO, r#""max_provider": 2"#).expect_err("typo");
    assert!(
        err.to_string()
            .starts_with("constraints: unknown field `max_provider`"),
        "{err}"
    );
}

#[test]
fn a_float_budget_is_invalid() {
    let err = blueprint(TWO, r#""max_monthly_minor": 99.5"#).expect_err("float budget");
    assert_eq!(
        err.to_string(),
        "constraints: field max_monthly_minor: expected a non-negative integer, got 99.5"
    );
}

#[test]
fn a_blueprint_survives_writing_and_reading_back() {
    let bp = blueprint(
        TWO,
        r#""distinct_providers": [["web", "db"]], "countries": ["FR", "DE"]"#,
    )
    .expect("valid");
    assert_eq!(Blueprint::from_json(&bp.to_json()), Ok(bp));
}
