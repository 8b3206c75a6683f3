//! The server's provisioning runner: a contract signed on the server's database becomes active
//! resources, and a server started on the same database after another stopped finishes the job.

use crate::api::helpers::{TestApp, backends};
use broker::account::{CurrentUser, Email, Password, TenantId};
use broker::catalog::{NewOffer, OfferTerms, ProviderApplication, ProviderDecision};
use broker::contract::{ContractId, ContractStatus};
use broker::format::{Assignment, Objective, PlanDocument};
use broker::provisioning::port::{Clock, ProviderAdapter, Simulated, SystemClock};
use broker::provisioning::{Resource, ResourceState, SimulatedAdapter, SimulationConfig};
use broker::secret::{PasswordHash, hash_password};
use broker::service::catalog::Marketplace;
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

async fn user(store: &Store, hash: &PasswordHash, tag: &str, now: i64) -> CurrentUser {
    let email = Email::parse(&format!("{tag}@example.org")).expect("email");
    let (id, _) = store
        .create_user_with_tenant(&email, tag, hash, &format!("{tag} org"), now)
        .await
        .expect("user");
    store
        .current_user(id, 0)
        .await
        .expect("read")
        .expect("exists")
}

async fn signed_contract(url: &str) -> Signed {
    let now = SystemClock.now();
    let store = Store::connect(url).await.expect("connect");
    let password = Password::parse("velvet harbour lantern quietly", &[]).expect("strong");
    let hash = hash_password(&password).await.expect("hash");
    let operator_id = store
        .create_operator(
            &Email::parse("operator@example.org").expect("email"),
            "Operator",
            &hash,
            now,
        )
        .await
        .expect("operator");
    let operator = store
        .current_user(operator_id, 0)
        .await
        .expect("read")
        .expect("exists");
    let seller = user(&store, &hash, "seller", now).await;
    let market = Marketplace::new(store.clone());
    let application = ProviderApplication {
        slug: "alpha".to_owned(),
        legal_name: "Alpha SAS".to_owned(),
        country: "FR".to_owned(),
        jurisdiction: "EU".to_owned(),
        website: "https://alpha.example".to_owned(),
        description: "Sovereign cloud.".to_owned(),
        support_contact: "support@alpha.example".to_owned(),
    };
    let provider = market
        .apply(&seller, &application, now)
        .await
        .expect("apply");
    market
        .decide_provider(&operator, provider, &ProviderDecision::Approve, now)
        .await
        .expect("approve");
    let offer = NewOffer {
        external_id: "n1-m".to_owned(),
        domain: "compute".to_owned(),
        terms: OfferTerms {
            name: "N1-M".to_owned(),
            description: "Four cores".to_owned(),
            tagline: "Fast".to_owned(),
            unit: "instance".to_owned(),
            country: "FR".to_owned(),
            jurisdiction: "EU".to_owned(),
            attributes: BTreeMap::from([("vcpu".to_owned(), 4.0)]),
            certifications: BTreeSet::from(["ISO27001".to_owned()]),
            availability_bp: 9995,
            currency: "EUR".to_owned(),
            monthly_price_minor: 1150,
            carbon_g_month: 1200,
        },
        capacity: Some(10),
    };
    let offer = market
        .create_offer(&seller, provider, &offer, now)
        .await
        .expect("offer");
    market.submit(&seller, offer).await.expect("submit");
    market
        .review_offer(&operator, offer, true, "")
        .await
        .expect("publish");
    let owner = user(&store, &hash, "alice", now).await;
    let tenant = store.memberships(owner.id).await.expect("memberships")[0].tenant;
    let line = |component: &str, quantity: u64| Assignment {
        component: component.to_owned(),
        offer: "n1-m".to_owned(),
        provider: "alpha".to_owned(),
        quantity,
        monthly_minor: quantity * 1150,
        carbon_g_month: quantity * 1200,
    };
    let plan = PlanDocument::feasible(Objective::Cost, "EUR", vec![line("web", 2), line("api", 1)]);
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

#[tokio::test]
async fn the_servers_runner_provisions_a_signed_contract_and_a_restarted_server_finishes_it() {
    for backend in backends() {
        let (url, dir) = TestApp::fresh_database(&backend).await;
        let first = TestApp::spawn_on_with(url.clone(), dir, SIMULATION).await;
        let signed = signed_contract(&first.database_url).await;
        let started = signed
            .wait_for(Duration::from_secs(10), |resources| {
                resources.iter().all(|r| !r.description.is_empty())
            })
            .await;
        assert!(started, "{backend:?}: the first server took up the orders");
        assert!(
            !all_active(&signed.resources().await),
            "{backend:?}: not done yet"
        );
        let dir = first.stop().await;
        let second = TestApp::spawn_on_with(url, dir, SIMULATION).await;
        let done = signed.wait_for(Duration::from_secs(20), all_active).await;
        assert!(
            done,
            "{backend:?}: the second server finished: {:?}",
            signed.resources().await
        );
        let view = signed
            .contracts
            .contract(&signed.owner, signed.tenant, signed.contract)
            .await
            .expect("contract");
        assert_eq!(view.status, ContractStatus::Active, "{backend:?}");
        signed.contracts.verify_chain().await.expect("chain");
        signed.store.close().await;
        second.stop().await;
    }
}
