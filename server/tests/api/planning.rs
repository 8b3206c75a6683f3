//! Planning on the live demo catalog (`POST /api/v1/plans`), then a quote, a contract and its
//! signature through the pages' server functions, with what another organisation can reach of
//! them.

use super::helpers::{Browser, Person, TestApp, for_each_backend, for_each_bare_backend, now};
use app::error::AppError;
use broker::account::TenantId;
use broker::format::Blueprint;
use broker::service::contracts::Contracts;
use broker::service::planning::Planner;
use broker::store::Store;
use reqwest::StatusCode;
use serde_json::Value;

async fn demo_app(backend: &super::helpers::Backend) -> (TestApp, String) {
    let (database_url, dir) = TestApp::fresh_database(backend).await;
    let app = TestApp::spawn_on_with(database_url.clone(), dir, &[("COMPTOIR_DEMO", "1")]).await;
    (app, database_url)
}

async fn signed_up(app: &TestApp, tag: &str) -> (Browser, Person) {
    let browser = app.browser();
    let person = Person::new(tag);
    assert_eq!(browser.sign_up(&person).await.status, StatusCode::OK);
    (browser, person)
}

async fn post_plan(browser: &Browser, app: &TestApp, body: &str) -> (StatusCode, Value) {
    let response = browser
        .client
        .post(app.url("/api/v1/plans"))
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("the server answers");
    let status = response.status();
    let json = response.json().await.unwrap_or(Value::Null);
    (status, json)
}

