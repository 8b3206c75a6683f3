//! The public catalog page: search and filters in the URL, answered without JavaScript.

use super::helpers::{TestApp, backends};
use broker::account::{Email, Password};
use broker::catalog::{NewOffer, OfferTerms, ProviderApplication};
use broker::service::catalog::Marketplace;
use broker::store::Store;
use reqwest::StatusCode;
use std::collections::{BTreeMap, BTreeSet};

/// Publishes one offer through the same use cases the pages use.
async fn publish_one_offer(database_url: &str) {
    let store = Store::connect(database_url).await.expect("connect");
    let hash = broker::secret::hash_password(
        &Password::parse("signal lighthouse cobalt ferry", &[]).expect("strong"),
    )
    .await
    .expect("hash");
    let operator = store
        .create_operator(
            &Email::parse("op@example.org").expect("email"),
            "Op",
            &hash,
            0,
        )
        .await
        .expect("operator");
    let (owner, _) = store
        .create_user_with_tenant(
            &Email::parse("owner@example.org").expect("email"),
            "Owner",
            &hash,
            "Owner org",
            0,
        )
        .await
        .expect("owner");
    let operator = store
        .current_user(operator, 0)
        .await
        .expect("read")
        .expect("operator exists");
    let owner = store
        .current_user(owner, 0)
        .await
        .expect("read")
        .expect("owner exists");
    let market = Marketplace::new(store);
    let application = ProviderApplication {
        slug: "nordlicht".to_owned(),
        legal_name: "Nordlicht Cloud GmbH".to_owned(),
        country: "DE".to_owned(),
        jurisdiction: "EU".to_owned(),
        website: "https://nordlicht.example".to_owned(),
        description: "Compute in Frankfurt.".to_owned(),
        support_contact: "support@nordlicht.example".to_owned(),
    };
    let provider = market.apply(&owner, &application, 0).await.expect("apply");
    market
        .decide_provider(
            &operator,
            provider,
            &broker::catalog::ProviderDecision::Approve,
            0,
        )
        .await
        .expect("approve the provider");
    let offer = NewOffer {
        external_id: "nl-c4".to_owned(),
        domain: "compute".to_owned(),
        capacity: Some(10),
        terms: OfferTerms {
            name: "Polar C4".to_owned(),
            description: "Four dedicated cores".to_owned(),
            tagline: "Steady compute".to_owned(),
            unit: "instance".to_owned(),
            country: "DE".to_owned(),
            jurisdiction: "EU".to_owned(),
            attributes: BTreeMap::from([("vcpu".to_owned(), 4.0)]),
            certifications: BTreeSet::from(["C5".to_owned()]),
            availability_bp: 9990,
            currency: "EUR".to_owned(),
            monthly_price_minor: 4290,
            carbon_g_month: 9100,
        },
    };
    let offer = market
        .create_offer(&owner, provider, &offer, 0)
        .await
        .expect("create the offer");
    market.submit(&owner, offer).await.expect("submit");
    market
        .review_offer(&operator, offer, true, "")
        .await
        .expect("publish");
}

#[tokio::test]
async fn a_visitor_searches_and_filters_the_catalog_by_url() {
    for backend in backends() {
        let (database_url, dir) = TestApp::fresh_database(&backend).await;
        let app = TestApp::spawn_on(database_url.clone(), dir).await;
        publish_one_offer(&database_url).await;
        let visitor = app.browser();

        let all = visitor.get("/catalog").await;
        assert_eq!(all.status, StatusCode::OK, "{backend:?}");
        assert!(
            all.body.contains("Polar C4") && all.body.contains("Nordlicht Cloud GmbH"),
            "{backend:?}"
        );
        assert!(
            all.body.contains("42.90 EUR") && all.body.contains("99.90 %"),
            "{backend:?}"
        );

        let found = visitor
            .get("/catalog?q=polar&domain=compute&certification=C5&max_price=50")
            .await;
        assert!(found.body.contains("Polar C4"), "{backend:?}");
        assert!(
            found.body.contains(r#"value="polar""#),
            "{backend:?}: the filters stay filled in"
        );

        for miss in [
            "/catalog?country=FR",
            "/catalog?max_price=42.89",
            "/catalog?certification=HDS",
            "/catalog?q=storage",
        ] {
            let page = visitor.get(miss).await;
            assert!(!page.body.contains("Polar C4"), "{backend:?}: {miss}");
            assert!(
                page.body.contains("No offer matches these filters"),
                "{backend:?}: {miss}"
            );
        }
    }
}
