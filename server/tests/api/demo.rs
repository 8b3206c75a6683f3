//! The demo marketplace on a fresh database: loaded once at start, published, with demo accounts
//! that can log in and a buyer whose organisation was billed three months.

use crate::api::helpers::{TestApp, for_each_bare_backend};
use broker::search::CatalogSearch;
use broker::service::catalog::Marketplace;
use broker::service::demo::{self, BUYER_EMAIL, DEMO_PASSWORD, OPERATOR_EMAIL, PROVIDER_EMAIL};
use broker::service::{Accounts, LoginLimits};
use broker::store::Store;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_demo_marketplace_loads_once_and_its_accounts_log_in() {
    for_each_bare_backend(|backend| async move {
        let (database_url, dir) = TestApp::fresh_database(&backend).await;
        let started = std::time::Instant::now();
        let app =
            TestApp::spawn_on_with(database_url.clone(), dir, &[("COMPTOIR_DEMO", "1")]).await;
        let elapsed = started.elapsed();

        let store = Store::connect(&database_url).await.expect("connect");
        let marketplace = Marketplace::new(store.clone());
        let published = marketplace
            .search(&CatalogSearch::default())
            .await
            .expect("the catalog")
            .total;
        assert!(published >= 300, "{published} offers in {elapsed:?}");

        for email in [OPERATOR_EMAIL, PROVIDER_EMAIL, BUYER_EMAIL] {
            let answer = app.browser().log_in(email, DEMO_PASSWORD).await;
            assert_eq!(answer.status, StatusCode::OK, "{email}: {}", answer.body);
        }
        // The buyer's organisation has three months of invoices, the last paid, and the
        // month so far.
        let buyer = app.browser();
        buyer.log_in(BUYER_EMAIL, DEMO_PASSWORD).await;
        let billing = buyer.get("/billing").await.body;
        assert_eq!(
            billing.matches("data-invoice=\"CPT-").count(),
            3,
            "{billing}"
        );
        assert_eq!(
            billing.matches("data-status=\"paid\"").count(),
            3,
            "{billing}"
        );
        assert!(billing.contains("data-status=\"draft\""), "{billing}");
        assert!(billing.contains("data-chart=\"carbon\""), "{billing}");

        // The demo provider's revenue: its months, the payout it received, and nothing for
        // someone outside the provider; the operator finds its invoices by provider.
        let seller = app.browser();
        seller.log_in(PROVIDER_EMAIL, DEMO_PASSWORD).await;
        let sell = seller.get("/sell").await.body;
        let consoles: Vec<String> = sell
            .split("href=\"/sell/")
            .skip(1)
            .filter_map(|rest| rest.split('"').next().map(str::to_owned))
            .collect();
        // The demo contracts buy from one or two of the demo's providers, each paid out once.
        let mut paid = Vec::new();
        for console in &consoles {
            let revenue = seller.get(&format!("/sell/{console}/revenue")).await;
            assert_eq!(revenue.status, StatusCode::OK, "{}", revenue.body);
            if revenue.body.contains("data-payout=") {
                assert_eq!(
                    revenue.body.matches("data-payout=").count(),
                    1,
                    "{}",
                    revenue.body
                );
                assert!(
                    revenue.body.matches("data-month=").count() >= 3,
                    "{}",
                    revenue.body
                );
                paid.push(console.clone());
            }
        }
        assert!(!paid.is_empty(), "{consoles:?}");
        let console = &paid[0];
        let outsider = buyer.get(&format!("/sell/{console}/revenue")).await;
        assert!(!outsider.body.contains("data-payout="), "{}", outsider.body);
        let operator = app.browser();
        operator.log_in(OPERATOR_EMAIL, DEMO_PASSWORD).await;
        let by_provider = operator
            .get(&format!("/admin/billing?provider={console}"))
            .await
            .body;
        assert!(by_provider.contains("data-invoice=\"CPT-"), "{by_provider}");
        let none = operator.get("/admin/billing?provider=999999").await.body;
        assert!(!none.contains("data-invoice=\"CPT-"), "{none}");

        let accounts = Accounts::new(store.clone(), LoginLimits::default())
            .await
            .expect("accounts");
        let again = demo::load_demo(&accounts, &marketplace, None, 1_800_000_000)
            .await
            .expect("a second load is harmless");
        assert!(!again.created());
        let after = marketplace
            .search(&CatalogSearch::default())
            .await
            .expect("the catalog")
            .total;
        assert_eq!(after, published);
        let users = store.marketplace_counts().await.expect("counts").users;
        // The three demo accounts and the owners of the four other demo organisations.
        assert_eq!(users, 7);
        store.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_test_harness_starts_without_the_demo() {
    for_each_bare_backend(|backend| async move {
        let (database_url, dir) = TestApp::fresh_database(&backend).await;
        let _app = TestApp::spawn_on(database_url.clone(), dir).await;
        let store = Store::connect(&database_url).await.expect("connect");
        assert!(!store.has_providers().await.expect("query"));
        store.close().await;
    })
    .await;
}
