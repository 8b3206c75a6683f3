//! A month of billing against a real database, on SQLite and on PostgreSQL when
//! `TEST_DATABASE_URL` is set: contracts provisioned by the simulated provider, usage and
//! downtime reported, the month drafted, finalized, posted to the ledger and exported; late
//! usage billed on the next month; concurrent runs numbering without gap or repeat; what the
//! provider earned month by month and what each contract was billed.
#![cfg(feature = "server")]

use broker::service::billing::Billing;
use serde_json::{Value, json};
use std::collections::BTreeSet;

#[path = "support/db.rs"]
mod db;
#[path = "support/billing_market.rs"]
mod market;

use db::for_each_database;
use market::{
    PRICE, active_at, lines_of_kind, market, month, operator, report_downtime, report_usage, round,
};

#[tokio::test]
async fn a_month_is_drafted_finalized_posted_and_exported_by_the_rules() {
    for_each_database(|db| async move {
        let b = db.backend;
        let market::Market { pool, signed, .. } = market(&db, 1).await;
        let (tenant, contract) = signed[0];
        let active = active_at(&pool, contract).await;
        report_usage(&pool, contract, "u-1", 259, active + 100, active + 100).await;
        report_downtime(&pool, contract, active + 1000, active + 3000).await;
        let billing = Billing::new(db.store.clone(), operator());
        let month = month();

        let draft = billing
            .run(month, month.end() - 10)
            .await
            .expect("draft run");
        assert_eq!((draft.drafted, draft.finalized.len()), (1, 0), "{b}");
        // A draft recomputed with nothing new is not written again; one with new usage is.
        let updated_at = || async {
            let at: i64 = sqlx::query_scalar("SELECT updated_at FROM invoices")
                .fetch_one(&pool)
                .await
                .expect("the draft");
            at
        };
        let again = billing.run(month, month.end() - 5).await.expect("rerun");
        assert_eq!(again.drafted, 1, "{b}");
        assert_eq!(updated_at().await, month.end() - 10, "{b}: unchanged");
        // The 260th unit, received late in the month.
        report_usage(&pool, contract, "u-2", 1, active + 200, month.end() - 4).await;
        billing.run(month, month.end() - 3).await.expect("rerun");
        assert_eq!(updated_at().await, month.end() - 3, "{b}: new usage");
        let exported = billing.export(month).await.expect("export");
        assert_eq!(exported["invoices"][0]["status"], "draft", "{b}");
        assert_eq!(exported["invoices"][0]["number"], Value::Null, "{b}");

        let run = billing
            .run(month, month.end() + 5)
            .await
            .expect("final run");
        assert_eq!(run.finalized, ["CPT-2023-000001"], "{b}");
        let document = billing.export(month).await.expect("export");
        assert_eq!(document["format"], "comptoir.billing/v1", "{b}");
        assert_eq!(
            document["operator"],
            json!({"country": "FR", "vat_id": "FR12345678901"})
        );
        let invoice = &document["invoices"][0];
        assert_eq!(invoice["status"], "finalized", "{b}");
        assert_eq!(invoice["tenant"], tenant.get(), "{b}");
        assert_eq!(invoice["finalized_at"], month.end() + 5, "{b}");

        let seconds = month.end() - active;
        let recurring = round(2 * PRICE * seconds, month.seconds());
        assert_eq!(
            lines_of_kind(invoice, "recurring")[0]["amount_minor"],
            recurring,
            "{b}"
        );
        assert_eq!(
            lines_of_kind(invoice, "recurring")[0]["seconds"],
            seconds,
            "{b}"
        );
        let usage = lines_of_kind(invoice, "usage");
        assert_eq!(
            (usage[0]["used"].clone(), usage[0]["amount_minor"].clone()),
            (json!(260), json!(120)),
            "{b}"
        );
        let credit = lines_of_kind(invoice, "sla_credit");
        assert_eq!(credit[0]["downtime"], 2000, "{b}");
        assert_eq!(credit[0]["percent"], 10, "{b}");
        assert_eq!(
            credit[0]["amount_minor"],
            -round(recurring * 10, 100),
            "{b}"
        );
        let net = recurring + 120 - round(recurring * 10, 100);
        assert_eq!(invoice["net_minor"], net, "{b}");
        let vat = round(net * 2000, 10_000);
        assert_eq!(invoice["vat"]["category"], "S", "{b}");
        assert_eq!(invoice["total_minor"], net + vat, "{b}");
        let commission = round(net * 1000, 10_000);
        assert_eq!(invoice["split"][0]["commission_minor"], commission, "{b}");
        assert_eq!(invoice["split"][0]["share_minor"], net - commission, "{b}");

        // Finalized in December: posted in December's document, with December's balances.
        assert_eq!(document["transactions"], json!([]), "{b}");
        let december = billing
            .export(month.next().expect("december"))
            .await
            .expect("export");
        assert_eq!(december["invoices"][0]["number"], "CPT-2023-000001", "{b}");
        let transaction = &december["transactions"][0];
        assert_eq!(transaction["key"], "invoice:CPT-2023-000001", "{b}");
        let entries = transaction["entries"].as_array().expect("entries");
        let side = |name: &str| -> i64 { entries.iter().filter_map(|e| e[name].as_i64()).sum() };
        assert_eq!(
            (side("debit_minor"), side("credit_minor")),
            (net + vat, net + vat),
            "{b}"
        );
        let receivable = format!("tenant:{}:receivable", tenant.get());
        let balances = december["balances"].as_array().expect("balances");
        let of = |account: &str| balances.iter().find(|b| b["account"] == account).cloned();
        assert_eq!(
            of(&receivable).expect("receivable")["debit_minor"],
            net + vat,
            "{b}"
        );
        assert_eq!(of("operator:vat").expect("vat")["credit_minor"], vat, "{b}");

        for statement in [
            "UPDATE ledger_entries SET debit_minor = 0",
            "DELETE FROM ledger_transactions",
        ] {
            assert!(
                sqlx::query(statement).execute(&pool).await.is_err(),
                "{b}: the ledger refuses {statement}"
            );
        }

        let again = billing.run(month, month.end() + 60).await.expect("rerun");
        assert_eq!(
            again.finalized.len(),
            0,
            "{b}: a finalized month stays as it is"
        );
        assert_eq!(
            billing.export(month).await.expect("export")["invoices"],
            document["invoices"]
        );
    })
    .await;
}

