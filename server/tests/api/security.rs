//! Cross-site requests, tenant isolation and the operator area.

use super::helpers::{Person, for_each_backend};
use app::error::AppError;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cross_site_post_is_refused_and_changes_nothing() {
    for_each_backend(|app| async move {
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
        assert_eq!(by_origin.status(), StatusCode::FORBIDDEN);
        let by_fetch_site = browser
            .client
            .post(app.url("/api/sign_up"))
            .header("Sec-Fetch-Site", "cross-site")
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(by_fetch_site.status(), StatusCode::FORBIDDEN);
        let locale = browser
            .client
            .post(app.url("/locale"))
            .header("Origin", "https://evil.example")
            .form(&[("locale", "fr")])
            .send()
            .await
            .unwrap();
        assert_eq!(locale.status(), StatusCode::FORBIDDEN);

        // No account was created: logging in fails and signing up for real still works.
        app.browser()
            .log_in(&ada.email, &ada.password)
            .await
            .assert_refused(&AppError::BadCredentials, "no account was created");
        assert_eq!(app.browser().sign_up(&ada).await.status, StatusCode::OK);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_tenant_cannot_read_another_tenants_dashboard() {
    for_each_backend(|app| async move {
        let ada = Person::new("ada");
        let mallory = Person::new("mallory");
        let ada_browser = app.browser();
        ada_browser.sign_up(&ada).await;
        let mallory_browser = app.browser();
        mallory_browser.sign_up(&mallory).await;

        // Ada's tenant id, as her own account page's switch button holds it.
        let ada_tenant = tenant_named(&ada_browser.get("/account").await.body, &ada.organisation);

        let page = mallory_browser
            .get(&format!("/dashboard?org={ada_tenant}"))
            .await;
        assert!(!page.body.contains(&ada.organisation) && !page.body.contains(&ada.email));

        let call = mallory_browser
            .call("switch_organisation", &[("form[tenant]", &ada_tenant)])
            .await;
        assert_eq!(call.status, StatusCode::NOT_FOUND);
        call.assert_refused(&AppError::NotFound, "another tenant's organisation");
        assert!(!call.body.contains(&ada.email));
        // Mallory's own dashboard is still hers after the attempt.
        let own = mallory_browser.get("/dashboard").await.body;
        assert!(own.contains(&mallory.organisation));
        assert!(!own.contains(&ada.organisation));
    })
    .await;
}

/// The organisation ids of the switch buttons on a page, with the text of each button's form.
fn tenant_ids(page: &str) -> Vec<(String, String)> {
    page.split(r#"name="form[tenant]" value=""#)
        .skip(1)
        .filter_map(|rest| {
            let (id, form) = rest.split_once('"')?;
            let form = form.split("</form>").next()?;
            Some((id.to_owned(), form.to_owned()))
        })
        .collect()
}

/// The id of the organisation called `name`, as a switch button on `page` holds it.
fn tenant_named(page: &str, name: &str) -> String {
    tenant_ids(page)
        .into_iter()
        .find(|(_, form)| form.contains(name))
        .map(|(id, _)| id)
        .expect("a switch button for the organisation")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_a_post_from_the_site_switches_the_working_organisation() {
    for_each_backend(|app| async move {
        let ada = Person::new("ada");
        let browser = app.browser();
        browser.sign_up(&ada).await;
        let created = browser
            .call("create_organisation", &[("form[name]", "Second Ledger")])
            .await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        let first = tenant_named(&browser.get("/account").await.body, &ada.organisation);
        assert!(
            browser
                .get("/dashboard")
                .await
                .body
                .contains("Second Ledger")
        );

        // A link (or an image) on another site sends a GET: it switches nothing.
        browser.get(&format!("/dashboard?org={first}")).await;
        assert!(
            browser
                .get("/dashboard")
                .await
                .body
                .contains("Second Ledger")
        );
        // A cross-site POST is refused.
        let forged = browser
            .client
            .post(app.url("/api/switch_organisation"))
            .header("Origin", "https://evil.example")
            .form(&[("form[tenant]", first.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN);
        assert!(
            browser
                .get("/dashboard")
                .await
                .body
                .contains("Second Ledger")
        );

        // The switch button, without JavaScript, switches and goes to the dashboard.
        let switched = browser
            .submit_form(
                "switch_organisation",
                "/account",
                &[("form[tenant]", &first)],
            )
            .await;
        assert_eq!(switched.location.as_deref(), Some("/dashboard"));
        assert!(
            browser
                .get("/dashboard")
                .await
                .body
                .contains(&ada.organisation)
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_operators_see_the_operator_area() {
    for_each_backend(|app| async move {
        let visitor = app.browser().get("/admin").await;
        assert_eq!(visitor.location.as_deref(), Some("/login"));
        let member = app.browser();
        member.sign_up(&Person::new("ada")).await;
        assert_eq!(member.get("/admin").await.status, StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_unknown_page_is_a_404() {
    for_each_backend(|app| async move {
        assert_eq!(
            app.browser().get("/no/such/page").await.status,
            StatusCode::NOT_FOUND
        );
    })
    .await;
}
