//! A month of billing against a real database, on SQLite and on PostgreSQL when
//! `TEST_DATABASE_URL` is set: contracts provisioned by the simulated provider, usage and
//! downtime reported, the month drafted, finalized, posted to the ledger and exported; late
//! usage billed on the next month; concurrent runs numbering without gap or repeat.
#![cfg(feature = "server")]

use broker::account::{CurrentUser, TenantId};
use broker::billing::Month;
use broker::catalog::{NewOffer, OfferTerms};
use broker::contract::ContractId;
use broker::contract::events::EventKind;
use broker::format::{Assignment, CountryCode, Objective, PlanDocument};
use broker::money::{Currency, Money};
use broker::provisioning::port::{ProviderAdapter, Simulated};
use broker::provisioning::{DelayRange, SimulatedAdapter, SimulationConfig};
use broker::service::billing::{Billing, Operator};
use broker::service::contracts::Contracts;
use broker::service::provisioning::Provisioning;
use serde_json::{Value, json};
use sqlx::any::AnyPoolOptions;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

#[path = "support/db.rs"]
mod db;

use db::{NOW, TestDb, for_each_database, signed_contract};

/// 2023-11, the month holding [`NOW`].
fn month() -> Month {
    Month::parse("2023-11").expect("a month")
}

const PRICE: i64 = 4200;
const METERS: &str = r#"[{"id":"egress_gb","unit":"GB","price_minor":2,"per":1,"included":100}]"#;

fn operator() -> Operator {
    Operator {
        legal_name: "Comptoir SAS".to_owned(),
        address: "1 rue de la Paix, Paris".to_owned(),
        country: CountryCode::parse("FR").expect("a country"),
        vat_id: Some("FR12345678901".to_owned()),
        bank_account: "FR76 3000 6000 0112 3456 7890 189".to_owned(),
        commission_bp: 1000,
    }
}

fn offer() -> NewOffer {
    NewOffer {
        external_id: "vm".to_owned(),
        domain: "compute".to_owned(),
        terms: OfferTerms {
            name: "VM".to_owned(),
            description: String::new(),
            tagline: String::new(),
            unit: "instance".to_owned(),
            country: CountryCode::parse("FR").expect("a country"),
            jurisdiction: "EU".to_owned(),
            attributes: BTreeMap::new(),
            certifications: BTreeSet::new(),
            availability_bp: 9995,
            monthly_price: Money::new(PRICE, Currency::EUR),
            carbon_g_month: 100,
        },
        capacity: None,
    }
}

fn plan() -> PlanDocument {
    let web = Assignment {
        component: "web".to_owned(),
        offer: "vm".to_owned(),
        provider: "alpha".to_owned(),
        quantity: 2,
        monthly_minor: 2 * PRICE as u64,
        carbon_g_month: 200,
    };
    PlanDocument::feasible(Objective::Cost, Currency::EUR, vec![web])
}

/// `tenants` organisations, each with a signed contract of 2 VMs whose resources the simulated
/// provider made active; the raw pool, and each tenant with its contract.
async fn market(db: &TestDb, tenants: usize) -> (sqlx::AnyPool, Vec<(TenantId, ContractId)>) {
    db.shop("alpha", &[offer()]).await;
    let pool = AnyPoolOptions::new()
        .max_connections(2)
        .connect(&db.url)
        .await
        .expect("raw pool");
    sqlx::query("UPDATE offer_versions SET meters = $1")
        .bind(METERS)
        .execute(&pool)
        .await
        .expect("meters");
    let contracts = Contracts::new(db.store.clone());
    let mut signed = Vec::new();
    let mut owners: Vec<CurrentUser> = Vec::new();
    for n in 0..tenants {
        let owner = db.user(&format!("owner{n}")).await;
        let tenant = db.tenant_of(&owner).await;
        let contract = signed_contract(&contracts, &owner, tenant, &plan(), NOW).await;
        signed.push((tenant, contract));
        owners.push(owner);
    }
    let quick = DelayRange {
        min_secs: 1,
        max_secs: 1,
    };
    let simulated = SimulatedAdapter::new(SimulationConfig {
        seed: 1,
        failure_per_mille: 0,
        queued: quick,
        provisioning: quick,
        deprovisioning: quick,
    })
    .expect("valid");
    let clock = Arc::new(std::sync::atomic::AtomicI64::new(NOW));
    let adapter: Arc<dyn ProviderAdapter> = Arc::new(Simulated::new(simulated, {
        let clock = Arc::clone(&clock);
        move || clock.load(std::sync::atomic::Ordering::SeqCst)
    }));
    let provisioning = Provisioning::new(db.store.clone(), adapter);
    for _ in 0..20 {
        let now = clock.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        provisioning.run_due("worker", now).await.expect("a round");
    }
    for ((tenant, contract), owner) in signed.iter().zip(&owners) {
        let events = contracts
            .contract(owner, *tenant, *contract)
            .await
            .expect("contract")
            .events;
        assert!(
            events.iter().any(|e| e.kind == EventKind::LineActivated),
            "{} {events:?}",
            db.backend
        );
    }
    (pool, signed)
}

