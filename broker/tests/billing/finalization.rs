//! Finalization under concurrency: runs at once number every invoice once, and usage received
//! while an invoice is finalized is never marked billed without being counted.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_runs_number_every_invoice_once_without_a_gap() {
    for_each_database(|db| async move {
        let b = db.backend;
        let signed = market(&db, 3).await.signed;
        let month = month();
        let at = month.end() + 5;
        let runs: Vec<_> = (0..2)
            .map(|_| {
                let billing = Billing::new(db.store.clone(), operator());
                tokio::spawn(async move { billing.run(month, at).await })
            })
            .collect();
        let mut numbers = Vec::new();
        for run in runs {
            numbers.extend(run.await.expect("joined").expect("a run").finalized);
        }
        numbers.sort();
        assert_eq!(
            numbers,
            ["CPT-2023-000001", "CPT-2023-000002", "CPT-2023-000003"],
            "{b}"
        );
        let document = Billing::new(db.store.clone(), operator())
            .export(month)
            .await
            .expect("export");
        let tenants: BTreeSet<i64> = document["invoices"]
            .as_array()
            .expect("invoices")
            .iter()
            .map(|invoice| invoice["tenant"].as_i64().expect("tenant"))
            .collect();
        assert_eq!(tenants.len(), signed.len(), "{b}");
    })
    .await;
}

#[tokio::test]
async fn a_finalization_that_would_mark_usage_it_did_not_count_writes_nothing() {
    use broker::billing::{Customer, InvoiceInput, compute_invoice};
    use broker::format::{CountryCode, ProviderId};
    use broker::ledger::Transaction;
    use broker::store::invoices::{BilledUsage, Finalization, FinalizeError};
    for_each_database(|db| async move {
        let b = db.backend;
        let market::Market { pool, signed, .. } = market(&db, 1).await;
        let (tenant, contract) = signed[0];
        let active = active_at(&pool, contract).await;
        report_usage(&pool, contract, "u-1", 250, active + 100, active + 100).await;
        let (month, now) = (month(), month().end() + 5);
        // What a run reads and computes, as it does...
        let lines = db.store.billable_lines(month.end()).await.expect("lines");
        let lines: Vec<_> = lines.into_iter().map(|(_, line)| line).collect();
        let mut inputs = db.store.month_inputs(month, now).await.expect("inputs");
        let usage = inputs.remove(&tenant).expect("the tenant's inputs").usage;
        let fr = CountryCode::parse("FR").expect("a country");
        let invoice = compute_invoice(&InvoiceInput {
            month,
            tenant,
            commission_bp: lines.iter().map(|l| (l.provider.clone(), 1000)).collect(),
            lines,
            usage: usage.clone(),
            late_usage: Vec::new(),
            downtime: Vec::new(),
            operator_country: fr,
            customer_country: fr,
            customer_vat_id: None,
        })
        .expect("the rules")
        .expect("an invoice");
        // ...then a record received in the same second, before the finalization.
        report_usage(&pool, contract, "u-2", 1, active + 200, now).await;
        let payees = db.store.provider_ids().await.expect("providers");
        let payees = payees
            .into_iter()
            .map(|(slug, id)| (ProviderId::parse(&slug).expect("a slug"), id))
            .collect();
        let numbered = |number| {
            let invoice = invoice
                .clone()
                .finalize(number, now)
                .map_err(|e| e.to_string())?;
            let transaction =
                Transaction::invoice_finalized(&invoice, &payees).map_err(|e| e.to_string())?;
            Ok((invoice, transaction))
        };
        let billed: Vec<BilledUsage> = usage
            .iter()
            .map(|u| BilledUsage::of_month(u, month))
            .collect();
        let customer = Customer {
            name: "Tenant".to_owned(),
            address: String::new(),
            country: "FR".to_owned(),
            vat_id: None,
        };
        let finalized = db
            .store
            .finalize_invoice(Finalization {
                month,
                draft: &invoice,
                at: now,
                customer: &customer,
                usage: &billed,
                cutoff: now,
                numbered: &numbered,
            })
            .await;
        assert!(
            matches!(finalized, Err(FinalizeError::UsageChanged)),
            "{b}: {finalized:?}"
        );
        let marked: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM usage_records WHERE invoice_id IS NOT NULL")
                .fetch_one(&pool)
                .await
                .expect("count");
        assert_eq!(marked, 0, "{b}: nothing marked billed");
        // The next run counts the late record and takes the number that was given back.
        let billing = Billing::new(db.store.clone(), operator());
        let run = billing.run(month, now + 60).await.expect("run");
        assert_eq!(run.finalized, ["CPT-2023-000001"], "{b}");
        let document = billing.export(month).await.expect("export");
        let usage = lines_of_kind(&document["invoices"][0], "usage");
        assert_eq!(usage[0]["used"], 251, "{b}");
    })
    .await;
}
