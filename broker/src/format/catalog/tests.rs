//! Reading and writing catalog documents: the fields each offer must have, and what is refused.

use super::*;

fn catalog_with(offer_fields: &str) -> Result<Catalog, FormatError> {
    Catalog::from_json(&format!(
        r#"{{"format": "comptoir.catalog/v1", "currency": "EUR", "offers": [{{
            "id": "x", "provider": "p", "domain": "compute", "name": "X", "country": "FR",
            "jurisdiction": "EU", "attributes": {{"vcpu": 2}}, "certifications": ["HDS"],
            "availability": 99.9, {offer_fields}}}]}}"#
    ))
}

#[test]
fn a_valid_offer_is_read_with_its_fields() {
    let catalog =
        catalog_with(r#""monthly_price_minor": 1150, "carbon_g_month": 1200, "capacity": 40"#)
            .expect("valid");
    let offer = &catalog.offers()[0];
    assert_eq!(offer.monthly_price_minor(), 1150);
    assert_eq!(offer.capacity(), Some(40));
    assert_eq!(offer.attribute("vcpu"), Some(2.0));
    assert_eq!(catalog.currency().as_str(), "EUR");
}

#[test]
fn a_float_price_is_rejected_naming_the_offer_and_field() {
    let err =
        catalog_with(r#""monthly_price_minor": 11.5, "carbon_g_month": 1"#).expect_err("float");
    assert_eq!(
        err.to_string(),
        r#"offer "x": field monthly_price_minor: expected a non-negative integer, got 11.5"#
    );
}

#[test]
fn a_negative_carbon_or_capacity_is_rejected() {
    let err =
        catalog_with(r#""monthly_price_minor": 1, "carbon_g_month": -3"#).expect_err("negative");
    assert!(err.to_string().contains("field carbon_g_month"), "{err}");
    let err = catalog_with(r#""monthly_price_minor": 1, "carbon_g_month": 3, "capacity": 2.5"#)
        .expect_err("float capacity");
    assert!(err.to_string().contains("field capacity"), "{err}");
}

#[test]
fn an_unknown_offer_field_is_rejected_naming_the_offer() {
    let err = catalog_with(r#""monthly_price_minor": 1, "carbon_g_month": 3, "colour": "red""#)
        .expect_err("unknown field");
    let text = err.to_string();
    assert!(
        text.starts_with(r#"offer "x": unknown field `colour`"#),
        "{text}"
    );
}

#[test]
fn a_missing_required_field_is_rejected() {
    let err = catalog_with(r#""monthly_price_minor": 1"#).expect_err("no carbon");
    assert!(
        err.to_string().contains("missing field `carbon_g_month`"),
        "{err}"
    );
}

#[test]
fn a_repeated_offer_id_is_rejected() {
    let offer = r#"{"id": "x", "provider": "p", "domain": "compute", "name": "X", "country": "FR",
        "jurisdiction": "EU", "attributes": {}, "certifications": [], "availability": 99.9,
        "monthly_price_minor": 1, "carbon_g_month": 1}"#;
    let text = format!(
        r#"{{"format": "comptoir.catalog/v1", "currency": "EUR", "offers": [{offer}, {offer}]}}"#
    );
    assert_eq!(
        Catalog::from_json(&text),
        Err(FormatError::DuplicateOffer("x".to_owned()))
    );
}

#[test]
fn a_catalog_survives_writing_and_reading_back() {
    let catalog =
        catalog_with(r#""monthly_price_minor": 1150, "carbon_g_month": 1200"#).expect("valid");
    assert_eq!(Catalog::from_json(&catalog.to_json()), Ok(catalog));
}
