//! Unit tests of the catalog's pure rules: the form fields, which changes of terms make a new
//! version, and how offer and provider statuses move.

use super::check::website;
use super::*;
use crate::account::Field;
use crate::billing::{Meter, MeterId};
use crate::format::{self, CountryCode};
use crate::money::{Currency, Money};
use std::collections::{BTreeMap, BTreeSet};

fn application() -> ProviderApplication {
    ProviderApplication {
        slug: " Nimbus-Cloud ".to_owned(),
        legal_name: "Nimbus Cloud SAS".to_owned(),
        country: "fr".to_owned(),
        jurisdiction: "eu".to_owned(),
        website: "https://nimbus.example".to_owned(),
        description: "Sovereign compute in Lyon.".to_owned(),
        support_contact: "Support@Nimbus.example".to_owned(),
    }
}

fn country(code: &str) -> CountryCode {
    CountryCode::parse(code).expect("a country code")
}

fn euros(minor: i64) -> Money {
    Money::new(minor, Currency::EUR)
}

fn meter(id: &str, unit: &str, price_minor: i64) -> Meter {
    Meter::new(
        MeterId::parse(id).expect("an id"),
        unit,
        price_minor,
        1,
        100,
    )
    .expect("a meter")
}

fn terms() -> OfferTerms {
    OfferTerms {
        name: "N1-M".to_owned(),
        description: "Four cores".to_owned(),
        tagline: "Fast".to_owned(),
        unit: "instance".to_owned(),
        country: country("FR"),
        jurisdiction: "EU".to_owned(),
        attributes: BTreeMap::from([("vcpu".to_owned(), 4.0)]),
        certifications: BTreeSet::from(["HDS".to_owned()]),
        availability_bp: 9995,
        monthly_price: euros(1150),
        carbon_g_month: 1200,
        meters: Vec::new(),
    }
}

#[test]
fn a_valid_application_is_normalised() {
    let valid = application().validate().expect("valid");
    let app = valid.get();
    assert_eq!(app.slug, "nimbus-cloud");
    assert_eq!(
        (app.country.as_str(), app.jurisdiction.as_str()),
        ("FR", "EU")
    );
    assert_eq!(app.support_contact, "support@nimbus.example");
}

#[test]
fn an_application_names_every_refused_field() {
    let bad = ProviderApplication {
        slug: "-x".to_owned(),
        legal_name: "  ".to_owned(),
        country: "FRA".to_owned(),
        jurisdiction: "European Union".to_owned(),
        website: "nimbus.example".to_owned(),
        description: String::new(),
        support_contact: "support".to_owned(),
    };
    let fields: Vec<Field> = bad
        .validate()
        .expect_err("all invalid")
        .into_iter()
        .map(|(field, _)| field)
        .collect();
    assert_eq!(
        fields,
        [
            Field::Slug,
            Field::LegalName,
            Field::Country,
            Field::Jurisdiction,
            Field::Website,
            Field::Description,
            Field::SupportContact
        ]
    );
}

#[test]
fn a_website_needs_an_http_scheme_and_a_host() {
    assert!(website("http://nimbus.example").is_ok());
    for bad in ["ftp://nimbus.example", "https://", "https://a b.example"] {
        assert_eq!(website(bad), Err(CatalogInputError::Website), "{bad}");
    }
}

#[test]
fn terms_with_a_negative_price_or_too_high_availability_are_refused() {
    let bad = OfferTerms {
        availability_bp: 10_001,
        monthly_price: euros(-1),
        attributes: BTreeMap::from([("vcpu".to_owned(), f64::NAN)]),
        ..terms()
    };
    let errors = bad.validate().expect_err("invalid");
    assert_eq!(
        errors,
        [
            (Field::Attributes, CatalogInputError::Attribute),
            (Field::Availability, CatalogInputError::Availability),
            (Field::Price, CatalogInputError::Negative)
        ]
    );
    assert!(terms().validate().is_ok());
}

#[test]
fn a_price_change_makes_a_new_version() {
    let new = OfferTerms {
        monthly_price: euros(1200),
        ..terms()
    };
    assert!(needs_new_version(&terms(), &new));
}

#[test]
fn any_change_of_a_term_makes_a_new_version() {
    let changes = [
        OfferTerms {
            name: "N2".to_owned(),
            ..terms()
        },
        OfferTerms {
            country: country("DE"),
            ..terms()
        },
        OfferTerms {
            availability_bp: 9990,
            ..terms()
        },
        OfferTerms {
            certifications: BTreeSet::new(),
            ..terms()
        },
        OfferTerms {
            carbon_g_month: 1,
            ..terms()
        },
        OfferTerms {
            unit: "GB".to_owned(),
            ..terms()
        },
        OfferTerms {
            meters: vec![meter("egress_gb", "GB", 2)],
            ..terms()
        },
    ];
    for new in changes {
        assert!(needs_new_version(&terms(), &new), "{new:?}");
    }
}

