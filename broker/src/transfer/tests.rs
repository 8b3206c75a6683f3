use super::*;
use crate::catalog::{OfferId, OfferListing, OfferStatus, OfferTerms, ProviderId, Slug};
use crate::search::CatalogFilters;
use serde_json::{Value, json};

fn offer(id: &str) -> Value {
    json!({
        "id": id, "provider": "alpha", "domain": "compute", "name": "N1-M", "country": "FR",
        "jurisdiction": "EU", "attributes": {"vcpu": 4}, "certifications": ["HDS"],
        "availability": 99.95, "monthly_price_minor": 1150, "carbon_g_month": 1200, "capacity": 40
    })
}

fn document(offers: Vec<Value>) -> String {
    json!({"format": "comptoir.catalog/v1", "currency": "EUR", "offers": offers}).to_string()
}

fn listing(incoming: &IncomingOffer, status: OfferStatus) -> OfferListing {
    let offer = &incoming.offer;
    OfferListing {
        id: OfferId::new(7),
        provider: ProviderId::new(1),
        provider_slug: Slug::parse("alpha").unwrap(),
        provider_name: "Alpha SAS".to_owned(),
        external_id: offer.external_id().to_owned(),
        domain: offer.domain().to_owned(),
        status,
        version: 3,
        terms: OfferTerms {
            description: "Four cores".to_owned(),
            unit: "instance".to_owned(),
            ..offer.terms().get().clone()
        },
        capacity: offer.capacity(),
    }
}

#[test]
fn a_valid_document_becomes_valid_new_offers() {
    let incoming = read_document(&document(vec![offer("a"), offer("b")]), "alpha").expect("valid");
    assert_eq!(incoming.len(), 2);
    let first = &incoming[0].offer;
    assert_eq!(first.external_id(), "a");
    assert_eq!(first.terms().get().availability_bp, 9995);
    assert_eq!(first.capacity(), Some(40));
}

#[test]
fn the_report_names_every_invalid_offer_and_field() {
    let mut bad_country = offer("b");
    bad_country["country"] = json!("France");
    let mut blank_name = offer("c");
    blank_name["name"] = json!("  ");
    let mut other_provider = offer("d");
    other_provider["provider"] = json!("beta");
    let text = document(vec![offer("a"), bad_country, blank_name, other_provider]);
    let report = read_document(&text, "alpha").expect_err("three invalid offers");
    let found: Vec<(Option<&str>, Option<usize>, Option<&str>)> = report
        .problems
        .iter()
        .map(|p| (p.offer.as_deref(), p.index, p.field.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (Some("b"), Some(1), Some("country")),
            (Some("c"), Some(2), Some("name")),
            (Some("d"), Some(3), Some("provider")),
        ]
    );
    assert_eq!(report.invalid_offers(), [1, 2, 3]);
}

#[test]
fn a_float_price_or_a_repeated_id_is_reported_at_its_offer() {
    let mut float = offer("a");
    float["monthly_price_minor"] = json!(11.5);
    let report = read_document(&document(vec![float, offer("b"), offer("b")]), "alpha")
        .expect_err("invalid");
    assert_eq!(report.problems.len(), 2, "{report}");
    assert_eq!(
        report.problems[0].field.as_deref(),
        Some("monthly_price_minor")
    );
    assert_eq!(
        (
            report.problems[1].index,
            report.problems[1].field.as_deref()
        ),
        (Some(2), Some("id"))
    );
}

#[test]
fn two_ids_of_one_offer_are_reported_as_a_repeated_id() {
    // `alpha/a` and ` a` both name the provider's offer `a`, which the store holds once.
    let report = read_document(&document(vec![offer("alpha/a"), offer(" a")]), "alpha")
        .expect_err("one offer twice");
    assert_eq!(report.problems.len(), 1, "{report}");
    assert_eq!(
        (
            report.problems[0].index,
            report.problems[0].field.as_deref()
        ),
        (Some(1), Some("id"))
    );
}

