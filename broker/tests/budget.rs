//! An organisation's monthly budget against a real database, on SQLite and on PostgreSQL when
//! `TEST_DATABASE_URL` is set: only owners set it, a signature that would take the committed
//! spend over it is refused with the figures, and the one that takes it past 80 % tells every
//! owner and admin by mail, each in their language.
#![cfg(feature = "server")]

use broker::account::Role;
use broker::account::budget::BudgetUse;
use broker::audit::ActionKind;
use broker::mail::Language;
use broker::service::budget::BudgetError;
use broker::service::contracts::{Contracts, ContractsError};
use broker::service::{Accounts, LoginLimits};

#[path = "support/db.rs"]
mod db;
#[path = "support/billing_market.rs"]
mod market;

use db::{NOW, TestDb, for_each_database, prepared_contract, signing};
use market::{PRICE, market, plan};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_contract_over_the_budget_is_refused_and_passing_eighty_percent_tells_the_managers() {
    for_each_database(|db: TestDb| async move {
        let b = db.backend;
        let m = market(&db, 1).await;
        let (tenant, _) = m.signed[0];
        let owner = &m.owners[0];
        let accounts = Accounts::new(db.store.clone(), LoginLimits::default())
            .await
            .expect("accounts");
        let contracts = Contracts::new(db.store.clone());
        let admin = db.member("adele", tenant, Role::Admin).await;
        accounts
            .set_language(admin.id, Language::Fr)
            .await
            .expect("French");
        let buyer = db.member("bruno", tenant, Role::Buyer).await;

        let by_buyer = accounts.set_budget(&buyer, tenant, "100", NOW).await;
        assert!(matches!(by_buyer, Err(BudgetError::NotOwner)), "{b}");
        let typo = accounts.set_budget(owner, tenant, "cent", NOW).await;
        assert!(matches!(typo, Err(BudgetError::Invalid(_))), "{b}");
        accounts
            .set_budget(owner, tenant, "100", NOW)
            .await
            .expect("a budget");
        let board = accounts
            .dashboard(owner.id, tenant)
            .await
            .expect("dashboard");
        assert_eq!(board.budget_minor, Some(10_000), "{b}");

        // Running: one contract of two VMs. A second one would double it.
        let committed = 2 * PRICE;
        let (waiting, sha) = prepared_contract(&contracts, owner, tenant, &plan()).await;
        let signing = signing(&sha);
        let over = contracts
            .sign(owner, tenant, waiting, &signing, NOW + 10)
            .await;
        let expected = BudgetUse {
            committed_minor: committed,
            adding_minor: 2 * PRICE,
            budget_minor: 10_000,
        };
        assert!(
            matches!(&over, Err(ContractsError::OverBudget(spend)) if *spend == expected),
            "{b}: {over:?}"
        );
        assert!(
            db.store
                .claim_mail(NOW + 10, 60, 10)
                .await
                .expect("outbox")
                .is_empty(),
            "{b}"
        );

        // Raised to 200.00 EUR, the contract fits and takes the spend past 80 % (168.00 EUR).
        accounts
            .set_budget(owner, tenant, "200", NOW + 20)
            .await
            .expect("raised");
        contracts
            .sign(owner, tenant, waiting, &signing, NOW + 30)
            .await
            .expect("signed within the budget");
        let mut alerts = db.store.claim_mail(NOW + 30, 60, 10).await.expect("outbox");
        alerts.sort_by(|a, b| a.mail.to.as_str().cmp(b.mail.to.as_str()));
        let to: Vec<&str> = alerts.iter().map(|q| q.mail.to.as_str()).collect();
        assert_eq!(
            to,
            ["adele@example.org", "owner0@example.org"],
            "{b}: owners and admins"
        );
        assert!(
            alerts[0].mail.subject.contains("84 % de son budget"),
            "{b}: {}",
            alerts[0].mail.subject
        );
        assert!(
            alerts[1]
                .mail
                .text
                .contains("168.00 EUR, of a budget of 200.00 EUR"),
            "{b}: {}",
            alerts[1].mail.text
        );
        let changes = db
            .store
            .audit_chain(0, 200)
            .await
            .expect("the chain")
            .iter()
            .filter(|entry| entry.action == ActionKind::BudgetChanged)
            .count();
        assert_eq!(changes, 2, "{b}");
    })
    .await;
}
