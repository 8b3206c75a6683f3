//! Card payments when something is lost between Comptoir and Stripe: a call without an answer is
//! repeated under its key, a refused one is not; a notification that never arrives is made up
//! by asking Stripe.

use crate::api::cards::{
    NUMBER, PASSWORD, card_app, card_payments, checkout_url, pay_by_card, stripe_billing, webhook,
};
use crate::api::fake_stripe::{FakeStripe, LATE_BY, Trouble};
use crate::api::helpers::{Answer, Browser, for_each_bare_backend, now};
use app::error::{AppError, Refusal};
use broker::service::billing::CHECK_AFTER_SECS;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_call_without_an_answer_is_repeated_with_its_key_and_a_refused_one_is_not() {
    for_each_bare_backend(|backend| async move {
        let fake = FakeStripe::start().await;
        let (app, owner, _) = card_app(&backend, &fake).await;
        let b = app.backend;
        let unavailable = AppError::Refused(Refusal::CardUnavailable);
        fake.trouble_next(Trouble::ServerError);
        let refused = pay_by_card(&owner).await;
        assert_eq!(
            refused.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{b}: {}",
            refused.body
        );
        refused.assert_refused(&unavailable, b);
        fake.trouble_next(Trouble::NoAnswer);
        pay_by_card(&owner).await.assert_refused(&unavailable, b);
        let url = checkout_url(&pay_by_card(&owner).await);
        let keys: Vec<_> = fake
            .calls()
            .into_iter()
            .filter_map(|call| call.idempotency_key)
            .collect();
        assert_eq!(
            keys,
            [
                "checkout:CPT-2026-000001:1",
                "checkout:CPT-2026-000001:2",
                "checkout:CPT-2026-000001:2"
            ],
            "{b}: a refused key is not used again, an unanswered one is"
        );
        assert_eq!(
            fake.session_ids().len(),
            1,
            "{b}: one session, whatever was retried"
        );
        assert_eq!(
            url,
            format!("{}pay/{}", fake.url(), fake.session_ids()[0]),
            "{b}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn lost_notifications_are_made_up_by_asking_stripe() {
    for_each_bare_backend(|backend| async move {
        let fake = FakeStripe::start().await;
        let (app, owner, _) = card_app(&backend, &fake).await;
        let b = app.backend;
        checkout_url(&pay_by_card(&owner).await);
        let first = fake.session_ids()[0].clone();
        // The payer leaves; the session expires and its event is delivered: the next try opens
        // a new session.
        let cancelled = owner
            .get(&format!("/billing/invoices/{NUMBER}?card=cancelled"))
            .await;
        assert!(
            cancelled.body.contains("data-card-note=\"cancelled\""),
            "{b}"
        );
        let expired = fake.expire(&first);
        assert_eq!(
            fake.deliver(&webhook(&app), &expired).await,
            StatusCode::OK,
            "{b}"
        );
        checkout_url(&pay_by_card(&owner).await);
        let ids = fake.session_ids();
        assert_eq!(ids.len(), 2, "{b}");
        let second = ids
            .into_iter()
            .find(|id| *id != first)
            .expect("a second session");

        // Paid, and no event arrives: the reconciliation asks Stripe once the checkout has been
        // open for a while.
        let events = fake.pay(&second);
        let billing = stripe_billing(&app, &fake).await;
        assert_eq!(
            billing.reconcile_checkouts(now()).await.expect("a round"),
            0,
            "{b}: too soon"
        );
        let later = now() + CHECK_AFTER_SECS + 1;
        assert_eq!(
            billing.reconcile_checkouts(later).await.expect("a round"),
            1,
            "{b}"
        );
        let (payments, posted) = card_payments(&app).await;
        assert_eq!((payments.len(), posted), (1, 1), "{b}");
        // The events arrive after all, days late: nothing more.
        for event in &events {
            assert_eq!(
                fake.deliver(&webhook(&app), event).await,
                StatusCode::OK,
                "{b}"
            );
        }
        assert_eq!(card_payments(&app).await, (payments, 1), "{b}");
        assert_eq!(
            billing
                .reconcile_checkouts(later + CHECK_AFTER_SECS)
                .await
                .expect("a round"),
            0,
            "{b}"
        );
    })
    .await;
}

/// The operator records `amount` EUR received by bank transfer on the tests' invoice.
async fn transfer_received(operator: &Browser, amount: &str) -> Answer {
    operator
        .call(
            "record_payment",
            &[
                ("form[invoice]", NUMBER),
                ("form[amount]", amount),
                ("form[received_on]", "2026-12-03"),
                ("form[reference]", "VIR CPT-2026-000001"),
            ],
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_payment_by_transfer_ends_the_checkout_even_while_it_opens() {
    for_each_bare_backend(|backend| async move {
        let fake = FakeStripe::start().await;
        let (app, owner, _) = card_app(&backend, &fake).await;
        let b = app.backend;
        let operator = app.browser();
        operator.log_in("operator@example.org", PASSWORD).await;

        // Part of the invoice is received while Stripe is still answering the payer's click:
        // that checkout asks for too much, so its page is not handed out, and it is closed.
        fake.trouble_next(Trouble::Late);
        let (clicked, recorded) = tokio::join!(pay_by_card(&owner), async {
            tokio::time::sleep(LATE_BY / 3).await;
            transfer_received(&operator, "40").await
        });
        assert_eq!(recorded.status, StatusCode::OK, "{b}: {}", recorded.body);
        clicked.assert_refused(&AppError::Conflict, b);
        let first = fake.session_ids()[0].clone();
        assert_eq!(fake.session(&first)["status"], "expired", "{b}");

        // Clicked again: a checkout of what is left.
        checkout_url(&pay_by_card(&owner).await);
        let second = fake.session_ids()[1].clone();
        assert_eq!(fake.session(&second)["amount_total"], 4400, "{b}");
        // The rest is received by transfer too: the payer's open page can take no payment.
        let recorded = transfer_received(&operator, "44").await;
        assert_eq!(recorded.status, StatusCode::OK, "{b}: {}", recorded.body);
        assert_eq!(fake.session(&second)["status"], "expired", "{b}");
        assert_eq!(card_payments(&app).await.0.len(), 0, "{b}");
    })
    .await;
}
