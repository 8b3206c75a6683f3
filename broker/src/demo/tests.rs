//! The demo marketplace as the file generates it: its breadth, its carbon and price rules, and
//! that every generated offer passes the catalog rules.

use super::*;

fn demo() -> DemoMarketplace {
    marketplace().expect("the demo file parses")
}

#[test]
fn the_demo_has_at_least_twelve_providers_in_eight_countries_and_three_jurisdictions() {
    let demo = demo();
    assert!(demo.providers.len() >= 12, "{}", demo.providers.len());
    let countries: BTreeSet<_> = demo
        .offers()
        .map(|offer| offer.terms.country.as_str())
        .collect();
    assert!(countries.len() >= 8, "{countries:?}");
    let jurisdictions: BTreeSet<_> = demo
        .providers
        .iter()
        .map(|provider| provider.application.jurisdiction.as_str())
        .collect();
    for needed in ["EU", "US", "CH"] {
        assert!(jurisdictions.contains(needed), "{jurisdictions:?}");
    }
}

#[test]
fn the_demo_has_at_least_three_hundred_offers_in_all_six_domains() {
    let demo = demo();
    assert!(demo.offers().count() >= 300, "{}", demo.offers().count());
    let domains: BTreeSet<_> = demo.offers().map(|offer| offer.domain.as_str()).collect();
    assert_eq!(
        domains,
        BTreeSet::from([
            "compute", "database", "network", "platform", "software", "storage"
        ])
    );
}

#[test]
fn every_carbon_value_is_energy_times_the_country_intensity() {
    let demo = demo();
    assert!(demo.intensity_source.contains("Ember"));
    for offer in demo.offers() {
        let kwh = energy_kwh_month(&offer.terms.attributes, &demo.kwh_month)
            .expect("every attribute has a coefficient");
        let intensity = demo.intensities[offer.terms.country.as_str()];
        assert!(kwh > 0.0, "{}", offer.external_id);
        assert_eq!(
            Some(offer.terms.carbon_g_month),
            carbon_g(kwh, intensity),
            "{}",
            offer.external_id
        );
    }
}

#[test]
fn a_low_carbon_grid_gives_a_smaller_footprint_for_the_same_size() {
    let demo = demo();
    let carbon = |provider: &str, id: &str| {
        demo.providers
            .iter()
            .find(|p| p.application.slug == provider)
            .and_then(|p| p.offers.iter().find(|offer| offer.external_id == id))
            .map(|offer| offer.terms.carbon_g_month)
            .expect("the offer exists")
    };
    assert!(carbon("nuage-boreal", "compute-m-fr") < carbon("wisloka-chmura", "compute-m-pl"));
    // A 2 vCPU, 4 GB, 40 GB machine: 6 + 1 + 0.08 kWh at 55 g/kWh.
    assert_eq!(carbon("nuage-boreal", "compute-m-fr"), 389);
}

#[test]
fn provider_names_and_offer_names_are_unique() {
    let demo = demo();
    let slugs: BTreeSet<_> = demo.providers.iter().map(|p| &p.application.slug).collect();
    let legal: BTreeSet<_> = demo
        .providers
        .iter()
        .map(|p| &p.application.legal_name)
        .collect();
    assert_eq!(slugs.len(), demo.providers.len());
    assert_eq!(legal.len(), demo.providers.len());
    let names: BTreeSet<_> = demo.offers().map(|offer| &offer.terms.name).collect();
    assert_eq!(names.len(), demo.offers().count());
    for provider in &demo.providers {
        let ids: BTreeSet<_> = provider.offers.iter().map(|o| &o.external_id).collect();
        assert_eq!(
            ids.len(),
            provider.offers.len(),
            "{}",
            provider.application.slug
        );
    }
}

#[test]
fn every_application_and_offer_passes_the_catalog_rules() {
    for provider in demo().providers {
        assert!(provider.application.validate().is_ok(), "{provider:?}");
        for offer in &provider.offers {
            assert!(offer.validate().is_ok(), "{offer:?}");
            assert!(
                (9950..=9999).contains(&offer.terms.availability_bp),
                "{offer:?}"
            );
            assert!(offer.terms.monthly_price.minor() > 0, "{offer:?}");
            assert_eq!(offer.terms.monthly_price.currency(), Currency::EUR);
        }
    }
}

#[test]
fn prices_scale_by_the_provider_factor_in_whole_cents() {
    let demo = demo();
    let price = |provider: &str, id: &str| {
        demo.providers
            .iter()
            .find(|p| p.application.slug == provider)
            .and_then(|p| p.offers.iter().find(|offer| offer.external_id == id))
            .map(|offer| offer.terms.monthly_price.minor())
            .expect("the offer exists")
    };
    // Compute M lists at 1400 cents; Wisłoka sells at 70 %, Alpenfirn at 135 %.
    assert_eq!(price("wisloka-chmura", "compute-m-pl"), 980);
    assert_eq!(price("alpenfirn", "compute-m-ch"), 1890);
}

#[test]
fn object_storage_and_transit_offers_carry_their_meters_and_compute_none() {
    let demo = demo();
    let meters = |prefix: &'static str| {
        demo.offers()
            .filter(move |o| o.external_id.starts_with(prefix))
    };
    assert!(meters("storage-object-1t").all(|o| o.terms.meters[0].included() == 100));
    assert!(meters("network-transit-1g").all(|o| o.terms.meters[0].id().as_str() == "ipv4"));
    assert!(meters("compute-").all(|o| o.terms.meters.is_empty()));
    assert!(meters("storage-object-1t").count() > 0 && meters("network-").count() > 0);
}

#[test]
fn a_country_without_an_intensity_is_refused() {
    let json = DATA.replace("\"regions\": [\"PL\"]", "\"regions\": [\"XX\"]");
    assert!(matches!(
        from_json(&json),
        Err(DemoDataError::NoIntensity { .. })
    ));
}
