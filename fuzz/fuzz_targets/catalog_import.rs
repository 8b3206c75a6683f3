//! A provider's catalog import (`broker::transfer`) on arbitrary bytes: the provider's slug on
//! the first line, then the `comptoir.catalog/v1` document it uploads.
//!
//! `read_document` never panics and its report always displays. A document it accepts leads to
//! an import the store can write: against no existing offer, `plan_import` creates every offer
//! once, with external ids that are unique within the provider. Importing the same offers again
//! changes nothing, and their export reads back as the same offers.
#![no_main]

use std::collections::BTreeSet;

use broker::catalog::{OfferId, OfferListing, OfferStatus, ProviderId, Slug};
use broker::transfer::{ImportSummary, catalog_document, plan_import, read_document};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (slug, document) = text.split_once('\n').unwrap_or(("alpha", text));

    let incoming = match read_document(document, slug) {
        Ok(incoming) => incoming,
        Err(report) => {
            assert!(!report.problems.is_empty(), "a refused import says why");
            let _ = report.to_string();
            let _ = report.invalid_offers();
            return;
        }
    };
    assert!(
        incoming
            .windows(2)
            .all(|pair| pair[0].index < pair[1].index),
        "offers are kept in document order"
    );

    let created = plan_import(&[], incoming.clone()).expect("new offers are all created");
    assert_eq!(
        created.summary,
        ImportSummary {
            created: incoming.len(),
            ..ImportSummary::default()
        }
    );
    let ids: BTreeSet<&str> = created.creates.iter().map(|o| o.external_id()).collect();
    assert_eq!(
        ids.len(),
        created.creates.len(),
        "two new offers of one provider share an external id: {:?}",
        created
            .creates
            .iter()
            .map(|o| o.external_id())
            .collect::<Vec<_>>()
    );

    // The store keeps a provider's slug only when it reads as one; others sell nothing to list.
    let Ok(provider_slug) = Slug::parse(slug) else {
        return;
    };
    let listed: Vec<OfferListing> = incoming
        .iter()
        .zip(1..)
        .map(|(incoming, id)| OfferListing {
            id: OfferId::new(id),
            provider: ProviderId::new(1),
            provider_slug: provider_slug.clone(),
            provider_name: "Provider".to_owned(),
            external_id: incoming.offer.external_id().to_owned(),
            domain: incoming.offer.domain().to_owned(),
            status: OfferStatus::Published,
            version: 1,
            terms: incoming.offer.terms().get().clone(),
            capacity: incoming.offer.capacity(),
        })
        .collect();
    let again = plan_import(&listed, incoming.clone()).expect("the same offers import again");
    assert_eq!(
        again.summary,
        ImportSummary {
            unchanged: incoming.len(),
            ..ImportSummary::default()
        }
    );

    let exported = catalog_document(&listed).expect("imported offers export");
    let back = read_document(&exported.to_json(), slug).expect("an export imports");
    assert_eq!(back, incoming, "an export reads back as the same offers");
});
