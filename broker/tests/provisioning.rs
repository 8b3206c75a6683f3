//! Provisioning jobs against a real database: every test runs on SQLite, and on PostgreSQL too
//! when `TEST_DATABASE_URL` is set (a fresh database per test). The simulated provider reads a
//! fake clock that the tests move forward.
#![cfg(feature = "server")]

use broker::account::{CurrentUser, Role, TenantId};
use broker::catalog::{NewOffer, OfferId, OfferTerms};
use broker::contract::events::EventKind;
use broker::contract::{ContractId, ContractStatus};
use broker::format::CountryCode;
use broker::format::{Assignment, Objective, PlanDocument};
use broker::money::{Currency, Money};
use broker::provisioning::port::{ProviderAdapter, Simulated};
use broker::provisioning::{DelayRange, ResourceState, SimulatedAdapter, SimulationConfig};
use broker::service::contracts::Contracts;
use broker::service::provisioning::{LEASE_SECS, Provisioning, ProvisioningError};
use broker::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[path = "support/db.rs"]
mod db;

use db::{NOW, Shop, TestDb, for_each_database, signed_contract};

/// When the contract is signed; the provider's clock starts there.
const SIGNED_AT: i64 = NOW + 60;

fn terms(name: &str, price: i64) -> OfferTerms {
    OfferTerms {
        name: name.to_owned(),
        description: "Cores".to_owned(),
        tagline: "Fast".to_owned(),
        unit: "instance".to_owned(),
        country: CountryCode::parse("FR").unwrap(),
        jurisdiction: "EU".to_owned(),
        attributes: BTreeMap::from([("vcpu".to_owned(), 4.0)]),
        certifications: BTreeSet::from(["ISO27001".to_owned()]),
        availability_bp: 9995,
        monthly_price: Money::new(price, Currency::EUR),
        carbon_g_month: 1200,
        meters: Vec::new(),
    }
}

/// A signed three-line contract: `web` 2 × n1-m, `api` 1 × n1-m, `batch` 3 × n2-l, with the
/// capacity of both offers limited.
struct Rig {
    contracts: Contracts,
    seller: CurrentUser,
    offers: [OfferId; 2],
    owner: CurrentUser,
    tenant: TenantId,
    contract: ContractId,
    clock: Arc<AtomicI64>,
}

const CAPACITY: [i64; 2] = [10, 5];

async fn rig(db: &TestDb) -> Rig {
    let offers: Vec<NewOffer> = [("n1-m", "N1-M", 1150), ("n2-l", "N2-L", 2300)]
        .into_iter()
        .zip(CAPACITY)
        .map(|((external_id, name, price), capacity)| NewOffer {
            external_id: external_id.to_owned(),
            domain: "compute".to_owned(),
            terms: terms(name, price),
            capacity: Some(capacity),
        })
        .collect();
    let Shop { seller, offers, .. } = db.shop("alpha", &offers).await;
    let owner = db.user("alice").await;
    let tenant = db.tenant_of(&owner).await;
    let contracts = Contracts::new(db.store.clone());
    let plan = PlanDocument::feasible(
        Objective::Cost,
        Currency::EUR,
        vec![
            assignment("web", "n1-m", 2, 1150),
            assignment("api", "n1-m", 1, 1150),
            assignment("batch", "n2-l", 3, 2300),
        ],
    );
    let contract = signed_contract(&contracts, &owner, tenant, &plan, SIGNED_AT).await;
    Rig {
        contracts,
        seller,
        offers: [offers[0], offers[1]],
        owner,
        tenant,
        contract,
        clock: Arc::new(AtomicI64::new(SIGNED_AT)),
    }
}

fn assignment(component: &str, offer: &str, quantity: u64, price: u64) -> Assignment {
    Assignment {
        component: component.to_owned(),
        offer: offer.to_owned(),
        provider: "alpha".to_owned(),
        quantity,
        monthly_minor: quantity * price,
        carbon_g_month: quantity * 1200,
    }
}

fn config(failure_per_mille: u16) -> SimulationConfig {
    SimulationConfig {
        seed: 7,
        failure_per_mille,
        queued: DelayRange {
            min_secs: 0,
            max_secs: 3,
        },
        provisioning: DelayRange {
            min_secs: 4,
            max_secs: 12,
        },
        deprovisioning: DelayRange {
            min_secs: 1,
            max_secs: 5,
        },
    }
}

