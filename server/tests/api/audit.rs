//! The audit log through the server: log-ins, failed log-ins and an operator's decision, each
//! recorded with the request's address and browser; the operator's log page with its filters
//! and its CSV export; a provider's and an organisation's own logs, and every refusal.

use crate::api::fixtures::{OPERATOR_EMAIL, OPERATOR_PASSWORD, apply, create_operator, signed_up};
use crate::api::helpers::{Answer, Browser, TestApp, for_each_backend};
use reqwest::StatusCode;

const AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0";

/// Logs in through the form's server function, from a browser that names itself [`AGENT`].
async fn log_in(app: &TestApp, browser: &Browser, email: &str, password: &str) -> StatusCode {
    browser
        .client
        .post(app.url("/api/log_in"))
        .header("Origin", app.url(""))
        .header("Sec-Fetch-Site", "same-origin")
        .header("User-Agent", AGENT)
        .form(&[("form[email]", email), ("form[password]", password)])
        .send()
        .await
        .expect("the server answers")
        .status()
}

fn assert_refused(answer: &Answer, status: StatusCode, code: &str, context: &str) {
    assert_eq!(answer.status, status, "{context}: {}", answer.body);
    assert!(
        answer.body.contains(&format!("\"code\":\"{code}\"")),
        "{context}: {}",
        answer.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn log_ins_and_decisions_are_logged_with_the_address_and_browser_they_came_from() {
    for_each_backend(|app| async move {
        create_operator(&app.database_url).await;
        let operator = app.browser();
        let wrong = log_in(&app, &operator, OPERATOR_EMAIL, "not the password at all").await;
        assert_eq!(wrong, StatusCode::UNAUTHORIZED);
        let right = log_in(&app, &operator, OPERATOR_EMAIL, OPERATOR_PASSWORD).await;
        assert_eq!(right, StatusCode::OK);
        let seller = signed_up(&app, "seller").await;
        let provider = apply(&seller, "alpha", &[]).await;
        let decided = operator.decide("provider", &provider, "approve", "").await;
        assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);

        let page = operator.get("/admin/audit").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        for expected in [
            "failed log-in as ops@example.org",
            "logged in",
            &format!("approved provider {provider}"),
            "data-action=\"provider_approved\"",
            "127.0.0.1",
            AGENT,
        ] {
            assert!(page.body.contains(expected), "{expected}: {}", page.body);
        }
        // The newest first: the approval, then the log-in, then the failed one.
        let approval = page.body.find("data-action=\"provider_approved\"").unwrap();
        let login = page.body.find("data-action=\"logged_in\"").unwrap();
        let failed = page.body.find("data-action=\"log_in_failed\"").unwrap();
        assert!(approval < login && login < failed, "newest first");

        let filtered = operator
            .get("/admin/audit?actor=ops%40example.org&action=provider_approved")
            .await;
        assert!(filtered.body.contains("data-action=\"provider_approved\""));
        assert!(!filtered.body.contains("data-action=\"logged_in\""));
        let wrong_day = operator.get("/admin/audit?from=yesterday").await;
        assert_eq!(wrong_day.status, StatusCode::OK);
        assert!(
            wrong_day.body.contains("Enter the first day as YYYY-MM-DD"),
            "{}",
            wrong_day.body
        );
        assert!(
            wrong_day.body.contains("value=\"yesterday\""),
            "the typed text stays"
        );

        let csv = operator
            .client
            .get(app.url("/audit.csv?of=marketplace&action=logged_in"))
            .send()
            .await
            .expect("the server answers");
        assert_eq!(csv.status(), StatusCode::OK);
        assert_eq!(
            csv.headers()["content-type"].to_str().unwrap(),
            "text/csv; charset=utf-8"
        );
        let text = csv.text().await.expect("a body");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[1].contains("\"ops@example.org\",\"user\""), "{text}");
        assert!(lines[1].contains(&format!("\"{AGENT}\"")), "{text}");
        let bad = operator
            .get("/audit.csv?of=marketplace&from=2026-02-30")
            .await;
        assert_refused(
            &bad,
            StatusCode::BAD_REQUEST,
            "invalid_filter",
            "a day that is not",
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_the_operator_reads_the_marketplace_log_and_owners_read_their_own() {
    for_each_backend(|app| async move {
        create_operator(&app.database_url).await;
        let operator = app.browser();
        assert_eq!(
            log_in(&app, &operator, OPERATOR_EMAIL, OPERATOR_PASSWORD).await,
            StatusCode::OK
        );
        let ada = signed_up(&app, "ada").await;
        let bob = signed_up(&app, "bob").await;
        let alpha = apply(&ada, "alpha", &[]).await;
        let beta = apply(&bob, "beta", &[]).await;
        for provider in [&alpha, &beta] {
            let decided = operator.decide("provider", provider, "approve", "").await;
            assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
        }

        let own = ada.get(&format!("/sell/{alpha}/activity")).await;
        assert_eq!(own.status, StatusCode::OK, "{}", own.body);
        assert!(own.body.contains(&format!("approved provider {alpha}")));
        assert!(!own.body.contains(&format!("approved provider {beta}")));
        let csv = ada.get(&format!("/audit.csv?of=provider-{alpha}")).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert_eq!(csv.body.lines().count(), 2, "{}", csv.body);

        let organisation = ada.get("/dashboard/activity").await;
        assert_eq!(organisation.status, StatusCode::OK, "{}", organisation.body);
        assert!(organisation.body.contains("No entry matches."));

        for path in ["/admin/audit".to_owned(), format!("/sell/{beta}/activity")] {
            assert_eq!(ada.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
        }
        for path in [
            "/audit.csv?of=marketplace".to_owned(),
            format!("/audit.csv?of=provider-{beta}"),
        ] {
            assert_refused(
                &ada.get(&path).await,
                StatusCode::FORBIDDEN,
                "forbidden",
                &path,
            );
        }
        let visitor = app.browser();
        assert_refused(
            &visitor.get("/audit.csv?of=marketplace").await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "signed out",
        );
        assert_refused(
            &ada.get("/audit.csv?of=everyone").await,
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "no such log",
        );
        let server_fn = ada
            .call(
                "audit_log",
                &[("of", "Marketplace"), ("filter[actor]", "ops@example.org")],
            )
            .await;
        assert_eq!(
            server_fn.status,
            StatusCode::FORBIDDEN,
            "{}",
            server_fn.body
        );
    })
    .await;
}
