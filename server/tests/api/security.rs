//! Cross-site requests, tenant isolation and the operator area.

use super::helpers::{Person, TestApp, backends};
use reqwest::StatusCode;

#[tokio::test]
async fn a_cross_site_post_is_refused_and_changes_nothing() {
    for backend in backends() {
        let app = TestApp::spawn(&backend).await;
        let ada = Person::new("ada");
        let fields = [
            ("form[email]", ada.email.as_str()),
            ("form[password]", ada.password.as_str()),
            ("form[name]", ada.name.as_str()),
            ("form[organisation]", ada.organisation.as_str()),
        ];
        let browser = app.browser();
        let by_origin = browser
            .client
            .post(app.url("/api/sign_up"))
            .header("Origin", "https://evil.example")
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(by_origin.status(), StatusCode::FORBIDDEN, "{backend:?}");
        let by_fetch_site = browser
            .client
            .post(app.url("/api/sign_up"))
            .header("Sec-Fetch-Site", "cross-site")
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(by_fetch_site.status(), StatusCode::FORBIDDEN, "{backend:?}");
        let locale = browser
            .client
            .post(app.url("/locale"))
            .header("Origin", "https://evil.example")
            .form(&[("locale", "fr")])
            .send()
            .await
            .unwrap();
        assert_eq!(locale.status(), StatusCode::FORBIDDEN, "{backend:?}");

        // No account was created: logging in fails and signing up for real still works.
        assert!(
            app.browser()
                .log_in(&ada.email, &ada.password)
                .await
                .body
                .contains("BadCredentials"),
            "{backend:?}"
        );
        assert_eq!(
            app.browser().sign_up(&ada).await.status,
            StatusCode::OK,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn one_tenant_cannot_read_another_tenants_dashboard() {
    for backend in backends() {
        let app = TestApp::spawn(&backend).await;
        let ada = Person::new("ada");
        let mallory = Person::new("mallory");
        let ada_browser = app.browser();
        ada_browser.sign_up(&ada).await;
        let mallory_browser = app.browser();
        mallory_browser.sign_up(&mallory).await;

        // Ada's tenant id, as Ada's own header links show it.
        let ada_page = ada_browser.get("/account").await.body;
        let ada_tenant = ada_page
            .split("/dashboard?org=")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the account page links to the organisation")
            .to_owned();

        let page = mallory_browser
            .get(&format!("/dashboard?org={ada_tenant}"))
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{backend:?}");
        assert!(
            !page.body.contains(&ada.organisation) && !page.body.contains(&ada.email),
            "{backend:?}"
        );

        let call = mallory_browser
            .call("dashboard", &[("tenant", &ada_tenant)])
            .await;
        assert!(call.body.contains("NotFound"), "{backend:?}: {}", call.body);
        assert!(!call.body.contains(&ada.email), "{backend:?}");
        // Mallory's own dashboard is still hers after the attempt.
        assert!(
            mallory_browser
                .get("/dashboard")
                .await
                .body
                .contains(&mallory.organisation),
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn only_operators_see_the_operator_area() {
    for backend in backends() {
        let app = TestApp::spawn(&backend).await;
        let visitor = app.browser().get("/admin").await;
        assert_eq!(visitor.location.as_deref(), Some("/login"), "{backend:?}");
        let member = app.browser();
        member.sign_up(&Person::new("ada")).await;
        assert_eq!(
            member.get("/admin").await.status,
            StatusCode::FORBIDDEN,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn an_unknown_page_is_a_404() {
    for backend in backends() {
        let app = TestApp::spawn(&backend).await;
        assert_eq!(
            app.browser().get("/no/such/page").await.status,
            StatusCode::NOT_FOUND,
            "{backend:?}"
        );
    }
}
