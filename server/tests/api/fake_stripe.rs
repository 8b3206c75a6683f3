//! A fake Stripe for the tests: an HTTP server on `127.0.0.1:0` with only the endpoints Comptoir
//! calls (Checkout Sessions: create, retrieve, expire; Refunds: create, retrieve; Connect:
//! accounts, account links, transfers), answering in Stripe's shapes, keeping
//! Stripe's idempotency (the same key gets the same answer), and failing on demand. The test
//! plays the payer ([`FakeStripe::pay`]) and decides which events reach the app, in which
//! order, how many times, signed as Stripe signs them ([`FakeStripe::deliver`]).
//!
//! A browser pays on its checkout page (`/pay/ID`), which delivers the events to the webhook
//! given by [`FakeStripe::deliver_to`]; the `fake_stripe` example serves it for the end-to-end
//! tests.
//!
//! Its own test (`the_fakes_answers_parse_as_stripes`, in `parses.rs`) runs every answer through
//! async-stripe's types, so that the fake cannot drift from what the real client reads.

use axum::Router;
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
/// The secret of the second endpoint, where Stripe sends the connected accounts' events.
pub const CONNECT_WEBHOOK_SECRET: &str = "whsec_comptoir_connect";

/// What the next creating call meets instead of a normal answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trouble {
    /// A 500 with Stripe's error body, kept as the key's answer (as Stripe keeps it).
    ServerError,
    /// The call is carried out, then the connection closes without an answer.
    NoAnswer,
    /// A 400 with Stripe's error body, as a refusal (a destination that cannot be paid).
    Refused,
    /// The call is carried out at once, and answered [`LATE_BY`] later.
    Late,
}

/// How long a [`Trouble::Late`] answer takes.
pub const LATE_BY: std::time::Duration = std::time::Duration::from_millis(1500);

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
    accounts: BTreeMap<String, Value>,
    transfers: BTreeMap<String, Value>,
    /// Whether new refunds stay pending (as bank refunds do) rather than succeed at once.
    refunds_wait: bool,
    answers: HashMap<String, (StatusCode, Value)>,
    calls: Vec<Call>,
    troubles: VecDeque<Trouble>,
    counter: u64,
    base: String,
    /// Where the hosted checkout page sends its events, once the app is known.
    webhook: Option<String>,
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

// Paths spelled out: the `fake_stripe` example includes this file too.
#[path = "fake_stripe/checkout.rs"]
mod checkout;
#[path = "fake_stripe/connect.rs"]
mod connect;
#[path = "fake_stripe/page.rs"]
mod page;
#[cfg(test)]
#[path = "fake_stripe/parses.rs"]
mod parses;
#[path = "fake_stripe/refunds.rs"]
mod refunds;

use checkout::public;

fn now() -> i64 {
    use broker::provisioning::port::Clock;
    broker::provisioning::port::SystemClock.now()
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

/// A creating call at `path`, with Stripe's idempotency (a key's first answer is its answer for
/// good), its authentication, and the trouble the test asked for; `make` carries it out.
async fn create(
    fake: &Mutex<Fake>,
    headers: &HeaderMap,
    path: &str,
    fields: Vec<(String, String)>,
    make: impl FnOnce(&mut Fake, &BTreeMap<String, String>) -> (StatusCode, Value),
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
            path: path.to_owned(),
            idempotency_key: key.clone(),
            form: form.clone(),
        });
        if let Some(kept) = key.as_ref().and_then(|key| fake.answers.get(key)) {
            return kept.clone().into_response_pair();
        }
        let trouble = fake.troubles.pop_front();
        let answer = if !authorized(headers) {
            error(
                StatusCode::UNAUTHORIZED,
                "invalid_request_error",
                "Invalid API Key",
            )
        } else if trouble == Some(Trouble::Refused) {
            error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "Refused by the fake, as the test asked",
            )
        } else if trouble == Some(Trouble::ServerError) {
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "api_error",
                "Something went wrong",
            )
        } else {
            make(&mut fake, &form)
        };
        if let Some(key) = key {
            fake.answers.insert(key, answer.clone());
        }
        (answer, trouble)
    };
    if trouble == Some(Trouble::NoAnswer) {
        // Carried out, and the key's answer kept; the client only hears the connection close
        // (the server's task for this connection ends here).
        panic!("the fake Stripe drops this connection without an answer, as the test asked");
    }
    if trouble == Some(Trouble::Late) {
        tokio::time::sleep(LATE_BY).await;
    }
    answer.into_response_pair()
}

