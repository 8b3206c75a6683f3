//! The fake's Checkout Sessions: created open, read, expired.

use super::{
    Fake, FakeStripe, IntoResponsePair, create as creating, error, event, metadata, now, read,
};
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
    creating(
        &fake,
        &headers,
        "/v1/checkout/sessions",
        fields,
        |fake, form| {
            let id = fake.next_id("cs_test");
            let amount: i64 = form
                .get("line_items[0][price_data][unit_amount]")
                .and_then(|raw| raw.parse().ok())
                .unwrap_or(0);
            let created = now();
            let session = json!({
                "id": id,
                "object": "checkout.session",
                "amount_total": amount,
                "automatic_tax": {"enabled": false, "liability": null, "status": null},
                "cancel_url": form.get("cancel_url"),
                "client_reference_id": form.get("client_reference_id"),
                "created": created,
                "currency": form.get("line_items[0][price_data][currency]"),
                "custom_fields": [],
                "custom_text": {"after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null},
                "expires_at": created + 24 * 3600,
                "livemode": false,
                "metadata": metadata(form, "metadata"),
                "mode": form.get("mode"),
                "payment_intent": null,
                "payment_method_types": ["card"],
                "payment_status": "unpaid",
                "shipping_options": [],
                "status": "open",
                "success_url": form.get("success_url"),
                "url": format!("{}pay/{id}", fake.base),
                "intent_metadata": metadata(form, "payment_intent_data[metadata]"),
                "transfer_group": form.get("payment_intent_data[transfer_group]"),
            });
            fake.sessions.insert(id, session.clone());
            (StatusCode::OK, public(&session))
        },
    )
    .await
}

/// A session as Stripe shows it: without the fake's own bookkeeping.
pub fn public(session: &Value) -> Value {
    let mut shown = session.clone();
    if let Some(object) = shown.as_object_mut() {
        object.remove("intent_metadata");
        object.remove("transfer_group");
    }
    shown
}

pub async fn retrieve(State(fake): State<Arc<Mutex<Fake>>>, Path(id): Path<String>) -> Response {
    read(&fake, format!("/v1/checkout/sessions/{id}"), |fake| {
        fake.sessions.get(&id).map(public)
    })
}

pub async fn expire(State(fake): State<Arc<Mutex<Fake>>>, Path(id): Path<String>) -> Response {
    let mut fake = fake.lock().expect("the fake");
    fake.calls.push(super::Call {
        method: "POST",
        path: format!("/v1/checkout/sessions/{id}/expire"),
        idempotency_key: None,
        form: Default::default(),
    });
    let Some(session) = fake.sessions.get_mut(&id) else {
        return error(
            StatusCode::NOT_FOUND,
            "invalid_request_error",
            "No such checkout.session",
        )
        .into_response_pair();
    };
    if session["status"] != "open" {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "Only open sessions can be expired",
        )
        .into_response_pair();
    }
    session["status"] = json!("expired");
    (StatusCode::OK, public(session)).into_response_pair()
}

impl FakeStripe {
    /// The payer pays session `id` in full: it completes, and the events Stripe would send
    /// come back, `checkout.session.completed` then `payment_intent.succeeded`.
    pub fn pay(&self, id: &str) -> Vec<Value> {
        self.fake.lock().expect("the fake").pay(id)
    }

    /// Session `id` expires (its time ran out): the event Stripe would send.
    pub fn expire(&self, id: &str) -> Value {
        let mut fake = self.fake.lock().expect("the fake");
        let event_id = fake.next_id("evt");
        let session = fake.sessions.get_mut(id).expect("a session of the fake");
        session["status"] = json!("expired");
        event(&event_id, "checkout.session.expired", public(session))
    }
}

impl Fake {
    /// Session `id` paid in full, and the events Stripe sends about it.
    pub fn pay(&mut self, id: &str) -> Vec<Value> {
        let intent_id = self.next_id("pi");
        let charge = self.next_id("ch");
        let event_ids = [self.next_id("evt"), self.next_id("evt")];
        let session = self.sessions.get_mut(id).expect("a session of the fake");
        session["status"] = json!("complete");
        session["payment_status"] = json!("paid");
        session["payment_intent"] = json!(intent_id);
        let amount = session["amount_total"].clone();
        let intent = json!({
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_capturable": 0,
            "amount_received": amount,
            "capture_method": "automatic",
            "confirmation_method": "automatic",
            "created": now(),
            "currency": session["currency"],
            "latest_charge": charge,
            "livemode": false,
            "metadata": session["intent_metadata"],
            "payment_method_types": ["card"],
            "status": "succeeded",
            "transfer_group": session["transfer_group"],
        });
        let events = vec![
            event(&event_ids[0], "checkout.session.completed", public(session)),
            event(&event_ids[1], "payment_intent.succeeded", intent.clone()),
        ];
        self.intents.insert(intent_id, intent);
        events
    }
}
