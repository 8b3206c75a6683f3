//! Bulk import of catalog documents (the use case the import page calls) and `GET
//! /api/v1/catalog`, the export.

use super::fixtures::Seed;
use super::helpers::{TestApp, for_each_backend, for_each_bare_backend};
use broker::account::CurrentUser;
use broker::catalog::{OfferStatus, ProviderApplication, ProviderId};
use broker::format::Catalog;
use broker::service::catalog::Marketplace;
use broker::service::operator::Operator;
use broker::service::transfer::ImportError;
use broker::transfer::ImportSummary;
use reqwest::StatusCode;
use serde_json::{Value, json};

const NOW: i64 = 1_700_000_000;

/// The marketplace behind a running app, with an operator and two approved providers.
struct Market {
    app: TestApp,
    market: Marketplace,
    console: Operator,
    operator: CurrentUser,
    alice: CurrentUser,
    alpha: ProviderId,
    bob: CurrentUser,
    beta: ProviderId,
}

async fn market(app: TestApp) -> Market {
    let seed = Seed::new(&app.database_url, "op@example.org", "Op", 0).await;
    let mut people = Vec::new();
    for slug in ["alpha", "beta"] {
        let user = seed.user(slug, slug, slug).await;
        let application = ProviderApplication {
            slug: slug.to_owned(),
            legal_name: format!("{slug} Cloud SAS"),
            country: "FR".to_owned(),
            jurisdiction: "EU".to_owned(),
            website: format!("https://{slug}.example"),
            description: "Sovereign cloud.".to_owned(),
            support_contact: format!("support@{slug}.example"),
        };
        let provider = seed.approved_provider(&user, &application).await;
        people.push((user, provider));
    }
    let (bob, beta) = people.pop().expect("beta");
    let (alice, alpha) = people.pop().expect("alpha");
    let Seed {
        market,
        console,
        operator,
        ..
    } = seed;
    Market {
        app,
        market,
        console,
        operator,
        alice,
        alpha,
        bob,
        beta,
    }
}

