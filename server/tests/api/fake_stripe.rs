//! A fake Stripe for the tests: an HTTP server on `127.0.0.1:0` with only the endpoints Comptoir
//! calls (Checkout Sessions: create, retrieve, expire; Refunds: create, retrieve), answering in Stripe's shapes, keeping
//! Stripe's idempotency (the same key gets the same answer), and failing on demand. The test
//! plays the payer ([`FakeStripe::pay`]) and decides which events reach the app, in which
//! order, how many times, signed as Stripe signs them ([`FakeStripe::deliver`]).
//!
//! Its own test (`the_fakes_answers_parse_as_stripes`, in `cards.rs`) runs every answer through
//! async-stripe's types, so that the fake cannot drift from what the real client reads.

use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// The secrets the app is started with in these tests.
pub const SECRET_KEY: &str = "sk_test_comptoir";
pub const WEBHOOK_SECRET: &str = "whsec_comptoir_tests";

/// What the next creating call meets instead of a normal answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trouble {
    /// A 500 with Stripe's error body, kept as the key's answer (as Stripe keeps it).
    ServerError,
    /// The call is carried out, then the connection closes without an answer.
    NoAnswer,
}

/// One call the fake received.
#[derive(Clone, Debug)]
pub struct Call {
    pub method: &'static str,
    pub path: String,
    pub idempotency_key: Option<String>,
    pub form: BTreeMap<String, String>,
}

#[derive(Default)]
struct Fake {
    sessions: BTreeMap<String, Value>,
    intents: BTreeMap<String, Value>,
    refunds: BTreeMap<String, Value>,
    /// Whether new refunds stay pending (as bank refunds do) rather than succeed at once.
    refunds_wait: bool,
    answers: HashMap<String, (StatusCode, Value)>,
    calls: Vec<Call>,
    troubles: VecDeque<Trouble>,
    counter: u64,
    base: String,
}

impl Fake {
    fn next_id(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}_fake{:06}", self.counter)
    }
}

pub struct FakeStripe {
    pub addr: SocketAddr,
    fake: Arc<Mutex<Fake>>,
    serving: tokio::task::JoinHandle<()>,
    http: reqwest::Client,
}

impl Drop for FakeStripe {
    fn drop(&mut self) {
        self.serving.abort();
    }
}

fn now() -> i64 {
    crate::api::helpers::now()
}

fn error(status: StatusCode, kind: &str, message: &str) -> (StatusCode, Value) {
    (status, json!({"error": {"type": kind, "message": message}}))
}

/// `metadata[invoice]=…` fields as a JSON object, for `prefix` (`metadata`,
/// `payment_intent_data[metadata]`).
fn metadata(form: &BTreeMap<String, String>, prefix: &str) -> Value {
    let start = format!("{prefix}[");
    let mut object = serde_json::Map::new();
    for (key, value) in form {
        if let Some(name) = key
            .strip_prefix(&start)
            .and_then(|rest| rest.strip_suffix(']'))
        {
            object.insert(name.to_owned(), Value::String(value.clone()));
        }
    }
    Value::Object(object)
}

fn authorized(headers: &HeaderMap) -> bool {
    headers
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value == format!("Bearer {SECRET_KEY}"))
}

async fn create_session(
    State(fake): State<Arc<Mutex<Fake>>>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let form: BTreeMap<String, String> = fields.into_iter().collect();
    let key = headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let (answer, trouble) = {
        let mut fake = fake.lock().expect("the fake");
        fake.calls.push(Call {
            method: "POST",
            path: "/v1/checkout/sessions".to_owned(),
            idempotency_key: key.clone(),
            form: form.clone(),
        });
        if let Some(kept) = key.as_ref().and_then(|key| fake.answers.get(key)) {
            return kept.clone().into_response_pair();
        }
        let trouble = fake.troubles.pop_front();
        let answer = if !authorized(&headers) {
            error(
                StatusCode::UNAUTHORIZED,
                "invalid_request_error",
                "Invalid API Key",
            )
        } else if trouble == Some(Trouble::ServerError) {
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "api_error",
                "Something went wrong",
            )
        } else {
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
                "metadata": metadata(&form, "metadata"),
                "mode": form.get("mode"),
                "payment_intent": null,
                "payment_method_types": ["card"],
                "payment_status": "unpaid",
                "shipping_options": [],
                "status": "open",
                "success_url": form.get("success_url"),
                "url": format!("{}pay/{id}", fake.base),
                "intent_metadata": metadata(&form, "payment_intent_data[metadata]"),
                "transfer_group": form.get("payment_intent_data[transfer_group]"),
            });
            fake.sessions.insert(id, session.clone());
            (StatusCode::OK, public(&session))
        };
        if let Some(key) = key {
            fake.answers.insert(key, answer.clone());
        }
        (answer, trouble)
    };
    if trouble == Some(Trouble::NoAnswer) {
        // The session exists and the key's answer is kept; the client only hears the
        // connection close (the server's task for this connection ends here).
        panic!("the fake Stripe drops this connection without an answer, as the test asked");
    }
    answer.into_response_pair()
}

