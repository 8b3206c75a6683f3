//! Provisioning: the job that takes every signed contract line to an active resource at its
//! provider (and a terminated line to a removed one), and what tenants see and do with their
//! resources.
//!
//! # Why the orders table is the queue
//!
//! A maintained job crate was the first choice; apalis, the one with SQLite and PostgreSQL
//! storage, does not fit this store. Its current storages (`apalis-sqlite` and `apalis-postgres`
//! 1.0.0) are built on sqlx 0.9 while Comptoir is on sqlx 0.8.6, so the binary would carry two
//! sqlx versions; the shared `apalis-sql` 1.0 is still a release candidate (1.0.0-rc.9), and the
//! last line on sqlx 0.8 (`apalis-sql` 0.7.3) is the previous major version. Its storages take
//! typed pools (`SqlitePool`, `PgPool`), where Comptoir runs one pool of sqlx's `Any` driver, and
//! bring their own schema and migrations (ten files per backend; on PostgreSQL an `apalis`
//! schema with PL/pgSQL functions), run through sqlx's default `_sqlx_migrations` table that
//! Comptoir's own migrator owns and checks. Above all, an apalis job is a message beside the
//! data, while the truth of an order is its row and its contract's hash chain: the state change
//! and its event must be written in one transaction, which a job acknowledged on another
//! connection cannot share.
//!
//! So the orders table itself is the queue: an in-flight order whose `next_poll_at` has come is a
//! job, taken with a lease by one conditional `UPDATE` (see `store::provisioning`), which gives
//! exactly one owner on PostgreSQL and SQLite alike, survives restarts (the state is in the
//! database), and lets any number of server instances share the work.

use crate::account::{CurrentUser, Role, TenantId};
use crate::contract::ContractId;
use crate::provisioning::job::{self, Answer, Call, Outcome};
use crate::provisioning::port::ProviderAdapter;
use crate::provisioning::{AdapterError, LifecycleError, Resource, ResourceEvent, ResourceState};
use crate::store::provisioning::{ClaimedOrder, Settlement};
use crate::store::{Store, StoreError};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Seconds between two polls of an order's operation.
pub const POLL_EVERY_SECS: i64 = 2;
/// Seconds a worker holds an order it took; a worker that died frees it after this.
pub const LEASE_SECS: i64 = 60;
/// Orders one round takes at most.
const BATCH: i64 = 200;

