//! Money after finalization against a real database (SQLite, and PostgreSQL when
//! `TEST_DATABASE_URL` is set): payments recorded by the operator, partial and whole, an
//! overpayment refused; a credit note that voids an unpaid invoice in the same number series;
//! payouts of the providers' shares of paid invoices only, once.
#![cfg(feature = "server")]

use broker::service::billing::{Billing, Settlement, SettlementError};
use serde_json::Value;

#[path = "support/db.rs"]
mod db;
#[path = "support/billing_market.rs"]
mod market;

use db::for_each_database;
use market::{market, month, operator};

fn refused(result: Result<impl std::fmt::Debug, SettlementError>) -> Settlement {
    match result {
        Err(SettlementError::Refused(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn invoice<'a>(document: &'a Value, number: &str) -> &'a Value {
    document["invoices"]
        .as_array()
        .expect("invoices")
        .iter()
        .find(|invoice| invoice["number"] == number)
        .unwrap_or_else(|| panic!("{number} in {document}"))
}

#[tokio::test]
async fn payments_pay_an_invoice_up_to_its_total_and_payouts_follow_paid_invoices() {
    for_each_database(|db| async move {
        let b = db.backend;
        let operator_user = market(&db, 2).await.operator;
        let someone = db.user("someone").await;
        let billing = Billing::new(db.store.clone(), operator());
        let month = month();
        let at = month.end() + 5;
        let run = billing.run(month, at).await.expect("run");
        assert_eq!(run.finalized, ["CPT-2023-000001", "CPT-2023-000002"], "{b}");
        let december = month.next().expect("december");
        let document = billing.export(december).await.expect("export");
        let total = invoice(&document, "CPT-2023-000001")["total_minor"]
            .as_i64()
            .expect("total");

        assert_eq!(
            refused(
                billing
                    .record_payment(
                        &someone,
                        "CPT-2023-000001",
                        100,
                        "2023-12-02",
                        "transfer",
                        at
                    )
                    .await
            ),
            Settlement::NotOperator,
            "{b}"
        );
        assert_eq!(
            refused(
                billing
                    .record_payment(
                        &operator_user,
                        "CPT-2023-000009",
                        100,
                        "2023-12-02",
                        "t",
                        at
                    )
                    .await
            ),
            Settlement::NoInvoice,
            "{b}"
        );
        assert_eq!(
            refused(
                billing
                    .record_payment(&operator_user, "CPT-2023-000001", 0, "2023-12-02", "t", at)
                    .await
            ),
            Settlement::NotPositive,
            "{b}"
        );
        billing
            .record_payment(
                &operator_user,
                "CPT-2023-000001",
                100,
                "2023-12-02",
                "VIR 1",
                at + 1,
            )
            .await
            .expect("a partial payment");
        assert_eq!(
            refused(
                billing
                    .record_payment(
                        &operator_user,
                        "CPT-2023-000001",
                        total,
                        "2023-12-03",
                        "VIR 2",
                        at + 2
                    )
                    .await
            ),
            Settlement::Overpayment,
            "{b}"
        );
        // Nothing is paid in full yet: no provider may be paid.
        assert!(
            billing
                .run_payouts(&operator_user, "payout 1", at + 3)
                .await
                .expect("payouts")
                .is_empty(),
            "{b}"
        );
        billing
            .record_payment(
                &operator_user,
                "CPT-2023-000001",
                total - 100,
                "2023-12-03",
                "VIR 2",
                at + 4,
            )
            .await
            .expect("the rest");
        let document = billing.export(december).await.expect("export");
        let paid = invoice(&document, "CPT-2023-000001");
        assert_eq!(
            (paid["status"].clone(), paid["paid_minor"].clone()),
            ("paid".into(), total.into()),
            "{b}"
        );
        assert_eq!(
            refused(
                billing
                    .record_payment(
                        &operator_user,
                        "CPT-2023-000001",
                        1,
                        "2023-12-04",
                        "VIR 3",
                        at + 5
                    )
                    .await
            ),
            Settlement::NotOpen,
            "{b}"
        );

        let share = paid["split"][0]["share_minor"].as_i64().expect("share");
        let payouts = billing
            .run_payouts(&operator_user, "payout 1", at + 6)
            .await
            .expect("payouts");
        assert_eq!(
            payouts
                .iter()
                .map(|(_, amount)| *amount)
                .collect::<Vec<_>>(),
            [share],
            "{b}"
        );
        let log = broker::service::audit::Audit::new(db.store.clone())
            .page(
                &operator_user,
                broker::audit::Scope::Marketplace,
                &broker::audit::Filter::default(),
                None,
            )
            .await
            .expect("the audit log");
        assert_eq!(
            log.entries[0].entry.read_action().expect("an action"),
            broker::audit::Action::PayoutRecorded {
                payout: 1,
                provider: payouts[0].0,
                amount_minor: share,
                currency: "EUR".to_owned(),
                reference: "payout 1".to_owned(),
            },
            "{b}: the payout is in the audit log"
        );
        assert!(
            billing
                .run_payouts(&operator_user, "payout 2", at + 7)
                .await
                .expect("again")
                .is_empty(),
            "{b}: paid once"
        );

        let document = billing.export(december).await.expect("export");
        let balance = |account: &str| {
            document["balances"]
                .as_array()
                .expect("balances")
                .iter()
                .find(|b| b["account"] == account)
                .map(|b| {
                    b["debit_minor"].as_i64().unwrap_or(0) - b["credit_minor"].as_i64().unwrap_or(0)
                })
                .unwrap_or(0)
        };
        assert_eq!(
            balance("operator:cash"),
            total - share,
            "{b}: in, less paid out"
        );
        let keys: Vec<&str> = document["transactions"]
            .as_array()
            .expect("transactions")
            .iter()
            .filter_map(|t| t["key"].as_str())
            .collect();
        assert!(
            keys.iter()
                .filter(|key| key.starts_with("payment:"))
                .count()
                == 2,
            "{b}: {keys:?}"
        );
        assert!(
            keys.iter().any(|key| key.starts_with("payout:")),
            "{b}: {keys:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_credit_note_voids_an_unpaid_invoice_in_the_same_series() {
    for_each_database(|db| async move {
        let b = db.backend;
        let operator_user = market(&db, 2).await.operator;
        let billing = Billing::new(db.store.clone(), operator());
        let month = month();
        let at = month.end() + 5;
        billing.run(month, at).await.expect("run");
        assert_eq!(
            refused(
                billing
                    .cancel_invoice(&operator_user, "CPT-2023-000001", " ", at)
                    .await
            ),
            Settlement::NoReason,
            "{b}"
        );
        billing
            .record_payment(
                &operator_user,
                "CPT-2023-000002",
                1,
                "2023-12-02",
                "VIR",
                at,
            )
            .await
            .expect("a payment");
        assert_eq!(
            refused(
                billing
                    .cancel_invoice(&operator_user, "CPT-2023-000002", "wrong VAT", at)
                    .await
            ),
            Settlement::PartlyPaid,
            "{b}"
        );
        let note = billing
            .cancel_invoice(&operator_user, "CPT-2023-000001", "wrong VAT", at + 1)
            .await
            .expect("cancelled");
        assert_eq!(note, "CPT-2023-000003", "{b}");
        let document = billing
            .export(month.next().expect("december"))
            .await
            .expect("export");
        let cancelled = invoice(&document, "CPT-2023-000001");
        let credit = invoice(&document, "CPT-2023-000003");
        assert_eq!(cancelled["status"], "void", "{b}");
        assert_eq!(credit["kind"], "credit_note", "{b}");
        assert_eq!(credit["cancels"], "CPT-2023-000001", "{b}");
        assert_eq!(
            credit["total_minor"].as_i64(),
            cancelled["total_minor"].as_i64().map(|total| -total),
            "{b}"
        );
        assert_eq!(
            refused(
                billing
                    .cancel_invoice(&operator_user, "CPT-2023-000001", "again", at + 2)
                    .await
            ),
            Settlement::NotOpen,
            "{b}"
        );
        let receivable = format!("tenant:{}:receivable", cancelled["tenant"]);
        let balance = document["balances"]
            .as_array()
            .expect("balances")
            .iter()
            .find(|b| b["account"] == receivable.as_str())
            .expect("receivable")
            .clone();
        assert_eq!(
            balance["debit_minor"], balance["credit_minor"],
            "{b}: the note cancels the debt"
        );
    })
    .await;
}
