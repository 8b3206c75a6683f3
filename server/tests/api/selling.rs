//! Selling through the pages' server functions: applying, the operator's decisions, offers
//! drafted, submitted, reviewed, repriced and retired, and what visitors and other providers can
//! reach of it, forged ids included.

use super::helpers::{Answer, Browser, Person, TestApp, backends};
use broker::account::{Email, Password};
use broker::store::Store;
use reqwest::StatusCode;

const OPERATOR_EMAIL: &str = "ops@example.org";
const OPERATOR_PASSWORD: &str = "signal lighthouse cobalt ferry";

async fn create_operator(database_url: &str) {
    let store = Store::connect(database_url).await.expect("connect");
    let hash = broker::secret::hash_password(
        &Password::parse(OPERATOR_PASSWORD, &[]).expect("a strong password"),
    )
    .await
    .expect("hash");
    store
        .create_operator(
            &Email::parse(OPERATOR_EMAIL).expect("email"),
            "Ops",
            &hash,
            0,
        )
        .await
        .expect("the operator");
    store.close().await;
}

async fn signed_up(app: &TestApp, tag: &str) -> Browser {
    let browser = app.browser();
    assert_eq!(
        browser.sign_up(&Person::new(tag)).await.status,
        StatusCode::OK
    );
    browser
}