async fn create_refund(
    State(fake): State<Arc<Mutex<Fake>>>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let form: BTreeMap<String, String> = fields.into_iter().collect();
    let key = headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let mut fake = fake.lock().expect("the fake");
    fake.calls.push(Call {
        method: "POST",
        path: "/v1/refunds".to_owned(),
        idempotency_key: key.clone(),
        form: form.clone(),
    });
    if let Some(kept) = key.as_ref().and_then(|key| fake.answers.get(key)) {
        return kept.clone().into_response_pair();
    }
    let trouble = fake.troubles.pop_front();
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
    let answer = match fake.intents.get(&intent_id).cloned() {
        _ if trouble == Some(Trouble::ServerError) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "api_error",
            "Something went wrong",
        ),
        None => error(
            StatusCode::NOT_FOUND,
            "invalid_request_error",
            "No such payment_intent",
        ),
        Some(intent)
            if amount <= 0
                || refunded + amount > intent["amount_received"].as_i64().unwrap_or(0) =>
        {
            error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "Refund amount is greater than unrefunded amount",
            )
        }
        Some(intent) => {
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
                "metadata": metadata(&form, "metadata"),
                "payment_intent": intent_id,
                "status": status,
            });
            fake.refunds.insert(id, refund.clone());
            (StatusCode::OK, refund)
        }
    };
    if let Some(key) = key {
        fake.answers.insert(key, answer.clone());
    }
    drop(fake);
    if trouble == Some(Trouble::NoAnswer) {
        panic!("the fake Stripe drops this connection without an answer, as the test asked");
    }
    answer.into_response_pair()
}

async fn retrieve_refund(State(fake): State<Arc<Mutex<Fake>>>, Path(id): Path<String>) -> Response {
    let mut fake = fake.lock().expect("the fake");
    fake.calls.push(Call {
        method: "GET",
        path: format!("/v1/refunds/{id}"),
        idempotency_key: None,
        form: BTreeMap::new(),
    });
    match fake.refunds.get(&id) {
        Some(refund) => (StatusCode::OK, refund.clone()),
        None => error(
            StatusCode::NOT_FOUND,
            "invalid_request_error",
            "No such refund",
        ),
    }
    .into_response_pair()
}

/// A session as Stripe shows it: without the fake's own bookkeeping.
fn public(session: &Value) -> Value {
    let mut shown = session.clone();
    if let Some(object) = shown.as_object_mut() {
        object.remove("intent_metadata");
        object.remove("transfer_group");
    }
    shown
}

trait IntoResponsePair {
    fn into_response_pair(self) -> Response;
}

impl IntoResponsePair for (StatusCode, Value) {
    fn into_response_pair(self) -> Response {
        (self.0, axum::Json(self.1)).into_response()
    }
}

async fn retrieve_session(
    State(fake): State<Arc<Mutex<Fake>>>,
    Path(id): Path<String>,
) -> Response {
    let mut fake = fake.lock().expect("the fake");
    fake.calls.push(Call {
        method: "GET",
        path: format!("/v1/checkout/sessions/{id}"),
        idempotency_key: None,
        form: BTreeMap::new(),
    });
    match fake.sessions.get(&id) {
        Some(session) => (StatusCode::OK, public(session)),
        None => error(
            StatusCode::NOT_FOUND,
            "invalid_request_error",
            "No such checkout.session",
        ),
    }
    .into_response_pair()
}