impl Rig {
    fn provisioning(&self, store: &Store, failure_per_mille: u16) -> Provisioning {
        let clock = {
            let clock = Arc::clone(&self.clock);
            move || clock.load(Ordering::SeqCst)
        };
        let simulated = SimulatedAdapter::new(config(failure_per_mille)).expect("valid config");
        let adapter: Arc<dyn ProviderAdapter> = Arc::new(Simulated::new(simulated, clock));
        Provisioning::new(store.clone(), adapter)
    }

    fn now(&self) -> i64 {
        self.clock.load(Ordering::SeqCst)
    }

    /// Moves the clock one second and runs one round; how many orders it advanced.
    async fn tick(&self, provisioning: &Provisioning) -> usize {
        let now = self.clock.fetch_add(1, Ordering::SeqCst) + 1;
        provisioning
            .run_due("worker-a", now)
            .await
            .expect("a round")
    }

    /// Runs rounds until no line is in flight (at most two minutes of the fake clock).
    async fn settle(&self, provisioning: &Provisioning) {
        for _ in 0..120 {
            self.tick(provisioning).await;
            if !self
                .states(provisioning)
                .await
                .iter()
                .any(|s| s.is_in_flight())
            {
                return;
            }
        }
        panic!("still in flight: {:?}", self.states(provisioning).await);
    }

    async fn states(&self, provisioning: &Provisioning) -> Vec<ResourceState> {
        provisioning
            .contract_resources(&self.owner, self.tenant, self.contract)
            .await
            .expect("resources")
            .iter()
            .map(|r| r.state)
            .collect()
    }

    async fn status(&self) -> ContractStatus {
        self.view().await.status
    }

    async fn view(&self) -> broker::service::contracts::ContractView {
        self.contracts
            .contract(&self.owner, self.tenant, self.contract)
            .await
            .expect("contract")
    }

    async fn kinds(&self) -> Vec<EventKind> {
        self.view().await.events.iter().map(|e| e.kind).collect()
    }

    async fn capacities(&self, db: &TestDb) -> [Option<i64>; 2] {
        let mut capacities = [None; 2];
        for (slot, offer) in capacities.iter_mut().zip(self.offers) {
            *slot = db
                .market
                .offer(&self.seller, offer)
                .await
                .expect("offer")
                .capacity;
        }
        capacities
    }
}

fn count(kinds: &[EventKind], kind: EventKind) -> usize {
    kinds.iter().filter(|k| **k == kind).count()
}

#[tokio::test]
async fn a_signed_contract_becomes_active_line_by_line_with_its_events_chained() {
    for_each_database(|db| async move {
        let b = db.backend;
        let rig = rig(&db).await;
        let provisioning = rig.provisioning(&db.store, 0);
        assert_eq!(rig.tick(&provisioning).await, 3, "{b}: every line is due");
        let resources = provisioning
            .resources(&rig.owner, rig.tenant)
            .await
            .expect("resources");
        assert_eq!(resources.len(), 3, "{b}");
        let web = &resources[0];
        assert_eq!(
            (web.line, web.component.as_str(), web.offer_name.as_str()),
            (0, "web", "N1-M"),
            "{b}"
        );
        assert_eq!(
            (web.provider_slug.as_str(), web.quantity),
            ("alpha", 2),
            "{b}"
        );
        assert_eq!(web.monthly_total.minor(), 2300, "{b}");
        assert_eq!(web.monthly_total.currency().as_str(), "EUR", "{b}");
        assert_eq!(web.carbon_g_month, 2400, "{b}");
        assert_eq!(web.description, "the provider accepted the request", "{b}");
        // Not due again before the poll delay.
        let now = rig.now();
        assert_eq!(
            provisioning.run_due("worker-a", now).await.expect("round"),
            0,
            "{b}"
        );
        rig.settle(&provisioning).await;
        assert_eq!(
            rig.states(&provisioning).await,
            [ResourceState::Active; 3],
            "{b}"
        );
        let resources = provisioning
            .contract_resources(&rig.owner, rig.tenant, rig.contract)
            .await
            .expect("resources");
        assert!(resources.iter().all(|r| r.progress_percent == 100), "{b}");
        assert_eq!(rig.status().await, ContractStatus::Active, "{b}");
        let kinds = rig.kinds().await;
        assert_eq!(count(&kinds, EventKind::LineActivated), 3, "{b}: {kinds:?}");
        assert_eq!(count(&kinds, EventKind::Activated), 1, "{b}: {kinds:?}");
        assert_eq!(kinds.last(), Some(&EventKind::Activated), "{b}");
        assert_eq!(rig.contracts.verify_chain().await.expect("chain"), 6, "{b}");
        // Nothing left to do.
        assert_eq!(rig.tick(&provisioning).await, 0, "{b}");
    })
    .await;
}

