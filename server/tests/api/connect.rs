//! Providers paid through Stripe Connect, against the fake Stripe: the provider's owner connects
//! an Express account, Stripe enables its payouts, and the payout run transfers the provider's
//! share of each paid invoice into it, once, under a key stored before the call; a failed
//! transfer leaves the amount due and says why.

use crate::api::cards::{NUMBER, PASSWORD, card_app, paid_by_card, stripe_billing, webhook};
use crate::api::fake_stripe::{FakeStripe, Trouble};
use crate::api::fixtures::{Seed, alpha_application};
use crate::api::helpers::{Browser, TestApp, for_each_bare_backend, now};
use broker::billing::Invoice;
use broker::catalog::ProviderId;
use broker::format;
use broker::ledger::Transaction;
use broker::service::billing::CHECK_AFTER_SECS;
use reqwest::StatusCode;
use std::collections::BTreeMap;

/// The provider `alpha` of the test invoice, approved, with its owner signed in; the invoice
/// posted to the ledger with alpha's share.
async fn alpha(app: &TestApp, seed: &Seed) -> (ProviderId, Browser) {
    let seller = seed.user("seller", "Seller", "Alpha SAS").await;
    let application = alpha_application();
    let provider = seed.approved_provider(&seller, &application).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("connect");
    let document: String = sqlx::query_scalar("SELECT document FROM invoices WHERE number = $1")
        .bind(NUMBER)
        .fetch_one(&pool)
        .await
        .expect("the invoice");
    pool.close().await;
    let invoice: Invoice = serde_json::from_str(&document).expect("an invoice");
    let payees = BTreeMap::from([(
        format::ProviderId::parse("alpha").expect("a slug"),
        provider,
    )]);
    let posted = Transaction::invoice_finalized(&invoice, &payees).expect("a transaction");
    seed.store.post_transaction(&posted).await.expect("posted");
    let browser = app.browser();
    browser.log_in("seller@example.org", PASSWORD).await;
    (provider, browser)
}

/// The payouts recorded: (amount, reference).
async fn payouts(app: &TestApp) -> Vec<(i64, String)> {
    let pool = sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("connect");
    let rows = sqlx::query_as("SELECT amount_minor, reference FROM payouts ORDER BY id")
        .fetch_all(&pool)
        .await
        .expect("payouts");
    pool.close().await;
    rows
}

async fn run_payouts(operator: &Browser) {
    let done = operator
        .call("run_payouts", &[("form[reference]", "December payouts")])
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
}

