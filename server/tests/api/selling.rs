//! Selling through the pages' server functions: applying, the operator's decisions, offers
//! drafted, submitted, reviewed, repriced and retired, and what visitors and other providers can
//! reach of it, forged ids included.

use super::fixtures::{apply, signed_in_operator, signed_up};
use super::helpers::for_each_backend;
use app::error::AppError;
use reqwest::StatusCode;

/// Country and jurisdiction typed in lower case, as the form accepts them.
const APPLICATION: &[(&str, &str)] = &[("form[country]", "fr"), ("form[jurisdiction]", "eu")];

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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_provider_is_approved_publishes_an_offer_reprices_it_and_is_suspended() {
    for_each_backend(|app| async move {
        let operator = signed_in_operator(&app).await;
        let seller = signed_up(&app, "seller").await;
        let visitor = app.browser();

        let provider = apply(&seller, "cobalt", APPLICATION).await;
        let console = seller.get(&format!("/sell/{provider}")).await;
        assert!(console.body.contains("waiting for review"));
        assert!(operator.get("/admin").await.body.contains("cobalt SAS"));
        assert_eq!(
            visitor.get("/providers/cobalt").await.status,
            StatusCode::NOT_FOUND
        );

        // Every field that does not read is named; nothing is created.
        let mut bad = offer_fields(&provider, "c8", "12,345");
        bad.retain(|(k, _)| *k != "form[fields][country]");
        bad.push(("form[fields][country]", "France"));
        let rejected = seller.save_offer(&bad).await;
        assert!(!rejected.status.is_success());
        assert!(
            rejected.body.contains(r#""field":"price""#)
                && rejected.body.contains(r#""field":"country""#),
            "{}",
            rejected.body
        );

        let saved = seller
            .save_offer(&offer_fields(&provider, "c8", "120.00"))
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let offer = saved.number_after("saved=");

        // Not before the provider is approved.
        seller
            .offer_action(&provider, &offer, "submit")
            .await
            .assert_refused(&AppError::Forbidden, "before the approval");
        let no_reason = operator.decide("provider", &provider, "reject", " ").await;
        assert!(
            no_reason.body.contains(r#""field":"reason""#),
            "a refusal needs its reason"
        );
        assert_eq!(
            operator
                .decide("provider", &provider, "approve", "")
                .await
                .status,
            StatusCode::OK
        );
        seller
            .decide("provider", &provider, "suspend", "no")
            .await
            .assert_refused(&AppError::Forbidden, "members do not decide");

        assert_eq!(
            seller
                .offer_action(&provider, &offer, "submit")
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            visitor.get(&format!("/offers/{offer}")).await.status,
            StatusCode::NOT_FOUND,
            "in review is not public"
        );
        assert!(
            seller
                .get(&format!("/offers/{offer}"))
                .await
                .body
                .contains("in review")
        );
        assert!(operator.get("/admin").await.body.contains("Cobalt C8"));
        assert_eq!(
            operator.decide("offer", &offer, "approve", "").await.status,
            StatusCode::OK
        );

        let page = visitor.get(&format!("/offers/{offer}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("120.00 EUR") && page.body.contains("cobalt SAS"));
        let public = visitor.get("/providers/cobalt").await;
        assert!(public.body.contains("Cobalt C8") && public.body.contains("SecNumCloud"));
        assert!(
            visitor
                .get("/catalog?certification=SecNumCloud")
                .await
                .body
                .contains("Cobalt C8")
        );

        // A new price is a new version; the first stays in the history.
        let repriced = seller
            .save_offer(
                &[
                    offer_fields(&provider, "c8", "99.00"),
                    vec![("form[offer]", offer.as_str())],
                ]
                .concat(),
            )
            .await;
        assert_eq!(repriced.status, StatusCode::OK, "{}", repriced.body);
        let history = visitor.get(&format!("/offers/{offer}")).await.body;
        assert!(
            history.contains("99.00 EUR")
                && history.contains("120.00 EUR")
                && history.contains("v2"),
            "{history}"
        );

        assert_eq!(
            operator
                .decide("provider", &provider, "suspend", "Unpaid invoices")
                .await
                .status,
            StatusCode::OK
        );
        assert!(
            !visitor.get("/catalog").await.body.contains("Cobalt C8"),
            "a suspended provider's offers vanish"
        );
        assert_eq!(
            visitor.get(&format!("/offers/{offer}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert!(
            seller
                .get(&format!("/sell/{provider}"))
                .await
                .body
                .contains("Unpaid invoices"),
            "the provider reads the reason"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn nobody_reaches_another_providers_offers_even_with_forged_ids() {
    for_each_backend(|app| async move {
        let seller = signed_up(&app, "owner").await;
        let rival = signed_up(&app, "rival").await;
        let buyer = signed_up(&app, "buyer").await;
        let provider = apply(&seller, "first", APPLICATION).await;
        let rival_provider = apply(&rival, "second", APPLICATION).await;
        let saved = seller
            .save_offer(&offer_fields(&provider, "c8", "10"))
            .await;
        let offer = saved.number_after("saved=");

        // A member of another provider, through its own provider id or the victim's.
        for as_provider in [&rival_provider, &provider] {
            let forged = rival
                .save_offer(
                    &[
                        offer_fields(as_provider, "c8", "1"),
                        vec![("form[offer]", offer.as_str())],
                    ]
                    .concat(),
                )
                .await;
            forged.assert_refused(&AppError::NotFound, app.backend);
        }
        for action in ["submit", "retire"] {
            rival
                .offer_action(&rival_provider, &offer, action)
                .await
                .assert_refused(&AppError::NotFound, app.backend);
        }
        assert_eq!(
            rival.get(&format!("/sell/{provider}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            rival
                .get(&format!("/sell/{provider}/offers/{offer}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            rival.get(&format!("/offers/{offer}")).await.status,
            StatusCode::NOT_FOUND,
            "a draft is private"
        );

        // A tenant member without a provider cannot create or publish offers.
        let intruder = buyer.save_offer(&offer_fields(&provider, "x1", "1")).await;
        intruder.assert_refused(&AppError::Forbidden, app.backend);
        buyer
            .offer_action(&provider, &offer, "submit")
            .await
            .assert_refused(&AppError::NotFound, app.backend);
        buyer
            .decide("offer", &offer, "approve", "")
            .await
            .assert_refused(&AppError::Forbidden, app.backend);

        // The untouched offer still has its own price.
        assert!(
            seller
                .get(&format!("/offers/{offer}"))
                .await
                .body
                .contains("10.00 EUR")
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_comparison_shows_at_most_four_published_offers() {
    for_each_backend(|app| async move {
        let visitor = app.browser();
        let five = visitor.get("/compare?id=1&id=2&id=3&id=4&id=5").await;
        assert_eq!(five.status, StatusCode::BAD_REQUEST);
        assert!(five.body.contains("at most four"));
        let none = visitor.get("/compare?id=999999").await;
        assert_eq!(none.status, StatusCode::OK);
        assert!(none.body.contains("Choose two to four offers"));
    })
    .await;
}
