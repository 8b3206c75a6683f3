//! The offer form as a provider member types it (`broker::offer_form::OfferForm`), every field
//! an arbitrary string.
//!
//! Reading it never panics and names each field it refuses once. A form that reads gives an
//! offer that passes the offer rules, and that offer fills a form which reads back as the same
//! offer (what the edit page shows is what was saved).
#![no_main]

use broker::catalog::{OfferDetail, OfferId, OfferStatus, OfferVersion, ProviderId};
use broker::offer_form::OfferForm;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Typed {
    external_id: String,
    domain: String,
    name: String,
    tagline: String,
    description: String,
    unit: String,
    country: String,
    jurisdiction: String,
    attributes: String,
    certifications: String,
    availability: String,
    currency: String,
    price: String,
    carbon: String,
    capacity: String,
    meters: String,
}

fuzz_target!(|typed: Typed| {
    let form = OfferForm {
        external_id: typed.external_id,
        domain: typed.domain,
        name: typed.name,
        tagline: typed.tagline,
        description: typed.description,
        unit: typed.unit,
        country: typed.country,
        jurisdiction: typed.jurisdiction,
        attributes: typed.attributes,
        certifications: typed.certifications,
        availability: typed.availability,
        currency: typed.currency,
        price: typed.price,
        carbon: typed.carbon,
        capacity: typed.capacity,
        meters: typed.meters,
    };
    let _ = form.capacity();
    let offer = match form.new_offer() {
        Ok(offer) => offer,
        Err(errors) => {
            assert!(!errors.is_empty(), "a refused form names a field");
            for (n, (field, _)) in errors.iter().enumerate() {
                assert!(
                    errors[..n].iter().all(|(earlier, _)| earlier != field),
                    "a field named twice: {errors:?}"
                );
            }
            for (_, error) in &errors {
                let _ = error.to_string();
            }
            return;
        }
    };
    let valid = offer
        .validate()
        .expect("a form that reads passes the offer rules");

    let detail = OfferDetail {
        id: OfferId::new(1),
        provider: ProviderId::new(1),
        external_id: valid.external_id().to_owned(),
        domain: valid.domain().to_owned(),
        status: OfferStatus::Draft,
        review_reason: None,
        capacity: valid.capacity(),
        current_version: 1,
        published_once: false,
        created_at: 0,
        versions: vec![OfferVersion {
            version: 1,
            terms: valid.terms().get().clone(),
            effective_from: 0,
        }],
    };
    let refilled = OfferForm::from_detail(&detail);
    let again = refilled
        .new_offer()
        .unwrap_or_else(|errors| panic!("a saved offer's form reads: {errors:?} in {refilled:?}"));
    assert_eq!(
        again.validate(),
        Ok(valid),
        "the form reads back as the saved offer"
    );
});
