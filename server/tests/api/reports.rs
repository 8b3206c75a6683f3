//! Provider API tokens from the console, and the usage and downtime API they open: a token shown
//! once, refused once revoked, and batches answered record by record, for an offer with a
//! meter.

use crate::api::fixtures::{Seed, alpha_application};
use crate::api::helpers::{Browser, TestApp, for_each_backend, now};
use app::error::{AppError, FieldProblem};
use broker::account::Field;
use broker::billing::{Meter, MeterId};
use broker::catalog::{NewOffer, OfferTerms};
use broker::format::{Assignment, CountryCode, Objective, PlanDocument};
use broker::money::{Currency, Money};
use broker::provisioning::InstanceId;
use broker::reports::TokenNameError;
use broker::service::contracts::{Contracts, Signing};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

const PASSWORD: &str = "velvet harbour lantern quietly";

/// An approved provider `alpha` with a metered offer, a signed contract with one line of it,
/// and its seller signed in; the provider's id and the line's instance.
async fn signed_in_seller(app: &TestApp) -> (Browser, String, String) {
    let now = now();
    let seed = Seed::new(&app.database_url, "operator@example.org", "Operator", now).await;
    let seller = seed.user("seller", "Seller", "seller org").await;
    let application = alpha_application();
    let provider = seed.approved_provider(&seller, &application).await;
    let terms = OfferTerms {
        name: "N1-M".to_owned(),
        description: "Four cores".to_owned(),
        tagline: "Fast".to_owned(),
        unit: "instance".to_owned(),
        country: CountryCode::parse("FR").unwrap(),
        jurisdiction: "EU".to_owned(),
        attributes: BTreeMap::from([("vcpu".to_owned(), 4.0)]),
        certifications: BTreeSet::new(),
        availability_bp: 9995,
        monthly_price: Money::new(1150, Currency::EUR),
        carbon_g_month: 1200,
        meters: vec![
            Meter::new(MeterId::parse("egress_gb").expect("an id"), "GB", 2, 1, 0)
                .expect("a meter"),
        ],
    };
    let offer = NewOffer {
        external_id: "n1-m".to_owned(),
        domain: "compute".to_owned(),
        terms,
        capacity: None,
    };
    seed.published_offer(&seller, provider, &offer).await;
    let owner = seed.user("alice", "Alice", "alice org").await;
    let tenant = seed.store.memberships(owner.id).await.expect("memberships")[0].tenant;
    let plan = PlanDocument::feasible(
        Objective::Cost,
        Currency::EUR,
        vec![Assignment {
            component: "web".to_owned(),
            offer: "n1-m".to_owned(),
            provider: "alpha".to_owned(),
            quantity: 1,
            monthly_minor: 1150,
            carbon_g_month: 1200,
        }],
    );
    let contracts = Contracts::new(seed.store.clone());
    let quote = contracts
        .accept_plan(&owner, tenant, &plan, "web shop", now)
        .await
        .expect("accept");
    let contract = contracts
        .prepare_contract(&owner, tenant, quote, now)
        .await
        .expect("prepare");
    let sha = contracts
        .contract(&owner, tenant, contract)
        .await
        .expect("read")
        .document
        .sha256();
    let signing = Signing {
        shown_sha256: &sha,
        address: "192.0.2.7".parse().expect("address"),
        user_agent: "Mozilla/5.0",
    };
    contracts
        .sign(&owner, tenant, contract, &signing, now)
        .await
        .expect("sign");
    let browser = app.browser();
    let answer = browser.log_in("seller@example.org", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::OK, "log in: {}", answer.body);
    let instance = InstanceId::for_line(contract, 0).as_str().to_owned();
    (browser, provider.to_string(), instance)
}

/// The token the console shows once, if the page shows one.
fn shown_token(page: &str) -> Option<String> {
    let start = page.find("cpt_")?;
    Some(page[start..start + 68].to_owned())
}

/// Creates a token from the console and reads it where the console shows it, once.
async fn create_token(browser: &Browser, provider: &str) -> String {
    let fields = [("form[provider]", provider), ("form[name]", "exporter")];
    let answer = browser.call("create_provider_token", &fields).await;
    assert_eq!(answer.status, StatusCode::OK, "create: {}", answer.body);
    assert!(
        !answer.body.contains("cpt_"),
        "the token is not in the address"
    );
    let page = browser.get(&format!("/sell/{provider}")).await;
    let token = shown_token(&page.body).expect("the console shows the new token");
    let again = browser.get(&format!("/sell/{provider}")).await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.body.contains("exporter"), "the token stays listed");
    assert_eq!(shown_token(&again.body), None, "the token is shown once");
    token
}

