//! The server's provisioning runner: a contract signed on the server's database becomes active
//! resources, and a server started on the same database after another stopped finishes the job.

use crate::api::fixtures::{Seed, alpha_application};
use crate::api::helpers::{TestApp, for_each_bare_backend, now};
use broker::account::{CurrentUser, TenantId};
use broker::catalog::{NewOffer, OfferTerms};
use broker::contract::{ContractId, ContractStatus};
use broker::format::CountryCode;
use broker::format::{Assignment, Objective, PlanDocument};
use broker::money::{Currency, Money};
use broker::provisioning::port::{ProviderAdapter, Simulated, SystemClock};
use broker::provisioning::{Resource, ResourceState, SimulatedAdapter, SimulationConfig};
use broker::service::contracts::{Contracts, Signing};
use broker::service::provisioning::Provisioning;
use broker::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Quick and certain: nothing fails, each resource takes two or three seconds.
const SIMULATION: &[(&str, &str)] = &[
    ("COMPTOIR_SIMULATION_FAILURE_PER_MILLE", "0"),
    ("COMPTOIR_SIMULATION_QUEUED_SECS", "0"),
    ("COMPTOIR_SIMULATION_PROVISIONING_SECS", "2-3"),
];

/// A signed two-line contract on the database at `url`, and how to read its resources.
struct Signed {
    store: Store,
    contracts: Contracts,
    provisioning: Provisioning,
    owner: CurrentUser,
    tenant: TenantId,
    contract: ContractId,
}

async fn signed_contract(url: &str) -> Signed {
    let now = now();
    let seed = Seed::new(url, "operator@example.org", "Operator", now).await;
    let seller = seed.user("seller", "seller", "seller org").await;
    let application = alpha_application();
    let provider = seed.approved_provider(&seller, &application).await;
    let offer = NewOffer {
        external_id: "n1-m".to_owned(),
        domain: "compute".to_owned(),
        terms: OfferTerms {
            name: "N1-M".to_owned(),
            description: "Four cores".to_owned(),
            tagline: "Fast".to_owned(),
            unit: "instance".to_owned(),
            country: CountryCode::parse("FR").unwrap(),
            jurisdiction: "EU".to_owned(),
            attributes: BTreeMap::from([("vcpu".to_owned(), 4.0)]),
            certifications: BTreeSet::from(["ISO27001".to_owned()]),
            availability_bp: 9995,
            monthly_price: Money::new(1150, Currency::EUR),
            carbon_g_month: 1200,
            meters: Vec::new(),
        },
        capacity: Some(10),
    };
    seed.published_offer(&seller, provider, &offer).await;
    let owner = seed.user("alice", "alice", "alice org").await;
    let store = seed.store;
    let tenant = store.memberships(owner.id).await.expect("memberships")[0].tenant;
    let line = |component: &str, quantity: u64| Assignment {
        component: component.to_owned(),
        offer: "n1-m".to_owned(),
        provider: "alpha".to_owned(),
        quantity,
        monthly_minor: quantity * 1150,
        carbon_g_month: quantity * 1200,
    };
    let plan = PlanDocument::feasible(
        Objective::Cost,
        Currency::EUR,
        vec![line("web", 2), line("api", 1)],
    );
    let contracts = Contracts::new(store.clone());
    let quote = contracts
        .accept_plan(&owner, tenant, &plan, "web shop", now)
        .await
        .expect("accept");
    let contract = contracts
        .prepare_contract(&owner, tenant, quote, now)
        .await
        .expect("prepare");
    let sha = contracts
        .contract(&owner, tenant, contract)
        .await
        .expect("read")
        .document
        .sha256();
    let signing = Signing {
        shown_sha256: &sha,
        address: "192.0.2.7".parse().expect("address"),
        user_agent: "Mozilla/5.0",
    };
    contracts
        .sign(&owner, tenant, contract, &signing, now)
        .await
        .expect("sign");
    // Only read through: this adapter is never asked anything.
    let adapter: Arc<dyn ProviderAdapter> = Arc::new(Simulated::new(
        SimulatedAdapter::new(SimulationConfig::default()).expect("valid"),
        SystemClock,
    ));
    Signed {
        provisioning: Provisioning::new(store.clone(), adapter),
        store,
        contracts,
        owner,
        tenant,
        contract,
    }
}

impl Signed {
    async fn resources(&self) -> Vec<Resource> {
        self.provisioning
            .contract_resources(&self.owner, self.tenant, self.contract)
            .await
            .expect("resources")
    }

    /// Waits (at most `within`) until the resources are as `wanted` says.
    async fn wait_for(&self, within: Duration, wanted: impl Fn(&[Resource]) -> bool) -> bool {
        let start = Instant::now();
        while start.elapsed() < within {
            if wanted(&self.resources().await) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }
}

fn all_active(resources: &[Resource]) -> bool {
    !resources.is_empty() && resources.iter().all(|r| r.state == ResourceState::Active)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_servers_runner_provisions_a_signed_contract_and_a_restarted_server_finishes_it() {
    for_each_bare_backend(|backend| async move {
        let (url, dir) = TestApp::fresh_database(&backend).await;
        let first = TestApp::spawn_on_with(url.clone(), dir, SIMULATION).await;
        let signed = signed_contract(&first.database_url).await;
        let started = signed
            .wait_for(Duration::from_secs(10), |resources| {
                resources.iter().all(|r| !r.description.is_empty())
            })
            .await;
        assert!(started, "the first server took up the orders");
        assert!(!all_active(&signed.resources().await), "not done yet");
        let dir = first.stop().await;
        let second = TestApp::spawn_on_with(url, dir, SIMULATION).await;
        let done = signed.wait_for(Duration::from_secs(20), all_active).await;
        assert!(
            done,
            "the second server finished: {:?}",
            signed.resources().await
        );
        let view = signed
            .contracts
            .contract(&signed.owner, signed.tenant, signed.contract)
            .await
            .expect("contract");
        assert_eq!(view.status, ContractStatus::Active);
        signed.contracts.verify_chain().await.expect("chain");
        signed.store.close().await;
        second.stop().await;
    })
    .await;
}
