//! From a plan to a signed contract: accept a plan as a quote, prepare a contract from a quote
//! that still holds, sign it while reserving the capacity of its offers, and verify the contract
//! events' hash chains.
//!
//! Each contract has one hash chain of events (see `contract::events`); [`Contracts::verify_chain`] walks
//! every contract's chain, each against the head hash recorded on the contract's row, and names
//! the first broken event by contract and number.

mod page;

use crate::account::{CurrentUser, Role, TenantId};
use crate::audit::{Action, Actor, Record};
use crate::catalog::OfferId;
use crate::contract::events::{self, ChainBreak, ContractEvent};
use crate::contract::{Commitment, ContractSummary, QuoteView};
use crate::contract::{
    ContractDocument, ContractError, ContractId, ContractStatus, SignError, SignRequest, Signature,
    TenantParty,
};
use crate::format::PlanDocument;
use crate::provisioning::{self, Order};
use crate::quote::{Quote, QuoteError, QuoteId, StaleReason};
use crate::store::contracts::SignWriteError;
use crate::store::{Store, StoreError};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::net::IpAddr;

/// Why a contract use case failed.
#[derive(Debug, thiserror::Error)]
pub enum ContractsError {
    /// No such quote or contract in this tenant for this user (or not a member at all).
    #[error("not found")]
    NotFound,
    #[error("your role in this organisation does not allow this")]
    Forbidden,
    #[error("the quote must be re-planned: {}", list(.0))]
    Stale(Vec<StaleReason>),
    /// The operator suspended the organisation, for `reason`: no new quote, contract or order.
    #[error("the organisation is suspended: {reason}")]
    Suspended { reason: String },
    #[error("another signature took the capacity of offer {0} first: re-plan")]
    CapacityTaken(OfferId),
    /// The contract would take the committed monthly spend over the organisation's budget.
    #[error("over the budget: {0:?}")]
    OverBudget(crate::account::budget::BudgetUse),
    #[error(transparent)]
    Quote(#[from] QuoteError),
    #[error(transparent)]
    Contract(#[from] ContractError),
    #[error(transparent)]
    Sign(#[from] SignError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn list(reasons: &[StaleReason]) -> String {
    reasons
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A contract as its tenant's members read it.
#[derive(Clone, Debug)]
pub struct ContractView {
    pub document: ContractDocument,
    pub status: ContractStatus,
    pub signature: Option<Signature>,
    pub events: Vec<ContractEvent>,
    /// One per line once signed, in line order.
    pub orders: Vec<Order>,
}

/// Who signs, and what they were shown, from where.
#[derive(Clone, Debug)]
pub struct Signing<'a> {
    pub shown_sha256: &'a str,
    pub address: IpAddr,
    pub user_agent: &'a str,
}

/// The first broken event of the contract events: which contract's chain, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ChainFault {
    pub contract: ContractId,
    pub broken: ChainBreak,
}

impl fmt::Display for ChainFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "contract {}: {}", self.contract, self.broken)
    }
}

/// Why the chain could not be verified.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("broken chain: {0}")]
    Broken(ChainFault),
    #[error("{0} events belong to no contract")]
    Orphans(i64),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The quote and contract use cases.
#[derive(Clone, Debug)]
pub struct Contracts {
    store: Store,
}

impl Contracts {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    async fn role(&self, user: &CurrentUser, tenant: TenantId) -> Result<Role, ContractsError> {
        self.store
            .tenant_role(user.id, tenant)
            .await?
            .ok_or(ContractsError::NotFound)
    }

    /// Refuses when the operator suspended `tenant`: it takes no new quote, contract or order,
    /// while what it runs keeps running.
    async fn require_standing(&self, tenant: TenantId) -> Result<(), ContractsError> {
        match self.store.tenant_suspension(tenant).await? {
            Some(suspension) => Err(ContractsError::Suspended {
                reason: suspension.reason,
            }),
            None => Ok(()),
        }
    }

