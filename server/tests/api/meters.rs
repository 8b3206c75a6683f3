//! An offer's meters through the offer editor's server function: a line that does not read is
//! refused next to the meters field, saved meters are read out in words on the offer's page in
//! English and French, and the editor shows them back as they read.

use super::fixtures::{apply, signed_in_operator, signed_up};
use super::helpers::for_each_backend;
use reqwest::StatusCode;

fn offer_fields<'a>(provider: &'a str, meters: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("form[provider]", provider),
        ("form[fields][external_id]", "object-1t"),
        ("form[fields][domain]", "storage"),
        ("form[fields][name]", "Object 1 TB"),
        ("form[fields][tagline]", "S3-compatible"),
        ("form[fields][description]", ""),
        ("form[fields][unit]", "bucket"),
        ("form[fields][country]", "FR"),
        ("form[fields][jurisdiction]", "EU"),
        ("form[fields][attributes]", "storage_gb=1000"),
        ("form[fields][certifications]", "ISO27001"),
        ("form[fields][availability]", "99.9"),
        ("form[fields][currency]", "EUR"),
        ("form[fields][price]", "19.00"),
        ("form[fields][carbon]", "300"),
        ("form[fields][capacity]", ""),
        ("form[fields][meters]", meters),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn meters_saved_in_the_editor_are_read_out_on_the_offer_page() {
    for_each_backend(|app| async move {
        let operator = signed_in_operator(&app).await;
        let seller = signed_up(&app, "seller").await;
        let provider = apply(&seller, "stockage", &[]).await;
        let approved = operator.decide("provider", &provider, "approve", "").await;
        assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);

        let refused = seller
            .save_offer(&offer_fields(&provider, "egress_gb: two cents a gigabyte"))
            .await;
        assert!(!refused.status.is_success(), "{}", refused.body);
        assert!(
            refused.body.contains(r#""field":"meters""#),
            "{}",
            refused.body
        );

        let typed = "Egress_GB: 0,02 per GB, 100 included\r\n\r\nipv4 = 1.50 EUR / address";
        let saved = seller.save_offer(&offer_fields(&provider, typed)).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let offer = saved.number_after("saved=");

        let page = seller.get(&format!("/offers/{offer}")).await.body;
        for sentence in [
            "egress_gb: 0.02 EUR per GB, 100 GB included per bucket",
            "ipv4: 1.50 EUR per address",
        ] {
            assert!(page.contains(sentence), "{sentence} in {page}");
        }
        let editor = seller
            .get(&format!("/sell/{provider}/offers/{offer}"))
            .await
            .body;
        assert!(
            editor.contains("egress_gb: 0.02 per 1 GB, 100 included\nipv4: 1.50 per 1 address"),
            "{editor}"
        );

        let french = seller
            .client
            .post(app.url("/locale"))
            .header("Origin", app.url(""))
            .form(&[("locale", "fr")])
            .send()
            .await
            .expect("the server answers");
        assert!(french.status().is_redirection(), "{}", french.status());
        let page = seller.get(&format!("/offers/{offer}")).await.body;
        assert!(
            page.contains("egress_gb : 0.02 EUR par GB, 100 GB inclus par bucket"),
            "{page}"
        );
    })
    .await;
}