/// Connects alpha's account and has Stripe enable its payouts.
async fn connected(app: &TestApp, fake: &FakeStripe, seller: &Browser, provider: ProviderId) {
    let id = provider.get().to_string();
    let answer = seller
        .call("connect_payout_account", &[("provider", &id)])
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let account = fake.accounts()[0]["id"].as_str().expect("an id").to_owned();
    let url: String = serde_json::from_str(&answer.body).expect("a URL");
    assert_eq!(url, format!("{}onboard/{account}", fake.url()));
    let activity = seller.get(&format!("/sell/{id}/activity")).await.body;
    assert!(
        activity.contains(&format!(
            "opened the payout account {account} of provider {id}"
        )),
        "in the provider's log: {activity}"
    );
    let enabled = fake.enable_payouts(&account);
    assert_eq!(
        fake.deliver_connect(&webhook(app), &enabled).await,
        StatusCode::OK
    );
    // An older word, delivered late, does not switch payouts off again.
    let mut older = enabled.clone();
    older["id"] = serde_json::json!("evt_older");
    older["created"] = serde_json::json!(now() - 3600);
    older["data"]["object"]["payouts_enabled"] = serde_json::json!(false);
    assert_eq!(
        fake.deliver_connect(&webhook(app), &older).await,
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_connected_provider_is_paid_its_share_of_each_invoice_by_transfer() {
    for_each_bare_backend(|backend| async move {
        let fake = FakeStripe::start().await;
        let (app, owner, seed) = card_app(&backend, &fake).await;
        let b = app.backend;
        let (provider, seller) = alpha(&app, &seed).await;
        let operator = paid_by_card(&app, &owner, &fake).await;
        let revenue = format!("/sell/{}/revenue", provider.get());
        let page = seller.get(&revenue).await;
        assert!(
            page.body.contains("data-payout-account=\"none\""),
            "{b}: {}",
            page.body
        );
        assert!(page.body.contains("data-connect-account"), "{b}");

        let id = provider.get().to_string();
        let first = seller
            .call("connect_payout_account", &[("provider", &id)])
            .await;
        assert_eq!(first.status, StatusCode::OK, "{b}: {}", first.body);
        let opened = fake
            .calls()
            .into_iter()
            .find(|call| call.path == "/v1/accounts")
            .expect("opened");
        assert_eq!(opened.idempotency_key, Some(format!("account:{id}")), "{b}");
        assert_eq!(
            opened.form.get("type").map(String::as_str),
            Some("express"),
            "{b}"
        );
        assert_eq!(
            opened
                .form
                .get("capabilities[transfers][requested]")
                .map(String::as_str),
            Some("true"),
            "{b}"
        );
        let page = seller.get(&revenue).await;
        assert!(page.body.contains("data-payout-account=\"pending\""), "{b}");
        // Coming back to finish: the same account, a new link.
        connected(&app, &fake, &seller, provider).await;
        assert_eq!(fake.accounts().len(), 1, "{b}");
        let page = seller.get(&revenue).await;
        assert!(
            page.body.contains("data-payout-account=\"ready\""),
            "{b}: {}",
            page.body
        );

        run_payouts(&operator).await;
        let transfers = fake.transfers();
        assert_eq!(transfers.len(), 1, "{b}");
        assert_eq!(
            transfers[0]["amount"], 7560,
            "{b}: the share, net of the 10 % commission"
        );
        assert_eq!(transfers[0]["transfer_group"], NUMBER, "{b}");
        assert!(
            transfers[0]["source_transaction"]
                .as_str()
                .is_some_and(|charge| charge.starts_with("ch_")),
            "{b}: made from the invoice's charge: {}",
            transfers[0]
        );
        assert_eq!(transfers[0]["destination"], fake.accounts()[0]["id"], "{b}");
        let sent = fake
            .calls()
            .into_iter()
            .find(|call| call.path == "/v1/transfers")
            .expect("sent");
        assert_eq!(
            sent.idempotency_key,
            Some(format!("transfer:{id}:{NUMBER}:1")),
            "{b}"
        );
        let made = payouts(&app).await;
        assert_eq!(made.len(), 1, "{b}");
        assert_eq!(made[0].0, 7560, "{b}");
        // The operator's request of the transfer is in the provider's log, and only once.
        let activity = seller.get(&format!("/sell/{id}/activity")).await.body;
        let asked = format!("of 75.60 EUR to provider {id}, its share of {NUMBER}");
        assert_eq!(activity.matches(&asked).count(), 1, "{b}: {activity}");
        assert_eq!(Some(made[0].1.as_str()), transfers[0]["id"].as_str(), "{b}");
        // Nothing more is due.
        run_payouts(&operator).await;
        assert_eq!(
            (fake.transfers().len(), payouts(&app).await.len()),
            (1, 1),
            "{b}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_failed_transfer_leaves_the_share_due_and_an_unanswered_one_is_sent_again_once() {
    for_each_bare_backend(|backend| async move {
        let fake = FakeStripe::start().await;
        let (app, owner, seed) = card_app(&backend, &fake).await;
        let b = app.backend;
        let (provider, seller) = alpha(&app, &seed).await;
        let operator = paid_by_card(&app, &owner, &fake).await;
        let revenue = format!("/sell/{}/revenue", provider.get());
        // Connected, and Stripe's account.updated never arrives: the job asks Stripe.
        let id = provider.get().to_string();
        let answer = seller
            .call("connect_payout_account", &[("provider", &id)])
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{b}: {}", answer.body);
        let account = fake.accounts()[0]["id"].as_str().expect("an id").to_owned();
        fake.enable_payouts(&account);
        let billing = stripe_billing(&app, &fake).await;
        let soon = now() + CHECK_AFTER_SECS + 1;
        assert_eq!(
            billing
                .reconcile_accounts(soon - CHECK_AFTER_SECS, soon)
                .await
                .expect("a round"),
            1,
            "{b}"
        );
        let page = seller.get(&revenue).await;
        assert!(
            page.body.contains("data-payout-account=\"ready\""),
            "{b}: {}",
            page.body
        );

        fake.trouble_next(Trouble::Refused);
        run_payouts(&operator).await;
        assert!(payouts(&app).await.is_empty(), "{b}: nothing paid out");
        let page = seller.get(&revenue).await;
        assert!(
            page.body.contains("data-transfer-failed"),
            "{b}: {}",
            page.body
        );
        assert!(
            page.body.contains("Refused by the fake"),
            "{b}: Stripe's reason"
        );

        // Stripe takes the next one but its answer is lost: the next run sends nothing while it
        // is in flight, and the reconciliation sends it again under its key.
        fake.trouble_next(Trouble::NoAnswer);
        run_payouts(&operator).await;
        run_payouts(&operator).await;
        assert!(payouts(&app).await.is_empty(), "{b}");
        let later = soon + CHECK_AFTER_SECS + 1;
        assert_eq!(
            billing
                .reconcile_transfers(later - CHECK_AFTER_SECS, later)
                .await
                .expect("a round"),
            1,
            "{b}"
        );
        let keys: Vec<String> = fake
            .calls()
            .into_iter()
            .filter(|call| call.path == "/v1/transfers")
            .filter_map(|call| call.idempotency_key)
            .collect();
        let id = provider.get();
        assert_eq!(
            keys,
            [
                format!("transfer:{id}:{NUMBER}:1"),
                format!("transfer:{id}:{NUMBER}:2"),
                format!("transfer:{id}:{NUMBER}:2"),
            ],
            "{b}"
        );
        assert_eq!(fake.transfers().len(), 1, "{b}: transferred once");
        assert_eq!(payouts(&app).await.len(), 1, "{b}");
        let page = seller.get(&revenue).await;
        assert!(
            !page.body.contains("data-transfer-failed"),
            "{b}: a transfer was made since"
        );
    })
    .await;
}