async fn post(app: &TestApp, path: &str, token: Option<&str>, body: String) -> (StatusCode, Value) {
    let client = reqwest::Client::new();
    let mut request = client
        .post(app.url(path))
        .header("Content-Type", "application/json")
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status();
    let text = response.text().await.expect("a body");
    let json = serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON: {text}"));
    (status, json)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_console_makes_a_token_that_reports_until_it_is_revoked() {
    for_each_backend(|app| async move {
        let (seller, provider, instance) = signed_in_seller(&app).await;
        let long = "x".repeat(61);
        let refused = seller
            .call("create_provider_token", &[("form[provider]", &provider), ("form[name]", &long)])
            .await;
        let too_long = FieldProblem::TokenName(TokenNameError::TooLong);
        refused.assert_field_refused(Field::TokenName, too_long, "61 characters");
        let outsider = app.browser();
        outsider.sign_up(&crate::api::helpers::Person::new("mallory")).await;
        outsider
            .call("create_provider_token", &[("form[provider]", &provider), ("form[name]", "x")])
            .await
            .assert_refused(&AppError::NotFound, "another provider's console");

        let token = create_token(&seller, &provider).await;
        let at = now() - 60;
        let batch = json!({ "records": [
            { "id": "u-1", "instance_id": instance, "meter": "egress_gb", "quantity": 12, "at": at },
            { "id": "u-2", "instance_id": instance, "meter": "ingress_gb", "quantity": 1, "at": at },
            { "id": "u-3", "instance_id": "comptoir-999-0", "meter": "egress_gb", "quantity": 1, "at": at },
            { "id": "u-1", "instance_id": instance, "meter": "egress_gb", "quantity": 12, "at": at },
            { "id": "u-1", "instance_id": instance, "meter": "egress_gb", "quantity": 13, "at": at },
        ]});
        let (status, answer) = post(&app, "/api/v1/usage", Some(&token), batch.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        let statuses: Vec<(&str, &str, Option<&str>)> = answer["records"]
            .as_array()
            .expect("records")
            .iter()
            .map(|r| (r["id"].as_str().unwrap(), r["status"].as_str().unwrap(), r["code"].as_str()))
            .collect();
        assert_eq!(
            statuses,
            [
                ("u-1", "accepted", None),
                ("u-2", "refused", Some("unknown_meter")),
                ("u-3", "refused", Some("unknown_instance")),
                ("u-1", "duplicate", None),
                ("u-1", "conflict", None),
            ]
        );
        assert!(answer["records"][1]["message"].as_str().is_some_and(|m| !m.is_empty()));
        let downtime = json!({ "records": [
            { "id": "d-1", "instance_id": instance, "from": at - 600, "to": at },
            { "id": "d-2", "instance_id": instance, "from": at, "to": at },
        ]});
        let (status, answer) = post(&app, "/api/v1/downtime", Some(&token), downtime.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["records"][0]["status"], "accepted");
        assert_eq!(answer["records"][1]["code"], "empty_interval");

        let page = seller.get(&format!("/sell/{provider}")).await;
        let token_id = page.number_after("data-token=\"");
        let revoke = [("form[provider]", provider.as_str()), ("form[token]", token_id.as_str())];
        let answer = seller.call("revoke_provider_token", &revoke).await;
        assert_eq!(answer.status, StatusCode::OK, "revoke: {}", answer.body);
        let (status, answer) = post(&app, "/api/v1/usage", Some(&token), batch.to_string()).await;
        assert_eq!((status, answer["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_token")));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_reports_api_refuses_a_missing_token_and_a_malformed_or_oversized_batch() {
    for_each_backend(|app| async move {
        let (seller, provider, instance) = signed_in_seller(&app).await;
        let empty = json!({ "records": [] }).to_string();
        let (status, answer) = post(&app, "/api/v1/usage", None, empty.clone()).await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("missing_token"))
        );
        let unknown = format!("cpt_{}", "0".repeat(64));
        for path in ["/api/v1/usage", "/api/v1/downtime"] {
            let (status, answer) = post(&app, path, Some(&unknown), empty.clone()).await;
            assert_eq!(
                (status, answer["code"].as_str()),
                (StatusCode::UNAUTHORIZED, Some("invalid_token")),
                "{path}"
            );
        }
        let token = create_token(&seller, &provider).await;
        let wrong_shape = json!({ "records": [{ "id": "u-1", "instance_id": instance }] });
        for body in [
            "not json".to_owned(),
            "[]".to_owned(),
            wrong_shape.to_string(),
        ] {
            let (status, answer) = post(&app, "/api/v1/usage", Some(&token), body.clone()).await;
            assert_eq!(
                (status, answer["code"].as_str()),
                (StatusCode::BAD_REQUEST, Some("malformed_batch")),
                "{body}"
            );
        }
        let records: Vec<Value> = (0..101)
            .map(|n| json!({ "id": format!("d-{n}"), "instance_id": instance, "from": 1, "to": 2 }))
            .collect();
        let body = json!({ "records": records }).to_string();
        let (status, answer) = post(&app, "/api/v1/downtime", Some(&token), body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert_eq!(
            (answer["code"].as_str(), answer["limit"].as_u64()),
            (Some("batch_too_large"), Some(100))
        );
        let (status, answer) = post(&app, "/api/v1/usage", Some(&token), empty).await;
        assert_eq!((status, answer), (StatusCode::OK, json!({ "records": [] })));
    })
    .await;
}