fn web_shop() -> String {
    broker::templates::find("web-shop")
        .expect("the web shop template")
        .json
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_plans_api_answers_a_blueprint_on_the_live_catalog() {
    for_each_bare_backend(|backend| async move {
        let (app, _) = demo_app(&backend).await;

        let visitor = app.browser();
        let (status, body) = post_plan(&visitor, &app, &web_shop()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");

        let (tenant, _) = signed_up(&app, "planner").await;
        let (status, body) = post_plan(&tenant, &app, &web_shop()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["format"], "comptoir.plan/v1");
        assert_eq!(body["feasible"], true, "{body}");
        assert_eq!(body["objective"], "cost");
        assert_eq!(body["assignments"].as_array().map(Vec::len), Some(6));
        assert_eq!(body["alternative"]["plan"]["objective"], "carbon");
        let cheapest = body["total_monthly_minor"].as_u64().expect("a total");
        let greener = &body["alternative"]["plan"];
        if greener["feasible"] == true {
            assert!(greener["total_monthly_minor"].as_u64().expect("a total") >= cheapest);
            assert!(
                greener["total_carbon_g_month"].as_u64().expect("carbon")
                    <= body["total_carbon_g_month"].as_u64().expect("carbon")
            );
        }
        let web = &body["explanation"]["components"][1];
        assert_eq!(web["component"], "web");
        assert!(web["considered"].as_u64().expect("considered") > 0);
        let offer = body["assignments"][0]["offer"]
            .as_str()
            .expect("an offer id");
        assert!(body["offers"][offer]["name"].is_string(), "{body}");

        // A budget below the cheapest plan: nothing fits, and the reason names the budget.
        let mut tight: Value = serde_json::from_str(&web_shop()).expect("json");
        tight["constraints"]["max_monthly_minor"] = Value::from(cheapest - 1);
        let (status, body) = post_plan(&tenant, &app, &tight.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["feasible"], false);
        let reasons = body["reasons"].to_string();
        assert!(reasons.contains("budget"), "{reasons}");

        // The plan page of a saved blueprint, as a browser without JavaScript gets it: both plans
        // in the HTML itself, the way on to a quote with them.
        let started = tenant.start_blueprint("web-shop", "Shop").await;
        assert!(started.status.is_success(), "{}", started.body);
        let at = started.body.find("/compose/").expect("the draft's path") + "/compose/".len();
        let draft: String = started.body[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let page = tenant.get(&format!("/compose/{draft}/plan")).await;
        assert_eq!(page.status, StatusCode::OK);
        for expected in [
            "data-objective=\"cost\"",
            "data-objective=\"carbon\"",
            "Cheapest plan",
            "/api/accept_plan",
        ] {
            assert!(page.body.contains(expected), "{expected}");
        }
        let accepted = tenant
            .submit_form(
                "accept_plan",
                &format!("/compose/{draft}/plan"),
                &[("draft", &draft), ("objective", "carbon")],
            )
            .await;
        let quote = accepted.location.expect("on to the quote");
        assert!(quote.contains("/quotes/"), "{quote}");
        let page = visitor.get(&format!("/compose/{draft}/plan")).await;
        assert!(!page.body.contains("Cheapest plan"));

        let (status, body) =
            post_plan(&tenant, &app, r#"{"format": "comptoir.blueprint/v1"}"#).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()));
    })
    .await;
}

/// The id in a server function's answer that ends with `/<id>` (`/quotes/3`).
fn last_number(body: &str) -> String {
    body.trim_matches('"')
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The tenant of the one organisation `email`'s account belongs to.
async fn tenant_of(store: &Store, email: &str) -> (broker::account::CurrentUser, TenantId) {
    let id = store
        .user_by_email(email)
        .await
        .expect("query")
        .expect("the user");
    let memberships = store.memberships(id).await.expect("memberships");
    let current = broker::account::CurrentUser {
        id,
        email: broker::account::Email::parse(email).expect("email"),
        name: String::new(),
        is_operator: false,
        origin: Default::default(),
    };
    (current, memberships[0].tenant)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_quote_becomes_a_signed_contract_that_only_its_organisation_reaches() {
    for_each_bare_backend(|backend| async move {
        let (app, database_url) = demo_app(&backend).await;
        let (owner, person) = signed_up(&app, "signer").await;
        let (stranger, _) = signed_up(&app, "stranger").await;

        // The plan accepted as a quote through the use cases, on the server's database.
        let store = Store::connect(&database_url).await.expect("connect");
        let (user, tenant) = tenant_of(&store, &person.email).await;
        let blueprint = Blueprint::from_json(&web_shop()).expect("blueprint");
        let live = Planner::new(store.clone())
            .plan(&blueprint)
            .await
            .expect("a plan");
        let quote = Contracts::new(store.clone())
            .accept_plan(&user, tenant, &live.chosen.plan, "web shop", now())
            .await
            .expect("a quote");
        store.close().await;

        let page = owner.get(&format!("/quotes/{quote}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("load-balancer"));
        assert_eq!(
            stranger.get(&format!("/quotes/{quote}")).await.status,
            StatusCode::NOT_FOUND
        );
        let refused = stranger.prepare_contract(&quote.to_string()).await;
        assert!(!refused.status.is_success());

        let prepared = owner.prepare_contract(&quote.to_string()).await;
        assert!(prepared.status.is_success(), "{}", prepared.body);
        let contract = last_number(&prepared.body);
        let again = owner.prepare_contract(&quote.to_string()).await;
        assert_eq!(last_number(&again.body), contract);

        let page = owner.get(&format!("/contracts/{contract}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let at = page.body.find("data-sha256").expect("the SHA-256 shown");
        let start = at + page.body[at..].find('>').expect("its tag ends") + 1;
        let sha256: String = page.body[start..].chars().take(64).collect();
        assert!(sha256.chars().all(|c| c.is_ascii_hexdigit()), "{sha256}");
        assert_eq!(
            stranger.get(&format!("/contracts/{contract}")).await.status,
            StatusCode::NOT_FOUND
        );

        let sign = |sha: String, agree: bool| {
            let mut fields = vec![("form[contract]", contract.clone()), ("form[sha256]", sha)];
            if agree {
                fields.push(("form[agree]", "yes".to_owned()));
            }
            fields
        };
        let unticked = sign(sha256.clone(), false);
        let answer = owner.call("sign_contract", &pairs(&unticked)).await;
        assert!(answer.body.contains("agreement"), "{}", answer.body);
        // Without JavaScript the page comes back with the refusal next to the box.
        let bounced = owner
            .submit_form(
                "sign_contract",
                &format!("/contracts/{contract}"),
                &pairs(&unticked),
            )
            .await;
        let back = bounced.location.expect("back to the contract");
        let page = owner.get(back.trim_start_matches(&app.url(""))).await;
        assert!(page.body.contains("Tick this box to sign."), "{back}");
        let changed = sign("0".repeat(64), true);
        let answer = owner.call("sign_contract", &pairs(&changed)).await;
        assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
        assert!(
            matches!(answer.error(), AppError::Refused(_)),
            "{}",
            answer.body
        );
        let forged = sign(sha256.clone(), true);
        let answer = stranger.call("sign_contract", &pairs(&forged)).await;
        answer.assert_refused(&AppError::NotFound, "a stranger signs");

        let answer = owner.call("sign_contract", &pairs(&forged)).await;
        assert!(answer.status.is_success(), "{}", answer.body);
        let page = owner.get(&format!("/contracts/{contract}")).await;
        assert!(page.body.contains("data-signature"));
        assert!(page.body.contains(&sha256));

        let dashboard = owner.get("/dashboard").await;
        assert!(
            dashboard
                .body
                .contains(&format!("data-contract=\"{contract}\""))
        );
    })
    .await;
}

fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// A blueprint of `components` compute components of `quantity` units each, as a document.
fn farm(components: usize, quantity: u64) -> String {
    let list: Vec<Value> = (0..components)
        .map(|i| serde_json::json!({"name": format!("c{i}"), "domain": "compute", "quantity": quantity}))
        .collect();
    serde_json::json!({
        "format": "comptoir.blueprint/v1", "name": "farm", "objective": "cost", "components": list,
    })
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_plans_api_refuses_a_blueprint_larger_than_the_marketplace_plans() {
    for_each_backend(|app| async move {
        let (tenant, _) = signed_up(&app, "farmer").await;
        let (status, body) = post_plan(&tenant, &app, &farm(2_000, 1)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["code"], "blueprint_too_large", "{body}");
        assert_eq!(body["limit"], broker::blueprint::MAX_COMPONENTS);
        let message = body["error"].as_str().expect("a message");
        assert!(
            message.contains("2000 components") && message.contains("at most 100"),
            "{message}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_search_stopped_by_its_budget_is_shown_as_not_proven_optimal() {
    for_each_bare_backend(|backend| async move {
        let (app, _) = demo_app(&backend).await;
        let (tenant, _) = signed_up(&app, "farmer").await;
        // Thousands of units of one size contest every offer's capacity: the exact search
        // cannot finish within the planner's budget.
        let hard = farm(broker::blueprint::MAX_COMPONENTS, 37);
        let (status, body) = post_plan(&tenant, &app, &hard).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["feasible"], true);
        let search = &body["explanation"]["search"];
        assert_eq!(search["complete"], false, "{search}");
        assert!(search["stopped_after_ms"].is_u64(), "{search}");

        let imported = tenant.import_blueprint(&hard).await;
        assert!(imported.status.is_success(), "{}", imported.body);
        let draft = last_number(&imported.body);
        let page = tenant.get(&format!("/compose/{draft}/plan")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body
                .contains("Not proven optimal: the search was stopped after")
        );
    })
    .await;
}