#[tokio::test]
async fn resources_list_the_newest_contract_first_then_by_line() {
    for_each_database(|db| async move {
        let b = db.backend;
        let rig = rig(&db).await;
        let plan = PlanDocument::feasible(
            Objective::Cost,
            Currency::EUR,
            vec![assignment("cache", "n1-m", 1, 1150)],
        );
        let newer = signed_contract(&rig.contracts, &rig.owner, rig.tenant, &plan, SIGNED_AT).await;
        let provisioning = rig.provisioning(&db.store, 0);
        let listed: Vec<(ContractId, u32, String)> = provisioning
            .resources(&rig.owner, rig.tenant)
            .await
            .expect("resources")
            .into_iter()
            .map(|r| (r.contract, r.line, r.component))
            .collect();
        let old = rig.contract;
        assert_eq!(
            listed,
            [
                (newer, 0, "cache".to_owned()),
                (old, 0, "web".to_owned()),
                (old, 1, "api".to_owned()),
                (old, 2, "batch".to_owned()),
            ],
            "{b}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_failed_line_is_recorded_with_its_reason_and_a_retry_provisions_it() {
    for_each_database(|db| async move {
        let b = db.backend;
        let rig = rig(&db).await;
        let failing = rig.provisioning(&db.store, 1000);
        rig.settle(&failing).await;
        assert_eq!(
            rig.states(&failing).await,
            [ResourceState::Failed; 3],
            "{b}"
        );
        let failed = failing
            .contract_resources(&rig.owner, rig.tenant, rig.contract)
            .await
            .expect("resources");
        assert!(!failed[0].description.is_empty(), "{b}");
        let view = rig.view().await;
        let failures: Vec<_> = view
            .events
            .iter()
            .filter(|e| e.kind == EventKind::LineFailed)
            .collect();
        assert_eq!(failures.len(), 3, "{b}");
        assert!(
            failures
                .iter()
                .any(|e| e.payload.contains(&failed[0].description)),
            "{b}: the event holds the provider's description"
        );
        assert_eq!(rig.status().await, ContractStatus::Signed, "{b}");
        // A retry of an active or requested line makes no sense; of a failed one it does.
        let now = rig.now();
        let healthy = rig.provisioning(&db.store, 0);
        for line in 0..3 {
            healthy
                .retry(&rig.owner, rig.tenant, rig.contract, line, now)
                .await
                .expect("retry");
        }
        let again = healthy
            .retry(&rig.owner, rig.tenant, rig.contract, 0, now)
            .await;
        assert!(
            matches!(again, Err(ProvisioningError::Lifecycle(_))),
            "{b}: {again:?}"
        );
        let message = again.unwrap_err().to_string();
        assert!(message.contains("only a failed resource"), "{b}: {message}");
        rig.settle(&healthy).await;
        assert_eq!(
            rig.states(&healthy).await,
            [ResourceState::Active; 3],
            "{b}"
        );
        assert_eq!(rig.status().await, ContractStatus::Active, "{b}");
        let kinds = rig.kinds().await;
        assert_eq!(count(&kinds, EventKind::LineActivated), 3, "{b}");
        assert_eq!(count(&kinds, EventKind::Activated), 1, "{b}");
        rig.contracts.verify_chain().await.expect("chain");
    })
    .await;
}

#[tokio::test]
async fn terminating_every_line_gives_the_capacity_back_and_ends_the_contract() {
    for_each_database(|db| async move {
        let b = db.backend;
        let rig = rig(&db).await;
        let provisioning = rig.provisioning(&db.store, 0);
        assert_eq!(
            rig.capacities(&db).await,
            [Some(CAPACITY[0] - 3), Some(CAPACITY[1] - 3)],
            "{b}: reserved at signature"
        );
        let early = provisioning
            .terminate(&rig.owner, rig.tenant, rig.contract, 0, rig.now())
            .await;
        assert!(
            matches!(early, Err(ProvisioningError::Lifecycle(_))),
            "{b}: a line being created is not terminated: {early:?}"
        );
        rig.settle(&provisioning).await;
        provisioning
            .terminate(&rig.owner, rig.tenant, rig.contract, 2, rig.now())
            .await
            .expect("terminate batch");
        rig.settle(&provisioning).await;
        assert_eq!(
            rig.states(&provisioning).await,
            [
                ResourceState::Active,
                ResourceState::Active,
                ResourceState::Terminated
            ],
            "{b}"
        );
        assert_eq!(
            rig.capacities(&db).await,
            [Some(CAPACITY[0] - 3), Some(CAPACITY[1])],
            "{b}: the batch line's capacity is back"
        );
        assert_eq!(rig.status().await, ContractStatus::Active, "{b}");
        for line in 0..2 {
            provisioning
                .terminate(&rig.owner, rig.tenant, rig.contract, line, rig.now())
                .await
                .expect("terminate");
        }
        rig.settle(&provisioning).await;
        assert_eq!(
            rig.capacities(&db).await,
            [Some(CAPACITY[0]), Some(CAPACITY[1])],
            "{b}"
        );
        assert_eq!(rig.status().await, ContractStatus::Terminated, "{b}");
        let kinds = rig.kinds().await;
        assert_eq!(count(&kinds, EventKind::LineTerminated), 3, "{b}");
        assert_eq!(count(&kinds, EventKind::Terminated), 1, "{b}");
        assert_eq!(kinds.last(), Some(&EventKind::Terminated), "{b}");
        rig.contracts.verify_chain().await.expect("chain");
    })
    .await;
}

#[tokio::test]
async fn two_instances_on_two_pools_never_advance_the_same_order_twice() {
    for_each_database(|db| async move {
        let b = db.backend;
        let rig = rig(&db).await;
        let other_store = Store::connect(&db.url).await.expect("a second pool");
        let first = rig.provisioning(&db.store, 0);
        let second = rig.provisioning(&other_store, 0);
        let mut advanced = 0;
        for _ in 0..60 {
            let now = rig.clock.fetch_add(1, Ordering::SeqCst) + 1;
            let (a, b2) = tokio::join!(first.run_due("one", now), second.run_due("two", now));
            advanced += a.expect("round one") + b2.expect("round two");
        }
        assert!(advanced >= 6, "{b}: {advanced}");
        assert_eq!(rig.states(&first).await, [ResourceState::Active; 3], "{b}");
        let view = rig.view().await;
        let kinds: Vec<EventKind> = view.events.iter().map(|e| e.kind).collect();
        assert_eq!(count(&kinds, EventKind::LineActivated), 3, "{b}: {kinds:?}");
        assert_eq!(count(&kinds, EventKind::Activated), 1, "{b}: {kinds:?}");
        let lines: BTreeSet<&str> = view
            .events
            .iter()
            .filter(|e| e.kind == EventKind::LineActivated)
            .map(|e| e.payload.as_str())
            .collect();
        assert_eq!(lines.len(), 3, "{b}: each line activated once");
        rig.contracts.verify_chain().await.expect("chain");
        other_store.close().await;
    })
    .await;
}

#[tokio::test]
async fn provisioning_resumes_on_a_new_store_after_a_restart() {
    for_each_database(|db| async move {
        let b = db.backend;
        let rig = rig(&db).await;
        let before = Store::connect(&db.url).await.expect("connect");
        let provisioning = rig.provisioning(&before, 0);
        for _ in 0..3 {
            rig.tick(&provisioning).await;
        }
        let midway = rig.states(&provisioning).await;
        assert!(midway.iter().any(|s| s.is_in_flight()), "{b}: {midway:?}");
        drop(provisioning);
        before.close().await;
        let after = Store::connect(&db.url).await.expect("a new store");
        let resumed = rig.provisioning(&after, 0);
        rig.settle(&resumed).await;
        assert_eq!(
            rig.states(&resumed).await,
            [ResourceState::Active; 3],
            "{b}"
        );
        assert_eq!(rig.status().await, ContractStatus::Active, "{b}");
        assert_eq!(
            count(&rig.kinds().await, EventKind::LineActivated),
            3,
            "{b}"
        );
        rig.contracts.verify_chain().await.expect("chain");
        after.close().await;
    })
    .await;
}

#[tokio::test]
async fn an_order_held_by_a_dead_worker_is_taken_over_when_its_lease_ends() {
    for_each_database(|db| async move {
        let b = db.backend;
        let rig = rig(&db).await;
        let now = rig.now() + 1;
        let held = db
            .store
            .claim_order(rig.contract, 0, "dead", now, now + LEASE_SECS)
            .await
            .expect("claim");
        assert!(held.is_some(), "{b}");
        let again = db
            .store
            .claim_order(rig.contract, 0, "other", now, now + LEASE_SECS)
            .await
            .expect("claim");
        assert!(again.is_none(), "{b}: one owner at a time");
        let provisioning = rig.provisioning(&db.store, 0);
        assert_eq!(
            provisioning.run_due("alive", now).await.expect("round"),
            2,
            "{b}: the held line waits"
        );
        let later = now + LEASE_SECS + 1;
        rig.clock.store(later, Ordering::SeqCst);
        assert_eq!(
            provisioning.run_due("alive", later).await.expect("round"),
            3,
            "{b}: the lease ended"
        );
    })
    .await;
}

#[tokio::test]
async fn another_tenant_finds_nothing_and_a_viewer_may_not_act() {
    for_each_database(|db| async move {
        let b = db.backend;
        let rig = rig(&db).await;
        let failing = rig.provisioning(&db.store, 1000);
        rig.settle(&failing).await;
        let mallory = db.user("mallory").await;
        let own = db.store.memberships(mallory.id).await.expect("m")[0].tenant;
        let (c, now) = (rig.contract, rig.now());
        for tenant in [own, rig.tenant] {
            let read = failing.contract_resources(&mallory, tenant, c).await;
            assert!(matches!(read, Err(ProvisioningError::NotFound)), "{b}");
            let retry = failing.retry(&mallory, tenant, c, 0, now).await;
            assert!(matches!(retry, Err(ProvisioningError::NotFound)), "{b}");
            let end = failing.terminate(&mallory, tenant, c, 0, now).await;
            assert!(matches!(end, Err(ProvisioningError::NotFound)), "{b}");
        }
        assert!(
            failing
                .resources(&mallory, own)
                .await
                .expect("own")
                .is_empty(),
            "{b}"
        );
        assert!(
            matches!(
                failing.resources(&mallory, rig.tenant).await,
                Err(ProvisioningError::NotFound)
            ),
            "{b}"
        );
        let missing = failing.retry(&rig.owner, rig.tenant, c, 9, now).await;
        assert!(matches!(missing, Err(ProvisioningError::NotFound)), "{b}");
        let viewer = db.user("victor").await;
        db.store
            .add_tenant_member(rig.tenant, viewer.id, Role::Viewer, NOW)
            .await
            .expect("member");
        let buyer = db.user("berta").await;
        db.store
            .add_tenant_member(rig.tenant, buyer.id, Role::Buyer, NOW)
            .await
            .expect("member");
        assert_eq!(
            failing
                .contract_resources(&viewer, rig.tenant, c)
                .await
                .expect("a viewer reads")
                .len(),
            3,
            "{b}"
        );
        let retry = failing.retry(&viewer, rig.tenant, c, 0, now).await;
        assert!(matches!(retry, Err(ProvisioningError::Forbidden)), "{b}");
        let end = failing.terminate(&viewer, rig.tenant, c, 0, now).await;
        assert!(matches!(end, Err(ProvisioningError::Forbidden)), "{b}");
        let end = failing.terminate(&buyer, rig.tenant, c, 0, now).await;
        assert!(matches!(end, Err(ProvisioningError::Forbidden)), "{b}");
        failing
            .retry(&buyer, rig.tenant, c, 0, now)
            .await
            .expect("a buyer retries");
        assert_eq!(
            rig.states(&failing).await[0],
            ResourceState::Requested,
            "{b}"
        );
    })
    .await;
}
