//! What the billing suites set up alike: an approved provider selling a metered VM, tenants with
//! signed contracts whose resources the simulated provider made active, and usage and downtime
//! reported under the store (as a provider's API would).
#![allow(dead_code, reason = "each test binary uses a part of it")]

use super::db::{NOW, TestDb, signed_contract};
use broker::account::{CurrentUser, TenantId};
use broker::billing::Operator;
use broker::billing::{Meter, MeterId, Month};
use broker::catalog::{NewOffer, OfferTerms, ProviderId};
use broker::contract::ContractId;
use broker::contract::events::EventKind;
use broker::format::{Assignment, CountryCode, Objective, PlanDocument};
use broker::money::{Currency, Money};
use broker::provisioning::port::{ProviderAdapter, Simulated};
use broker::provisioning::{DelayRange, SimulatedAdapter, SimulationConfig};
use broker::service::contracts::Contracts;
use broker::service::provisioning::Provisioning;
use serde_json::Value;
use sqlx::any::AnyPoolOptions;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// 2023-11, the month holding [`NOW`].
pub fn month() -> Month {
    Month::parse("2023-11").expect("a month")
}

pub const PRICE: i64 = 4200;
pub const METERS: &str =
    r#"[{"id":"egress_gb","unit":"GB","price_minor":2,"per":1,"included":100}]"#;

pub fn operator() -> Operator {
    Operator {
        legal_name: "Comptoir SAS".to_owned(),
        address: "1 rue de la Paix, Paris".to_owned(),
        country: CountryCode::parse("FR").expect("a country"),
        vat_id: Some("FR12345678901".to_owned()),
        bank_account: "FR76 3000 6000 0112 3456 7890 189".to_owned(),
        commission_bp: 1000,
    }
}

pub fn offer() -> NewOffer {
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
            meters: vec![
                Meter::new(MeterId::parse("egress_gb").expect("an id"), "GB", 2, 1, 100)
                    .expect("a meter"),
            ],
        },
        capacity: None,
    }
}

pub fn plan() -> PlanDocument {
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

/// What [`market`] made.
pub struct Market {
    /// A pool of the test's database, for what the store does not write.
    pub pool: sqlx::AnyPool,
    /// Each tenant with its contract, and the owner who signed it.
    pub signed: Vec<(TenantId, ContractId)>,
    pub owners: Vec<CurrentUser>,
    /// The operator who approved the provider.
    pub operator: CurrentUser,
    /// The provider's member who sells the offer, and the provider.
    pub seller: CurrentUser,
    pub provider: ProviderId,
}

/// `tenants` organisations, each with a signed contract of 2 VMs whose resources the simulated
/// provider made active.
pub async fn market(db: &TestDb, tenants: usize) -> Market {
    let shop = db.shop("alpha", &[offer()]).await;
    let pool = AnyPoolOptions::new()
        .max_connections(2)
        .connect(&db.url)
        .await
        .expect("raw pool");
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
    let simulated = SimulatedAdapter::new(SimulationConfig::reliable(1, quick)).expect("valid");
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
    Market {
        pool,
        signed,
        owners,
        operator: shop.operator,
        seller: shop.seller,
        provider: shop.provider,
    }
}

pub async fn active_at(pool: &sqlx::AnyPool, contract: ContractId) -> i64 {
    sqlx::query_scalar(
        "SELECT MIN(at) FROM contract_events WHERE contract_id = $1 AND kind = 'line_activated'",
    )
    .bind(contract.get())
    .fetch_one(pool)
    .await
    .expect("activation")
}

pub async fn report_usage(
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

pub async fn report_downtime(pool: &sqlx::AnyPool, contract: ContractId, from: i64, to: i64) {
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
pub fn round(a: i64, b: i64) -> i64 {
    (2 * a + b).div_euclid(2 * b)
}

pub fn lines_of_kind<'a>(invoice: &'a Value, kind: &str) -> Vec<&'a Value> {
    invoice["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .filter(|line| line["kind"] == kind)
        .collect()
}
