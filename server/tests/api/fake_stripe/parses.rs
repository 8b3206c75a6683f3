//! The fake's own test: every answer it gives goes through async-stripe's types, as the real
//! client reads them, so that the fake cannot drift from Stripe's shapes.

use super::{FakeStripe, Trouble, WEBHOOK_SECRET, signature};
use crate::api::cards::NUMBER;
use crate::api::helpers::now;
use broker::billing::{
    AccountRequest, BankTransfer, CheckoutRequest, CheckoutState, InvoiceNumber, PaymentEvent,
    PaymentMethod, RefundRequest, RefundState, TransferRequest,
};
use broker::catalog::ProviderId;
use broker::money::MARKETPLACE_CURRENCY;
use server::config::Config;
use server::stripe_adapter::StripeCards;
use stripe_webhook::{EventObject, Webhook};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_fakes_answers_parse_as_stripes() {
    let fake = FakeStripe::start().await;
    let env = fake.env();
    let config = Config::from_lookup(|name| {
        env.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.clone())
    })
    .expect("a configuration");
    let cards = StripeCards::new(
        config.stripe.as_ref().expect("Stripe is on"),
        "http://127.0.0.1:1",
        BankTransfer::new(""),
    )
    .expect("a client");
    let request = CheckoutRequest {
        invoice: InvoiceNumber::parse(NUMBER).expect("a number"),
        checkout: 7,
        amount_minor: 8400,
        currency: MARKETPLACE_CURRENCY,
        idempotency_key: "checkout:CPT-2026-000001:1",
    };
    let opened = cards.open_checkout(&request).await.expect("a session");
    let parsed: stripe_checkout::CheckoutSession =
        miniserde::json::from_str(&fake.session(&opened.session).to_string()).expect("a session");
    assert_eq!(parsed.amount_total, Some(8400));
    assert_eq!(
        cards
            .checkout_state(&opened.session, 7)
            .await
            .expect("a state"),
        CheckoutState::Open
    );

    let events = fake.pay(&opened.session);
    let t = now();
    let objects: Vec<EventObject> = events
        .iter()
        .map(|event| {
            let payload = event.to_string();
            Webhook::construct_event(
                &payload,
                &signature(&payload, WEBHOOK_SECRET, t),
                WEBHOOK_SECRET,
            )
            .expect("an event")
            .data
            .object
        })
        .collect();
    assert!(matches!(
        objects[0],
        EventObject::CheckoutSessionCompleted(_)
    ));
    assert!(
        matches!(&objects[1], EventObject::PaymentIntentSucceeded(intent) if intent.amount_received == 8400 && intent.metadata["checkout"] == "7")
    );
    match cards
        .checkout_state(&opened.session, 7)
        .await
        .expect("a state")
    {
        CheckoutState::Settled(PaymentEvent::Paid(paid)) => {
            assert_eq!(
                (paid.checkout, paid.amount_minor, paid.currency.as_str()),
                (7, 8400, "eur")
            );
            assert!(paid.payment.starts_with("pi_"));
        }
        other => panic!("paid, not {other:?}"),
    }

    let second = cards
        .open_checkout(&CheckoutRequest {
            idempotency_key: "checkout:CPT-2026-000001:2",
            ..request.clone()
        })
        .await
        .expect("a session");
    cards
        .expire_checkout(&second.session)
        .await
        .expect("expired");
    let expired = fake.expire(&second.session).to_string();
    let event = Webhook::construct_event(
        &expired,
        &signature(&expired, WEBHOOK_SECRET, t),
        WEBHOOK_SECRET,
    )
    .expect("an event");
    assert!(matches!(
        event.data.object,
        EventObject::CheckoutSessionExpired(_)
    ));

    // A refund of the payment, and its notification.
    let intent = events[1]["data"]["object"]["id"]
        .as_str()
        .expect("an intent");
    let refund = cards
        .refund(&RefundRequest {
            refund: 3,
            payment: intent,
            amount_minor: 1000,
            idempotency_key: "refund:1:1",
        })
        .await
        .expect("a refund");
    assert_eq!((refund.refund, &refund.state), (3, &RefundState::Succeeded));
    let read = |event: &serde_json::Value| {
        let payload = event.to_string();
        Webhook::construct_event(
            &payload,
            &signature(&payload, WEBHOOK_SECRET, t),
            WEBHOOK_SECRET,
        )
        .expect("an event")
        .data
        .object
    };
    let updated = fake.settle_refund(&refund.method_ref, "failed");
    assert!(
        matches!(read(&updated), EventObject::RefundUpdated(found) if found.failure_reason.is_some())
    );
    let state = cards
        .refund_state(&refund.method_ref, 3)
        .await
        .expect("a state");
    assert!(matches!(state.state, RefundState::Failed(_)));

    // A provider's account, its onboarding link, its notification, a transfer into it.
    let account = cards
        .open_account(&AccountRequest {
            provider: ProviderId::new(2),
            idempotency_key: "account:2",
        })
        .await
        .expect("an account");
    let link = cards
        .onboarding_link(&account, ProviderId::new(2))
        .await
        .expect("a link");
    assert!(link.ends_with(&format!("onboard/{account}")), "{link}");
    assert!(
        matches!(read(&fake.enable_payouts(&account)), EventObject::AccountUpdated(found) if found.payouts_enabled == Some(true))
    );
    let transfer = cards
        .transfer(&TransferRequest {
            transfer: 4,
            account: &account,
            amount_minor: 7560,
            currency: MARKETPLACE_CURRENCY,
            invoice: InvoiceNumber::parse(NUMBER).expect("a number"),
            source: Some("ch_fake000002"),
            idempotency_key: "transfer:2:CPT-2026-000001:1",
        })
        .await
        .expect("a transfer");
    assert!(transfer.starts_with("tr_"), "{transfer}");

    // Stripe's error body is read as Stripe's error, not as an answer that does not parse.
    fake.trouble_next(Trouble::ServerError);
    let refused = cards
        .open_checkout(&CheckoutRequest {
            idempotency_key: "checkout:CPT-2026-000001:3",
            ..request
        })
        .await
        .expect_err("a 500");
    assert!(
        refused.to_string().contains("Something went wrong"),
        "{refused}"
    );
}
