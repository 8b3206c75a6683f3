//! The billing benchmark's marketplace, made through the use cases the web pages call: one
//! approved provider selling a metered VM, one owner whose organisations each sign a contract of
//! several lines at the start of the month billed, and the simulated provider making every line
//! active.

#[path = "../common/comptoir.rs"]
mod comptoir;

use broker::account::{CurrentUser, SignUp, TenantId, UserId};
use broker::billing::{Meter, MeterId, Month, Operator};
use broker::catalog::{NewOffer, OfferTerms, ProviderApplication, ProviderDecision};
use broker::format::{Assignment, CountryCode, Objective, PlanDocument};
use broker::money::{Currency, Money};
use broker::provisioning::port::{ProviderAdapter, Simulated};
use broker::provisioning::{DelayRange, InstanceId, SimulatedAdapter, SimulationConfig};
use broker::service::catalog::Marketplace;
use broker::service::contracts::{Contracts, Signing};
use broker::service::provisioning::Provisioning;
use broker::service::reports::Reports;
use broker::service::{Accounts, LoginLimits, SignedIn};
use broker::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

pub use comptoir::Database;

pub const METER: &str = "egress_gb";
const PASSWORD: &str = "benchmark billing passphrase";
const SLUG: &str = "bench-cloud";
const PRICE: i64 = 4200;

/// What the run bills: the store, every line's instance, the provider's API token and the time
/// by which every line was active.
pub struct Built {
    pub store: Store,
    pub instances: Vec<String>,
    pub token: String,
    pub active_by: i64,
}

impl Database {
    pub fn sqlite(dir: &std::path::Path) -> Self {
        Database {
            url: format!("sqlite://{}", dir.join("bench.db").display()),
            drop_with: None,
        }
    }

    pub async fn postgres(admin: &str) -> Result<Self, String> {
        comptoir::fresh_postgres_database(admin).await
    }

    pub async fn drop(&self) {
        if let Some((admin, name)) = &self.drop_with {
            comptoir::drop_postgres_database(admin, name).await;
        }
    }
}

pub async fn serve(url: &str, dir: &std::path::Path) -> Result<SocketAddr, String> {
    comptoir::serve_comptoir(url, dir).await
}

/// The time now, in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(0))
}

pub fn operator() -> Operator {
    Operator {
        legal_name: "Comptoir Bench SAS".to_owned(),
        address: "1 place Bellecour, 69002 Lyon".to_owned(),
        country: CountryCode::parse("FR").expect("a country"),
        vat_id: Some("FR12345678901".to_owned()),
        bank_account: "FR76 3000 6000 0112 3456 7890 189".to_owned(),
        commission_bp: 1000,
    }
}

async fn signed_in(accounts: &Accounts, user: UserId) -> Result<CurrentUser, String> {
    accounts
        .current_user(SignedIn {
            user,
            auth_epoch: 0,
        })
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("account {user} cannot be read back"))
}

async fn sign_up(accounts: &Accounts, who: &str, at: i64) -> Result<CurrentUser, String> {
    let (session, _) = accounts
        .sign_up(
            &SignUp {
                email: format!("{who}@bench.comptoir.example"),
                password: PASSWORD.to_owned(),
                name: format!("Bench {who}"),
                organisation: format!("Bench {who} org"),
            },
            at,
        )
        .await
        .map_err(|e| format!("sign up {who}: {e}"))?;
    signed_in(accounts, session.user).await
}

fn offer() -> NewOffer {
    NewOffer {
        external_id: "vm".to_owned(),
        domain: "compute".to_owned(),
        terms: OfferTerms {
            name: "Bench VM".to_owned(),
            description: "A virtual machine billed with its egress.".to_owned(),
            tagline: "Virtual machine".to_owned(),
            unit: "instance".to_owned(),
            country: CountryCode::parse("FR").expect("a country"),
            jurisdiction: "EU".to_owned(),
            attributes: BTreeMap::new(),
            certifications: BTreeSet::new(),
            availability_bp: 9995,
            monthly_price: Money::new(PRICE, Currency::EUR),
            carbon_g_month: 100,
            meters: vec![
                Meter::new(MeterId::parse(METER).expect("an id"), "GB", 2, 1, 100)
                    .expect("a meter"),
            ],
        },
        capacity: None,
    }
}