    /// Accepts a feasible plan as a quote of `tenant`, its offers' current versions and prices
    /// frozen for seven days. Owners, admins and buyers accept plans.
    pub async fn accept_plan(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        plan: &PlanDocument,
        blueprint: &str,
        now: i64,
    ) -> Result<QuoteId, ContractsError> {
        if !self.role(user, tenant).await?.can_prepare() {
            return Err(ContractsError::Forbidden);
        }
        self.require_standing(tenant).await?;
        let mut snapshots = HashMap::new();
        for assignment in &plan.assignments {
            let key = (assignment.provider.clone(), assignment.offer.clone());
            // A plan on the whole marketplace names its offers `provider/id` (see `transfer`).
            let external_id = assignment
                .offer
                .strip_prefix(&format!("{}/", assignment.provider))
                .unwrap_or(&assignment.offer);
            if let Some(snapshot) = self
                .store
                .offer_snapshot(&assignment.provider, external_id)
                .await?
            {
                snapshots.insert(key, snapshot);
            }
        }
        let quote = Quote::from_plan(plan, tenant, blueprint, now, |provider, offer| {
            snapshots
                .get(&(provider.to_owned(), offer.to_owned()))
                .cloned()
        })?;
        Ok(self.store.insert_quote(&quote, user.id).await?)
    }

    /// A quote of `tenant`, for its members.
    pub async fn quote(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        id: QuoteId,
    ) -> Result<Quote, ContractsError> {
        self.store
            .quote(user.id, tenant, id)
            .await?
            .ok_or(ContractsError::NotFound)
    }

    /// A quote of `tenant` with whether it still holds at `now`, for its members.
    pub async fn quote_view(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        id: QuoteId,
        now: i64,
    ) -> Result<QuoteView, ContractsError> {
        let quote = self.quote(user, tenant, id).await?;
        let stale = match self.check(&quote, now).await {
            Ok(()) => Vec::new(),
            Err(ContractsError::Stale(reasons)) => reasons,
            Err(other) => return Err(other),
        };
        let contract = self.store.contract_of_quote(tenant, id).await?;
        Ok(QuoteView {
            id,
            quote,
            stale,
            contract,
        })
    }

    /// Whether `quote` still holds at `now` against the offers as they are.
    async fn check(&self, quote: &Quote, now: i64) -> Result<(), ContractsError> {
        let ids: Vec<OfferId> = quote.lines().iter().map(|l| l.offer().offer).collect();
        let offers = self.store.offers_now(&ids).await?;
        quote.check(now, &offers).map_err(ContractsError::Stale)
    }

    /// Prepares the contract of a quote that still holds. Owners, admins and buyers prepare.
    pub async fn prepare_contract(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        quote_id: QuoteId,
        now: i64,
    ) -> Result<ContractId, ContractsError> {
        if !self.role(user, tenant).await?.can_prepare() {
            return Err(ContractsError::Forbidden);
        }
        self.require_standing(tenant).await?;
        let quote = self.quote(user, tenant, quote_id).await?;
        // Preparing twice (a second click, a second tab) gives the same contract.
        if let Some(existing) = self.store.contract_of_quote(tenant, quote_id).await? {
            return Ok(existing);
        }
        self.check(&quote, now).await?;
        let mut providers: Vec<_> = quote.lines().iter().map(|l| l.offer().provider).collect();
        providers.sort_unstable();
        providers.dedup();
        let (tenant_name, parties) = self.store.parties(tenant, &providers).await?;
        let party = TenantParty {
            id: tenant,
            legal_name: tenant_name.ok_or(ContractsError::NotFound)?,
        };
        let inserted = self
            .store
            .insert_contract(tenant, quote_id, user.id, now, |id| {
                ContractDocument::from_quote(id, quote_id, &quote, party, &parties, now)
            })
            .await;
        match inserted {
            // Another request prepared it between the check above and this insert.
            Err(StoreError::Duplicate(_)) => self
                .store
                .contract_of_quote(tenant, quote_id)
                .await?
                .ok_or(ContractsError::NotFound),
            other => Ok(other??),
        }
    }

