//! The operator refunds card payments through Stripe (the fake one): in part or whole, recorded
//! with its ledger transaction only once Stripe says the money went back, at once, by a
//! notification or when asked; a failed refund gives its amount back to refund.

use crate::api::cards::{NUMBER, card_app, paid_by_card, stripe_billing, webhook};
use crate::api::fake_stripe::{FakeStripe, Trouble};
use crate::api::helpers::{Browser, TestApp, for_each_bare_backend, now};
use app::error::{AppError, FieldProblem};
use broker::account::Field;
use broker::billing::Settlement;
use broker::service::billing::CHECK_AFTER_SECS;
use reqwest::StatusCode;

async fn refund(operator: &Browser, amount: &str) -> crate::api::helpers::Answer {
    operator
        .call(
            "refund_card_payment",
            &[
                ("form[invoice]", NUMBER),
                ("form[amount]", amount),
                ("form[reason]", "service credit agreed with the customer"),
            ],
        )
        .await
}

/// The invoice's status and paid amount, and how many refunds the ledger holds.
async fn invoice_state(app: &TestApp) -> (String, i64, i64) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("connect");
    let (status, paid): (String, i64) =
        sqlx::query_as("SELECT status, paid_minor FROM invoices WHERE number = $1")
            .bind(NUMBER)
            .fetch_one(&pool)
            .await
            .expect("the invoice");
    let refunds: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'refund'")
            .fetch_one(&pool)
            .await
            .expect("the ledger");
    pool.close().await;
    (status, paid, refunds)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_operator_refunds_a_card_payment_in_part_then_the_rest() {
    for_each_bare_backend(|backend| async move {
        let fake = FakeStripe::start().await;
        let (app, owner, _) = card_app(&backend, &fake).await;
        let b = app.backend;
        let operator = paid_by_card(&app, &owner, &fake).await;
        assert_eq!(
            invoice_state(&app).await,
            ("paid".to_owned(), 8400, 0),
            "{b}"
        );
        let page = operator.get("/admin/billing").await;
        assert!(
            page.body.contains("refund_card_payment"),
            "{b}: the refund form"
        );

        assert_eq!(
            refund(&owner, "20").await.error(),
            AppError::Forbidden,
            "{b}: only the operator refunds"
        );
        let done = refund(&operator, "20").await;
        assert_eq!(done.status, StatusCode::OK, "{b}: {}", done.body);
        assert!(done.body.contains("done=refund\""), "{b}: {}", done.body);
        let call = fake
            .calls()
            .into_iter()
            .find(|call| call.path == "/v1/refunds")
            .expect("a refund call");
        assert!(
            call.idempotency_key
                .as_deref()
                .is_some_and(|key| key.starts_with("refund:") && key.ends_with(":1")),
            "{b}: {call:?}"
        );
        assert_eq!(
            call.form.get("amount").map(String::as_str),
            Some("2000"),
            "{b}"
        );
        assert!(call.form["payment_intent"].starts_with("pi_"), "{b}");
        // Paid no more in full: 20.00 EUR is due again.
        assert_eq!(
            invoice_state(&app).await,
            ("finalized".to_owned(), 6400, 1),
            "{b}"
        );
        let invoice = owner.get(&format!("/billing/invoices/{NUMBER}")).await;
        assert!(
            invoice.body.contains("data-left=\"\">20.00 EUR"),
            "{b}: {}",
            invoice.body
        );
        assert!(
            invoice.body.contains("refunded 20.00 EUR"),
            "{b}: the tenant reads the refund"
        );

        refund(&operator, "64.01").await.assert_refused(
            &AppError::invalid(
                Field::Amount,
                FieldProblem::Settlement(Settlement::RefundTooLarge),
            ),
            b,
        );
        // Stripe's own notification of the refund changes nothing more.
        let made = fake.refunds()[0]["id"].as_str().expect("an id").to_owned();
        let updated = fake.settle_refund(&made, "succeeded");
        assert_eq!(
            fake.deliver(&webhook(&app), &updated).await,
            StatusCode::OK,
            "{b}"
        );
        assert_eq!(invoice_state(&app).await.2, 1, "{b}");
        assert!(
            refund(&operator, "64").await.body.contains("done=refund\""),
            "{b}"
        );
        assert_eq!(
            invoice_state(&app).await,
            ("finalized".to_owned(), 0, 2),
            "{b}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refund_is_recorded_when_stripe_says_the_money_went_back() {
    for_each_bare_backend(|backend| async move {
        let fake = FakeStripe::start().await;
        let (app, owner, _) = card_app(&backend, &fake).await;
        let b = app.backend;
        let operator = paid_by_card(&app, &owner, &fake).await;
        fake.refunds_wait(true);
        assert!(
            refund(&operator, "10")
                .await
                .body
                .contains("done=refund_pending"),
            "{b}"
        );
        assert_eq!(
            invoice_state(&app).await,
            ("paid".to_owned(), 8400, 0),
            "{b}: not yet"
        );
        let first = fake.refunds()[0]["id"].as_str().expect("an id").to_owned();
        let succeeded = fake.settle_refund(&first, "succeeded");
        assert_eq!(
            fake.deliver(&webhook(&app), &succeeded).await,
            StatusCode::OK,
            "{b}"
        );
        assert_eq!(
            invoice_state(&app).await,
            ("finalized".to_owned(), 7400, 1),
            "{b}"
        );

        // A refund that fails gives its amount back: all that is left can then be refunded.
        assert!(
            refund(&operator, "74")
                .await
                .body
                .contains("done=refund_pending"),
            "{b}"
        );
        let second = fake.refunds()[1]["id"].as_str().expect("an id").to_owned();
        let failed = fake.settle_refund(&second, "failed");
        assert_eq!(
            fake.deliver(&webhook(&app), &failed).await,
            StatusCode::OK,
            "{b}"
        );
        assert_eq!(
            invoice_state(&app).await,
            ("finalized".to_owned(), 7400, 1),
            "{b}"
        );

        // Stripe takes the next one but its answer is lost: the reconciliation asks again with
        // the same key, and then learns that it went through.
        fake.trouble_next(Trouble::NoAnswer);
        assert!(
            refund(&operator, "74")
                .await
                .body
                .contains("done=refund_pending"),
            "{b}"
        );
        let billing = stripe_billing(&app, &fake).await;
        let later = now() + CHECK_AFTER_SECS + 1;
        assert_eq!(
            billing
                .reconcile_refunds(later - CHECK_AFTER_SECS, later)
                .await
                .expect("a round"),
            1,
            "{b}"
        );
        let keys: Vec<_> = fake
            .calls()
            .into_iter()
            .filter(|call| call.path == "/v1/refunds")
            .filter_map(|call| call.idempotency_key)
            .collect();
        assert_eq!(keys.len(), 4, "{b}: {keys:?}");
        assert_eq!(
            keys[2], keys[3],
            "{b}: the lost call is repeated under its key"
        );
        assert_eq!(fake.refunds().len(), 3, "{b}: and refunds once");
        let third = fake.refunds()[2]["id"].as_str().expect("an id").to_owned();
        fake.settle_refund(&third, "succeeded");
        let after = later + CHECK_AFTER_SECS + 1;
        assert_eq!(
            billing
                .reconcile_refunds(after - CHECK_AFTER_SECS, after)
                .await
                .expect("a round"),
            1,
            "{b}"
        );
        assert_eq!(
            invoice_state(&app).await,
            ("finalized".to_owned(), 0, 2),
            "{b}"
        );
    })
    .await;
}
