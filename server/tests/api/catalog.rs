//! The public catalog page: search and filters in the URL, answered without JavaScript.

use super::fixtures::Seed;
use super::helpers::for_each_backend;
use broker::catalog::{NewOffer, OfferTerms, ProviderApplication};
use broker::format::CountryCode;
use broker::money::{Currency, Money};
use reqwest::StatusCode;
use std::collections::{BTreeMap, BTreeSet};

/// Publishes one offer through the same use cases the pages use.
async fn publish_one_offer(database_url: &str) {
    let seed = Seed::new(database_url, "op@example.org", "Op", 0).await;
    let owner = seed.user("owner", "Owner", "Owner org").await;
    let application = ProviderApplication {
        slug: "nordlicht".to_owned(),
        legal_name: "Nordlicht Cloud GmbH".to_owned(),
        country: "DE".to_owned(),
        jurisdiction: "EU".to_owned(),
        website: "https://nordlicht.example".to_owned(),
        description: "Compute in Frankfurt.".to_owned(),
        support_contact: "support@nordlicht.example".to_owned(),
    };
    let provider = seed.approved_provider(&owner, &application).await;
    let offer = NewOffer {
        external_id: "nl-c4".to_owned(),
        domain: "compute".to_owned(),
        capacity: Some(10),
        terms: OfferTerms {
            name: "Polar C4".to_owned(),
            description: "Four dedicated cores".to_owned(),
            tagline: "Steady compute".to_owned(),
            unit: "instance".to_owned(),
            country: CountryCode::parse("DE").unwrap(),
            jurisdiction: "EU".to_owned(),
            attributes: BTreeMap::from([("vcpu".to_owned(), 4.0)]),
            certifications: BTreeSet::from(["C5".to_owned()]),
            availability_bp: 9990,
            monthly_price: Money::new(4290, Currency::EUR),
            carbon_g_month: 9100,
            meters: Vec::new(),
        },
    };
    seed.published_offer(&owner, provider, &offer).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_visitor_searches_and_filters_the_catalog_by_url() {
    for_each_backend(|app| async move {
        publish_one_offer(&app.database_url).await;
        let visitor = app.browser();

        let all = visitor.get("/catalog").await;
        assert_eq!(all.status, StatusCode::OK);
        assert!(all.body.contains("Polar C4") && all.body.contains("Nordlicht Cloud GmbH"));
        assert!(all.body.contains("42.90 EUR") && all.body.contains("99.90 %"));

        let found = visitor
            .get("/catalog?q=polar&domain=compute&certification=C5&max_price=50")
            .await;
        assert!(found.body.contains("Polar C4"));
        assert!(
            found.body.contains(r#"value="polar""#),
            "the filters stay filled in"
        );

        for miss in [
            "/catalog?country=FR",
            "/catalog?max_price=42.89",
            "/catalog?certification=HDS",
            "/catalog?q=storage",
        ] {
            let page = visitor.get(miss).await;
            assert!(!page.body.contains("Polar C4"), "{miss}");
            assert!(
                page.body.contains("No offer matches these filters"),
                "{miss}"
            );
        }
    })
    .await;
}