async fn expire_session(State(fake): State<Arc<Mutex<Fake>>>, Path(id): Path<String>) -> Response {
    let mut fake = fake.lock().expect("the fake");
    fake.calls.push(Call {
        method: "POST",
        path: format!("/v1/checkout/sessions/{id}/expire"),
        idempotency_key: None,
        form: BTreeMap::new(),
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
    pub async fn start() -> FakeStripe {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind port 0");
        let addr = listener.local_addr().expect("local address");
        let fake = Arc::new(Mutex::new(Fake {
            base: format!("http://{addr}/"),
            ..Fake::default()
        }));
        let router = Router::new()
            .route("/v1/checkout/sessions", post(create_session))
            .route("/v1/checkout/sessions/{id}", get(retrieve_session))
            .route("/v1/checkout/sessions/{id}/expire", post(expire_session))
            .route("/v1/refunds", post(create_refund))
            .route("/v1/refunds/{id}", get(retrieve_refund))
            .with_state(fake.clone());
        let serving = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("serve");
        });
        FakeStripe {
            addr,
            fake,
            serving,
            http: reqwest::Client::new(),
        }
    }

    /// The API base the app is configured with.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The environment that turns Stripe on, pointed at this fake.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("COMPTOIR_STRIPE_SECRET_KEY", SECRET_KEY.to_owned()),
            ("COMPTOIR_STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET.to_owned()),
            ("COMPTOIR_STRIPE_API_BASE", self.url()),
        ]
    }

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

    pub fn trouble_next(&self, trouble: Trouble) {
        self.fake
            .lock()
            .expect("the fake")
            .troubles
            .push_back(trouble);
    }

    pub fn calls(&self) -> Vec<Call> {
        self.fake.lock().expect("the fake").calls.clone()
    }

    /// The session `id` as Stripe shows it.
    pub fn session(&self, id: &str) -> Value {
        public(&self.fake.lock().expect("the fake").sessions[id])
    }

    /// The ids of the sessions created, in order.
    pub fn session_ids(&self) -> Vec<String> {
        self.fake
            .lock()
            .expect("the fake")
            .sessions
            .keys()
            .cloned()
            .collect()
    }

    /// The payer pays session `id` in full: it completes, and the events Stripe would send
    /// come back, `checkout.session.completed` then `payment_intent.succeeded`.
    pub fn pay(&self, id: &str) -> Vec<Value> {
        let mut fake = self.fake.lock().expect("the fake");
        let intent_id = fake.next_id("pi");
        let charge = fake.next_id("ch");
        let event_ids = [fake.next_id("evt"), fake.next_id("evt")];
        let session = fake.sessions.get_mut(id).expect("a session of the fake");
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
        fake.intents.insert(intent_id, intent);
        events
    }

    /// Session `id` expires (its time ran out): the event Stripe would send.
    pub fn expire(&self, id: &str) -> Value {
        let mut fake = self.fake.lock().expect("the fake");
        let event_id = fake.next_id("evt");
        let session = fake.sessions.get_mut(id).expect("a session of the fake");
        session["status"] = json!("expired");
        event(&event_id, "checkout.session.expired", public(session))
    }

    /// Sends `event` to `url` as Stripe does, signed with the tests' webhook secret at the
    /// current time; the answer's status.
    pub async fn deliver(&self, url: &str, event: &Value) -> StatusCode {
        let payload = event.to_string();
        let signature = signature(&payload, WEBHOOK_SECRET, now());
        self.post_signed(url, &payload, &signature).await
    }

    /// Sends `payload` to `url` with `signature` as its `Stripe-Signature` header.
    pub async fn post_signed(&self, url: &str, payload: &str, signature: &str) -> StatusCode {
        self.http
            .post(url)
            .header("content-type", "application/json")
            .header("stripe-signature", signature)
            .body(payload.to_owned())
            .send()
            .await
            .expect("the app answers")
            .status()
    }
}

/// An event of `kind` about `object`, in the envelope Stripe sends.
pub fn event(id: &str, kind: &str, object: Value) -> Value {
    json!({
        "id": id,
        "object": "event",
        "api_version": "2026-09-30.endive",
        "created": now(),
        "data": {"object": object},
        "livemode": false,
        "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "type": kind,
    })
}

/// The `Stripe-Signature` header of `payload` signed with `secret` at `t`.
pub fn signature(payload: &str, secret: &str, t: i64) -> String {
    format!("t={t},v1={}", v1(payload, secret, t))
}

/// One `v1` signature: HMAC-SHA256 of `t.payload`, in hex.
pub fn v1(payload: &str, secret: &str, t: i64) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key size");
    mac.update(format!("{t}.{payload}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}