/// The number after `key=` or `key/` in a server function's answer (a path such as
/// `/sell/3?saved=7`).
fn number_after(answer: &Answer, key: &str) -> String {
    let start = answer
        .body
        .find(key)
        .unwrap_or_else(|| panic!("{key} in {}", answer.body))
        + key.len();
    answer.body[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

async fn apply(browser: &Browser, slug: &str) -> String {
    let answer = browser
        .call(
            "apply_provider",
            &[
                ("form[slug]", slug),
                ("form[legal_name]", &format!("{slug} SAS")),
                ("form[country]", "fr"),
                ("form[jurisdiction]", "eu"),
                ("form[website]", "https://provider.example"),
                ("form[description]", "Sovereign compute."),
                ("form[support_contact]", "support@provider.example"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    number_after(&answer, "/sell/")
}

fn offer_fields<'a>(
    provider: &'a str,
    external_id: &'a str,
    price: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("form[provider]", provider),
        ("form[fields][external_id]", external_id),
        ("form[fields][domain]", "compute"),
        ("form[fields][name]", "Cobalt C8"),
        ("form[fields][tagline]", "Eight cores in Paris"),
        ("form[fields][description]", ""),
        ("form[fields][unit]", "instance"),
        ("form[fields][country]", "FR"),
        ("form[fields][jurisdiction]", "EU"),
        ("form[fields][attributes]", "vcpu=8, ram_gb=32"),
        ("form[fields][certifications]", "SecNumCloud, ISO27001"),
        ("form[fields][availability]", "99.95"),
        ("form[fields][currency]", "EUR"),
        ("form[fields][price]", price),
        ("form[fields][carbon]", "5400"),
        ("form[fields][capacity]", "12"),
    ]
}

/// A server function's refusal: an error status and the error's name in the body.
fn refused(answer: &Answer, error: &str, context: &str) {
    assert!(
        !answer.status.is_success() && answer.body.contains(error),
        "{context}: expected {error}, got {} {}",
        answer.status,
        answer.body
    );
}

async fn save_offer(browser: &Browser, fields: &[(&str, &str)]) -> Answer {
    browser.call("save_offer", fields).await
}

async fn decide(
    browser: &Browser,
    subject: &str,
    id: &str,
    decision: &str,
    reason: &str,
) -> Answer {
    browser
        .call(
            "decide",
            &[
                ("form[subject]", subject),
                ("form[id]", id),
                ("form[reason]", reason),
                ("decision", decision),
            ],
        )
        .await
}

async fn offer_action(browser: &Browser, provider: &str, offer: &str, action: &str) -> Answer {
    browser
        .call(
            "offer_action",
            &[("provider", provider), ("offer", offer), ("action", action)],
        )
        .await
}

#[tokio::test]
async fn a_provider_is_approved_publishes_an_offer_reprices_it_and_is_suspended() {
    for backend in backends() {
        let (database_url, dir) = TestApp::fresh_database(&backend).await;
        let app = TestApp::spawn_on(database_url.clone(), dir).await;
        create_operator(&database_url).await;
        let operator = app.browser();
        assert_eq!(
            operator
                .log_in(OPERATOR_EMAIL, OPERATOR_PASSWORD)
                .await
                .status,
            StatusCode::OK
        );
        let seller = signed_up(&app, "seller").await;
        let visitor = app.browser();

        let provider = apply(&seller, "cobalt").await;
        let console = seller.get(&format!("/sell/{provider}")).await;
        assert!(console.body.contains("waiting for review"), "{backend:?}");
        assert!(
            operator.get("/admin").await.body.contains("cobalt SAS"),
            "{backend:?}"
        );
        assert_eq!(
            visitor.get("/providers/cobalt").await.status,
            StatusCode::NOT_FOUND,
            "{backend:?}"
        );

        // Every field that does not read is named; nothing is created.
        let mut bad = offer_fields(&provider, "c8", "12,345");
        bad.retain(|(k, _)| *k != "form[fields][country]");
        bad.push(("form[fields][country]", "France"));
        let rejected = save_offer(&seller, &bad).await;
        assert!(!rejected.status.is_success(), "{backend:?}");
        assert!(
            rejected.body.contains(r#""field":"price""#)
                && rejected.body.contains(r#""field":"country""#),
            "{backend:?}: {}",
            rejected.body
        );

        let saved = save_offer(&seller, &offer_fields(&provider, "c8", "120.00")).await;
        assert_eq!(saved.status, StatusCode::OK, "{backend:?}: {}", saved.body);
        let offer = number_after(&saved, "saved=");

        // Not before the provider is approved.
        refused(
            &offer_action(&seller, &provider, &offer, "submit").await,
            "Forbidden",
            &format!("{backend:?}"),
        );
        let no_reason = decide(&operator, "provider", &provider, "reject", " ").await;
        assert!(
            no_reason.body.contains(r#""field":"reason""#),
            "{backend:?}: a refusal needs its reason"
        );
        assert_eq!(
            decide(&operator, "provider", &provider, "approve", "")
                .await
                .status,
            StatusCode::OK,
            "{backend:?}"
        );
        refused(
            &decide(&seller, "provider", &provider, "suspend", "no").await,
            "Forbidden",
            &format!("{backend:?}: members do not decide"),
        );

        assert_eq!(
            offer_action(&seller, &provider, &offer, "submit")
                .await
                .status,
            StatusCode::OK,
            "{backend:?}"
        );
        assert_eq!(
            visitor.get(&format!("/offers/{offer}")).await.status,
            StatusCode::NOT_FOUND,
            "{backend:?}: in review is not public"
        );
        assert!(
            seller
                .get(&format!("/offers/{offer}"))
                .await
                .body
                .contains("in review"),
            "{backend:?}"
        );
        assert!(
            operator.get("/admin").await.body.contains("Cobalt C8"),
            "{backend:?}"
        );
        assert_eq!(
            decide(&operator, "offer", &offer, "approve", "")
                .await
                .status,
            StatusCode::OK,
            "{backend:?}"
        );

        let page = visitor.get(&format!("/offers/{offer}")).await;
        assert_eq!(page.status, StatusCode::OK, "{backend:?}");
        assert!(
            page.body.contains("120.00 EUR") && page.body.contains("cobalt SAS"),
            "{backend:?}"
        );
        let public = visitor.get("/providers/cobalt").await;
        assert!(
            public.body.contains("Cobalt C8") && public.body.contains("SecNumCloud"),
            "{backend:?}"
        );
        assert!(
            visitor
                .get("/catalog?certification=SecNumCloud")
                .await
                .body
                .contains("Cobalt C8"),
            "{backend:?}"
        );

        // A new price is a new version; the first stays in the history.
        let repriced = save_offer(
            &seller,
            &[
                offer_fields(&provider, "c8", "99.00"),
                vec![("form[offer]", offer.as_str())],
            ]
            .concat(),
        )
        .await;
        assert_eq!(
            repriced.status,
            StatusCode::OK,
            "{backend:?}: {}",
            repriced.body
        );
        let history = visitor.get(&format!("/offers/{offer}")).await.body;
        assert!(
            history.contains("99.00 EUR")
                && history.contains("120.00 EUR")
                && history.contains("v2"),
            "{backend:?}: {history}"
        );

        assert_eq!(
            decide(
                &operator,
                "provider",
                &provider,
                "suspend",
                "Unpaid invoices"
            )
            .await
            .status,
            StatusCode::OK,
            "{backend:?}"
        );
        assert!(
            !visitor.get("/catalog").await.body.contains("Cobalt C8"),
            "{backend:?}: a suspended provider's offers vanish"
        );
        assert_eq!(
            visitor.get(&format!("/offers/{offer}")).await.status,
            StatusCode::NOT_FOUND,
            "{backend:?}"
        );
        assert!(
            seller
                .get(&format!("/sell/{provider}"))
                .await
                .body
                .contains("Unpaid invoices"),
            "{backend:?}: the provider reads the reason"
        );
    }
}

#[tokio::test]
async fn nobody_reaches_another_providers_offers_even_with_forged_ids() {
    for backend in backends() {
        let app = TestApp::spawn(&backend).await;
        let seller = signed_up(&app, "owner").await;
        let rival = signed_up(&app, "rival").await;
        let buyer = signed_up(&app, "buyer").await;
        let provider = apply(&seller, "first").await;
        let rival_provider = apply(&rival, "second").await;
        let saved = save_offer(&seller, &offer_fields(&provider, "c8", "10")).await;
        let offer = number_after(&saved, "saved=");

        // A member of another provider, through its own provider id or the victim's.
        for as_provider in [&rival_provider, &provider] {
            let forged = save_offer(
                &rival,
                &[
                    offer_fields(as_provider, "c8", "1"),
                    vec![("form[offer]", offer.as_str())],
                ]
                .concat(),
            )
            .await;
            refused(&forged, "NotFound", &format!("{backend:?}"));
        }
        for action in ["submit", "retire"] {
            refused(
                &offer_action(&rival, &rival_provider, &offer, action).await,
                "NotFound",
                &format!("{backend:?}"),
            );
        }
        assert_eq!(
            rival.get(&format!("/sell/{provider}")).await.status,
            StatusCode::NOT_FOUND,
            "{backend:?}"
        );
        assert_eq!(
            rival
                .get(&format!("/sell/{provider}/offers/{offer}"))
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{backend:?}"
        );
        assert_eq!(
            rival.get(&format!("/offers/{offer}")).await.status,
            StatusCode::NOT_FOUND,
            "{backend:?}: a draft is private"
        );

        // A tenant member without a provider cannot create or publish offers.
        let intruder = save_offer(&buyer, &offer_fields(&provider, "x1", "1")).await;
        refused(&intruder, "Forbidden", &format!("{backend:?}"));
        refused(
            &offer_action(&buyer, &provider, &offer, "submit").await,
            "NotFound",
            &format!("{backend:?}"),
        );
        refused(
            &decide(&buyer, "offer", &offer, "approve", "").await,
            "Forbidden",
            &format!("{backend:?}"),
        );

        // The untouched offer still has its own price.
        assert!(
            seller
                .get(&format!("/offers/{offer}"))
                .await
                .body
                .contains("10.00 EUR"),
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_comparison_shows_at_most_four_published_offers() {
    for backend in backends() {
        let app = TestApp::spawn(&backend).await;
        let visitor = app.browser();
        let five = visitor.get("/compare?id=1&id=2&id=3&id=4&id=5").await;
        assert_eq!(five.status, StatusCode::BAD_REQUEST, "{backend:?}");
        assert!(five.body.contains("at most four"), "{backend:?}");
        let none = visitor.get("/compare?id=999999").await;
        assert_eq!(none.status, StatusCode::OK, "{backend:?}");
        assert!(
            none.body.contains("Choose two to four offers"),
            "{backend:?}"
        );
    }
}
