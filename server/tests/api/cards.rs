//! Paying an invoice by card through Stripe, against the fake Stripe: the real adapter and the
//! real async-stripe client call it, and its events reach the real webhook. A payment is
//! recorded from what Stripe confirms, once, whatever is delivered twice, late, unsigned or
//! not at all.

use crate::api::billing::finalized_invoice;
use crate::api::fake_stripe::{self, FakeStripe, WEBHOOK_SECRET, signature, v1};
use crate::api::fixtures::Seed;
use crate::api::helpers::{Answer, Backend, Browser, TestApp, for_each_bare_backend, now};
use app::error::{AppError, Refusal};
use broker::billing::BankTransfer;
use broker::service::billing::Billing;
use broker::store::Store;
use reqwest::StatusCode;
use server::config::Config;
use server::stripe_adapter::StripeCards;
use std::sync::Arc;

pub const PASSWORD: &str = "velvet harbour lantern quietly";
pub const NUMBER: &str = "CPT-2026-000001";

/// An app that takes cards through `fake`, and its tenant's owner signed in, with one finalized
/// invoice of 84.00 EUR (its seed, to add more).
pub async fn card_app(backend: &Backend, fake: &FakeStripe) -> (TestApp, Browser, Seed) {
    let (database_url, dir) = TestApp::fresh_database(backend).await;
    let env = fake.env();
    let env: Vec<(&str, &str)> = env
        .iter()
        .map(|(key, value)| (*key, value.as_str()))
        .collect();
    let app = TestApp::spawn_on_with(database_url, dir, &env).await;
    let seed = Seed::new(&app.database_url, "operator@example.org", "Operator", now()).await;
    let alice = seed.user("alice", "Alice", "Alice GmbH").await;
    let tenant = seed.store.memberships(alice.id).await.expect("memberships")[0].tenant;
    finalized_invoice(&app, tenant).await;
    let owner = app.browser();
    owner.log_in("alice@example.org", PASSWORD).await;
    (app, owner, seed)
}

/// Where "Pay by card" sends the browser.
pub fn checkout_url(answer: &Answer) -> String {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    serde_json::from_str(&answer.body).expect("the function answers a URL")
}

pub async fn pay_by_card(owner: &Browser) -> Answer {
    owner.call("pay_by_card", &[("number", NUMBER)]).await
}

/// The card payments recorded: (amount, reference), and how many ledger transactions they
/// posted.
pub async fn card_payments(app: &TestApp) -> (Vec<(i64, String)>, i64) {
    sqlx::any::install_default_drivers();
    let pool = &sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("connect");
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT amount_minor, reference FROM payments WHERE method = 'card' ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .expect("payments");
    let posted: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'payment'")
            .fetch_one(pool)
            .await
            .expect("transactions");
    pool.close().await;
    (rows, posted)
}

