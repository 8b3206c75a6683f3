//! A suspended organisation against a real database, on SQLite and on PostgreSQL when
//! `TEST_DATABASE_URL` is set: its members still read and pay, it takes no new quote, contract
//! or order, what it runs keeps running and is billed, and its log shows the suspension.
#![cfg(feature = "server")]

use broker::audit::{ActionKind, Filter, Scope};
use broker::operator::Subject;
use broker::service::audit::Audit;
use broker::service::billing::Billing;
use broker::service::contracts::{Contracts, ContractsError};
use broker::service::operator::Operator;

#[path = "support/db.rs"]
mod db;
#[path = "support/billing_market.rs"]
mod market;

use db::{NOW, TestDb, for_each_database, signing};
use market::{market, month, plan};

const REASON: &str = "Unpaid invoices since March";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_suspended_organisation_reads_but_takes_no_new_contract_and_stays_billed() {
    for_each_database(|db: TestDb| async move {
        let b = db.backend;
        let m = market(&db, 1).await;
        let (tenant, running) = m.signed[0];
        let owner = &m.owners[0];
        let contracts = Contracts::new(db.store.clone());
        let operators = Operator::new(db.store.clone());
        let first = contracts
            .accept_plan(owner, tenant, &plan(), "web shop", NOW)
            .await
            .expect("accept");
        let second = contracts
            .accept_plan(owner, tenant, &plan(), "web shop", NOW)
            .await
            .expect("accept");
        let waiting = contracts
            .prepare_contract(owner, tenant, first, NOW)
            .await
            .expect("prepare");
        operators
            .suspend(&m.operator, Subject::Organisation(tenant), REASON, NOW + 10)
            .await
            .expect("suspend");

        let suspended = |result: Result<(), ContractsError>| match result {
            Err(ContractsError::Suspended { reason }) => assert_eq!(reason, REASON, "{b}"),
            other => panic!("{b}: {other:?}"),
        };
        suspended(
            contracts
                .accept_plan(owner, tenant, &plan(), "web shop", NOW + 20)
                .await
                .map(|_| ()),
        );
        suspended(
            contracts
                .prepare_contract(owner, tenant, second, NOW + 20)
                .await
                .map(|_| ()),
        );
        let sha = contracts
            .contract(owner, tenant, waiting)
            .await
            .expect("members still read their contracts")
            .document
            .sha256();
        let signing = signing(&sha);
        suspended(
            contracts
                .sign(owner, tenant, waiting, &signing, NOW + 20)
                .await
                .map(|_| ()),
        );
        let board = db
            .store
            .dashboard(owner.id, tenant)
            .await
            .expect("read")
            .expect("a member");
        assert_eq!(
            board.suspension.map(|s| s.reason).as_deref(),
            Some(REASON),
            "{b}"
        );
        let page = operators
            .organisation(&m.operator, tenant)
            .await
            .expect("its page");
        assert!(page.organisation.suspended, "{b}");
        assert_eq!(page.members.len(), 1, "{b}");
        assert_eq!(
            page.contracts.iter().map(|c| c.id).collect::<Vec<_>>(),
            [waiting, running],
            "{b}"
        );

        // What it runs keeps running and is billed.
        let billing = Billing::new(db.store.clone(), market::operator());
        let run = billing
            .run(month(), month().end() - 10)
            .await
            .expect("the draft run");
        assert_eq!(run.drafted, 1, "{b}");
        let billed = db
            .store
            .contract_billed(owner.id, tenant, running)
            .await
            .expect("billed");
        assert!(billed.drafted_minor > 0, "{b}");

        operators
            .reinstate(&m.operator, Subject::Organisation(tenant), NOW + 30)
            .await
            .expect("reinstate");
        contracts
            .sign(owner, tenant, waiting, &signing, NOW + 40)
            .await
            .expect("it signs once reinstated");
        let organisation = Scope::Tenant(tenant);
        let entries = Audit::new(db.store.clone())
            .page(owner, organisation, &Filter::default(), None)
            .await
            .expect("the owner reads the organisation's log");
        let seen: Vec<ActionKind> = entries.entries.iter().map(|l| l.entry.action).collect();
        assert_eq!(
            seen[..3],
            [
                ActionKind::ContractSigned,
                ActionKind::OrganisationReinstated,
                ActionKind::OrganisationSuspended
            ],
            "{b}"
        );
    })
    .await;
}
