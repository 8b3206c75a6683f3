//! Sign-up, log-in, sessions and tenants.

use super::helpers::{Person, TestApp, for_each_backend, for_each_bare_backend, refusal};
use app::error::{AppError, FieldProblem};
use broker::account::{Field, InputError};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn signing_up_creates_the_organisation_and_signs_in() {
    for_each_backend(|app| async move {
        let browser = app.browser();
        let ada = Person::new("ada");
        let answer = browser.sign_up(&ada).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert_eq!(answer.body, "\"/dashboard\"");
        let dashboard = browser.get("/dashboard").await;
        assert_eq!(dashboard.status, StatusCode::OK);
        assert!(
            dashboard.body.contains(&ada.organisation),
            "the dashboard names the organisation"
        );
        assert!(dashboard.body.contains("Owner"), "the founder owns it");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_taken_email_is_refused_next_to_the_email_field() {
    for_each_backend(|app| async move {
        let ada = Person::new("ada");
        assert_eq!(app.browser().sign_up(&ada).await.status, StatusCode::OK);
        let again = Person {
            email: "  ADA@example.org ".to_owned(),
            ..Person::new("other")
        };
        let answer = app.browser().sign_up(&again).await;
        assert!(answer.status.is_server_error() || answer.status.is_client_error());
        assert!(
            answer
                .body
                .contains("{\"field\":\"email\",\"problem\":\"email_taken\"}"),
            "{}",
            answer.body
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_weak_password_and_an_empty_organisation_are_both_reported() {
    for_each_backend(|app| async move {
        let person = Person {
            password: "passwordpassword".to_owned(),
            organisation: "   ".to_owned(),
            ..Person::new("weak")
        };
        let answer = app.browser().sign_up(&person).await;
        assert_eq!(
            answer.error().field(Field::Password),
            Some(FieldProblem::Input(InputError::PasswordWeak)),
            "{}",
            answer.body
        );
        assert!(
            answer.body.contains("\"field\":\"organisation\""),
            "{}",
            answer.body
        );
        // Nothing was created: the same email can sign up properly afterwards.
        let fixed = Person {
            email: person.email.clone(),
            ..Person::new("weak")
        };
        assert_eq!(app.browser().sign_up(&fixed).await.status, StatusCode::OK);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    for_each_backend(|app| async move {
        let ada = Person::new("ada");
        app.browser().sign_up(&ada).await;
        let wrong = app
            .browser()
            .log_in(&ada.email, "not the right password at all")
            .await;
        let unknown = app
            .browser()
            .log_in("nobody@example.org", "not the right password at all")
            .await;
        wrong.assert_refused(&AppError::BadCredentials, "a wrong password");
        assert_eq!((wrong.status, wrong.body), (unknown.status, unknown.body));
        let right = app.browser().log_in(&ada.email, &ada.password).await;
        assert_eq!(right.status, StatusCode::OK, "{}", right.body);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_session_id_changes_at_log_in_and_the_old_one_is_worthless() {
    for_each_backend(|app| async move {
        let ada = Person::new("ada");
        let browser = app.browser();
        browser.sign_up(&ada).await;
        let before = browser
            .session_cookie()
            .expect("a session cookie after sign-up");
        assert_eq!(
            browser.log_in(&ada.email, &ada.password).await.status,
            StatusCode::OK
        );
        let after = browser
            .session_cookie()
            .expect("a session cookie after log-in");
        assert_ne!(before, after, "log-in must issue a new session id");

        let replay = app.browser();
        replay.set_session_cookie(&before);
        let answer = replay.get("/dashboard").await;
        assert_eq!(answer.status, StatusCode::FOUND);
        assert_eq!(answer.location.as_deref(), Some("/login"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn logging_out_ends_the_session_on_the_server() {
    for_each_backend(|app| async move {
        let browser = app.browser();
        browser.sign_up(&Person::new("ada")).await;
        let cookie = browser.session_cookie().expect("a session cookie");
        assert_eq!(browser.call("log_out", &[]).await.status, StatusCode::OK);

        // Even a client that kept the cookie is no longer signed in.
        let replay = app.browser();
        replay.set_session_cookie(&cookie);
        let answer = replay.get("/dashboard").await;
        assert_eq!(answer.location.as_deref(), Some("/login"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_password_change_ends_the_other_sessions_but_not_this_one() {
    for_each_backend(|app| async move {
        let ada = Person::new("ada");
        let laptop = app.browser();
        laptop.sign_up(&ada).await;
        let phone = app.browser();
        assert_eq!(
            phone.log_in(&ada.email, &ada.password).await.status,
            StatusCode::OK
        );
        assert_eq!(phone.get("/dashboard").await.status, StatusCode::OK);

        let new_password = "copper meadow orbit silently";
        let answer = laptop
            .call(
                "change_password",
                &[
                    ("form[current]", &ada.password),
                    ("form[new]", new_password),
                ],
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);

        assert_eq!(
            laptop.get("/dashboard").await.status,
            StatusCode::OK,
            "this session stays"
        );
        assert_eq!(
            phone.get("/dashboard").await.location.as_deref(),
            Some("/login"),
            "the other ends"
        );
        app.browser()
            .log_in(&ada.email, &ada.password)
            .await
            .assert_refused(&AppError::BadCredentials, "the old password");
        assert_eq!(
            app.browser().log_in(&ada.email, new_password).await.status,
            StatusCode::OK
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_wrong_current_password_does_not_change_it() {
    for_each_backend(|app| async move {
        let ada = Person::new("ada");
        let browser = app.browser();
        browser.sign_up(&ada).await;
        let answer = browser
            .call(
                "change_password",
                &[
                    ("form[current]", "a guess that is wrong"),
                    ("form[new]", "copper meadow orbit silently"),
                ],
            )
            .await;
        assert!(
            answer.body.contains("wrong_current_password"),
            "{}",
            answer.body
        );
        assert_eq!(
            app.browser().log_in(&ada.email, &ada.password).await.status,
            StatusCode::OK
        );
    })
    .await;
}

/// Logs in through the trusted proxy, as a browser at `addr` would.
async fn log_in_from(
    app: &TestApp,
    addr: &str,
    email: &str,
    password: &str,
) -> (StatusCode, String) {
    let response = app
        .browser()
        .client
        .post(app.url("/api/log_in"))
        .header("Origin", app.url(""))
        .header("Sec-Fetch-Site", "same-origin")
        .header("X-Forwarded-For", addr)
        .form(&[("form[email]", email), ("form[password]", password)])
        .send()
        .await
        .expect("the server answers");
    (response.status(), response.text().await.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn repeated_failures_stop_that_address_but_not_the_owner_elsewhere() {
    for_each_bare_backend(|backend| async move {
        let (url, dir) = TestApp::fresh_database(&backend).await;
        let proxy = [("COMPTOIR_TRUSTED_PROXY", "127.0.0.1")];
        let app = TestApp::spawn_on_with(url, dir, &proxy).await;
        let ada = Person::new("ada");
        app.browser().sign_up(&ada).await;
        for _ in 0..5 {
            log_in_from(
                &app,
                "203.0.113.9",
                &ada.email,
                "not the right password at all",
            )
            .await;
        }
        let (_, body) = log_in_from(&app, "203.0.113.9", &ada.email, &ada.password).await;
        assert!(
            matches!(refusal(&body), Some(AppError::TooManyAttempts { .. })),
            "{body}"
        );
        let (status, body) = log_in_from(&app, "198.51.100.4", &ada.email, &ada.password).await;
        assert_eq!(status, StatusCode::OK, "the owner elsewhere: {body}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_address_signs_up_ten_accounts_an_hour_even_all_at_once() {
    for_each_backend(|app| async move {
        let mut set = tokio::task::JoinSet::new();
        for n in 0..12 {
            let browser = app.browser();
            set.spawn(async move { browser.sign_up(&Person::new(&format!("p{n}"))).await });
        }
        let answers = set.join_all().await;
        let created = answers
            .iter()
            .filter(|a| a.status == StatusCode::OK)
            .count();
        let refused = answers
            .iter()
            .filter(|a| matches!(refusal(&a.body), Some(AppError::TooManyAttempts { .. })))
            .count();
        assert_eq!((created, refused), (10, 2));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_member_can_create_and_switch_to_another_organisation() {
    for_each_backend(|app| async move {
        let browser = app.browser();
        let ada = Person::new("ada");
        browser.sign_up(&ada).await;
        let answer = browser
            .call(
                "create_organisation",
                &[("form[name]", "Difference Engines")],
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert!(
            browser
                .get("/dashboard")
                .await
                .body
                .contains("Difference Engines")
        );
        let account = browser.get("/account").await.body;
        assert!(account.contains(&ada.organisation) && account.contains("Difference Engines"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn healthz_answers_ok_when_the_database_does() {
    for_each_backend(|app| async move {
        let answer = app.browser().get("/healthz").await;
        assert_eq!(
            (answer.status, answer.body.as_str()),
            (StatusCode::OK, "ok")
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forms_work_without_javascript() {
    for_each_backend(|app| async move {
        let browser = app.browser();
        let bad = browser
            .submit_form(
                "sign_up",
                "/signup",
                &[
                    ("form[email]", "ada"),
                    ("form[password]", "short"),
                    ("form[name]", "Ada"),
                    ("form[organisation]", "Org"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::FOUND);
        let back = bad.location.expect("back to the form");
        assert!(back.contains("/signup?"), "{back}");
        let page = browser.get(back.trim_start_matches(&app.url(""))).await;
        assert!(
            page.body
                .contains("Enter an email address like name@example.com.")
        );
        assert!(
            page.body
                .contains("The password must have at least 12 characters.")
        );

        let ada = Person::new("ada");
        let good = browser
            .submit_form(
                "sign_up",
                "/signup",
                &[
                    ("form[email]", &ada.email),
                    ("form[password]", &ada.password),
                    ("form[name]", &ada.name),
                    ("form[organisation]", &ada.organisation),
                ],
            )
            .await;
        assert_eq!(
            (good.status, good.location.as_deref()),
            (StatusCode::FOUND, Some("/dashboard"))
        );
        assert!(
            browser
                .get("/dashboard")
                .await
                .body
                .contains(&ada.organisation)
        );

        // The forms of the shared form island come back with the refusal in the page too: one
        // about no field above the form, one about a field next to it.
        let page_after = |answer: super::helpers::Answer| {
            let back = answer.location.expect("back to the form");
            back.trim_start_matches(&app.url("")).to_owned()
        };
        let wrong = browser
            .submit_form(
                "log_in",
                "/login",
                &[
                    ("form[email]", &ada.email),
                    ("form[password]", "not the password"),
                ],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::FOUND);
        let page = browser.get(&page_after(wrong)).await;
        assert!(page.body.contains("Invalid email or password."));
        let bad_slug = browser
            .submit_form(
                "apply_provider",
                "/sell",
                &[
                    ("form[slug]", "No Spaces Allowed"),
                    ("form[legal_name]", "Ada Cloud"),
                    ("form[country]", "FR"),
                    ("form[jurisdiction]", "EU"),
                    ("form[website]", "https://ada.example"),
                    ("form[description]", "Compute."),
                    ("form[support_contact]", "support@ada.example"),
                ],
            )
            .await;
        let page = browser.get(&page_after(bad_slug)).await;
        assert!(
            page.body
                .contains("Use 2 to 40 lower-case letters, digits and inner hyphens.")
        );
    })
    .await;
}