#[tokio::test]
async fn late_usage_lands_on_the_next_invoice_for_the_difference_it_makes() {
    for_each_database(|db| async move {
        let b = db.backend;
        let market::Market { pool, signed, .. } = market(&db, 1).await;
        let (_, contract) = signed[0];
        let active = active_at(&pool, contract).await;
        let billing = Billing::new(db.store.clone(), operator());
        let month = month();
        report_usage(&pool, contract, "u-1", 250, active + 100, active + 100).await;
        billing.run(month, month.end() + 5).await.expect("november");
        report_usage(&pool, contract, "u-2", 15, active + 200, month.end() + 100).await;
        let november = billing.export(month).await.expect("export");
        assert_eq!(
            lines_of_kind(&november["invoices"][0], "usage")[0]["used"],
            250,
            "{b}"
        );

        let december = month.next().expect("december");
        let run = billing
            .run(december, december.end() + 5)
            .await
            .expect("december");
        assert_eq!(run.finalized, ["CPT-2024-000001"], "{b}");
        let document = billing.export(december).await.expect("export");
        let invoice = document["invoices"]
            .as_array()
            .expect("invoices")
            .iter()
            .find(|invoice| invoice["period"]["start"] == december.start())
            .expect("december's invoice");
        let late = lines_of_kind(invoice, "late_usage");
        assert_eq!(late.len(), 1, "{b}: {invoice}");
        assert_eq!(late[0]["month"], "2023-11", "{b}");
        assert_eq!(late[0]["previously_used"], 250, "{b}");
        assert_eq!(late[0]["used"], 15, "{b}");
        // 265 - 200 included = 65 units (130) against 50 already billed (100).
        assert_eq!(late[0]["amount_minor"], 30, "{b}");
        assert_eq!(
            billing.export(month).await.expect("export")["invoices"],
            november["invoices"],
            "{b}: a finalized invoice never changes"
        );
    })
    .await;
}

