//! The fake's hosted checkout page, where a browser pays a session as a person pays on Stripe's:
//! the page shows what is asked, "Pay" completes the session, sends Stripe's events to the
//! webhook the fake was given, and returns the browser to the session's success URL; "Cancel"
//! returns it to the cancel URL with the session still open.

use super::{Fake, WEBHOOK_SECRET, now, signature};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::Value;
use std::sync::{Arc, Mutex};

pub async fn show(State(fake): State<Arc<Mutex<Fake>>>, Path(id): Path<String>) -> Response {
    let fake = fake.lock().expect("the fake");
    let Some(session) = fake.sessions.get(&id) else {
        return (StatusCode::NOT_FOUND, Html("No such checkout session.")).into_response();
    };
    if session["status"] != "open" {
        return (
            StatusCode::GONE,
            Html("This checkout session is no longer open."),
        )
            .into_response();
    }
    let amount = session["amount_total"].as_i64().unwrap_or(0);
    let currency = session["currency"].as_str().unwrap_or("").to_uppercase();
    let cancel = escape(session["cancel_url"].as_str().unwrap_or("/"));
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Pay with the test Stripe</title></head><body><main>\
         <h1>Pay {}.{:02} {currency}</h1>\
         <p>A test checkout: no card is charged.</p>\
         <form method=\"post\" action=\"/pay/{id}\"><button type=\"submit\">Pay</button></form>\
         <p><a href=\"{cancel}\">Cancel</a></p></main></body></html>",
        amount / 100,
        amount % 100,
        id = escape(&id),
    ))
    .into_response()
}

pub async fn pay(State(fake): State<Arc<Mutex<Fake>>>, Path(id): Path<String>) -> Response {
    let (events, webhook, success) = {
        let mut fake = fake.lock().expect("the fake");
        match fake.sessions.get(&id) {
            Some(session) if session["status"] == "open" => {}
            Some(_) => {
                return (
                    StatusCode::GONE,
                    Html("This checkout session is no longer open."),
                )
                    .into_response();
            }
            None => {
                return (StatusCode::NOT_FOUND, Html("No such checkout session.")).into_response();
            }
        }
        let events = fake.pay(&id);
        let success = fake.sessions[&id]["success_url"]
            .as_str()
            .unwrap_or("/")
            .to_owned();
        (events, fake.webhook.clone(), success)
    };
    if let Some(webhook) = webhook {
        let http = reqwest::Client::new();
        for event in &events {
            deliver(&http, &webhook, event).await;
        }
    }
    (StatusCode::SEE_OTHER, [(header::LOCATION, success)]).into_response()
}

/// Sends `event` to `webhook` signed as Stripe signs it; an app that does not answer 200 is told
/// nothing more (Stripe would retry later; the app's reconciliation finds the payment).
async fn deliver(http: &reqwest::Client, webhook: &str, event: &Value) {
    let payload = event.to_string();
    let answer = http
        .post(webhook)
        .header("content-type", "application/json")
        .header(
            "stripe-signature",
            signature(&payload, WEBHOOK_SECRET, now()),
        )
        .body(payload)
        .send()
        .await;
    match answer {
        Ok(answer) if answer.status().is_success() => {}
        Ok(answer) => eprintln!("the fake Stripe's event was answered {}", answer.status()),
        Err(error) => eprintln!("the fake Stripe's event was not delivered: {error}"),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
