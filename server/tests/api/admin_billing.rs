//! The operator's billing section over HTTP: the month's figures, a payment recorded in two
//! parts (an overpayment, an amount that does not read and a wrong number refused next to their
//! fields), no credit note for a paid invoice, no payout run without its reference, and a
//! commission rate for a coming month only; a tenant may do none of it.

use crate::api::billing::finalized_invoice;
use crate::api::fixtures::{OPERATOR_EMAIL, Seed, alpha_application};
use crate::api::helpers::{for_each_backend, now};
use app::error::{AppError, FieldProblem};
use broker::account::Field;
use broker::billing::Settlement;
use reqwest::StatusCode;

const PASSWORD: &str = "velvet harbour lantern quietly";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_operator_records_payments_credit_notes_payouts_and_rates() {
    for_each_backend(|app| async move {
        let b = app.backend;
        let seed = Seed::new(&app.database_url, OPERATOR_EMAIL, "Ops", now()).await;
        let alice = seed.user("alice", "Alice", "Alice GmbH").await;
        let tenant = seed.store.memberships(alice.id).await.expect("memberships")[0].tenant;
        finalized_invoice(&app, tenant).await;
        let operator = app.browser();
        operator.log_in(OPERATOR_EMAIL, PASSWORD).await;
        let tenant_browser = app.browser();
        tenant_browser.log_in("alice@example.org", PASSWORD).await;

        let page = operator.get("/admin/billing").await;
        assert_eq!(page.status, StatusCode::OK, "{b}");
        assert!(
            page.body.contains("data-month=\"2026-11\""),
            "{b}: {}",
            page.body
        );
        assert!(page.body.contains("84.00 EUR"), "{b}: the month's GMV");

        let export = operator.get("/api/v1/billing?month=2026-11").await;
        assert_eq!(export.status, StatusCode::OK, "{b}: {}", export.body);
        let document: serde_json::Value = serde_json::from_str(&export.body).expect("JSON");
        assert_eq!(document["format"], "comptoir.billing/v1", "{b}");
        assert_eq!(document["invoices"][0]["number"], "CPT-2026-000001", "{b}");
        for (browser, path, status, code) in [
            (
                &operator,
                "/api/v1/billing?month=2026-13",
                StatusCode::BAD_REQUEST,
                "invalid_month",
            ),
            (
                &tenant_browser,
                "/api/v1/billing?month=2026-11",
                StatusCode::FORBIDDEN,
                "forbidden",
            ),
            (
                &app.browser(),
                "/api/v1/billing?month=2026-11",
                StatusCode::UNAUTHORIZED,
                "unauthorized",
            ),
        ] {
            let answer = browser.get(path).await;
            assert_eq!(answer.status, status, "{b}: {path}");
            assert!(
                answer.body.contains(&format!("\"code\":\"{code}\"")),
                "{b}: {}",
                answer.body
            );
        }

        let pay = |number: &'static str, amount: &'static str| {
            [
                ("form[invoice]", number),
                ("form[amount]", amount),
                ("form[received_on]", "2026-12-03"),
                ("form[reference]", "VIR CPT-2026-000001"),
            ]
        };
        tenant_browser
            .call("record_payment", &pay("CPT-2026-000001", "10"))
            .await
            .assert_refused(
                &AppError::Forbidden,
                &format!("{b}: a tenant records a payment"),
            );
        operator
            .call("record_payment", &pay("CPT-2026-000099", "10"))
            .await
            .assert_field_refused(
                Field::Invoice,
                FieldProblem::Settlement(Settlement::NoInvoice),
                b,
            );
        operator
            .call("record_payment", &pay("CPT-2026-000001", "84.01"))
            .await
            .assert_field_refused(
                Field::Amount,
                FieldProblem::Settlement(Settlement::Overpayment),
                b,
            );
        operator
            .call("record_payment", &pay("CPT-2026-000001", "ten"))
            .await
            .assert_field_refused(
                Field::Amount,
                FieldProblem::Settlement(Settlement::NotPositive),
                b,
            );
        for amount in ["50", "34,00"] {
            let answer = operator
                .call("record_payment", &pay("CPT-2026-000001", amount))
                .await;
            assert_eq!(answer.status, StatusCode::OK, "{b}: {}", answer.body);
        }
        let invoice = tenant_browser
            .get("/billing/invoices/CPT-2026-000001")
            .await
            .body;
        assert!(invoice.contains("data-status=\"paid\""), "{b}: {invoice}");
        assert!(
            invoice.contains("2026-12-03 · 50.00 EUR · VIR CPT-2026-000001"),
            "{b}"
        );

        operator
            .call(
                "cancel_invoice",
                &[
                    ("form[invoice]", "CPT-2026-000001"),
                    ("form[reason]", "wrong VAT"),
                ],
            )
            .await
            .assert_field_refused(
                Field::Invoice,
                FieldProblem::Settlement(Settlement::NotOpen),
                b,
            );

        operator
            .call("run_payouts", &[("form[reference]", " ")])
            .await
            .assert_field_refused(
                Field::Reference,
                FieldProblem::Settlement(Settlement::Reference),
                b,
            );

        let seller = seed.user("seller", "Seller", "Alpha SAS").await;
        let application = alpha_application();
        let provider = seed
            .approved_provider(&seller, &application)
            .await
            .get()
            .to_string();
        let set = |month: &'static str, rate: &'static str| {
            let provider = provider.clone();
            let operator = &operator;
            async move {
                let fields = [
                    ("form[provider]", provider.as_str()),
                    ("form[rate]", rate),
                    ("form[month]", month),
                ];
                operator.call("set_commission", &fields).await
            }
        };
        set("2020-01", "8").await.assert_field_refused(
            Field::Month,
            FieldProblem::Settlement(Settlement::FromMonth),
            b,
        );
        set("2999-01", "101").await.assert_field_refused(
            Field::Rate,
            FieldProblem::Settlement(Settlement::Rate),
            b,
        );
        let saved = set("2999-01", "8.5").await;
        assert_eq!(saved.status, StatusCode::OK, "{b}: {}", saved.body);
        let page = operator.get("/admin/billing").await.body;
        assert!(
            page.contains("8.50 % from 2999-01-01"),
            "{b}: the rate's history"
        );
    })
    .await;
}