fn offer(provider: &str, id: &str, domain: &str, price: i64) -> Value {
    json!({
        "id": id, "provider": provider, "domain": domain, "name": format!("Node {id}"),
        "country": "FR", "jurisdiction": "EU", "attributes": {"vcpu": 4},
        "certifications": ["HDS"], "availability": 99.9,
        "monthly_price_minor": price, "carbon_g_month": 1200, "capacity": 10
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

impl Market {
    /// Imports as `member` and publishes every draft of the provider.
    async fn import_and_publish(&self, member: &CurrentUser, provider: ProviderId, text: &str) {
        self.market
            .import_catalog(member, provider, text, NOW)
            .await
            .expect("imported");
        let offers = self
            .market
            .provider_offers(member, provider)
            .await
            .expect("list");
        for offer in offers
            .into_iter()
            .filter(|o| o.status == OfferStatus::Draft)
        {
            self.market
                .submit(member, offer.id, NOW)
                .await
                .expect("submit");
            self.console
                .review_offer(&self.operator, offer.id, true, "", NOW)
                .await
                .expect("publish");
        }
    }

    async fn offer_ids(&self, member: &CurrentUser, provider: ProviderId) -> Vec<String> {
        let offers = self
            .market
            .provider_offers(member, provider)
            .await
            .expect("list");
        offers.into_iter().map(|o| o.external_id).collect()
    }
}

async fn get_json(app: &TestApp, path: &str) -> (StatusCode, String, Option<String>) {
    let response = reqwest::get(app.url(path))
        .await
        .expect("the server answers");
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    assert_eq!(kind.as_deref(), Some("application/json"), "{path}");
    let disposition = response
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (status, response.text().await.expect("a body"), disposition)
}

fn ids(catalog: &Catalog) -> Vec<&str> {
    catalog.offers().iter().map(|o| o.id().as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_import_is_all_or_nothing_and_names_every_invalid_offer() {
    for_each_backend(|app| async move {
        let m = market(app).await;
        let mut float_price = offer("alpha", "a2", "compute", 1);
        float_price["monthly_price_minor"] = json!(12.5);
        let mut bad_jurisdiction = offer("alpha", "a3", "compute", 1);
        bad_jurisdiction["jurisdiction"] = json!("European Union");
        let text = document(vec![
            offer("alpha", "a1", "compute", 1150),
            float_price,
            bad_jurisdiction,
        ]);
        let refused = m.market.import_catalog(&m.alice, m.alpha, &text, NOW).await;
        let Err(ImportError::Invalid(report)) = refused else {
            panic!("the document is refused");
        };
        let named: Vec<(Option<&str>, Option<usize>, Option<&str>)> = report
            .problems
            .iter()
            .map(|p| (p.offer.as_deref(), p.index, p.field.as_deref()))
            .collect();
        assert_eq!(
            named,
            [
                (Some("a2"), Some(1), Some("monthly_price_minor")),
                (Some("a3"), Some(2), Some("jurisdiction")),
            ]
        );
        let shown = serde_json::to_value(&report).expect("serialisable");
        assert_eq!(shown["problems"][1]["offer"], "a3");
        assert!(m.offer_ids(&m.alice, m.alpha).await.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_import_cannot_touch_another_providers_offers() {
    for_each_backend(|app| async move {
        let m = market(app).await;
        let bobs = document(vec![offer("beta", "shared", "compute", 5000)]);
        m.import_and_publish(&m.bob, m.beta, &bobs).await;
        let before = m
            .market
            .provider_offers(&m.bob, m.beta)
            .await
            .expect("list");

        let into_beta = m.market.import_catalog(&m.alice, m.beta, &bobs, NOW).await;
        assert!(matches!(into_beta, Err(ImportError::Forbidden)));
        let cheaper = document(vec![offer("beta", "shared", "compute", 1)]);
        let naming_beta = m
            .market
            .import_catalog(&m.alice, m.alpha, &cheaper, NOW)
            .await;
        let Err(ImportError::Invalid(report)) = naming_beta else {
            panic!("an offer of another provider is refused");
        };
        assert_eq!(report.problems[0].field.as_deref(), Some("provider"));

        let same_id = document(vec![offer("alpha", "shared", "compute", 1)]);
        let hers = m
            .market
            .import_catalog(&m.alice, m.alpha, &same_id, NOW)
            .await;
        assert_eq!(hers.expect("imported"), summary(1, 0, 0));
        let after = m
            .market
            .provider_offers(&m.bob, m.beta)
            .await
            .expect("list");
        assert_eq!(after, before, "Bob's offer is untouched");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn importing_again_is_idempotent_and_a_new_price_is_a_new_version() {
    for_each_backend(|app| async move {
        let m = market(app).await;
        let text = document(vec![
            offer("alpha", "a1", "compute", 1150),
            offer("alpha", "a2", "storage", 300),
        ]);
        m.import_and_publish(&m.alice, m.alpha, &text).await;
        let again = m
            .market
            .import_catalog(&m.alice, m.alpha, &text, NOW + 1)
            .await;
        assert_eq!(again.expect("imported"), summary(0, 0, 2));

        let dearer = document(vec![
            offer("alpha", "a1", "compute", 1290),
            offer("alpha", "a2", "storage", 300),
        ]);
        let changed = m
            .market
            .import_catalog(&m.alice, m.alpha, &dearer, NOW + 60)
            .await;
        assert_eq!(changed.expect("imported"), summary(0, 1, 1));
        let offers = m
            .market
            .provider_offers(&m.alice, m.alpha)
            .await
            .expect("list");
        let a1 = offers.iter().find(|o| o.external_id == "a1").expect("a1");
        let detail = m.market.offer(&m.alice, a1.id).await.expect("detail");
        let versions: Vec<(i64, i64)> = detail
            .versions
            .iter()
            .map(|v| (v.version, v.terms.monthly_price.minor()))
            .collect();
        assert_eq!(versions, [(1, 1150), (2, 1290)]);
        assert_eq!(detail.status, OfferStatus::Published);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_providers_export_parses_and_imports_back_unchanged() {
    for_each_backend(|app| async move {
        let m = market(app).await;
        let text = document(vec![
            offer("alpha", "a1", "compute", 1150),
            offer("alpha", "a2", "storage", 300),
        ]);
        m.import_and_publish(&m.alice, m.alpha, &text).await;
        let (status, body, disposition) =
            get_json(&m.app, "/api/v1/catalog?provider=alpha&download=1").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            disposition.as_deref(),
            Some(r#"attachment; filename="comptoir-catalog.json""#)
        );
        let exported = Catalog::from_json(&body).expect("a catalog document");
        assert_eq!(ids(&exported), ["a2", "a1"]);
        let back = m
            .market
            .import_catalog(&m.alice, m.alpha, &body, NOW + 60)
            .await;
        assert_eq!(back.expect("imported"), summary(0, 0, 2));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_catalog_api_returns_only_the_matching_public_offers() {
    for_each_backend(|app| async move {
        let m = market(app).await;
        let alphas = document(vec![
            offer("alpha", "a1", "compute", 1150),
            offer("alpha", "a2", "storage", 300),
        ]);
        m.import_and_publish(&m.alice, m.alpha, &alphas).await;
        let betas = document(vec![offer("beta", "b1", "compute", 4000)]);
        m.import_and_publish(&m.bob, m.beta, &betas).await;
        // A draft stays out of every export.
        let draft = document(vec![
            offer("beta", "b1", "compute", 4000),
            offer("beta", "b2", "compute", 10),
        ]);
        m.market
            .import_catalog(&m.bob, m.beta, &draft, NOW)
            .await
            .expect("draft");

        let read = |body: &str| Catalog::from_json(body).expect("a catalog document");
        let (status, body, disposition) = get_json(&m.app, "/api/v1/catalog").await;
        assert_eq!((status, disposition), (StatusCode::OK, None));
        assert_eq!(ids(&read(&body)), ["alpha/a2", "alpha/a1", "beta/b1"]);
        let (_, body, _) = get_json(&m.app, "/api/v1/catalog?provider=beta").await;
        assert_eq!(ids(&read(&body)), ["b1"]);
        let (_, body, _) = get_json(&m.app, "/api/v1/catalog?domain=compute&max_price=20").await;
        assert_eq!(ids(&read(&body)), ["a1"]);
        let (_, body, _) = get_json(&m.app, "/api/v1/catalog?provider=alpha&domain=storage").await;
        assert_eq!(ids(&read(&body)), ["a2"]);

        for (path, parameter) in [
            ("/api/v1/catalog?max_price=cheap", "max_price"),
            ("/api/v1/catalog?sort=popularity", "sort"),
            ("/api/v1/catalog?domian=compute", "domian"),
        ] {
            let (status, body, _) = get_json(&m.app, path).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
            let error: Value = serde_json::from_str(&body).expect("a JSON error");
            assert_eq!(error["parameter"], parameter, "{path}");
            assert!(error["error"].as_str().is_some_and(|e| !e.is_empty()));
        }
        let (status, _, _) = get_json(&m.app, "/api/v1/catalog?provider=nobody").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_whole_demo_marketplace_exports_as_one_document_that_plans_read() {
    for_each_bare_backend(|backend| async move {
        let (database_url, dir) = TestApp::fresh_database(&backend).await;
        let app = TestApp::spawn_on_with(database_url, dir, &[("COMPTOIR_DEMO", "1")]).await;
        let (status, body, _) = get_json(&app, "/api/v1/catalog").await;
        assert_eq!(status, StatusCode::OK);
        // Demo providers share offer ids, so every id carries its provider.
        let catalog = Catalog::from_json(&body).expect("a catalog document");
        assert_eq!(catalog.offers().len(), 316);
        assert!(
            catalog
                .offers()
                .iter()
                .all(|o| o.id().as_str().starts_with(&format!("{}/", o.provider())))
        );
    })
    .await;
}
