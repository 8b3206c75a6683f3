//! The fake's Connect: Express accounts (payouts disabled until the test enables them), account
//! links to its onboarding page, and transfers into accounts that may receive them.

use super::{Fake, FakeStripe, create as creating, error, event, metadata, now, read};
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

pub async fn create_account(
    State(fake): State<Arc<Mutex<Fake>>>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    creating(&fake, &headers, "/v1/accounts", fields, |fake, form| {
        let id = fake.next_id("acct");
        let account = json!({
            "id": id,
            "object": "account",
            "type": form.get("type"),
            "charges_enabled": false,
            "details_submitted": false,
            "payouts_enabled": false,
            "metadata": metadata(form, "metadata"),
        });
        fake.accounts.insert(id, account.clone());
        (StatusCode::OK, account)
    })
    .await
}

pub async fn retrieve_account(
    State(fake): State<Arc<Mutex<Fake>>>,
    Path(id): Path<String>,
) -> Response {
    read(&fake, format!("/v1/accounts/{id}"), |fake| {
        fake.accounts.get(&id).cloned()
    })
}

pub async fn create_link(
    State(fake): State<Arc<Mutex<Fake>>>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    creating(
        &fake,
        &headers,
        "/v1/account_links",
        fields,
        |fake, form| {
            let account = form.get("account").cloned().unwrap_or_default();
            if !fake.accounts.contains_key(&account) {
                return error(
                    StatusCode::NOT_FOUND,
                    "invalid_request_error",
                    "No such account",
                );
            }
            let created = now();
            let link = json!({
                "object": "account_link",
                "created": created,
                "expires_at": created + 300,
                "url": format!("{}onboard/{account}", fake.base),
            });
            (StatusCode::OK, link)
        },
    )
    .await
}

pub async fn create_transfer(
    State(fake): State<Arc<Mutex<Fake>>>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    creating(&fake, &headers, "/v1/transfers", fields, |fake, form| {
        let destination = form.get("destination").cloned().unwrap_or_default();
        let ready = fake
            .accounts
            .get(&destination)
            .is_some_and(|account| account["payouts_enabled"] == true);
        if !ready {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "The destination account cannot receive transfers",
            );
        }
        let id = fake.next_id("tr");
        let transfer = json!({
            "id": id,
            "object": "transfer",
            "amount": form.get("amount").and_then(|raw| raw.parse::<i64>().ok()),
            "amount_reversed": 0,
            "created": now(),
            "currency": form.get("currency"),
            "destination": destination,
            "livemode": false,
            "metadata": metadata(form, "metadata"),
            "reversals": {"object": "list", "data": [], "has_more": false, "url": format!("/v1/transfers/{id}/reversals")},
            "reversed": false,
            "transfer_group": form.get("transfer_group"),
            "source_transaction": form.get("source_transaction"),
        });
        fake.transfers.insert(id, transfer.clone());
        (StatusCode::OK, transfer)
    })
    .await
}

impl FakeStripe {
    /// Account `id` is filled in and may receive payouts: the `account.updated` event.
    pub fn enable_payouts(&self, id: &str) -> Value {
        let mut fake = self.fake.lock().expect("the fake");
        let event_id = fake.next_id("evt");
        let account = fake.accounts.get_mut(id).expect("an account of the fake");
        account["details_submitted"] = json!(true);
        account["payouts_enabled"] = json!(true);
        event(&event_id, "account.updated", account.clone())
    }

    /// The accounts opened, in order of their ids.
    pub fn accounts(&self) -> Vec<Value> {
        self.fake
            .lock()
            .expect("the fake")
            .accounts
            .values()
            .cloned()
            .collect()
    }

    /// The transfers made, in order of their ids.
    pub fn transfers(&self) -> Vec<Value> {
        self.fake
            .lock()
            .expect("the fake")
            .transfers
            .values()
            .cloned()
            .collect()
    }
}