#[test]
fn a_document_in_another_currency_or_format_is_refused_as_a_whole() {
    let usd = json!({"format": "comptoir.catalog/v1", "currency": "USD", "offers": []});
    let report = read_document(&usd.to_string(), "alpha").expect_err("USD");
    assert_eq!(report.problems[0].field.as_deref(), Some("currency"));
    assert_eq!(report.problems[0].index, None);
    let blueprint = json!({"format": "comptoir.blueprint/v1", "offers": []});
    let report = read_document(&blueprint.to_string(), "alpha").expect_err("not a catalog");
    assert_eq!(report.problems[0].field.as_deref(), Some("format"));
    let report = read_document("{ nope", "alpha").expect_err("not JSON");
    assert!(report.to_string().starts_with("document: malformed JSON"));
}

#[test]
fn an_id_prefixed_with_its_provider_is_the_providers_own_id() {
    let incoming = read_document(&document(vec![offer("alpha/a")]), "alpha").expect("valid");
    assert_eq!(incoming[0].offer.external_id(), "a");
}

#[test]
fn unchanged_offers_keep_their_presentation_and_make_no_version() {
    let incoming = read_document(&document(vec![offer("a")]), "alpha").expect("valid");
    let existing = [listing(&incoming[0], OfferStatus::Published)];
    let plan = plan_import(&existing, incoming).expect("plan");
    assert_eq!(
        plan.summary,
        ImportSummary {
            unchanged: 1,
            ..ImportSummary::default()
        }
    );
    assert!(plan.updates.is_empty() && plan.creates.is_empty());
}

#[test]
fn a_price_change_makes_a_new_version_that_keeps_the_unit_and_description() {
    let old = read_document(&document(vec![offer("a")]), "alpha").expect("valid");
    let existing = [listing(&old[0], OfferStatus::Published)];
    let mut cheaper = offer("a");
    cheaper["monthly_price_minor"] = json!(990);
    let new = read_document(&document(vec![cheaper, offer("b")]), "alpha").expect("valid");
    let plan = plan_import(&existing, new).expect("plan");
    assert_eq!((plan.summary.updated, plan.summary.created), (1, 1));
    let update = &plan.updates[0];
    let terms = update.terms.as_ref().expect("a new version").get();
    assert_eq!(
        (
            terms.monthly_price.minor(),
            terms.unit.as_str(),
            terms.description.as_str()
        ),
        (990, "instance", "Four cores")
    );
    assert_eq!((update.status, update.version), (OfferStatus::Published, 3));
}

#[test]
fn a_new_capacity_alone_is_set_without_a_version() {
    let old = read_document(&document(vec![offer("a")]), "alpha").expect("valid");
    let existing = [listing(&old[0], OfferStatus::Draft)];
    let mut unlimited = offer("a");
    unlimited
        .as_object_mut()
        .expect("object")
        .remove("capacity");
    let plan = plan_import(
        &existing,
        read_document(&document(vec![unlimited]), "alpha").expect("valid"),
    )
    .expect("plan");
    assert_eq!(plan.summary.capacity_changed, 1);
    assert_eq!(
        (plan.updates[0].terms.as_ref(), plan.updates[0].capacity),
        (None, None)
    );
}

#[test]
fn offers_in_review_or_retired_and_domain_changes_are_refused() {
    let old = read_document(&document(vec![offer("a"), offer("b")]), "alpha").expect("valid");
    let mut retired = listing(&old[1], OfferStatus::Retired);
    retired.id = OfferId::new(8);
    let existing = [listing(&old[0], OfferStatus::InReview), retired];
    let mut a = offer("a");
    a["monthly_price_minor"] = json!(1);
    let mut b = offer("b");
    b["carbon_g_month"] = json!(1);
    let mut c = offer("b");
    c["domain"] = json!("storage");
    let report = plan_import(
        &existing,
        read_document(&document(vec![a, b]), "alpha").expect("valid"),
    )
    .expect_err("not editable");
    assert_eq!(report.invalid_offers(), [0, 1]);
    let report = plan_import(
        &existing,
        read_document(&document(vec![c]), "alpha").expect("valid"),
    )
    .expect_err("domain");
    assert_eq!(report.problems[0].field.as_deref(), Some("domain"));
}

