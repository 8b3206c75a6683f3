//! The fake's Refunds of payment intents: succeeded at once, or pending until the test settles
//! them.

use super::{Fake, FakeStripe, create as creating, error, event, metadata, now, read};
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

pub async fn create(
    State(fake): State<Arc<Mutex<Fake>>>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    creating(&fake, &headers, "/v1/refunds", fields, |fake, form| {
        let intent_id = form.get("payment_intent").cloned().unwrap_or_default();
        let amount: i64 = form
            .get("amount")
            .and_then(|raw| raw.parse().ok())
            .unwrap_or(0);
        let refunded: i64 = fake
            .refunds
            .values()
            .filter(|refund| {
                refund["payment_intent"] == intent_id.as_str() && refund["status"] != "failed"
            })
            .map(|refund| refund["amount"].as_i64().unwrap_or(0))
            .sum();
        let Some(intent) = fake.intents.get(&intent_id).cloned() else {
            return error(
                StatusCode::NOT_FOUND,
                "invalid_request_error",
                "No such payment_intent",
            );
        };
        if amount <= 0 || refunded + amount > intent["amount_received"].as_i64().unwrap_or(0) {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "Refund amount is greater than unrefunded amount",
            );
        }
        let id = fake.next_id("re");
        let status = if fake.refunds_wait {
            "pending"
        } else {
            "succeeded"
        };
        let refund = json!({
            "id": id,
            "object": "refund",
            "amount": amount,
            "charge": intent["latest_charge"],
            "created": now(),
            "currency": intent["currency"],
            "metadata": metadata(form, "metadata"),
            "payment_intent": intent_id,
            "status": status,
        });
        fake.refunds.insert(id, refund.clone());
        (StatusCode::OK, refund)
    })
    .await
}

pub async fn retrieve(State(fake): State<Arc<Mutex<Fake>>>, Path(id): Path<String>) -> Response {
    read(&fake, format!("/v1/refunds/{id}"), |fake| {
        fake.refunds.get(&id).cloned()
    })
}

impl FakeStripe {
    /// Whether new refunds stay pending until [`FakeStripe::settle_refund`].
    pub fn refunds_wait(&self, wait: bool) {
        self.fake.lock().expect("the fake").refunds_wait = wait;
    }

    /// The refunds made, in order of their ids.
    pub fn refunds(&self) -> Vec<Value> {
        self.fake
            .lock()
            .expect("the fake")
            .refunds
            .values()
            .cloned()
            .collect()
    }

    /// Refund `id` ends as `status` (`succeeded`, `failed`): the `refund.updated` event.
    pub fn settle_refund(&self, id: &str, status: &str) -> Value {
        let mut fake = self.fake.lock().expect("the fake");
        let event_id = fake.next_id("evt");
        let refund = fake.refunds.get_mut(id).expect("a refund of the fake");
        refund["status"] = json!(status);
        if status == "failed" {
            refund["failure_reason"] = json!("expired_or_canceled_card");
        }
        event(&event_id, "refund.updated", refund.clone())
    }
}