#[test]
fn a_meter_repriced_or_reordered_makes_a_new_version() {
    let two = vec![meter("egress_gb", "GB", 2), meter("ipv4", "address", 150)];
    let old = OfferTerms {
        meters: two.clone(),
        ..terms()
    };
    let repriced = OfferTerms {
        meters: vec![meter("egress_gb", "GB", 3), two[1].clone()],
        ..terms()
    };
    let reordered = OfferTerms {
        meters: two.into_iter().rev().collect(),
        ..terms()
    };
    assert!(needs_new_version(&old, &repriced));
    assert!(needs_new_version(&old, &reordered));
    assert!(!needs_new_version(&old, &old.clone()));
}

#[test]
fn terms_refuse_a_meter_id_twice_and_a_unit_with_a_line_break() {
    let twice = OfferTerms {
        meters: vec![meter("egress_gb", "GB", 2), meter("egress_gb", "TB", 1)],
        ..terms()
    };
    assert_eq!(
        twice.validate().expect_err("twice"),
        [(Field::Meters, CatalogInputError::MeterTwice)]
    );
    let broken = OfferTerms {
        meters: vec![meter("egress_gb", "G\nB", 2)],
        ..terms()
    };
    assert_eq!(
        broken.validate().expect_err("a line break"),
        [(Field::Meters, CatalogInputError::MeterUnit)]
    );
    let metered = OfferTerms {
        meters: vec![meter("egress_gb", "GB", 2), meter("ipv4", "address", 150)],
        ..terms()
    };
    assert_eq!(
        metered.validate().expect("valid").get().meters,
        metered.meters
    );
}

#[test]
fn a_new_description_or_tagline_keeps_the_version() {
    let new = OfferTerms {
        description: "Four fast cores".to_owned(),
        tagline: "Faster".to_owned(),
        ..terms()
    };
    assert!(!needs_new_version(&terms(), &new));
}

#[test]
fn availability_percentages_become_basis_points_exactly() {
    assert_eq!(availability_bp(99.95), Some(9995));
    assert_eq!(availability_bp(100.0), Some(10_000));
    assert_eq!(availability_bp(100.5), None);
}

#[test]
fn catalog_offers_become_terms() {
    let catalog = format::Catalog::from_json(
        r#"{"format": "comptoir.catalog/v1", "currency": "EUR", "offers": [{
            "id": "x", "provider": "p", "domain": "compute", "name": "X", "country": "FR",
            "jurisdiction": "EU", "attributes": {"vcpu": 2}, "certifications": ["HDS"],
            "availability": 99.9, "monthly_price_minor": 1150, "carbon_g_month": 7,
            "meters": [{"id": "egress_gb", "unit": "GB", "price_minor": 2, "per": 1,
                        "included": 100}]}]}"#,
    )
    .expect("valid catalog");
    let terms = OfferTerms::from_catalog_offer(&catalog.offers()[0], catalog.currency())
        .expect("representable");
    assert_eq!(
        (terms.availability_bp, terms.monthly_price),
        (9990, euros(1150))
    );
    assert_eq!(terms.meters, [meter("egress_gb", "GB", 2)]);
    assert!(terms.validate().is_ok());
}

#[test]
fn a_first_submission_waits_for_review_and_a_republication_does_not() {
    assert_eq!(
        OfferStatus::Draft.after_submit(false),
        Some(OfferStatus::InReview)
    );
    assert_eq!(
        OfferStatus::Retired.after_submit(true),
        Some(OfferStatus::Published)
    );
    assert_eq!(OfferStatus::InReview.after_submit(false), None);
}

#[test]
fn only_an_offer_in_review_is_reviewed() {
    assert_eq!(
        OfferStatus::InReview.after_review(false),
        Some(OfferStatus::Rejected)
    );
    assert_eq!(OfferStatus::Draft.after_review(true), None);
}

#[test]
fn only_pending_providers_are_approved_and_only_approved_ones_suspended() {
    let suspend = ProviderDecision::Suspend {
        reason: "fraud".to_owned(),
    };
    assert_eq!(
        ProviderStatus::Pending.decide(&ProviderDecision::Approve),
        Some(ProviderStatus::Approved)
    );
    assert_eq!(ProviderStatus::Pending.decide(&suspend), None);
    assert_eq!(
        ProviderStatus::Approved.decide(&suspend),
        Some(ProviderStatus::Suspended)
    );
    assert_eq!(
        ProviderStatus::Rejected.decide(&ProviderDecision::Approve),
        None
    );
}

#[test]
fn a_refusal_needs_a_reason() {
    let reject = ProviderDecision::Reject {
        reason: " ".to_owned(),
    };
    assert_eq!(reject.reason(), Err(CatalogInputError::Empty));
    assert_eq!(ProviderDecision::Approve.reason(), Ok(None));
}

#[test]
fn statuses_and_roles_round_trip_through_their_names() {
    for status in ProviderStatus::ALL {
        assert_eq!(ProviderStatus::parse(status.as_str()), Some(status));
    }
    for status in OfferStatus::ALL {
        assert_eq!(OfferStatus::parse(status.as_str()), Some(status));
    }
    for role in [ProviderRole::Owner, ProviderRole::Member] {
        assert_eq!(ProviderRole::parse(role.as_str()), Some(role));
    }
}
