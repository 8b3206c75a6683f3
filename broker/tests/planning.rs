//! Planning on the live catalog of a database, and the plan taken through a quote and a signed
//! contract to the organisation's commitments: on SQLite, and on PostgreSQL too when
//! `TEST_DATABASE_URL` is set.
#![cfg(feature = "server")]

use broker::blueprint::{MAX_COMPONENTS, SizeError};
use broker::contract::{Commitment, ContractSummary};
use broker::format::{Blueprint, Objective};
use broker::money::{Currency, Money};
use broker::service::contracts::{Contracts, Signing};
use broker::service::planning::{Cancel, Planner, PlanningError, PlanningLimits};
use broker::service::{Accounts, LoginLimits};
use std::time::Duration;

#[path = "support/db.rs"]
mod db;

use db::{NOW, for_each_database};

fn web_shop() -> Blueprint {
    broker::templates::find("web-shop")
        .expect("the template")
        .blueprint()
        .expect("a blueprint")
}

#[tokio::test]
async fn a_live_plan_shows_both_objectives_and_becomes_a_signed_commitment() {
    for_each_database(|db| async move {
        let b = db.backend;
        let accounts = Accounts::new(db.store.clone(), LoginLimits::default())
            .await
            .expect("accounts");
        broker::service::demo::load_demo(&accounts, &db.market, None, NOW)
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
            Commitment::nothing(),
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
        assert_eq!(listed[0].monthly.minor(), total, "{b}");
        assert_eq!(
            contracts
                .committed(&owner, tenant)
                .await
                .expect("committed"),
            Commitment {
                monthly: Money::new(total, Currency::EUR),
                carbon_g_month: carbon_total,
            },
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
            Commitment::nothing(),
            "{b}"
        );
    })
    .await;
}

/// `components` compute components of `quantity` units each: past a few dozen units of one
/// size, every offer's capacity is contested and the exact search faces a vast number of
/// equivalent assignments.
fn farm(components: usize, quantity: u64) -> Blueprint {
    let list: Vec<_> = (0..components)
        .map(|i| serde_json::json!({"name": format!("node-{i}"), "domain": "compute", "quantity": quantity}))
        .collect();
    Blueprint::from_value(serde_json::json!({
        "format": "comptoir.blueprint/v1", "name": "farm", "objective": "cost", "components": list,
    }))
    .expect("a blueprint")
}

async fn demo_planner(db: &db::TestDb, limits: PlanningLimits) -> Planner {
    let accounts = Accounts::new(db.store.clone(), LoginLimits::default())
        .await
        .expect("accounts");
    broker::service::demo::load_demo(&accounts, &db.market, None, NOW)
        .await
        .expect("the demo");
    Planner::with_limits(db.store.clone(), limits)
}

/// Limits that never stop a plan by time, so that only what a test does ends it.
fn patient(concurrent: usize, queue_wait: Duration) -> PlanningLimits {
    PlanningLimits {
        concurrent,
        queue_wait,
        deadline: Duration::from_secs(3_600),
    }
}

/// Waits until `planner` runs `count` plans.
async fn running(planner: &Planner, count: usize) {
    while planner.running() != count {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_blueprint_larger_than_the_marketplace_plans_is_refused_before_any_work() {
    for_each_database(|db| async move {
        let planner = Planner::new(db.store.clone());
        let too_many = MAX_COMPONENTS + 1;
        let refused = planner.plan(&farm(too_many, 1)).await;
        assert!(
            matches!(
                refused,
                Err(PlanningError::TooLarge(SizeError::TooManyComponents { count })) if count == too_many
            ),
            "{}: {refused:?}",
            db.backend
        );
        let refused = planner.plan_for(&farm(too_many, 1), Objective::Cost).await;
        assert!(
            matches!(refused, Err(PlanningError::TooLarge(_))),
            "{}",
            db.backend
        );
    })
    .await;
}

#[tokio::test]
async fn a_cancelled_plan_stops_at_the_search_s_next_check() {
    for_each_database(|db| async move {
        let b = db.backend;
        let planner = demo_planner(&db, patient(1, Duration::from_secs(30))).await;
        let cancel = Cancel::new();
        cancel.cancel();
        let answer = planner
            .plan_unless(&farm(MAX_COMPONENTS, 37), &cancel)
            .await;
        assert!(
            matches!(answer, Err(PlanningError::Cancelled)),
            "{b}: {answer:?}"
        );
        assert_eq!(planner.running(), 0, "{b}");
    })
    .await;
}

#[tokio::test]
async fn a_plan_whose_request_is_gone_stops_and_frees_its_planner() {
    for_each_database(|db| async move {
        let b = db.backend;
        // One planner, and a wait for it far longer than a cancelled search takes to stop but
        // far shorter than the hour this search would run.
        let planner = demo_planner(&db, patient(1, Duration::from_secs(60))).await;
        let hard = {
            let planner = planner.clone();
            tokio::spawn(async move { planner.plan(&farm(MAX_COMPONENTS, 37)).await })
        };
        running(&planner, 1).await;
        hard.abort();
        assert!(hard.await.is_err_and(|e| e.is_cancelled()), "{b}");
        let next = planner
            .plan(&web_shop())
            .await
            .expect("the planner is free");
        assert!(next.chosen.explanation.search.complete, "{b}");
    })
    .await;
}

#[tokio::test]
async fn a_request_that_finds_every_planner_busy_is_told_so() {
    for_each_database(|db| async move {
        let b = db.backend;
        let planner = demo_planner(&db, patient(1, Duration::from_millis(50))).await;
        let cancel = Cancel::new();
        let hard = {
            let (planner, cancel) = (planner.clone(), cancel.clone());
            tokio::spawn(async move {
                planner
                    .plan_unless(&farm(MAX_COMPONENTS, 37), &cancel)
                    .await
            })
        };
        running(&planner, 1).await;
        let refused = planner.plan(&web_shop()).await;
        assert!(
            matches!(
                refused,
                Err(PlanningError::Busy {
                    retry_after_secs: 3_600
                })
            ),
            "{b}: {refused:?}"
        );
        cancel.cancel();
        let stopped = hard.await.expect("the task");
        assert!(
            matches!(stopped, Err(PlanningError::Cancelled)),
            "{b}: {stopped:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_search_stopped_by_its_budget_says_its_plan_is_not_proven_optimal() {
    for_each_database(|db| async move {
        let b = db.backend;
        let limits = PlanningLimits {
            deadline: Duration::from_millis(400),
            ..PlanningLimits::default()
        };
        let planner = demo_planner(&db, limits).await;
        let live = planner
            .plan(&farm(MAX_COMPONENTS, 37))
            .await
            .expect("the best plan found");
        for placement in [&live.chosen, &live.other] {
            assert!(placement.plan.feasible, "{b}");
            let search = placement.explanation.search;
            assert!(!search.complete, "{b}");
            assert!(search.stopped_after_ms.is_some(), "{b}");
        }
        let shop = planner.plan(&web_shop()).await.expect("a plan");
        assert_eq!(shop.chosen.explanation.search.stopped_after_ms, None, "{b}");
    })
    .await;
}
