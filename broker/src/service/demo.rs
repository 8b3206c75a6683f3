//! Loads the demo marketplace of [`crate::demo`] into an empty database: three demo accounts,
//! then every demo provider applied for and approved, and every offer created, submitted and
//! published, through the same use cases as the web pages.
//!
//! The demo provider member owns every demo provider, so one account shows the whole provider
//! side; the operator approves; the buyer owns a tenant and sees the public catalog.

use super::{AccountError, Accounts, SignedIn};
use crate::service::billing::Billing;

mod history;
mod organisations;
use crate::account::{CurrentUser, SignUp};
use crate::catalog::ProviderDecision;
use crate::demo::{self, DemoDataError};
use crate::service::catalog::{CatalogError, Marketplace};
use crate::store::StoreError;

/// The password of every demo account. It is public on purpose: the demo is for trying
/// Comptoir, and the README tells it.
pub const DEMO_PASSWORD: &str = "comptoir demo password";

pub const OPERATOR_EMAIL: &str = "operator@demo.comptoir.example";
pub const PROVIDER_EMAIL: &str = "provider@demo.comptoir.example";
pub const BUYER_EMAIL: &str = "buyer@demo.comptoir.example";

/// Why the demo could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo data: {0}")]
    Data(#[from] DemoDataError),
    #[error("demo account: {0}")]
    Account(#[from] AccountError),
    #[error("demo catalog: {0}")]
    Catalog(#[from] CatalogError),
    #[error("demo decisions: {0}")]
    Decision(#[from] crate::service::operator::OperatorError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the demo account {0} was created but cannot be read back")]
    MissingAccount(&'static str),
    #[error("demo contracts: {0}")]
    Contracts(#[from] crate::service::contracts::ContractsError),
    #[error("demo provisioning: {0}")]
    Provisioning(#[from] crate::service::provisioning::ProvisioningError),
    #[error("demo billing: {0}")]
    Billing(#[from] crate::service::billing::BillingRunError),
    #[error("demo billing: {0}")]
    BillingProfile(#[from] crate::service::billing::TenantBillingError),
    #[error("demo payments: {0}")]
    Settlement(#[from] crate::service::billing::SettlementError),
    #[error("demo history: {0}")]
    History(String),
}

/// A demo account, to show once to whoever started the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoAccount {
    pub email: &'static str,
    pub role: &'static str,
    pub password: &'static str,
}

/// What [`load_demo`] did: nothing when the marketplace already had providers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub accounts: Vec<DemoAccount>,
    pub providers: usize,
    pub offers: usize,
}

impl DemoSummary {
    pub fn created(&self) -> bool {
        !self.accounts.is_empty()
    }
}

/// Loads the demo when no provider exists yet, with three months of billing history when
/// `history` bills it; otherwise does nothing and says so.
pub async fn load_demo(
    accounts: &Accounts,
    marketplace: &Marketplace,
    history: Option<&Billing>,
    now: i64,
) -> Result<DemoSummary, DemoError> {
    if accounts.store().has_providers().await? {
        return Ok(DemoSummary::default());
    }
    // Parsed before any write, so a broken file leaves the database untouched.
    let data = demo::marketplace()?;
    let operator_id = accounts
        .create_operator(OPERATOR_EMAIL, "Demo Operator", DEMO_PASSWORD, now)
        .await?;
    let operator = signed_in(accounts, operator_id, OPERATOR_EMAIL).await?;
    let first_provider = data
        .providers
        .first()
        .map_or("Demo Provider", |p| p.application.legal_name.as_str());
    let (provider_session, _) = accounts
        .sign_up(
            &SignUp {
                email: PROVIDER_EMAIL.to_owned(),
                password: DEMO_PASSWORD.to_owned(),
                name: "Demo Provider".to_owned(),
                organisation: first_provider.to_owned(),
            },
            now,
        )
        .await?;
    let seller = signed_in(accounts, provider_session.user, PROVIDER_EMAIL).await?;
    accounts
        .sign_up(
            &SignUp {
                email: BUYER_EMAIL.to_owned(),
                password: DEMO_PASSWORD.to_owned(),
                name: "Demo Buyer".to_owned(),
                organisation: "Demo Buyer Org".to_owned(),
            },
            now,
        )
        .await?;

    let decisions = crate::service::operator::Operator::new(marketplace.store.clone());
    let mut offers = 0;
    for provider in &data.providers {
        let id = marketplace
            .apply(&seller, &provider.application, now)
            .await?;
        decisions
            .decide_provider(&operator, id, &ProviderDecision::Approve, now)
            .await?;
        for offer in &provider.offers {
            let offer_id = marketplace.create_offer(&seller, id, offer, now).await?;
            marketplace.submit(&seller, offer_id, now).await?;
            decisions
                .review_offer(&operator, offer_id, true, "", now)
                .await?;
            offers += 1;
        }
    }
    if let Some(billing) = history {
        let history = history::History {
            accounts,
            billing,
            operator: &operator,
            seller: &seller,
        };
        history.load(&data, now).await?;
    }
    Ok(DemoSummary {
        accounts: vec![
            account(OPERATOR_EMAIL, "operator"),
            account(PROVIDER_EMAIL, "provider member"),
            account(BUYER_EMAIL, "tenant owner"),
        ],
        providers: data.providers.len(),
        offers,
    })
}

fn account(email: &'static str, role: &'static str) -> DemoAccount {
    DemoAccount {
        email,
        role,
        password: DEMO_PASSWORD,
    }
}

/// The user a fresh account is signed in as (a new account's session epoch is 0).
async fn signed_in(
    accounts: &Accounts,
    user: crate::account::UserId,
    email: &'static str,
) -> Result<CurrentUser, DemoError> {
    accounts
        .current_user(SignedIn {
            user,
            auth_epoch: 0,
        })
        .await?
        .ok_or(DemoError::MissingAccount(email))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::Password;
    use crate::search::CatalogSearch;
    use crate::service::LoginLimits;
    use crate::service::billing::Billing;
    use crate::store::Store;

    #[test]
    fn the_demo_password_passes_the_password_policy_for_every_demo_account() {
        for (email, name) in [
            (OPERATOR_EMAIL, "Demo Operator"),
            (PROVIDER_EMAIL, "Demo Provider"),
            (BUYER_EMAIL, "Demo Buyer"),
        ] {
            assert!(
                Password::parse(DEMO_PASSWORD, &[email, name]).is_ok(),
                "{email}"
            );
        }
    }

    fn operator() -> crate::billing::Operator {
        crate::billing::Operator {
            legal_name: "Comptoir Demo SAS".to_owned(),
            address: "1 place Bellecour, Lyon".to_owned(),
            country: crate::format::CountryCode::parse("FR").expect("a country"),
            vat_id: Some("FR12345678901".to_owned()),
            bank_account: "FR76 3000 6000 0112 3456 7890 189".to_owned(),
            commission_bp: 1000,
        }
    }

    /// The months' documents, the kinds of their lines and their VAT categories.
    #[tokio::test]
    async fn the_demo_bills_three_months_before_the_current_one() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}", dir.path().join("demo.db").display());
        let store = Store::connect(&url).await.expect("connect");
        store.migrate().await.expect("migrate");
        let accounts = Accounts::new(store.clone(), LoginLimits::default())
            .await
            .expect("accounts");
        let marketplace = Marketplace::new(store.clone());
        let billing = Billing::new(store.clone(), operator());
        load_demo(&accounts, &marketplace, Some(&billing), 1_700_000_000)
            .await
            .expect("the demo loads");
        let mut kinds = std::collections::BTreeSet::new();
        let mut categories = std::collections::BTreeSet::new();
        let mut statuses = std::collections::BTreeSet::new();
        let mut keys = Vec::new();
        for month in ["2023-08", "2023-09", "2023-10", "2023-11"] {
            let month = crate::billing::Month::parse(month).expect("a month");
            let document = billing.export(month).await.expect("export");
            for invoice in document["invoices"].as_array().expect("invoices") {
                statuses.insert(format!("{}/{}", invoice["kind"], invoice["status"]));
                categories.insert(invoice["vat"]["category"].to_string());
                for line in invoice["lines"].as_array().expect("lines") {
                    kinds.insert(line["kind"].to_string());
                }
            }
            for transaction in document["transactions"].as_array().expect("transactions") {
                keys.push(transaction["key"].as_str().unwrap_or_default().to_owned());
            }
        }
        for kind in ["recurring", "usage", "late_usage", "sla_credit"] {
            assert!(kinds.contains(&format!("{kind:?}")), "{kind} in {kinds:?}");
        }
        for category in ["S", "AE", "O"] {
            assert!(
                categories.contains(&format!("{category:?}")),
                "{category} in {categories:?}"
            );
        }
        for status in [
            "invoice/paid",
            "invoice/void",
            "invoice/finalized",
            "credit_note/finalized",
            "invoice/draft",
        ] {
            let (kind, status) = status.split_once('/').expect("a pair");
            assert!(
                statuses.contains(&format!("{kind:?}/{status:?}")),
                "{kind} {status} in {statuses:?}"
            );
        }
        for prefix in ["invoice:", "payment:", "payout:"] {
            assert!(
                keys.iter().any(|key| key.starts_with(prefix)),
                "{prefix} in {keys:?}"
            );
        }
    }

    #[tokio::test]
    async fn the_demo_loads_once_into_an_empty_marketplace() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}", dir.path().join("demo.db").display());
        let store = Store::connect(&url).await.expect("connect");
        store.migrate().await.expect("migrate");
        let accounts = Accounts::new(store.clone(), LoginLimits::default())
            .await
            .expect("accounts");
        let marketplace = Marketplace::new(store.clone());
        let billing = Billing::new(store.clone(), operator());
        let started = std::time::Instant::now();
        let summary = load_demo(&accounts, &marketplace, Some(&billing), 1_700_000_000)
            .await
            .expect("the demo loads");
        let elapsed = started.elapsed();
        assert!(summary.created());
        assert!(summary.offers >= 300, "{summary:?}");
        let published = marketplace
            .search(&CatalogSearch::default())
            .await
            .expect("catalog")
            .total;
        assert_eq!(
            usize::try_from(published).ok(),
            Some(summary.offers),
            "loaded in {elapsed:?}"
        );
        let again = load_demo(&accounts, &marketplace, Some(&billing), 1_700_000_100)
            .await
            .expect("a second load is harmless");
        assert!(!again.created());
        let still = marketplace
            .search(&CatalogSearch::default())
            .await
            .expect("catalog")
            .total;
        assert_eq!(still, published);
        accounts
            .log_in(
                BUYER_EMAIL,
                DEMO_PASSWORD,
                "127.0.0.1",
                &Default::default(),
                1_700_000_200,
            )
            .await
            .expect("the buyer logs in");
    }
}