async fn active_at(pool: &sqlx::AnyPool, contract: ContractId) -> i64 {
    sqlx::query_scalar(
        "SELECT MIN(at) FROM contract_events WHERE contract_id = $1 AND kind = 'line_activated'",
    )
    .bind(contract.get())
    .fetch_one(pool)
    .await
    .expect("activation")
}

async fn report_usage(
    pool: &sqlx::AnyPool,
    contract: ContractId,
    id: &str,
    quantity: i64,
    at: i64,
    received_at: i64,
) {
    sqlx::query(
        "INSERT INTO usage_records (provider_id, record_id, instance_id, contract_id, line, meter, \
         quantity, at, received_at) SELECT provider_id, $1, instance_id, contract_id, line, \
         'egress_gb', $2, $3, $4 FROM orders WHERE contract_id = $5 AND line = 0",
    )
    .bind(id)
    .bind(quantity)
    .bind(at)
    .bind(received_at)
    .bind(contract.get())
    .execute(pool)
    .await
    .expect("usage");
}

async fn report_downtime(pool: &sqlx::AnyPool, contract: ContractId, from: i64, to: i64) {
    sqlx::query(
        "INSERT INTO downtime_records (provider_id, record_id, instance_id, contract_id, line, \
         from_at, to_at, received_at) SELECT provider_id, 'd-1', instance_id, contract_id, line, \
         $1, $2, $2 FROM orders WHERE contract_id = $3 AND line = 0",
    )
    .bind(from)
    .bind(to)
    .bind(contract.get())
    .execute(pool)
    .await
    .expect("downtime");
}

/// `round(a / b)`, half up, for the expected figures.
fn round(a: i64, b: i64) -> i64 {
    (2 * a + b).div_euclid(2 * b)
}

fn lines_of_kind<'a>(invoice: &'a Value, kind: &str) -> Vec<&'a Value> {
    invoice["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .filter(|line| line["kind"] == kind)
        .collect()
}

#[tokio::test]
async fn a_month_is_drafted_finalized_posted_and_exported_by_the_rules() {
    for_each_database(|db| async move {
        let b = db.backend;
        let (pool, signed) = market(&db, 1).await;
        let (tenant, contract) = signed[0];
        let active = active_at(&pool, contract).await;
        report_usage(&pool, contract, "u-1", 260, active + 100, active + 100).await;
        report_downtime(&pool, contract, active + 1000, active + 3000).await;
        let billing = Billing::new(db.store.clone(), operator());
        let month = month();

        let draft = billing
            .run(month, month.end() - 10)
            .await
            .expect("draft run");
        assert_eq!((draft.drafted, draft.finalized.len()), (1, 0), "{b}");
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
        let (pool, signed) = market(&db, 1).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_runs_number_every_invoice_once_without_a_gap() {
    for_each_database(|db| async move {
        let b = db.backend;
        let (_, signed) = market(&db, 3).await;
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