    /// A contract of `tenant` with its signature and events, for its members.
    pub async fn contract(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        id: ContractId,
    ) -> Result<ContractView, ContractsError> {
        let stored = self
            .store
            .contract(user.id, tenant, id)
            .await?
            .ok_or(ContractsError::NotFound)?;
        Ok(ContractView {
            document: stored.document,
            status: stored.status,
            signature: stored.signature,
            events: stored.events,
            orders: stored.orders,
        })
    }

    /// The contracts of `tenant`, newest first, for its members.
    pub async fn list(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
    ) -> Result<Vec<ContractSummary>, ContractsError> {
        Ok(self.store.contracts_of(user.id, tenant).await?)
    }

    /// What `tenant` is committed to each month: the lines of its signed and active contracts
    /// that are not terminated.
    pub async fn committed(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
    ) -> Result<Commitment, ContractsError> {
        Ok(self.store.committed(user.id, tenant).await?)
    }

    /// The role of `user` in `tenant`, which decides what the pages offer them.
    pub async fn member_role(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
    ) -> Result<Role, ContractsError> {
        self.role(user, tenant).await
    }

    /// Signs a contract: an owner or admin, the document they were shown, a quote that still
    /// holds; the capacity of its offers is reserved in the same transaction as the signature and
    /// its event and the orders of its lines, so two contracts racing for the last units never both
    /// get them.
    pub async fn sign(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        id: ContractId,
        signing: &Signing<'_>,
        now: i64,
    ) -> Result<Signature, ContractsError> {
        let role = self.role(user, tenant).await?;
        let view = self.contract(user, tenant, id).await?;
        let signature = view.document.sign(
            view.status,
            &SignRequest {
                user: user.id,
                role,
                shown_sha256: signing.shown_sha256,
                at: now,
                address: signing.address,
                user_agent: signing.user_agent,
            },
        )?;
        self.require_standing(tenant).await?;
        let quote = self.quote(user, tenant, view.document.quote_id()).await?;
        self.check(&quote, now).await?;
        let mut reserve: BTreeMap<OfferId, (i64, i64)> = BTreeMap::new();
        for line in quote.lines() {
            let entry = reserve
                .entry(line.offer().offer)
                .or_insert((line.offer().version, 0));
            entry.1 = entry.1.saturating_add(line.quantity());
        }
        match self
            .store
            .write_signature(
                (tenant, id),
                &reserve,
                quote.total_monthly().minor(),
                &signature,
                &provisioning::orders(&view.document),
                &Record::new(
                    Actor::member(user, tenant, role),
                    Action::ContractSigned { contract: id },
                    now,
                ),
            )
            .await
        {
            Ok(()) => Ok(signature),
            Err(SignWriteError::NotAwaitingSignature) => {
                // Suspended meanwhile, or signed or ended by another request.
                self.require_standing(tenant).await?;
                let status = self.contract(user, tenant, id).await?.status;
                Err(SignError::NotAwaitingSignature(status).into())
            }
            Err(SignWriteError::Capacity(offer)) => {
                // Say what changed when the offers show it; otherwise the race itself.
                self.check(&quote, now).await?;
                Err(ContractsError::CapacityTaken(offer))
            }
            Err(SignWriteError::OverBudget(spend)) => Err(ContractsError::OverBudget(spend)),
            Err(SignWriteError::Store(err)) => Err(err.into()),
        }
    }

    /// Checks every contract's chain against its recorded head; the number of events when all
    /// hold, else the first broken event (contracts in id order).
    pub async fn verify_chain(&self) -> Result<usize, VerifyError> {
        let mut count = 0;
        for (contract, head) in self.store.contract_heads().await? {
            let events = self.store.events_of(contract).await?;
            events::verify_head(&events, head.as_deref())
                .map_err(|broken| VerifyError::Broken(ChainFault { contract, broken }))?;
            count += events.len();
        }
        match self.store.orphan_event_count().await? {
            0 => Ok(count),
            orphans => Err(VerifyError::Orphans(orphans)),
        }
    }
}
