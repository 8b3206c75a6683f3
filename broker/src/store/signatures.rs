//! Signing a contract: the one transaction that moves it to signed, holds it to the
//! organisation's budget, reserves the capacity of its offers at their quoted versions, and
//! records the signature, the orders of its lines and the `Signed` event.

use super::contracts::RUNNING_LINES;
use super::events::append_event;
use super::outbox::queue_mail;
use super::{Backend, Store, StoreError};
use crate::account::budget::BudgetUse;
use crate::account::{Email, Role, TenantId, UserId};
use crate::audit::Record;
use crate::catalog::OfferId;
use crate::contract::events::EventPayload;
use crate::contract::{ContractId, ContractStatus, Signature};
use crate::mail::{Language, budget_alert};
use crate::provisioning::Order;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use std::collections::BTreeMap;

/// Why a signature could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SignWriteError {
    #[error("the contract no longer awaits a signature")]
    NotAwaitingSignature,
    #[error("offer {0} has not enough capacity left at its quoted version")]
    Capacity(OfferId),
    /// The contract would take the organisation's committed monthly spend over its budget.
    #[error("over the budget: {0:?}")]
    OverBudget(BudgetUse),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for SignWriteError {
    fn from(err: sqlx::Error) -> Self {
        Self::Store(err.into())
    }
}

impl Store {
    /// Writes a signature in one transaction: the contract moves to signed (only from awaiting a
    /// signature), the capacity of every offer is reserved at its quoted version, the signature,
    /// the `Signed` event, the orders of its lines and `record` are recorded. Any failure leaves
    /// nothing behind.
    ///
    /// The contract's monthly price, `adding_minor`, must fit the organisation's budget (counted
    /// in the same transaction, the organisation's row locked on PostgreSQL, so that two
    /// signatures cannot both fit what only one does); when it takes the committed spend past
    /// the budget's alert share, a mail to each owner and admin is queued with it.
    pub async fn write_signature(
        &self,
        (tenant, contract): (TenantId, ContractId),
        reserve: &BTreeMap<OfferId, (i64, i64)>,
        adding_minor: i64,
        signature: &Signature,
        orders: &[Order],
        record: &Record,
    ) -> Result<(), SignWriteError> {
        let mut tx = self.begin_write().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT id FROM tenants WHERE id = $1 FOR UPDATE")
                .bind(tenant.get())
                .fetch_optional(&mut *tx)
                .await?;
        }
        let moved = sqlx::query(
            "UPDATE contracts SET status = $1 WHERE id = $2 AND tenant_id = $3 AND status = $4 \
             AND NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = $3 AND t.suspended_at IS NOT NULL)",
        )
        .bind(ContractStatus::Signed.as_str())
        .bind(contract.get())
        .bind(tenant.get())
        .bind(ContractStatus::AwaitingSignature.as_str())
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            return Err(SignWriteError::NotAwaitingSignature);
        }
        within_budget(&mut tx, tenant, adding_minor, signature.at).await?;
        // In offer id order, so that two signatures wanting the same offers cannot deadlock.
        for (offer, (version, quantity)) in reserve {
            let reserved = sqlx::query(
                "UPDATE offers SET capacity = capacity - $2 WHERE id = $1 \
                 AND current_version = $3 AND status = 'published' \
                 AND (capacity IS NULL OR capacity >= $2)",
            )
            .bind(offer.get())
            .bind(*quantity)
            .bind(*version)
            .execute(&mut *tx)
            .await?;
            if reserved.rows_affected() != 1 {
                return Err(SignWriteError::Capacity(*offer));
            }
        }
        sqlx::query(
            "INSERT INTO signatures (contract_id, user_id, role, signed_at, address, user_agent, \
             document_sha256) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(contract.get())
        .bind(signature.user.get())
        .bind(signature.role.as_str())
        .bind(signature.at)
        .bind(signature.address.to_string())
        .bind(&signature.user_agent)
        .bind(&signature.document_sha256)
        .execute(&mut *tx)
        .await?;
        for order in orders {
            let request = &order.request;
            sqlx::query(
                "INSERT INTO orders (contract_id, line, instance_id, provider_id, provider_slug, \
                 offer_external_id, offer_version, quantity, state, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(contract.get())
            .bind(i64::from(order.line))
            .bind(request.instance.as_str())
            .bind(request.offer.provider.get())
            .bind(&request.offer.provider_slug)
            .bind(&request.offer.external_id)
            .bind(request.offer.version)
            .bind(request.quantity)
            .bind(order.state.as_str())
            .bind(signature.at)
            .execute(&mut *tx)
            .await?;
        }
        let payload = EventPayload::Signed(signature.clone());
        append_event(&mut tx, contract, &payload, signature.at).await?;
        super::audit::append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Refuses a contract of `adding_minor` a month that the budget of `tenant` cannot take, and
/// queues the alert to its owners and admins when it takes the committed spend past the alert
/// share. The contract's own lines are not counted yet: its orders come after.
async fn within_budget(
    tx: &mut Transaction<'static, Any>,
    tenant: TenantId,
    adding_minor: i64,
    now: i64,
) -> Result<(), SignWriteError> {
    let row = sqlx::query("SELECT name, monthly_budget_minor FROM tenants WHERE id = $1")
        .bind(tenant.get())
        .fetch_one(&mut **tx)
        .await?;
    let Some(budget_minor) = row.try_get::<Option<i64>, _>("monthly_budget_minor")? else {
        return Ok(());
    };
    let committed_minor: i64 = sqlx::query_scalar(&format!(
        "SELECT CAST(COALESCE(SUM(l.unit_price_minor * l.quantity), 0) AS BIGINT) {RUNNING_LINES}"
    ))
    .bind(tenant.get())
    .fetch_one(&mut **tx)
    .await?;
    let spend = BudgetUse {
        committed_minor,
        adding_minor,
        budget_minor,
    };
    if !spend.fits() {
        return Err(SignWriteError::OverBudget(spend));
    }
    if spend.crosses_alert() {
        let organisation: String = row.try_get("name")?;
        let managers = sqlx::query(
            "SELECT u.email, u.language FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.tenant_id = $1 AND m.role IN ('owner', 'admin') ORDER BY u.id",
        )
        .bind(tenant.get())
        .fetch_all(&mut **tx)
        .await?;
        for manager in &managers {
            let to = Email::parse(&manager.try_get::<String, _>("email")?)
                .map_err(|_| StoreError::Corrupt("users.email"))?;
            let language = Language::parse(&manager.try_get::<String, _>("language")?);
            let mail = budget_alert(to, language, &organisation, &spend);
            queue_mail(tx, &mail, now).await?;
        }
    }
    Ok(())
}

pub(super) fn signature_from_row(row: &AnyRow) -> Result<Signature, StoreError> {
    Ok(Signature {
        user: UserId::new(row.try_get("user_id")?),
        role: Role::parse(&row.try_get::<String, _>("role")?)
            .ok_or(StoreError::Corrupt("signatures.role"))?,
        at: row.try_get("signed_at")?,
        address: row
            .try_get::<String, _>("address")?
            .parse()
            .map_err(|_| StoreError::Corrupt("signatures.address"))?,
        user_agent: row.try_get("user_agent")?,
        document_sha256: row.try_get("document_sha256")?,
    })
}
