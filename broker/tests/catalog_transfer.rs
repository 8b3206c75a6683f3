//! Bulk import and export of catalog documents against a real database: every test runs on
//! SQLite, and on PostgreSQL too when `TEST_DATABASE_URL` is set.
#![cfg(feature = "server")]

#[path = "support/db.rs"]
mod db;

use broker::account::CurrentUser;
use broker::audit::{Action, ActionKind};
use broker::catalog::{OfferListing, OfferStatus, ProviderId};
use broker::format::Catalog;
use broker::search::CatalogSearch;
use broker::service::transfer::{ExportError, ImportError};
use broker::transfer::{ExportScope, ImportSummary};
use db::{NOW, TestDb, for_each_database};
use serde_json::{Value, json};

fn offer(provider: &str, id: &str, price: i64) -> Value {
    json!({
        "id": id, "provider": provider, "domain": "compute", "name": format!("Node {id}"),
        "country": "FR", "jurisdiction": "EU", "attributes": {"vcpu": 4, "ram_gb": 8.5},
        "certifications": ["HDS", "ISO27001"], "availability": 99.95,
        "monthly_price_minor": price, "carbon_g_month": 1200, "capacity": 40
    })
}

fn document(offers: Vec<Value>) -> String {
    json!({"format": "comptoir.catalog/v1", "currency": "EUR", "offers": offers}).to_string()
}

fn summary(created: usize, updated: usize, unchanged: usize) -> ImportSummary {
    ImportSummary {
        created,
        updated,
        capacity_changed: 0,
        unchanged,
    }
}

async fn offers_of(db: &TestDb, member: &CurrentUser, provider: ProviderId) -> Vec<OfferListing> {
    db.market
        .provider_offers(member, provider)
        .await
        .expect("list")
}

/// Submits every draft of the provider and has the operator publish it.
async fn publish_all(db: &TestDb, owner: &CurrentUser, operator: &CurrentUser, p: ProviderId) {
    for offer in offers_of(db, owner, p).await {
        if offer.status == OfferStatus::Draft {
            db.market
                .submit(owner, offer.id, NOW)
                .await
                .expect("submit");
            db.console
                .review_offer(operator, offer.id, true, "", NOW)
                .await
                .expect("publish");
        }
    }
}

#[tokio::test]
async fn an_import_creates_drafts_and_importing_again_changes_nothing() {
    for_each_database(|db| async move {
        let b = db.backend;
        let alice = db.user("alice").await;
        let alpha = db.provider(&alice, "alpha", None).await;
        let text = document(vec![offer("alpha", "a1", 1150), offer("alpha", "a2", 2300)]);
        let first = db.market.import_catalog(&alice, alpha, &text, NOW).await;
        assert_eq!(first.expect("imported"), summary(2, 0, 0), "{b}");
        let offers = offers_of(&db, &alice, alpha).await;
        assert!(
            offers
                .iter()
                .all(|o| o.status == OfferStatus::Draft && o.version == 1),
            "{b}"
        );
        assert_eq!(offers[0].terms.unit, "unit", "{b}");
        assert_eq!(offers[0].capacity, Some(40), "{b}");
        let again = db
            .market
            .import_catalog(&alice, alpha, &text, NOW + 60)
            .await;
        assert_eq!(again.expect("imported"), summary(0, 0, 2), "{b}");
        assert_eq!(offers_of(&db, &alice, alpha).await, offers, "{b}");
        // The first import is in the audit log with its counts; the one that changed nothing
        // is not.
        let imports: Vec<Action> = db
            .store
            .audit_chain(0, 100)
            .await
            .expect("the chain")
            .iter()
            .filter(|entry| entry.action == ActionKind::CatalogImported)
            .map(|entry| Action::parse(&entry.detail).expect("an action"))
            .collect();
        let expected = Action::CatalogImported {
            provider: alpha,
            created: 2,
            updated: 0,
            capacity_changed: 0,
        };
        assert_eq!(imports, [expected], "{b}");
    })
    .await;
}

