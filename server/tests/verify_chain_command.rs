//! The `verify-chain` subcommand, run as an operator would: the real binary on a database where
//! contracts were prepared and signed through the broker's use cases.

use broker::account::{CurrentUser, Email, Password};
use broker::catalog::{NewOffer, OfferTerms, ProviderApplication, ProviderDecision};
use broker::format::CountryCode;
use broker::format::{Assignment, Objective, PlanDocument};
use broker::money::{Currency, Money};
use broker::secret::hash_password;
use broker::service::catalog::Marketplace;
use broker::service::contracts::{Contracts, Signing};
use broker::service::operator::Operator;
use broker::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Output};

const NOW: i64 = 1_700_000_000;

fn verify_chain(url: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("verify-chain")
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the server binary runs")
}

async fn user(store: &Store, tag: &str, operator: bool) -> CurrentUser {
    let password = Password::parse("velvet harbour lantern quietly", &[]).expect("strong");
    let hash = hash_password(&password).await.expect("hash");
    let email = Email::parse(&format!("{tag}@example.org")).expect("email");
    let id = if operator {
        store.create_operator(&email, tag, &hash, NOW).await
    } else {
        let org = format!("{tag} org");
        store
            .create_user_with_tenant(&email, tag, &hash, &org, NOW)
            .await
            .map(|(id, _)| id)
    }
    .expect("user");
    store
        .current_user(id, 0)
        .await
        .expect("read")
        .expect("exists")
}

/// Two contracts, the first signed: three events.
async fn contracts(store: &Store) -> i64 {
    let market = Marketplace::new(store.clone());
    let console = Operator::new(store.clone());
    let operator = user(store, "operator", true).await;
    let seller = user(store, "seller", false).await;
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
        .apply(&seller, &application, NOW)
        .await
        .expect("apply");
    console
        .decide_provider(&operator, provider, &ProviderDecision::Approve, NOW)
        .await
        .expect("approve");
    let terms = OfferTerms {
        name: "N1-M".to_owned(),
        description: "Four cores".to_owned(),
        tagline: "Fast".to_owned(),
        unit: "instance".to_owned(),
        country: CountryCode::parse("FR").unwrap(),
        jurisdiction: "EU".to_owned(),
        attributes: BTreeMap::from([("vcpu".to_owned(), 4.0)]),
        certifications: BTreeSet::new(),
        availability_bp: 9995,
        monthly_price: Money::new(1150, Currency::EUR),
        carbon_g_month: 1200,
        meters: Vec::new(),
    };
    let new = NewOffer {
        external_id: "n1-m".to_owned(),
        domain: "compute".to_owned(),
        terms,
        capacity: Some(10),
    };
    let offer = market
        .create_offer(&seller, provider, &new, NOW)
        .await
        .expect("offer");
    market.submit(&seller, offer, NOW).await.expect("submit");
    console
        .review_offer(&operator, offer, true, "", NOW)
        .await
        .expect("publish");
    let buyer = user(store, "alice", false).await;
    let tenant = store.memberships(buyer.id).await.expect("memberships")[0].tenant;
    let plan = PlanDocument::feasible(
        Objective::Cost,
        Currency::EUR,
        vec![Assignment {
            component: "web".to_owned(),
            offer: "n1-m".to_owned(),
            provider: "alpha".to_owned(),
            quantity: 2,
            monthly_minor: 2300,
            carbon_g_month: 2400,
        }],
    );
    let contracts = Contracts::new(store.clone());
    let mut ids = Vec::new();
    for _ in 0..2 {
        let quote = contracts
            .accept_plan(&buyer, tenant, &plan, "web shop", NOW)
            .await
            .expect("quote");
        ids.push(
            contracts
                .prepare_contract(&buyer, tenant, quote, NOW)
                .await
                .expect("prepare"),
        );
    }
    let view = contracts
        .contract(&buyer, tenant, ids[0])
        .await
        .expect("read");
    let sha = view.document.sha256();
    let signing = Signing {
        shown_sha256: &sha,
        address: "192.0.2.7".parse().expect("address"),
        user_agent: "test",
    };
    contracts
        .sign(&buyer, tenant, ids[0], &signing, NOW + 60)
        .await
        .expect("sign");
    ids[0].get()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn verify_chain_says_ok_then_names_the_altered_event() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("comptoir.db").display());
    let store = Store::connect(&url).await.expect("connect");
    store.migrate().await.expect("migrate");
    let signed = contracts(&store).await;
    store.close().await;

    let output = verify_chain(&url);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("ok: 3 events"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );

    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    // The database refuses to change an event; whoever owns the file can drop that guard.
    sqlx::query("DROP TRIGGER contract_events_no_update")
        .execute(&pool)
        .await
        .expect("lift the guard");
    sqlx::query("UPDATE contract_events SET at = at + 1 WHERE contract_id = $1 AND seq = 2")
        .bind(signed)
        .execute(&pool)
        .await
        .expect("tamper");
    pool.close().await;

    let output = verify_chain(&url);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "contract {signed}: event 2 was altered after it was recorded"
        )),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn verify_chain_names_the_altered_or_removed_audit_log_entry() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("comptoir.db").display());
    let store = Store::connect(&url).await.expect("connect");
    store.migrate().await.expect("migrate");
    contracts(&store).await;
    store.close().await;

    // The provider approved, its offer created, submitted and approved, the contract signed.
    let output = verify_chain(&url);
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("ok: 3 events, 5 audit log entries"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );

    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    let refused = sqlx::query("UPDATE audit_entries SET agent = 'x' WHERE seq = 2")
        .execute(&pool)
        .await;
    assert!(refused.is_err(), "the database refuses to change an entry");
    for trigger in ["audit_entries_no_update", "audit_entries_no_delete"] {
        sqlx::query(&format!("DROP TRIGGER {trigger}"))
            .execute(&pool)
            .await
            .expect("lift the guard");
    }
    sqlx::query("UPDATE audit_entries SET detail = replace(detail, '1', '2') WHERE seq = 3")
        .execute(&pool)
        .await
        .expect("tamper");
    let output = verify_chain(&url);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("audit log: entry 3 was altered after it was recorded"),
        "{stderr}"
    );

    sqlx::query("DELETE FROM audit_entries WHERE seq >= 3")
        .execute(&pool)
        .await
        .expect("cut off the end");
    pool.close().await;
    let output = verify_chain(&url);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("audit log: the entries from 3 on were removed"),
        "{stderr}"
    );
}
