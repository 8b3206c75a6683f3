//! Provider API tokens and the usage and downtime they report, against a real database: every
//! test runs on SQLite, and on PostgreSQL too when `TEST_DATABASE_URL` is set. The offers get
//! their meters in their terms.
#![cfg(feature = "server")]

use broker::account::CurrentUser;
use broker::billing::{Meter, MeterId};
use broker::catalog::{NewOffer, OfferTerms, ProviderId};
use broker::contract::ContractId;
use broker::format::{Assignment, CountryCode, Objective, PlanDocument};
use broker::money::{Currency, Money};
use broker::provisioning::InstanceId;
use broker::reports::{
    Batch, DowntimeRecord, LAST_USE_STEP, MAX_BATCH, ProviderToken, Refusal, TokenNameError,
    UsageRecord, Verdict,
};
use broker::service::contracts::Contracts;
use broker::service::reports::{ReportError, Reporter, Reports, TokenError};
use std::collections::{BTreeMap, BTreeSet};

#[path = "support/db.rs"]
mod db;

use db::{NOW, TestDb, for_each_database, signed_contract};

/// When the reports are sent: a day after the contract was signed.
const LATER: i64 = NOW + 86_400;

fn offer(external_id: &str) -> NewOffer {
    NewOffer {
        external_id: external_id.to_owned(),
        domain: "compute".to_owned(),
        terms: OfferTerms {
            name: external_id.to_uppercase(),
            description: "Four cores".to_owned(),
            tagline: "Fast".to_owned(),
            unit: "instance".to_owned(),
            country: CountryCode::parse("FR").unwrap(),
            jurisdiction: "EU".to_owned(),
            attributes: BTreeMap::from([("vcpu".to_owned(), 4.0)]),
            certifications: BTreeSet::new(),
            availability_bp: 9995,
            monthly_price: Money::new(1000, Currency::EUR),
            carbon_g_month: 100,
            meters: Vec::new(),
        },
        capacity: None,
    }
}

fn assignment(component: &str, offer: &str, provider: &str) -> Assignment {
    Assignment {
        component: component.to_owned(),
        offer: offer.to_owned(),
        provider: provider.to_owned(),
        quantity: 1,
        monthly_minor: 1000,
        carbon_g_month: 100,
    }
}

/// Two providers, alpha (a metered offer) and beta, and one signed contract with a line of
/// each: `mine` is alpha's instance, `theirs` beta's.
struct Rig {
    reports: Reports,
    alpha_seller: CurrentUser,
    alpha: ProviderId,
    beta_seller: CurrentUser,
    beta: ProviderId,
    contract: ContractId,
    mine: String,
    theirs: String,
}

async fn rig(db: &TestDb) -> Rig {
    let mut metered = offer("n1-m");
    metered.terms.meters = vec![
        Meter::new(MeterId::parse("egress_gb").expect("an id"), "GB", 2, 1, 100).expect("a meter"),
    ];
    let shop = db.shop("alpha", &[metered]).await;
    let beta_seller = db.user("beta-seller").await;
    let beta = db
        .provider(&beta_seller, "beta", Some(&shop.operator))
        .await;
    db.publish(&beta_seller, &shop.operator, beta, &offer("b1"))
        .await;
    let owner = db.user("alice").await;
    let tenant = db.tenant_of(&owner).await;
    let plan = PlanDocument::feasible(
        Objective::Cost,
        Currency::EUR,
        vec![
            assignment("web", "n1-m", "alpha"),
            assignment("db", "b1", "beta"),
        ],
    );
    let contracts = Contracts::new(db.store.clone());
    let contract = signed_contract(&contracts, &owner, tenant, &plan, NOW + 60).await;
    Rig {
        reports: Reports::new(db.store.clone()),
        alpha_seller: shop.seller,
        alpha: shop.provider,
        beta_seller,
        beta,
        contract,
        mine: InstanceId::for_line(contract, 0).as_str().to_owned(),
        theirs: InstanceId::for_line(contract, 1).as_str().to_owned(),
    }
}

impl Rig {
    /// A new token of `provider` made by `seller`, as the reporter it authenticates.
    async fn reporter(&self, seller: &CurrentUser, provider: ProviderId) -> Reporter {
        let created = self
            .reports
            .create_token(seller, provider, "exporter", NOW)
            .await
            .expect("a token");
        self.reports
            .authenticate(created.secret.expose(), LATER)
            .await
            .expect("authenticate")
            .expect("a valid token")
    }

    fn usage(&self, id: &str, meter: &str, quantity: i64) -> UsageRecord {
        UsageRecord {
            id: id.to_owned(),
            instance_id: self.mine.clone(),
            meter: meter.to_owned(),
            quantity,
            at: LATER - 3600,
        }
    }

    fn downtime(&self, id: &str, from: i64, to: i64) -> DowntimeRecord {
        DowntimeRecord {
            id: id.to_owned(),
            instance_id: self.mine.clone(),
            from,
            to,
        }
    }

    async fn usage_batch(&self, reporter: &Reporter, records: Vec<UsageRecord>) -> Vec<Verdict> {
        self.reports
            .report_usage(reporter, &Batch { records }, LATER)
            .await
            .expect("judged")
    }
}

fn accepted(contract: ContractId, line: u32) -> Verdict {
    Verdict::Accept { contract, line }
}

#[path = "reports/records.rs"]
mod records;
#[path = "reports/tokens.rs"]
mod tokens;