/// Why a provisioning use case failed.
#[derive(Debug, thiserror::Error)]
pub enum ProvisioningError {
    /// No such contract line in this tenant for this user (or not a member at all).
    #[error("not found")]
    NotFound,
    #[error("your role in this organisation does not allow this")]
    Forbidden,
    #[error("{}", lifecycle_message(.0))]
    Lifecycle(LifecycleError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn lifecycle_message(err: &LifecycleError) -> String {
    let state = err.from.as_str();
    match err.event {
        ResourceEvent::Retried => {
            format!("only a failed resource can be ordered again; this one is {state}")
        }
        ResourceEvent::TerminationRequested => {
            format!("only an active or failed resource can be terminated; this one is {state}")
        }
        _ => format!("this resource is {state}: that change does not apply to it"),
    }
}

/// The provisioning job and the resource use cases. One adapter serves every provider for now.
#[derive(Clone)]
pub struct Provisioning {
    store: Store,
    adapter: Arc<dyn ProviderAdapter>,
}

impl fmt::Debug for Provisioning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Provisioning")
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

impl Provisioning {
    pub fn new(store: Store, adapter: Arc<dyn ProviderAdapter>) -> Self {
        Self { store, adapter }
    }

    /// Takes every order due at `now` whose lease is free, asks its provider once (provision,
    /// poll, or deprovision), writes the answer with the events it causes, and releases it, due
    /// again in [`POLL_EVERY_SECS`] (later after calls that got no answer). Returns how many
    /// orders this worker advanced; orders another worker holds are left to it.
    pub async fn run_due(&self, worker: &str, now: i64) -> Result<usize, StoreError> {
        let mut advanced = 0;
        for (contract, line) in self.store.due_orders(now, BATCH).await? {
            let lease_until = now.saturating_add(LEASE_SECS);
            let Some(claimed) = self
                .store
                .claim_order(contract, line, worker, now, lease_until)
                .await?
            else {
                continue;
            };
            let outcome = self.ask(&claimed).await;
            let attempts = if outcome.unanswered {
                claimed.attempts.saturating_add(1)
            } else {
                0
            };
            let settlement = Settlement {
                claimed: &claimed,
                outcome: &outcome,
                attempts,
                next_poll_at: now.saturating_add(job::next_poll_delay(POLL_EVERY_SECS, attempts)),
            };
            if self.store.settle_order(worker, &settlement, now).await? {
                advanced += 1;
            }
        }
        Ok(advanced)
    }

    /// The provider's answer to the call the order needs, within half a lease.
    async fn ask(&self, claimed: &ClaimedOrder) -> Outcome {
        let order = &claimed.order;
        let operation = claimed.operation.as_ref();
        let answer = match job::call_for(order.state, operation) {
            Some(call) => {
                let asked = async {
                    match &call {
                        Call::Provision => self
                            .adapter
                            .provision(&order.request)
                            .await
                            .map(Answer::Started),
                        Call::Deprovision => self
                            .adapter
                            .deprovision(&order.request.instance)
                            .await
                            .map(Answer::Started),
                        Call::Poll(operation) => self
                            .adapter
                            .last_operation(&order.request.instance, operation)
                            .await
                            .map(Answer::Polled),
                    }
                };
                let limit = Duration::from_secs(LEASE_SECS.unsigned_abs() / 2);
                tokio::time::timeout(limit, asked)
                    .await
                    .unwrap_or_else(|_| {
                        Err(AdapterError::Unreachable(format!(
                            "no answer within {} seconds",
                            limit.as_secs()
                        )))
                    })
            }
            None => Err(AdapterError::Rejected(format!(
                "a {} resource has nothing to ask",
                order.state.as_str()
            ))),
        };
        job::outcome(order.state, operation, claimed.progress_percent, answer)
    }

    /// Every resource of `tenant`'s contracts, newest contract first, for its members.
    pub async fn resources(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
    ) -> Result<Vec<Resource>, ProvisioningError> {
        self.role(user, tenant).await?;
        Ok(self.store.resources(user.id, tenant, None).await?)
    }

    /// The resources of one contract of `tenant`, in line order, for its members (none before
    /// it is signed).
    pub async fn contract_resources(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        contract: ContractId,
    ) -> Result<Vec<Resource>, ProvisioningError> {
        self.role(user, tenant).await?;
        let resources = self
            .store
            .resources(user.id, tenant, Some(contract))
            .await?;
        if resources.is_empty()
            && self
                .store
                .contract(user.id, tenant, contract)
                .await?
                .is_none()
        {
            return Err(ProvisioningError::NotFound);
        }
        Ok(resources)
    }

    /// Orders a failed line again; owners, admins and buyers may.
    pub async fn retry(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        contract: ContractId,
        line: u32,
        now: i64,
    ) -> Result<(), ProvisioningError> {
        let change = (ResourceEvent::Retried, "ordered again");
        self.act(user, tenant, (contract, line), change, now).await
    }

    /// Ends an active or failed line: its resource is removed at the provider, then its capacity
    /// goes back to the offer. Owners and admins may.
    pub async fn terminate(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        contract: ContractId,
        line: u32,
        now: i64,
    ) -> Result<(), ProvisioningError> {
        let change = (ResourceEvent::TerminationRequested, "termination requested");
        self.act(user, tenant, (contract, line), change, now).await
    }

    async fn role(&self, user: &CurrentUser, tenant: TenantId) -> Result<Role, ProvisioningError> {
        self.store
            .tenant_role(user.id, tenant)
            .await?
            .ok_or(ProvisioningError::NotFound)
    }

    async fn act(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        (contract, line): (ContractId, u32),
        (event, description): (ResourceEvent, &str),
        now: i64,
    ) -> Result<(), ProvisioningError> {
        let role = self.role(user, tenant).await?;
        let allowed = match event {
            ResourceEvent::Retried => role.can_retry(),
            _ => role.can_terminate(),
        };
        if !allowed {
            return Err(ProvisioningError::Forbidden);
        }
        let state = |from: Option<ResourceState>| from.ok_or(ProvisioningError::NotFound);
        let from = state(
            self.store
                .order_state(user.id, tenant, contract, line)
                .await?,
        )?;
        let to = from.apply(event).map_err(ProvisioningError::Lifecycle)?;
        let moved = self
            .store
            .move_order(user.id, tenant, contract, line, from, to, description, now)
            .await?;
        if !moved {
            // Someone (or the job) moved it first: say where it stands now.
            let from = state(
                self.store
                    .order_state(user.id, tenant, contract, line)
                    .await?,
            )?;
            return Err(ProvisioningError::Lifecycle(LifecycleError { from, event }));
        }
        Ok(())
    }
}
