//! Planning on the live catalog of a database, and the plan taken through a quote and a signed
//! contract to the organisation's commitments: on SQLite, and on PostgreSQL too when
//! `TEST_DATABASE_URL` is set.
#![cfg(feature = "server")]

use broker::contract::ContractSummary;
use broker::format::{Blueprint, Objective};
use broker::service::contracts::{Contracts, Signing};
use broker::service::planning::Planner;
use broker::service::{Accounts, LoginLimits};

#[path = "support/db.rs"]
mod db;

use db::{NOW, databases};

fn web_shop() -> Blueprint {
    broker::templates::find("web-shop")
        .expect("the template")
        .blueprint()
        .expect("a blueprint")
}

#[tokio::test]
async fn a_live_plan_shows_both_objectives_and_becomes_a_signed_commitment() {
    for db in databases().await {
        let b = db.backend;
        let accounts = Accounts::new(db.store.clone(), LoginLimits::default())
            .await
            .expect("accounts");
        broker::service::demo::load_demo(&accounts, &db.market, NOW)
            .await
            .expect("the demo");
        let planner = Planner::new(db.store.clone());
        let blueprint = web_shop();
        let live = planner.plan(&blueprint).await.expect("a plan");
        assert!(live.catalog_offers >= 300, "{b}: {}", live.catalog_offers);
        let cost = live.for_objective(Objective::Cost);
        let carbon = live.for_objective(Objective::Carbon);
        assert_eq!(cost.plan.objective, Objective::Cost, "{b}");
        assert_eq!(carbon.plan.objective, Objective::Carbon, "{b}");
        assert!(cost.plan.feasible && carbon.plan.feasible, "{b}");
        assert!(
            cost.plan.total_monthly_minor <= carbon.plan.total_monthly_minor,
            "{b}"
        );
        assert!(
            carbon.plan.total_carbon_g_month <= cost.plan.total_carbon_g_month,
            "{b}"
        );
        for assignment in cost.plan.assignments.iter().chain(&carbon.plan.assignments) {
            let label = live
                .offers
                .get(&assignment.offer)
                .expect("every chosen offer is labelled");
            assert_eq!(label.provider_slug, assignment.provider, "{b}");
        }
        let again = planner
            .plan_for(&blueprint, Objective::Carbon)
            .await
            .expect("a plan");
        assert_eq!(
            again.plan, carbon.plan,
            "{b}: the same catalog gives the same plan"
        );

        let owner = db.user("owner").await;
        let tenant = db.store.memberships(owner.id).await.expect("memberships")[0].tenant;
        let contracts = Contracts::new(db.store.clone());
        let quote = contracts
            .accept_plan(&owner, tenant, &cost.plan, blueprint.name(), NOW)
            .await
            .expect("the marketplace's `provider/offer` ids are accepted");
        let view = contracts
            .quote_view(&owner, tenant, quote, NOW + 10)
            .await
            .expect("the quote");
        assert!(view.stale.is_empty(), "{b}: {:?}", view.stale);
        assert_eq!(view.quote.lines().len(), 6, "{b}");
        assert_eq!(
            u64::try_from(view.quote.total_monthly().minor()).expect("positive"),
            cost.plan.total_monthly_minor,
            "{b}"
        );
        assert_eq!(view.contract, None, "{b}");

        let contract = contracts
            .prepare_contract(&owner, tenant, quote, NOW + 20)
            .await
            .expect("prepare");
        let twice = contracts
            .prepare_contract(&owner, tenant, quote, NOW + 30)
            .await
            .expect("prepare again");
        assert_eq!(
            twice, contract,
            "{b}: a second click opens the same contract"
        );
        assert_eq!(
            contracts
                .committed(&owner, tenant)
                .await
                .expect("committed"),
            (0, 0),
            "{b}: nothing is committed before the signature"
        );
        let sha = contracts
            .contract(&owner, tenant, contract)
            .await
            .expect("read")
            .document
            .sha256();
        contracts
            .sign(
                &owner,
                tenant,
                contract,
                &Signing {
                    shown_sha256: &sha,
                    address: "192.0.2.1".parse().expect("address"),
                    user_agent: "test",
                },
                NOW + 40,
            )
            .await
            .expect("sign");
        let listed: Vec<ContractSummary> = contracts.list(&owner, tenant).await.expect("list");
        assert_eq!(listed.len(), 1, "{b}");
        assert_eq!(listed[0].id, contract, "{b}");
        assert_eq!(listed[0].lines, 6, "{b}");
        let total = i64::try_from(cost.plan.total_monthly_minor).expect("fits");
        let carbon_total = i64::try_from(cost.plan.total_carbon_g_month).expect("fits");
        assert_eq!(listed[0].monthly_minor, total, "{b}");
        assert_eq!(
            contracts
                .committed(&owner, tenant)
                .await
                .expect("committed"),
            (total, carbon_total),
            "{b}"
        );

        let stranger = db.user("stranger").await;
        assert!(
            contracts
                .list(&stranger, tenant)
                .await
                .expect("list")
                .is_empty(),
            "{b}"
        );
        assert_eq!(
            contracts
                .committed(&stranger, tenant)
                .await
                .expect("committed"),
            (0, 0),
            "{b}"
        );
    }
}