#[tokio::test]
async fn one_invalid_offer_refuses_the_whole_document_and_every_problem_is_named() {
    for_each_database(|db| async move {
        let b = db.backend;
        let alice = db.user("alice").await;
        let alpha = db.provider(&alice, "alpha", None).await;
        let mut negative = offer("alpha", "a2", 1);
        negative["carbon_g_month"] = json!(-5);
        let mut unnamed = offer("alpha", "a3", 1);
        unnamed["name"] = json!("");
        let text = document(vec![offer("alpha", "a1", 1150), negative, unnamed]);
        let Err(ImportError::Invalid(report)) =
            db.market.import_catalog(&alice, alpha, &text, NOW).await
        else {
            panic!("{b}: the document is refused");
        };
        let named: Vec<(Option<&str>, Option<usize>, Option<&str>)> = report
            .problems
            .iter()
            .map(|p| (p.offer.as_deref(), p.index, p.field.as_deref()))
            .collect();
        assert_eq!(
            named,
            [
                (Some("a2"), Some(1), Some("carbon_g_month")),
                (Some("a3"), Some(2), Some("name"))
            ],
            "{b}"
        );
        assert!(offers_of(&db, &alice, alpha).await.is_empty(), "{b}");
    })
    .await;
}

#[tokio::test]
async fn an_import_never_reaches_another_providers_offers() {
    for_each_database(|db| async move {
        let b = db.backend;
        let operator = db.operator().await;
        let (alice, bob) = (db.user("alice").await, db.user("bob").await);
        let alpha = db.provider(&alice, "alpha", Some(&operator)).await;
        let beta = db.provider(&bob, "beta", Some(&operator)).await;
        let bobs = document(vec![offer("beta", "shared", 5000)]);
        db.market
            .import_catalog(&bob, beta, &bobs, NOW)
            .await
            .expect("bob imports");
        let before = offers_of(&db, &bob, beta).await;

        // Alice cannot import into Bob's provider, nor import offers naming it into hers.
        let into_beta = db.market.import_catalog(&alice, beta, &bobs, NOW).await;
        assert!(matches!(into_beta, Err(ImportError::Forbidden)), "{b}");
        let naming_beta = db.market.import_catalog(&alice, alpha, &bobs, NOW).await;
        let Err(ImportError::Invalid(report)) = naming_beta else {
            panic!("{b}: another provider's offer is refused");
        };
        assert_eq!(report.problems[0].field.as_deref(), Some("provider"), "{b}");
        // The operator is not a member either.
        let by_operator = db.market.import_catalog(&operator, beta, &bobs, NOW).await;
        assert!(matches!(by_operator, Err(ImportError::Forbidden)), "{b}");

        // The same external id in Alice's own document is her own, new offer.
        let hers = document(vec![offer("alpha", "shared", 1)]);
        let imported = db.market.import_catalog(&alice, alpha, &hers, NOW).await;
        assert_eq!(imported.expect("imported"), summary(1, 0, 0), "{b}");
        assert_eq!(offers_of(&db, &bob, beta).await, before, "{b}");
    })
    .await;
}

#[tokio::test]
async fn a_price_change_makes_a_new_version_and_the_old_one_stays_readable() {
    for_each_database(|db| async move {
        let b = db.backend;
        let operator = db.operator().await;
        let alice = db.user("alice").await;
        let alpha = db.provider(&alice, "alpha", Some(&operator)).await;
        let text = document(vec![offer("alpha", "a1", 1150), offer("alpha", "a2", 2300)]);
        db.market
            .import_catalog(&alice, alpha, &text, NOW)
            .await
            .expect("imported");
        publish_all(&db, &alice, &operator, alpha).await;
        let dearer = document(vec![offer("alpha", "a1", 1290), offer("alpha", "a2", 2300)]);
        let later = NOW + 3600;
        let changed = db
            .market
            .import_catalog(&alice, alpha, &dearer, later)
            .await;
        assert_eq!(changed.expect("imported"), summary(0, 1, 1), "{b}");
        let a1 = offers_of(&db, &alice, alpha).await[0].id;
        let detail = db.market.offer(&alice, a1).await.expect("detail");
        assert_eq!(detail.status, OfferStatus::Published, "{b}");
        let prices: Vec<(i64, i64, i64)> = detail
            .versions
            .iter()
            .map(|v| (v.version, v.terms.monthly_price.minor(), v.effective_from))
            .collect();
        assert_eq!(prices, [(1, 1150, NOW), (2, 1290, later)], "{b}");
        assert_eq!(detail.current_version, 2, "{b}");
    })
    .await;
}

