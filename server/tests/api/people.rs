//! The operator's control of people through the server: the search page, a suspension that
//! ends the user's every session and refuses their log-in with its reason, the entry in the
//! audit log, the organisation's banner, and a 403 for anyone else on every operator page and
//! server function.

use crate::api::fixtures::{signed_in_operator, signed_up};
use crate::api::helpers::{Answer, Browser, Person, for_each_backend};
use app::error::{AppError, Refusal};
use broker::operator::PeopleFound;
use reqwest::StatusCode;

const REASON: &str = "Chargebacks on three cards";

async fn found(operator: &Browser, q: &str) -> PeopleFound {
    let answer = operator.call("operator_search", &[("q", q)]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    serde_json::from_str(&answer.body).expect("the search's answer")
}

async fn change(operator: &Browser, kind: &str, id: &str, change: &str, reason: &str) -> Answer {
    operator
        .call(
            "operator_account",
            &[
                ("form[kind]", kind),
                ("form[id]", id),
                ("form[reason]", reason),
                ("change", change),
            ],
        )
        .await
}

async fn signed_in(browser: &Browser) -> bool {
    let answer = browser.call("session", &[]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body != "null"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_suspended_user_is_signed_out_everywhere_and_told_why_at_log_in() {
    for_each_backend(|app| async move {
        let operator = signed_in_operator(&app).await;
        let ada = signed_up(&app, "ada").await;
        let person = Person::new("ada");
        let elsewhere = app.browser();
        let answer = elsewhere.log_in(&person.email, &person.password).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);

        let page = operator.get("/admin/people?q=ada%40example").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(
            page.body.contains("data-user=\"ada@example.org\""),
            "{}",
            page.body
        );
        assert!(page.body.contains("Organisation ada"), "{}", page.body);
        let id = found(&operator, "ada@example").await.users[0]
            .id
            .to_string();

        let blank = change(&operator, "user", &id, "suspend", " ").await;
        assert_eq!(blank.status, StatusCode::BAD_REQUEST, "{}", blank.body);
        let suspended = change(&operator, "user", &id, "suspend", REASON).await;
        assert_eq!(suspended.status, StatusCode::OK, "{}", suspended.body);
        assert!(!signed_in(&ada).await, "the session she signed up in ended");
        assert!(!signed_in(&elsewhere).await, "and the other one");
        app.browser()
            .log_in(&person.email, &person.password)
            .await
            .assert_refused(
                &AppError::Suspended {
                    reason: REASON.to_owned(),
                },
                "her log-in",
            );
        let form = app
            .browser()
            .submit_form(
                "log_in",
                "/login",
                &[
                    ("form[email]", &person.email),
                    ("form[password]", &person.password),
                ],
            )
            .await;
        let back = form.location.expect("back to the log-in page");
        let shown = app
            .browser()
            .get(back.trim_start_matches(&app.url("")))
            .await;
        assert!(
            shown.body.contains("This account is suspended") && shown.body.contains(REASON),
            "without JavaScript too: {}",
            shown.body
        );

        let user_page = operator.get(&format!("/admin/users/{id}")).await;
        assert!(user_page.body.contains(REASON), "{}", user_page.body);
        assert!(
            user_page.body.contains("value=\"reinstate\""),
            "{}",
            user_page.body
        );
        let log = operator.get("/admin/audit?action=user_suspended").await;
        assert!(
            log.body.contains(&format!("suspended user {id}: {REASON}")),
            "{}",
            log.body
        );
        let own = found(&operator, "ops@example.org").await.users[0]
            .id
            .to_string();
        change(&operator, "user", &own, "suspend", REASON)
            .await
            .assert_refused(&AppError::Refused(Refusal::OwnAccount), "oneself");

        let reinstated = change(&operator, "user", &id, "reinstate", "").await;
        assert_eq!(reinstated.status, StatusCode::OK, "{}", reinstated.body);
        let again = app.browser();
        let answer = again.log_in(&person.email, &person.password).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert!(signed_in(&again).await);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_suspended_organisation_sees_why_and_only_the_operator_reaches_the_controls() {
    for_each_backend(|app| async move {
        let operator = signed_in_operator(&app).await;
        let ada = signed_up(&app, "ada").await;
        let organisation = found(&operator, "Organisation ada").await.organisations[0]
            .id
            .to_string();
        let user = found(&operator, "ada@example").await.users[0]
            .id
            .to_string();
        let suspended = change(&operator, "organisation", &organisation, "suspend", REASON).await;
        assert_eq!(suspended.status, StatusCode::OK, "{}", suspended.body);
        let dashboard = ada.get("/dashboard").await;
        assert_eq!(dashboard.status, StatusCode::OK, "{}", dashboard.body);
        assert!(
            dashboard.body.contains("data-suspension") && dashboard.body.contains(REASON),
            "{}",
            dashboard.body
        );
        let page = operator
            .get(&format!("/admin/organisations/{organisation}"))
            .await;
        assert!(
            page.body.contains("data-member=\"ada@example.org\""),
            "{}",
            page.body
        );
        assert!(page.body.contains(REASON), "{}", page.body);

        for path in [
            "/admin/people".to_owned(),
            format!("/admin/users/{user}"),
            format!("/admin/organisations/{organisation}"),
        ] {
            assert_eq!(ada.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
        }
        let calls: [(&str, Vec<(&str, &str)>); 4] = [
            ("operator_search", vec![("q", "")]),
            ("operator_user", vec![("id", &user)]),
            ("operator_organisation", vec![("id", &organisation)]),
            (
                "operator_account",
                vec![
                    ("form[kind]", "organisation"),
                    ("form[id]", &organisation),
                    ("change", "reinstate"),
                ],
            ),
        ];
        for (function, fields) in &calls {
            ada.call(function, fields)
                .await
                .assert_refused(&AppError::Forbidden, function);
        }
        let visitor = app.browser();
        visitor
            .call("operator_search", &[("q", "")])
            .await
            .assert_refused(&AppError::Unauthorized, "signed out");
        assert!(
            found(&operator, "Organisation ada").await.organisations[0].suspended,
            "nothing a refused call asked was done"
        );
    })
    .await;
}