pub fn webhook(app: &TestApp) -> String {
    app.url("/webhooks/stripe")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_card_payment_is_recorded_once_from_what_stripe_confirms() {
    for_each_bare_backend(|backend| async move {
        let fake = FakeStripe::start().await;
        let (app, owner, _) = card_app(&backend, &fake).await;
        let b = app.backend;
        let page = owner.get(&format!("/billing/invoices/{NUMBER}")).await;
        assert!(page.body.contains("data-pay-by-card"), "{b}: {}", page.body);

        let url = checkout_url(&pay_by_card(&owner).await);
        let session = fake.session_ids()[0].clone();
        assert_eq!(url, format!("{}pay/{session}", fake.url()), "{b}");
        let create = &fake.calls()[0];
        assert_eq!(
            create.idempotency_key.as_deref(),
            Some("checkout:CPT-2026-000001:1"),
            "{b}"
        );
        for (field, value) in [
            ("mode", "payment"),
            ("line_items[0][price_data][unit_amount]", "8400"),
            ("line_items[0][price_data][currency]", "eur"),
            ("metadata[invoice]", NUMBER),
            ("payment_intent_data[transfer_group]", NUMBER),
            ("payment_intent_data[metadata][invoice]", NUMBER),
        ] {
            assert_eq!(
                create.form.get(field).map(String::as_str),
                Some(value),
                "{b}: {field}"
            );
        }
        let success = &create.form["success_url"];
        assert!(
            success.ends_with("/billing/invoices/CPT-2026-000001?card=returned"),
            "{b}: {success}"
        );

        // Back from the checkout page: processing, still unpaid, until Stripe confirms.
        let returned = owner
            .get(&format!("/billing/invoices/{NUMBER}?card=returned"))
            .await;
        assert!(
            returned.body.contains("data-card-note=\"processing\""),
            "{b}: {}",
            returned.body
        );
        assert!(returned.body.contains("data-status=\"finalized\""), "{b}");
        // Paying again resumes the same checkout: no second session.
        assert_eq!(checkout_url(&pay_by_card(&owner).await), url, "{b}");
        assert_eq!(fake.session_ids().len(), 1, "{b}");
        let asked = format!("/v1/checkout/sessions/{session}");
        assert!(
            fake.calls()
                .iter()
                .any(|call| call.method == "GET" && call.path == asked),
            "{b}: Stripe was asked whether the open checkout was paid meanwhile"
        );

        let events = fake.pay(&session);
        assert_eq!(
            fake.deliver(&webhook(&app), &events[0]).await,
            StatusCode::OK,
            "{b}"
        );
        let (payments, posted) = card_payments(&app).await;
        assert_eq!(payments.len(), 1, "{b}");
        assert_eq!(payments[0].0, 8400, "{b}");
        assert!(
            payments[0].1.starts_with("pi_"),
            "{b}: the payment intent is the reference"
        );
        assert_eq!(posted, 1, "{b}");
        // The same event again, and the payment intent's own event: nothing more.
        for event in [&events[0], &events[1], &events[0]] {
            assert_eq!(
                fake.deliver(&webhook(&app), event).await,
                StatusCode::OK,
                "{b}"
            );
        }
        assert_eq!(card_payments(&app).await, (payments, 1), "{b}");
        let paid = owner.get(&format!("/billing/invoices/{NUMBER}")).await;
        assert!(
            paid.body.contains("data-status=\"paid\""),
            "{b}: {}",
            paid.body
        );
        assert!(!paid.body.contains("data-pay-by-card"), "{b}");
        pay_by_card(&owner)
            .await
            .assert_refused(&AppError::Refused(Refusal::CardNotPayable), b);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_payer_pays_on_the_checkout_page_and_comes_back_to_a_paid_invoice() {
    for_each_bare_backend(|backend| async move {
        let fake = FakeStripe::start().await;
        let (app, owner, _) = card_app(&backend, &fake).await;
        let b = app.backend;
        fake.deliver_to(&webhook(&app));
        let url = checkout_url(&pay_by_card(&owner).await);
        let payer = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client");
        let page = payer.get(&url).send().await.expect("the page");
        assert_eq!(page.status(), StatusCode::OK, "{b}");
        assert!(
            page.text()
                .await
                .expect("its text")
                .contains("Pay 84.00 EUR"),
            "{b}"
        );
        let paid = payer.post(&url).send().await.expect("the payment");
        assert_eq!(paid.status(), StatusCode::SEE_OTHER, "{b}");
        let back = paid.headers()["location"].to_str().expect("a location");
        assert!(
            back.ends_with("/billing/invoices/CPT-2026-000001?card=returned"),
            "{b}: {back}"
        );
        let (payments, posted) = card_payments(&app).await;
        assert_eq!((payments.len(), payments[0].0, posted), (1, 8400, 1), "{b}");
        // The session is complete: its page takes no second payment.
        let again = payer.post(&url).send().await.expect("the page");
        assert_eq!(again.status(), StatusCode::GONE, "{b}");
        assert_eq!(card_payments(&app).await.0.len(), 1, "{b}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn notifications_are_believed_only_with_stripes_signature() {
    for_each_bare_backend(|backend| async move {
        let fake = FakeStripe::start().await;
        let (app, owner, _) = card_app(&backend, &fake).await;
        let b = app.backend;
        checkout_url(&pay_by_card(&owner).await);
        let session = fake.session_ids()[0].clone();
        let completed = fake.pay(&session)[0].to_string();
        let t = now();
        let refused = [
            String::new(),
            signature(&completed, "whsec_someone_else", t),
            signature(&completed, WEBHOOK_SECRET, t - 600),
            format!("t={t},v1=00{}", &v1(&completed, WEBHOOK_SECRET, t)[2..]),
        ];
        for header in &refused {
            let status = fake.post_signed(&webhook(&app), &completed, header).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{b}: {header}");
        }
        let altered = completed.replace("8400", "9400");
        let status = fake
            .post_signed(
                &webhook(&app),
                &altered,
                &signature(&completed, WEBHOOK_SECRET, t),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{b}: a body that is not the one signed"
        );
        assert_eq!(card_payments(&app).await.0.len(), 0, "{b}: nothing changed");

        // During a rotation Stripe signs with the old secret and the new one.
        let rotated = format!(
            "t={t},v1={},v1={}",
            v1(&completed, "whsec_old", t),
            v1(&completed, WEBHOOK_SECRET, t)
        );
        assert_eq!(
            fake.post_signed(&webhook(&app), &completed, &rotated).await,
            StatusCode::OK,
            "{b}"
        );
        assert_eq!(card_payments(&app).await.0.len(), 1, "{b}");

        // A type the client does not know, and a known one Comptoir does not use (in a shape
        // the client does not read): both are acknowledged and left alone.
        for (kind, object) in [
            (
                "comptoir.not_a_stripe_type",
                serde_json::json!({"id": "x_1"}),
            ),
            (
                "customer.created",
                serde_json::json!({"id": "cus_1", "object": "customer"}),
            ),
        ] {
            let other = fake_stripe::event(&format!("evt_{kind}"), kind, object);
            assert_eq!(
                fake.deliver(&webhook(&app), &other).await,
                StatusCode::OK,
                "{b}: {kind}"
            );
        }
        assert_eq!(card_payments(&app).await.0.len(), 1, "{b}");
    })
    .await;
}

/// The billing use cases of `app`'s database with the Stripe adapter on `fake`, as the app's
/// background job runs them.
pub async fn stripe_billing(app: &TestApp, fake: &FakeStripe) -> Billing {
    let env = fake.env();
    let config = Config::from_lookup(|name| {
        env.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.clone())
    })
    .expect("a configuration");
    let store = Store::connect(&app.database_url).await.expect("connect");
    let cards = StripeCards::new(
        config.stripe.as_ref().expect("Stripe is on"),
        &app.url(""),
        BankTransfer::new(""),
    )
    .expect("a client");
    Billing::new(store, config.operator).with_payments(Arc::new(cards))
}

/// Pays the test invoice (84.00 EUR) by card, confirmed by both of Stripe's events (the second
/// names the charge); the operator, signed in.
pub async fn paid_by_card(app: &TestApp, owner: &Browser, fake: &FakeStripe) -> Browser {
    checkout_url(&pay_by_card(owner).await);
    let session = fake.session_ids()[0].clone();
    for event in fake.pay(&session) {
        assert_eq!(fake.deliver(&webhook(app), &event).await, StatusCode::OK);
    }
    let operator = app.browser();
    operator.log_in("operator@example.org", PASSWORD).await;
    operator
}
