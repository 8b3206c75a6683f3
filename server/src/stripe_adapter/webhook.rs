//! `POST /webhooks/stripe`: what Stripe confirms of card payments. The route is outside the
//! cross-site check (Stripe is not a browser on this site) and outside the sessions; the body is
//! believed only once its `Stripe-Signature` verifies against the webhook secret (HMAC-SHA256
//! over `t.body`, five minutes of tolerance, any of the `v1` signatures Stripe sends while a
//! secret is rotated). Anything else gets 400 and changes nothing.
//!
//! Each notification is applied once: its id is stored with its effect
//! (`broker::service::billing`). Checkout Sessions completed or expired, payment intents
//! succeeded, refunds created, updated or failed, and providers' accounts updated are applied; every other type answers 200
//! and is left alone.

use super::{metadata_id, refund_answer, session_event};
use crate::config::stripe::Secret;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use broker::billing::{CardPaid, PaymentEvent};
use broker::provisioning::port::{Clock, SystemClock};
use broker::service::billing::{Billing, CardError};
use broker::store::checkouts::SeenEvent;
use std::sync::Arc;
use stripe_webhook::{EventObject, Webhook, WebhookError};

/// What the webhook needs: the use cases and the secret Stripe signs with.
#[derive(Clone, Debug)]
pub struct StripeWebhook {
    pub billing: Billing,
    /// The signing secrets of the endpoints (the platform's, the connected accounts').
    pub secrets: Arc<Vec<Secret>>,
}

/// The card payment a notification's object tells of, if any.
fn card_event(object: &EventObject, created: i64) -> Option<PaymentEvent> {
    match object {
        EventObject::CheckoutSessionCompleted(session)
        | EventObject::CheckoutSessionAsyncPaymentSucceeded(session)
        | EventObject::CheckoutSessionExpired(session) => {
            session_event(session, metadata_id(session.metadata.as_ref(), "checkout")?)
        }
        EventObject::PaymentIntentSucceeded(intent) => Some(PaymentEvent::Paid(CardPaid {
            checkout: metadata_id(Some(&intent.metadata), "checkout")?,
            amount_minor: intent.amount_received,
            currency: intent.currency.to_string(),
            payment: intent.id.to_string(),
            charge: intent
                .latest_charge
                .as_ref()
                .map(|charge| charge.id().to_string()),
        })),
        EventObject::AccountUpdated(account) => Some(PaymentEvent::Account {
            account: account.id.to_string(),
            payouts_enabled: account.payouts_enabled.unwrap_or(false),
            at: created,
        }),
        EventObject::RefundCreated(refund)
        | EventObject::RefundUpdated(refund)
        | EventObject::RefundFailed(refund)
        | EventObject::ChargeRefundUpdated(refund) => Some(PaymentEvent::Refund(refund_answer(
            refund,
            metadata_id(refund.metadata.as_ref(), "refund")?,
        ))),
        _ => None,
    }
}

pub async fn receive(
    State(hook): State<StripeWebhook>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let signature = headers
        .get("stripe-signature")
        .and_then(|value| value.to_str().ok());
    let (Some(signature), Ok(payload)) = (signature, std::str::from_utf8(&body)) else {
        return (StatusCode::BAD_REQUEST, "A signed Stripe event is expected").into_response();
    };
    // The first secret whose signature verifies, else the refusal.
    let mut verified = Err(WebhookError::BadSignature);
    for secret in hook.secrets.iter() {
        verified = Webhook::construct_event(payload, signature, secret.expose());
        if !matches!(verified, Err(WebhookError::BadSignature)) {
            break;
        }
    }
    let event = match verified {
        Ok(event) => event,
        // Signed by Stripe, but not in a shape this client reads (a type Comptoir does not
        // use, from a newer API version): Stripe need not send it again. A card payment's
        // state is asked for anyway once its checkout has been open for a while.
        Err(WebhookError::BadParse(err)) => {
            tracing::warn!(%err, "a signed Stripe notification does not read; left alone");
            return (StatusCode::OK, "Not read").into_response();
        }
        Err(err) => {
            tracing::warn!(%err, "refused a Stripe notification");
            return (StatusCode::BAD_REQUEST, "The signature does not verify").into_response();
        }
    };
    let Some(what) = card_event(&event.data.object, event.created) else {
        return (StatusCode::OK, "Not used").into_response();
    };
    let id = event.id.to_string();
    let seen = SeenEvent {
        id: &id,
        kind: event.type_.as_str(),
    };
    match hook
        .billing
        .apply_payment_event(Some(seen), &what, SystemClock.now())
        .await
    {
        Ok(_) => (StatusCode::OK, "Applied").into_response(),
        // A confirmation that cannot be booked as it is: retrying will not change it.
        Err(
            err @ (CardError::Build(_)
            | CardError::Refund(broker::service::billing::SettlementError::Build(_))),
        ) => {
            tracing::error!(%err, event = id, "a Stripe notification could not be applied");
            (StatusCode::OK, "Not applied").into_response()
        }
        Err(err) => {
            tracing::error!(%err, event = id, "a Stripe notification failed; Stripe sends it again");
            (StatusCode::INTERNAL_SERVER_ERROR, "Try again").into_response()
        }
    }
}