#[tokio::test]
async fn the_provider_reads_its_revenue_and_the_contract_what_it_was_billed() {
    for_each_database(|db| async move {
        let b = db.backend;
        let m = market(&db, 2).await;
        let billing = Billing::new(db.store.clone(), operator());
        let at = month().end() + 5;
        let (tenant, contract) = m.signed[0];
        let owner = &m.owners[0];
        billing
            .run(month(), month().end() - 10)
            .await
            .expect("drafts");
        let before = db.store.contract_billed(owner.id, tenant, contract).await;
        let drafted = before.expect("billed").drafted_minor;
        assert!(drafted > 0, "{b}: the month so far is on the draft");
        billing.run(month(), at).await.expect("run");
        let billed = db.store.contract_billed(owner.id, tenant, contract).await;
        assert_eq!(billed.expect("billed").invoiced_minor, drafted, "{b}");
        let outsider = db
            .store
            .contract_billed(m.owners[1].id, tenant, contract)
            .await;
        assert_eq!(
            outsider.expect("billed").invoiced_minor,
            0,
            "{b}: another tenant's"
        );

        let document = billing.export(month()).await.expect("export");
        let shares: Vec<i64> = document["invoices"]
            .as_array()
            .expect("invoices")
            .iter()
            .map(|invoice| invoice["split"][0]["share_minor"].as_i64().expect("share"))
            .collect();
        let total = document["invoices"][0]["total_minor"]
            .as_i64()
            .expect("total");
        let number = document["invoices"][0]["number"].as_str().expect("number");
        billing
            .record_payment(&m.operator, number, total, "2023-12-02", "VIR", at)
            .await
            .expect("paid");
        let revenue = billing.provider_revenue(&m.seller, m.provider).await;
        let revenue = revenue.expect("revenue");
        assert_eq!(
            revenue.due_now_minor, shares[0],
            "{b}: the paid invoice's share"
        );
        assert_eq!(revenue.awaiting_minor, shares[1], "{b}: the unpaid one's");
        let november = &revenue.months[0];
        assert_eq!(november.month, month().to_string(), "{b}");
        assert_eq!(november.share_minor, shares.iter().sum::<i64>(), "{b}");
        assert_eq!(
            november.gross_minor + november.credits_minor,
            november.share_minor + november.commission_minor,
            "{b}: gross and credits are the net the split shares"
        );
        let payouts = billing.run_payouts(&m.operator, "PAYOUT 1", at + 60).await;
        assert_eq!(payouts.expect("payouts")[0].1, revenue.due_now_minor, "{b}");

        let revenue = billing.provider_revenue(&m.seller, m.provider).await;
        let revenue = revenue.expect("revenue");
        assert_eq!(revenue.due_now_minor, 0, "{b}: paid out");
        assert_eq!(revenue.payouts.len(), 1, "{b}");
        let december = &revenue.months[0];
        assert_eq!(
            (december.paid_out_minor, december.balance_minor),
            (shares[0], shares[1]),
            "{b}: paid out in December, the rest still due"
        );
        let lines: BTreeSet<i64> = revenue.lines.iter().map(|line| line.contract).collect();
        assert_eq!(lines.len(), 2, "{b}: the lines of both contracts");
        assert!(
            matches!(
                billing.provider_revenue(owner, m.provider).await,
                Err(broker::service::billing::RevenueError::NotFound)
            ),
            "{b}: not a member of the provider"
        );
    })
    .await;
}

#[path = "billing/finalization.rs"]
mod finalization;