/// Builds the marketplace: `organisations` contracts of `lines` lines each, signed on the first
/// day of `month` and made active by the simulated provider.
pub async fn build(
    url: &str,
    organisations: usize,
    lines: usize,
    month: Month,
) -> Result<Built, String> {
    let store = Store::connect(url).await.map_err(|e| e.to_string())?;
    store.migrate().await.map_err(|e| e.to_string())?;
    let at = month.start() + 3600;
    let accounts = Accounts::new(store.clone(), LoginLimits::default())
        .await
        .map_err(|e| e.to_string())?;
    let operator = accounts
        .create_operator(
            "operator@bench.comptoir.example",
            "Bench Operator",
            PASSWORD,
            at,
        )
        .await
        .map_err(|e| format!("operator: {e}"))?;
    let operator = signed_in(&accounts, operator).await?;
    let seller = sign_up(&accounts, "seller", at).await?;
    let marketplace = Marketplace::new(store.clone());
    let console = broker::service::operator::Operator::new(store.clone());
    let application = ProviderApplication {
        slug: SLUG.to_owned(),
        legal_name: "Bench Cloud SAS".to_owned(),
        country: "FR".to_owned(),
        jurisdiction: "EU".to_owned(),
        website: "https://bench-cloud.example".to_owned(),
        description: "The provider of the billing benchmark.".to_owned(),
        support_contact: "support@bench-cloud.example".to_owned(),
    };
    let provider = marketplace
        .apply(&seller, &application, at)
        .await
        .map_err(|e| format!("apply: {e}"))?;
    let step = |name: &'static str| {
        move |e: broker::service::catalog::CatalogError| format!("{name}: {e}")
    };
    console
        .decide_provider(&operator, provider, &ProviderDecision::Approve, at)
        .await
        .map_err(|e| format!("approve: {e}"))?;
    let offer_id = marketplace
        .create_offer(&seller, provider, &offer(), at)
        .await
        .map_err(step("create the offer"))?;
    marketplace
        .submit(&seller, offer_id, at)
        .await
        .map_err(step("submit"))?;
    console
        .review_offer(&operator, offer_id, true, "", at)
        .await
        .map_err(|e| format!("publish: {e}"))?;

    let owner = sign_up(&accounts, "owner", at).await?;
    let mut tenants: Vec<TenantId> = accounts
        .memberships(owner.id)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|membership| membership.tenant)
        .collect();
    for n in tenants.len()..organisations {
        let tenant = accounts
            .create_organisation(owner.id, &format!("Bench organisation {n}"), at)
            .await
            .map_err(|e| format!("organisation {n}: {e}"))?;
        tenants.push(tenant);
    }
    let assignments = (0..lines)
        .map(|k| Assignment {
            component: format!("part{k}"),
            offer: "vm".to_owned(),
            provider: SLUG.to_owned(),
            quantity: 1,
            monthly_minor: PRICE as u64,
            carbon_g_month: 100,
        })
        .collect();
    let plan = PlanDocument::feasible(Objective::Cost, Currency::EUR, assignments);
    let contracts = Contracts::new(store.clone());
    let mut instances = Vec::with_capacity(organisations * lines);
    for tenant in tenants {
        let contract = sign(&contracts, &owner, tenant, &plan, at).await?;
        for line in 0..lines {
            let line = u32::try_from(line).map_err(|e| e.to_string())?;
            instances.push(InstanceId::for_line(contract, line).as_str().to_owned());
        }
    }
    let active_by = provision(&store, url, at, instances.len()).await?;
    let token = Reports::new(store.clone())
        .create_token(&seller, provider, "bench", at)
        .await
        .map_err(|e| format!("token: {e}"))?
        .secret
        .expose()
        .to_owned();
    Ok(Built {
        store,
        instances,
        token,
        active_by,
    })
}

async fn sign(
    contracts: &Contracts,
    owner: &CurrentUser,
    tenant: TenantId,
    plan: &PlanDocument,
    at: i64,
) -> Result<broker::contract::ContractId, String> {
    let step = |name: &'static str| {
        move |e: broker::service::contracts::ContractsError| format!("{name}: {e}")
    };
    let quote = contracts
        .accept_plan(owner, tenant, plan, "bench", at)
        .await
        .map_err(step("accept"))?;
    let contract = contracts
        .prepare_contract(owner, tenant, quote, at)
        .await
        .map_err(step("prepare"))?;
    let sha = contracts
        .contract(owner, tenant, contract)
        .await
        .map_err(step("read"))?
        .document
        .sha256();
    let signing = Signing {
        shown_sha256: &sha,
        address: "192.0.2.7".parse().map_err(|e| format!("{e}"))?,
        user_agent: "comptoir-bench",
    };
    contracts
        .sign(owner, tenant, contract, &signing, at)
        .await
        .map_err(step("sign"))?;
    Ok(contract)
}

/// Runs the simulated provider from `at` until the `expected` lines are active; the time then.
async fn provision(store: &Store, url: &str, at: i64, expected: usize) -> Result<i64, String> {
    let quick = DelayRange {
        min_secs: 1,
        max_secs: 1,
    };
    let simulated =
        SimulatedAdapter::new(SimulationConfig::reliable(1, quick)).map_err(|e| e.to_string())?;
    let clock = Arc::new(AtomicI64::new(at));
    let adapter: Arc<dyn ProviderAdapter> = Arc::new(Simulated::new(simulated, {
        let clock = Arc::clone(&clock);
        move || clock.load(Ordering::SeqCst)
    }));
    let provisioning = Provisioning::new(store.clone(), adapter);
    // The benchmark's own count of active lines: the store has no use case for it.
    let pool = sqlx::AnyPool::connect(url)
        .await
        .map_err(|e| e.to_string())?;
    let expected = i64::try_from(expected).map_err(|e| e.to_string())?;
    for round in 0..100_000 {
        let now = clock.fetch_add(1, Ordering::SeqCst) + 1;
        provisioning
            .run_due("bench", now)
            .await
            .map_err(|e| format!("provisioning: {e}"))?;
        if round % 20 == 19 {
            let active: i64 = sqlx::query_scalar(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM orders WHERE state = 'active'",
            )
            .fetch_one(&pool)
            .await
            .map_err(|e| e.to_string())?;
            if active >= expected {
                pool.close().await;
                return Ok(now);
            }
        }
    }
    Err(format!("{expected} lines not active after 100,000 rounds"))
}