/// A reading call at `path`: the object `find` finds, or Stripe's 404.
fn read(fake: &Mutex<Fake>, path: String, find: impl FnOnce(&Fake) -> Option<Value>) -> Response {
    let mut fake = fake.lock().expect("the fake");
    fake.calls.push(Call {
        method: "GET",
        path,
        idempotency_key: None,
        form: BTreeMap::new(),
    });
    match find(&fake) {
        Some(object) => (StatusCode::OK, object),
        None => error(
            StatusCode::NOT_FOUND,
            "invalid_request_error",
            "No such object",
        ),
    }
    .into_response_pair()
}

trait IntoResponsePair {
    fn into_response_pair(self) -> Response;
}

impl IntoResponsePair for (StatusCode, Value) {
    fn into_response_pair(self) -> Response {
        (self.0, axum::Json(self.1)).into_response()
    }
}

impl FakeStripe {
    pub async fn start() -> FakeStripe {
        FakeStripe::start_on("127.0.0.1:0").await
    }

    /// The fake on `addr` (a fixed port, for a browser to find its checkout page).
    pub async fn start_on(addr: &str) -> FakeStripe {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .expect("bind the fake's address");
        let addr = listener.local_addr().expect("local address");
        let fake = Arc::new(Mutex::new(Fake {
            base: format!("http://{addr}/"),
            ..Fake::default()
        }));
        let router = Router::new()
            .route(
                "/",
                get(|| async { "A fake Stripe, for Comptoir's tests." }),
            )
            .route("/pay/{id}", get(page::show).post(page::pay))
            .route("/v1/checkout/sessions", post(checkout::create))
            .route("/v1/checkout/sessions/{id}", get(checkout::retrieve))
            .route("/v1/checkout/sessions/{id}/expire", post(checkout::expire))
            .route("/v1/refunds", post(refunds::create))
            .route("/v1/refunds/{id}", get(refunds::retrieve))
            .route("/v1/accounts", post(connect::create_account))
            .route("/v1/accounts/{id}", get(connect::retrieve_account))
            .route("/v1/account_links", post(connect::create_link))
            .route("/v1/transfers", post(connect::create_transfer))
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
            (
                "COMPTOIR_STRIPE_WEBHOOK_SECRET",
                format!("{WEBHOOK_SECRET},{CONNECT_WEBHOOK_SECRET}"),
            ),
            ("COMPTOIR_STRIPE_API_BASE", self.url()),
        ]
    }

    /// Sends the events of payments made on the checkout page to `webhook` (the app's).
    pub fn deliver_to(&self, webhook: &str) {
        self.fake.lock().expect("the fake").webhook = Some(webhook.to_owned());
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

    /// Sends `event` to `url` as Stripe does, signed with the tests' webhook secret at the
    /// current time; the answer's status.
    pub async fn deliver(&self, url: &str, event: &Value) -> StatusCode {
        let payload = event.to_string();
        let signature = signature(&payload, WEBHOOK_SECRET, now());
        self.post_signed(url, &payload, &signature).await
    }

    /// Sends `event` to `url` as Stripe's Connect endpoint does, signed with its own secret.
    pub async fn deliver_connect(&self, url: &str, event: &Value) -> StatusCode {
        let payload = event.to_string();
        let signature = signature(&payload, CONNECT_WEBHOOK_SECRET, now());
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