#[tokio::test]
async fn an_export_holds_public_offers_only_and_imports_back_unchanged() {
    for_each_database(|db| async move {
        let b = db.backend;
        let operator = db.operator().await;
        let (alice, bob) = (db.user("alice").await, db.user("bob").await);
        let alpha = db.provider(&alice, "alpha", Some(&operator)).await;
        let beta = db.provider(&bob, "beta", Some(&operator)).await;
        let mut unlimited = offer("alpha", "a2", 900);
        unlimited
            .as_object_mut()
            .expect("object")
            .remove("capacity");
        let alphas = document(vec![offer("alpha", "a1", 1150), unlimited.clone()]);
        db.market
            .import_catalog(&alice, alpha, &alphas, NOW)
            .await
            .expect("alpha");
        publish_all(&db, &alice, &operator, alpha).await;
        let betas = document(vec![offer("beta", "a1", 1000), offer("beta", "b2", 10)]);
        db.market
            .import_catalog(&bob, beta, &betas, NOW)
            .await
            .expect("beta");
        publish_all(&db, &bob, &operator, beta).await;
        // A draft is not public.
        let draft = document(vec![
            offer("alpha", "a1", 1150),
            unlimited,
            offer("alpha", "a3", 1),
        ]);
        db.market
            .import_catalog(&alice, alpha, &draft, NOW)
            .await
            .expect("draft");

        let exported = db
            .market
            .export_catalog(&ExportScope::provider("alpha"))
            .await
            .expect("export");
        let text = exported.to_json();
        let read = Catalog::from_json(&text).expect("plan --catalog reads it");
        let ids: Vec<&str> = read.offers().iter().map(|o| o.id().as_str()).collect();
        assert_eq!(ids, ["a2", "a1"], "{b}: cheapest first, no draft");
        assert_eq!(read.offers()[0].capacity(), None, "{b}");
        let back = db.market.import_catalog(&alice, alpha, &text, NOW).await;
        assert_eq!(back.expect("imported"), summary(0, 0, 2), "{b}");

        let whole = db
            .market
            .export_catalog(&ExportScope::marketplace())
            .await
            .expect("export");
        let ids: Vec<&str> = whole.offers().iter().map(|o| o.id().as_str()).collect();
        assert_eq!(
            ids,
            ["beta/b2", "alpha/a2", "beta/a1", "alpha/a1"],
            "{b}: ids are qualified across providers"
        );
        let unknown = db
            .market
            .export_catalog(&ExportScope::provider("nope"))
            .await;
        assert!(matches!(unknown, Err(ExportError::UnknownProvider)), "{b}");
    })
    .await;
}

#[tokio::test]
async fn a_search_export_holds_every_matching_offer_not_one_page() {
    for_each_database(|db| async move {
        let b = db.backend;
        let operator = db.operator().await;
        let alice = db.user("alice").await;
        let alpha = db.provider(&alice, "alpha", Some(&operator)).await;
        let offers = (0..30)
            .map(|n| offer("alpha", &format!("n{n:02}"), 100 + n))
            .collect();
        db.market
            .import_catalog(&alice, alpha, &document(offers), NOW)
            .await
            .expect("imported");
        publish_all(&db, &alice, &operator, alpha).await;
        let search = CatalogSearch {
            max_price_minor: Some(127),
            page: 1,
            ..CatalogSearch::default()
        };
        let found = db
            .market
            .export_catalog(&ExportScope::search(search))
            .await
            .expect("export");
        assert_eq!(found.offers().len(), 28, "{b}");
        assert_eq!(found.offers()[27].monthly_price_minor(), 127, "{b}");
    })
    .await;
}