#[test]
fn an_export_reads_back_as_the_same_offers() {
    let incoming = read_document(&document(vec![offer("a")]), "alpha").expect("valid");
    let listed = [listing(&incoming[0], OfferStatus::Published)];
    let catalog = catalog_document(&listed).expect("a valid document");
    let back = read_document(&catalog.to_json(), "alpha").expect("reads back");
    assert_eq!(back, incoming);
}

#[test]
fn meters_are_imported_exported_and_read_back() {
    let mut metered = offer("a");
    metered["meters"] = json!([
        {"id": "egress_gb", "unit": "GB", "price_minor": 2, "per": 1, "included": 100}
    ]);
    let incoming = read_document(&document(vec![metered, offer("b")]), "alpha").expect("valid");
    let meters = &incoming[0].offer.terms().get().meters;
    assert_eq!(
        (meters.len(), meters[0].id().as_str(), meters[0].included()),
        (1, "egress_gb", 100)
    );
    assert!(incoming[1].offer.terms().get().meters.is_empty());
    let listed: Vec<OfferListing> = incoming
        .iter()
        .map(|offer| listing(offer, OfferStatus::Published))
        .collect();
    let text = catalog_document(&listed)
        .expect("a valid document")
        .to_json();
    assert_eq!(text.matches(r#""meters""#).count(), 1, "{text}");
    assert_eq!(read_document(&text, "alpha"), Ok(incoming));
}

#[test]
fn new_meters_make_a_new_version_and_a_meter_id_twice_is_named() {
    let old = read_document(&document(vec![offer("a")]), "alpha").expect("valid");
    let existing = [listing(&old[0], OfferStatus::Published)];
    let mut metered = offer("a");
    metered["meters"] = json!([
        {"id": "ipv4", "unit": "address", "price_minor": 150, "per": 1, "included": 0}
    ]);
    let plan = plan_import(
        &existing,
        read_document(&document(vec![metered.clone()]), "alpha").expect("valid"),
    )
    .expect("plan");
    assert_eq!(plan.summary.updated, 1);
    let meter = metered["meters"][0].clone();
    metered["meters"] = json!([meter, meter]);
    let report = read_document(&document(vec![metered]), "alpha").expect_err("twice");
    assert_eq!(report.problems[0].field.as_deref(), Some("meters"));
}

#[test]
fn an_id_that_reads_as_prefixed_exports_as_it_reads_back() {
    for id in [" alpha/a", "alpha/alpha/a"] {
        let incoming = read_document(&document(vec![offer(id)]), "alpha").expect("valid");
        let listed = [listing(&incoming[0], OfferStatus::Published)];
        let catalog = catalog_document(&listed).expect("a valid document");
        let back = read_document(&catalog.to_json(), "alpha").expect("reads back");
        assert_eq!(back, incoming, "{id:?}");
    }
}

#[test]
fn a_document_of_several_providers_names_offers_with_their_provider() {
    let incoming = read_document(&document(vec![offer("a")]), "alpha").expect("valid");
    let alpha = listing(&incoming[0], OfferStatus::Published);
    let beta = OfferListing {
        provider_slug: Slug::parse("beta").unwrap(),
        ..alpha.clone()
    };
    let catalog = catalog_document(&[alpha, beta]).expect("ids are unique once qualified");
    let ids: Vec<&str> = catalog.offers().iter().map(|o| o.id().as_str()).collect();
    assert_eq!(ids, ["alpha/a", "beta/a"]);
}

#[test]
fn an_export_refuses_filters_the_page_would_drop() {
    let filters = CatalogFilters {
        max_price: Some("cheap".to_owned()),
        ..CatalogFilters::default()
    };
    let problem = export_search(&filters).expect_err("malformed");
    assert_eq!(problem.field, "max_price");
    let filters = CatalogFilters {
        sort: Some("popularity".to_owned()),
        ..CatalogFilters::default()
    };
    assert_eq!(export_search(&filters).expect_err("sort").field, "sort");
    let filters = CatalogFilters {
        max_price: Some("49.90".to_owned()),
        page: Some("3".to_owned()),
        ..CatalogFilters::default()
    };
    let search = export_search(&filters).expect("valid");
    assert_eq!((search.max_price_minor, search.page), (Some(4990), 1));
}
