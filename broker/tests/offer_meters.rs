//! The meters of offer versions against a real database: saved with each version, read back by
//! the offer's page and the listings, kept by earlier versions, and a stored list that does not
//! read reported as corrupt. Every test runs on SQLite, and on PostgreSQL too when
//! `TEST_DATABASE_URL` is set.
#![cfg(feature = "server")]

use broker::billing::{Meter, MeterId};
use broker::catalog::{NewOffer, OfferTerms};
use broker::format::CountryCode;
use broker::money::{Currency, Money};
use broker::service::catalog::CatalogError;
use broker::store::StoreError;
use broker::store::catalog::Access;
use std::collections::{BTreeMap, BTreeSet};

#[path = "support/db.rs"]
mod db;

use db::{NOW, for_each_database};

fn meter(id: &str, unit: &str, price_minor: i64, per: i64, included: i64) -> Meter {
    Meter::new(
        MeterId::parse(id).unwrap(),
        unit,
        price_minor,
        per,
        included,
    )
    .unwrap()
}

fn storage(meters: Vec<Meter>) -> NewOffer {
    NewOffer {
        external_id: "object-1t".to_owned(),
        domain: "storage".to_owned(),
        terms: OfferTerms {
            name: "Object 1 TB".to_owned(),
            description: String::new(),
            tagline: "S3-compatible".to_owned(),
            unit: "bucket".to_owned(),
            country: CountryCode::parse("FR").unwrap(),
            jurisdiction: "EU".to_owned(),
            attributes: BTreeMap::from([("storage_gb".to_owned(), 1000.0)]),
            certifications: BTreeSet::new(),
            availability_bp: 9990,
            monthly_price: Money::new(1900, Currency::EUR),
            carbon_g_month: 300,
            meters,
        },
        capacity: None,
    }
}

#[tokio::test]
async fn meters_are_kept_with_each_version_and_in_the_listings() {
    for_each_database(|db| async move {
        let b = db.backend;
        let operator = db.operator().await;
        let seller = db.user("seller").await;
        let provider = db.provider(&seller, "alpha", Some(&operator)).await;
        let first = vec![
            meter("egress_gb", "GB", 2, 1, 100),
            meter("requests", "request", 40, 10_000, 0),
        ];
        let offer = db
            .publish(&seller, &operator, provider, &storage(first.clone()))
            .await;
        let detail = db.market.offer(&seller, offer).await.expect("read");
        assert_eq!(detail.current().unwrap().terms.meters, first, "{b}");

        let repriced = vec![meter("egress_gb", "GB", 1, 1, 500)];
        let change = db
            .market
            .update_terms(
                &seller,
                offer,
                &OfferTerms {
                    meters: repriced.clone(),
                    ..storage(Vec::new()).terms
                },
                NOW + 60,
            )
            .await
            .expect("new meters");
        assert!(change.new_version, "{b}: meters are terms");
        let detail = db.market.offer(&seller, offer).await.expect("read");
        let meters: Vec<&Vec<Meter>> = detail.versions.iter().map(|v| &v.terms.meters).collect();
        assert_eq!(
            meters,
            [&first, &repriced],
            "{b}: the first version keeps its meters"
        );

        let listed = db.market.compare(&[offer]).await.expect("listing");
        assert_eq!(listed[0].terms.meters, repriced, "{b}");
        let none = db
            .publish(
                &seller,
                &operator,
                provider,
                &NewOffer {
                    external_id: "plain".to_owned(),
                    ..storage(Vec::new())
                },
            )
            .await;
        let listed = db.market.compare(&[none]).await.expect("listing");
        assert!(listed[0].terms.meters.is_empty(), "{b}");
    })
    .await;
}

#[tokio::test]
async fn meters_stored_in_a_shape_that_does_not_read_are_corrupt() {
    for_each_database(|db| async move {
        let b = db.backend;
        let operator = db.operator().await;
        let seller = db.user("seller").await;
        let provider = db.provider(&seller, "alpha", Some(&operator)).await;
        let offer = db
            .publish(&seller, &operator, provider, &storage(Vec::new()))
            .await;
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&db.url).await.expect("connect");
        // JSON cut short, and JSON whose meter breaks the meters' rules (a price per 0 units).
        for stored in [
            "[{\"id\": \"egress_gb\"",
            r#"[{"id": "egress_gb", "unit": "GB", "price_minor": 2, "per": 0, "included": 0}]"#,
        ] {
            sqlx::query("UPDATE offer_versions SET meters = $1 WHERE offer_id = $2")
                .bind(stored)
                .bind(offer.get())
                .execute(&pool)
                .await
                .expect("tamper");
            let read = db.store.offer_detail(Access::Operator, offer).await;
            assert!(
                matches!(read, Err(StoreError::Corrupt("offer_versions.meters"))),
                "{b}: {stored}: {read:?}"
            );
            let listed = db.market.compare(&[offer]).await;
            assert!(
                matches!(listed, Err(CatalogError::Store(StoreError::Corrupt(_)))),
                "{b}: {listed:?}"
            );
        }
        pool.close().await;
    })
    .await;
}
