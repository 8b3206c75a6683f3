//! The offer form read from what a person types, and written back from a saved offer.

use super::*;
use crate::catalog::{OfferId, OfferStatus, OfferVersion, ProviderId};

fn filled() -> OfferForm {
    OfferForm {
        external_id: "vm-s".into(),
        domain: "Compute".into(),
        name: "VM small".into(),
        tagline: "2 vCPU".into(),
        description: String::new(),
        unit: "instance".into(),
        country: "fr".into(),
        jurisdiction: "eu".into(),
        attributes: "vcpu=2, ram_gb: 4\nstorage_gb=40.5".into(),
        certifications: "ISO27001, HDS, ".into(),
        availability: "99,95".into(),
        currency: "EUR".into(),
        price: "12.5".into(),
        carbon: "1200".into(),
        capacity: " ".into(),
        meters: "egress_gb: 0,02 per GB, 100 GB included\n\nsnapshots = 0.05 EUR / 10 GB".into(),
    }
}

#[test]
fn a_filled_form_reads_as_an_offer_in_minor_units_and_basis_points() {
    let offer = filled().new_offer().unwrap();
    assert_eq!(offer.terms.monthly_price, Money::new(1250, Currency::EUR));
    assert_eq!(offer.terms.country.as_str(), "FR");
    assert_eq!(offer.terms.availability_bp, 9995);
    assert_eq!(offer.terms.carbon_g_month, 1200);
    assert_eq!(offer.capacity, None);
    assert_eq!(offer.terms.attributes["ram_gb"], 4.0);
    assert_eq!(offer.terms.attributes["storage_gb"], 40.5);
    assert_eq!(
        offer.terms.certifications.iter().collect::<Vec<_>>(),
        ["HDS", "ISO27001"]
    );
    let meters = &offer.terms.meters;
    assert_eq!(meters.len(), 2);
    assert_eq!(
        (
            meters[0].price_minor(),
            meters[0].per(),
            meters[0].included()
        ),
        (2, 1, 100)
    );
    assert_eq!(meters[1].id().as_str(), "snapshots");
    assert_eq!((meters[1].price_minor(), meters[1].per()), (5, 10));
}

#[test]
fn a_meter_line_that_does_not_read_is_refused_next_to_the_meters() {
    let form = OfferForm {
        meters: "egress_gb: 0.02 per GB\negress: two cents a gigabyte".into(),
        ..filled()
    };
    assert_eq!(
        form.new_offer().unwrap_err(),
        [(Field::Meters, CatalogInputError::Meter)]
    );
}

#[test]
fn a_meter_id_typed_twice_is_refused_once() {
    let form = OfferForm {
        meters: "egress_gb: 0.02 per GB\nEGRESS_GB: 0.03 per GB".into(),
        ..filled()
    };
    assert_eq!(
        form.new_offer().unwrap_err(),
        [(Field::Meters, CatalogInputError::MeterTwice)]
    );
}

#[test]
fn every_field_that_does_not_read_is_named_once() {
    let form = OfferForm {
        name: " ".into(),
        attributes: "vcpu".into(),
        availability: "101".into(),
        price: "-3".into(),
        carbon: "a lot".into(),
        capacity: "1.5".into(),
        country: "France".into(),
        ..filled()
    };
    let errors = form.new_offer().unwrap_err();
    let expected = [
        (Field::Price, CatalogInputError::Negative),
        (Field::Carbon, CatalogInputError::Number),
        (Field::Capacity, CatalogInputError::Number),
        (Field::Attributes, CatalogInputError::Attribute),
        (Field::Availability, CatalogInputError::Availability),
        (Field::OfferName, CatalogInputError::Empty),
        (Field::Country, CatalogInputError::Country),
    ];
    for pair in expected {
        assert!(errors.contains(&pair), "{pair:?} missing from {errors:?}");
    }
    assert_eq!(errors.len(), expected.len(), "{errors:?}");
}

#[test]
fn a_price_with_three_decimals_is_refused_not_rounded() {
    let form = OfferForm {
        price: "1.005".into(),
        ..filled()
    };
    assert_eq!(
        form.new_offer().unwrap_err(),
        [(Field::Price, CatalogInputError::Number)]
    );
}

#[test]
fn an_offer_fills_the_form_it_reads_back_from() {
    let terms = filled().new_offer().unwrap().terms.validate().unwrap();
    let detail = OfferDetail {
        id: OfferId::new(1),
        provider: ProviderId::new(1),
        external_id: "vm-s".into(),
        domain: "compute".into(),
        status: OfferStatus::Draft,
        review_reason: None,
        capacity: Some(7),
        current_version: 1,
        published_once: false,
        created_at: 0,
        versions: vec![OfferVersion {
            version: 1,
            terms: terms.get().clone(),
            effective_from: 0,
        }],
    };
    let form = OfferForm::from_detail(&detail);
    assert_eq!(form.price, "12.50");
    assert_eq!(form.availability, "99.95");
    assert_eq!(form.capacity, "7");
    assert_eq!(form.attributes, "ram_gb=4, storage_gb=40.5, vcpu=2");
    assert_eq!(
        form.meters,
        "egress_gb: 0.02 per 1 GB, 100 included\nsnapshots: 0.05 per 10 GB"
    );
    let again = form.new_offer().unwrap();
    assert_eq!(&again.terms, terms.get());
    assert_eq!(again.capacity, Some(7));
}
