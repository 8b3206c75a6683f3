//! What every answer carries at the edge: security headers, the HTTP status of each refusal, the
//! size limit of a request, and the checks on where a request and a redirect come from.

use super::helpers::{Person, TestApp, backends, for_each_backend, for_each_bare_backend, refusal};
use app::error::AppError;
use reqwest::StatusCode;

/// The nonce that the `Content-Security-Policy` header allows.
fn policy_nonce(policy: &str) -> &str {
    policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the policy allows a nonce")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_answer_carries_the_security_headers_and_pages_scripts_the_policys_nonce() {
    for_each_backend(|app| async move {
        let browser = app.browser();
        let mut nonces = Vec::new();
        for path in [
            "/",
            "/catalog",
            "/no/such/page",
            "/api/v1/catalog",
            "/healthz",
        ] {
            let response = browser.client.get(app.url(path)).send().await.unwrap();
            let headers = response.headers().clone();
            let policy = headers["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(
                policy.contains("frame-ancestors 'none'"),
                "{path}: {policy}"
            );
            assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
            assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(headers["x-frame-options"], "DENY", "{path}");
            assert_eq!(
                headers["referrer-policy"], "strict-origin-when-cross-origin",
                "{path}"
            );
            assert_eq!(headers["cache-control"], "no-store", "{path}");
            assert!(
                !headers.contains_key("strict-transport-security"),
                "{path}: http"
            );
            let nonce = policy_nonce(&policy).to_owned();
            let body = response.text().await.unwrap();
            if path == "/" || path == "/catalog" || path == "/no/such/page" {
                // Every script of the page carries the nonce, so the policy lets it run. The
                // translations' empty placeholder (`<script></script>`) has nothing to run.
                let scripts =
                    body.matches("<script").count() - body.matches("<script></script>").count();
                assert!(scripts > 0, "{path}");
                assert_eq!(
                    body.matches(&format!("nonce=\"{nonce}\"")).count(),
                    scripts,
                    "{path}: every script has this answer's nonce"
                );
            }
            nonces.push(nonce);
        }
        nonces.sort();
        nonces.dedup();
        assert_eq!(nonces.len(), 5, "a new nonce for each answer");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn over_https_the_session_cookie_is_host_only_and_browsers_are_told_to_stay_on_https() {
    let (database_url, dir) = TestApp::fresh_database(&backends()[0]).await;
    let app = TestApp::spawn_on_with(
        database_url,
        dir,
        &[("COMPTOIR_SITE_URL", "https://market.example")],
    )
    .await;
    let ada = Person::new("ada");
    let response = app
        .browser()
        .client
        .post(app.url("/api/sign_up"))
        .form(&[
            ("form[email]", ada.email.as_str()),
            ("form[password]", ada.password.as_str()),
            ("form[name]", ada.name.as_str()),
            ("form[organisation]", ada.organisation.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().contains_key("strict-transport-security"));
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("__Host-comptoir_session="), "{cookie}");
    assert!(
        cookie.contains("Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn server_function_refusals_carry_their_http_status() {
    for_each_backend(|app| async move {
        let visitor = app.browser();
        let unauthorized = visitor.call("dashboard", &[]).await;
        assert_eq!(unauthorized.status, StatusCode::UNAUTHORIZED);

        let ada = Person::new("ada");
        let browser = app.browser();
        browser.sign_up(&ada).await;
        let wrong = app
            .browser()
            .log_in(&ada.email, "not the password at all")
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        let missing = browser.call("contract", &[("contract", "987654")]).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
        let forbidden = browser.call("operator_overview", &[]).await;
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
        let invalid = app
            .browser()
            .sign_up(&Person {
                email: "not an email".to_owned(),
                ..Person::new("bob")
            })
            .await;
        assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
        assert!(
            matches!(invalid.error(), AppError::Invalid(_)),
            "{}",
            invalid.body
        );

        // What the parser says about a malformed request stays in the log.
        let malformed = browser.call("contract", &[("contract", "x")]).await;
        assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
        assert_eq!(malformed.error(), AppError::Malformed, "{}", malformed.body);
        for detail in ["Flat", "Deserializ", "convert", "QsDeserializer"] {
            assert!(!malformed.body.contains(detail), "{}", malformed.body);
        }
        let missing_argument = browser
            .call("log_in", &[("form[email]", "a@b.example")])
            .await;
        assert_eq!(missing_argument.status, StatusCode::BAD_REQUEST);
        assert!(!missing_argument.body.contains("missing field"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn too_many_failed_log_ins_are_a_429_that_says_when_to_try_again() {
    for_each_backend(|app| async move {
        let ada = Person::new("ada");
        app.browser().sign_up(&ada).await;
        let browser = app.browser();
        let mut limited = None;
        for _ in 0..25 {
            let answer = browser
                .client
                .post(app.url("/api/log_in"))
                .header("Sec-Fetch-Site", "same-origin")
                .form(&[
                    ("form[email]", ada.email.as_str()),
                    ("form[password]", "a wrong guess"),
                ])
                .send()
                .await
                .unwrap();
            if answer.status() == StatusCode::TOO_MANY_REQUESTS {
                limited = Some(answer);
                break;
            }
            assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
        }
        let limited = limited.expect("the log-in limit answers 429");
        let retry: u64 = limited.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(retry >= 1);
        let body = limited.text().await.unwrap();
        assert!(
            matches!(refusal(&body), Some(AppError::TooManyAttempts { .. })),
            "{body}"
        );
    })
    .await;
}

// On one thread the client has sent the whole body before the server answers, so it reads the
// 413; with more threads the server may answer and close first, and the client's write fails.
#[tokio::test]
async fn a_body_over_the_limit_is_a_413_and_reaches_no_handler() {
    let app = TestApp::spawn(&backends()[0]).await;
    let ada = Person::new("ada");
    let huge = "x".repeat(10 << 20);
    let response = app
        .browser()
        .client
        .post(app.url("/api/sign_up"))
        .header("Sec-Fetch-Site", "same-origin")
        .form(&[
            ("form[email]", ada.email.as_str()),
            ("form[password]", ada.password.as_str()),
            ("form[name]", huge.as_str()),
            ("form[organisation]", ada.organisation.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let later = app.browser().log_in(&ada.email, &ada.password).await;
    assert_eq!(
        later.status,
        StatusCode::UNAUTHORIZED,
        "no account was made"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_404_page_knows_who_is_signed_in() {
    for_each_backend(|app| async move {
        let ada = Person::new("ada");
        let browser = app.browser();
        browser.sign_up(&ada).await;
        let page = browser.get("/no/such/page").await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(page.body.contains(&ada.name), "the header shows Ada");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_request_whose_two_origin_headers_disagree_is_refused() {
    let app = TestApp::spawn(&backends()[0]).await;
    let ada = Person::new("ada");
    let fields = [
        ("form[email]", ada.email.as_str()),
        ("form[password]", ada.password.as_str()),
        ("form[name]", ada.name.as_str()),
        ("form[organisation]", ada.organisation.as_str()),
    ];
    let mixed = app
        .browser()
        .client
        .post(app.url("/api/sign_up"))
        .header("Sec-Fetch-Site", "same-origin")
        .header("Origin", "https://evil.example")
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(mixed.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.browser().sign_up(&ada).await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_language_switch_only_goes_back_to_a_page_of_the_site() {
    let app = TestApp::spawn(&backends()[0]).await;
    for (referer, back) in [
        ("/\\evil.example", "/"),
        ("http://127.0.0.1/\\evil.example/x", "/"),
        ("https://evil.example//other.example/", "/"),
        ("http://127.0.0.1/catalog?q=db", "/catalog?q=db"),
    ] {
        let answer = app
            .browser()
            .client
            .post(app.url("/locale"))
            .header("Sec-Fetch-Site", "same-origin")
            .header("Referer", referer)
            .form(&[("locale", "fr")])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.headers()["location"], back, "{referer}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_offer_editor_is_not_found_for_someone_outside_the_provider() {
    for_each_bare_backend(|backend| async move {
        let (database_url, dir) = TestApp::fresh_database(&backend).await;
        let app = TestApp::spawn_on_with(database_url, dir, &[("COMPTOIR_DEMO", "1")]).await;
        let stranger = app.browser();
        stranger.sign_up(&Person::new("stranger")).await;
        let seller = app.browser();
        let logged_in = seller
            .log_in("provider@demo.comptoir.example", "comptoir demo password")
            .await;
        assert_eq!(logged_in.status, StatusCode::OK);
        let console = seller.get("/sell/1").await;
        assert_eq!(console.status, StatusCode::OK);
        let offer = console
            .body
            .split("/sell/1/offers/")
            .filter_map(|rest| rest.split('"').next())
            .find(|id| id.parse::<i64>().is_ok())
            .expect("the console links to an offer's editor")
            .to_owned();
        let edit = format!("/sell/1/offers/{offer}");
        assert_eq!(seller.get(&edit).await.status, StatusCode::OK);
        assert_eq!(
            seller.get("/sell/1/offers/new").await.status,
            StatusCode::OK
        );
        for path in [edit.as_str(), "/sell/1/offers/new"] {
            let page = stranger.get(path).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
            assert!(!page.body.contains("form[fields][name]"), "{path}");
        }
        let call = stranger
            .call(
                "offer_form",
                &[("provider", "1"), ("offer", offer.as_str())],
            )
            .await;
        assert_eq!(call.status, StatusCode::NOT_FOUND);
    })
    .await;
}
