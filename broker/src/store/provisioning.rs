//! The orders table as the provisioning job queue.
//!
//! An in-flight order (requested, provisioning, terminating) whose `next_poll_at` has come is a
//! job. A worker takes it with one conditional `UPDATE` that sets `lease_owner` and `lease_until`
//! only where the lease is free or expired: the statement changes the row for exactly one of
//! several racing workers (a row lock on PostgreSQL, the write lock on SQLite), and that worker
//! owns the order until its lease ends. It then talks to the provider outside any transaction and
//! settles the order in one: the new state, the contract events it causes, the contract's status
//! and the offer capacity a removed line gives back, all conditional on still holding the lease.
//! A worker that dies leaves a lease that simply expires.
//!
//! The resources as a tenant's members see and move them are in `store/resources.rs`.

use super::contracts::order_from_row;
use super::events::append_event;
use super::{Store, StoreError};
use crate::contract::events::{self, EventPayload};
use crate::contract::{ContractId, ContractStatus};
use crate::provisioning::job::{self, Outcome};
use crate::provisioning::{Operation, Order, ResourceEvent, ResourceState};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

const IN_FLIGHT: &str = "state IN ('requested', 'provisioning', 'terminating')";

/// An order whose lease a worker holds, with what it knows of the provider.
#[derive(Clone, Debug)]
pub struct ClaimedOrder {
    pub order: Order,
    pub operation: Option<Operation>,
    pub progress_percent: u8,
    /// Calls in a row that got no answer.
    pub attempts: i64,
}

/// What a worker writes back for the order it holds.
#[derive(Clone, Debug)]
pub struct Settlement<'a> {
    pub claimed: &'a ClaimedOrder,
    pub outcome: &'a Outcome,
    pub attempts: i64,
    pub next_poll_at: i64,
}

impl Store {
    /// The orders due at `now` whose lease is free, the longest waiting first, at most `limit`.
    pub async fn due_orders(
        &self,
        now: i64,
        limit: i64,
    ) -> Result<Vec<(ContractId, u32)>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT contract_id, line FROM orders WHERE {IN_FLIGHT} \
             AND (next_poll_at IS NULL OR next_poll_at <= $1) \
             AND (lease_until IS NULL OR lease_until < $1) \
             ORDER BY COALESCE(next_poll_at, 0), contract_id, line LIMIT $2"
        ))
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((ContractId::new(row.try_get("contract_id")?), line_of(row)?)))
            .collect()
    }

    /// Takes the lease of an order for `worker` until `lease_until`, if the order is still due
    /// at `now` and its lease free; `None` when another worker has it or it moved on.
    pub async fn claim_order(
        &self,
        contract: ContractId,
        line: u32,
        worker: &str,
        now: i64,
        lease_until: i64,
    ) -> Result<Option<ClaimedOrder>, StoreError> {
        let claimed = sqlx::query(&format!(
            "UPDATE orders SET lease_owner = $1, lease_until = $2 \
             WHERE contract_id = $3 AND line = $4 AND {IN_FLIGHT} \
             AND (next_poll_at IS NULL OR next_poll_at <= $5) \
             AND (lease_until IS NULL OR lease_until < $5)"
        ))
        .bind(worker)
        .bind(lease_until)
        .bind(contract.get())
        .bind(i64::from(line))
        .bind(now)
        .execute(&self.pool)
        .await?;
        if claimed.rows_affected() != 1 {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT line, instance_id, provider_id, provider_slug, offer_external_id, \
             offer_version, quantity, state, operation, progress_percent, attempts FROM orders \
             WHERE contract_id = $1 AND line = $2 AND lease_owner = $3",
        )
        .bind(contract.get())
        .bind(i64::from(line))
        .bind(worker)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(ClaimedOrder {
            order: order_from_row(contract, &row)?,
            operation: row
                .try_get::<Option<String>, _>("operation")?
                .map(Operation::new),
            progress_percent: percent_of(&row)?,
            attempts: row.try_get("attempts")?,
        }))
    }

    /// Writes what the provider's answer did to an order `worker` holds and releases the lease,
    /// in one transaction with the contract events it causes: `LineActivated`, `LineFailed` with
    /// the provider's description, `LineTerminated` (and the line's capacity back to its offer),
    /// then `Activated` or `Terminated` when the contract's lines settle it. False, and nothing
    /// written, when the lease was lost meanwhile.
    pub async fn settle_order(
        &self,
        worker: &str,
        settlement: &Settlement<'_>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let claimed = settlement.claimed;
        let order = &claimed.order;
        let outcome = settlement.outcome;
        let mut tx = self.begin_write().await?;
        let moved = sqlx::query(
            "UPDATE orders SET state = $1, operation = $2, progress_percent = $3, \
             description = $4, attempts = $5, next_poll_at = $6, lease_owner = NULL, \
             lease_until = NULL, updated_at = $7 \
             WHERE contract_id = $8 AND line = $9 AND lease_owner = $10 AND state = $11",
        )
        .bind(outcome.state.as_str())
        .bind(outcome.operation.as_ref().map(Operation::as_str))
        .bind(i64::from(outcome.progress_percent.min(100)))
        .bind(&outcome.description)
        .bind(settlement.attempts)
        .bind(settlement.next_poll_at)
        .bind(now)
        .bind(order.contract.get())
        .bind(i64::from(order.line))
        .bind(worker)
        .bind(order.state.as_str())
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            return Ok(false);
        }
        if let Some(event) = job::line_event(order.state, outcome.state) {
            record_line(&mut tx, order, event, &outcome.description, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}

/// Appends the event of a line's move and, when the contract's lines settle it, the contract's.
/// The contract's row is written first: on PostgreSQL its lock makes a worker settling another
/// line of the same contract wait, then read the lines as they are after this one.
async fn record_line(
    tx: &mut Transaction<'static, Any>,
    order: &Order,
    event: ResourceEvent,
    description: &str,
    now: i64,
) -> Result<(), StoreError> {
    let contract = order.contract;
    let status: String =
        sqlx::query_scalar("UPDATE contracts SET status = status WHERE id = $1 RETURNING status")
            .bind(contract.get())
            .fetch_one(&mut **tx)
            .await?;
    let status = ContractStatus::parse(&status).ok_or(StoreError::Corrupt("contracts.status"))?;
    let instance = order.request.instance.to_string();
    let payload = match event {
        ResourceEvent::Succeeded => EventPayload::LineActivated(events::LineProvisioned {
            line: order.line,
            instance,
        }),
        ResourceEvent::Failed => EventPayload::LineFailed(events::LineFailure {
            line: order.line,
            instance,
            description: description.to_owned(),
        }),
        ResourceEvent::Deprovisioned => {
            release_capacity(tx, order).await?;
            EventPayload::LineTerminated(events::LineRemoval {
                line: order.line,
                instance,
            })
        }
        _ => return Ok(()),
    };
    append_event(tx, contract, &payload, now).await?;
    let states: Vec<String> =
        sqlx::query_scalar("SELECT state FROM orders WHERE contract_id = $1 ORDER BY line")
            .bind(contract.get())
            .fetch_all(&mut **tx)
            .await?;
    let states = states
        .iter()
        .map(|raw| ResourceState::parse(raw).ok_or(StoreError::Corrupt("orders.state")))
        .collect::<Result<Vec<_>, _>>()?;
    let Some(next) = job::settle(status, &states) else {
        return Ok(());
    };
    sqlx::query("UPDATE contracts SET status = $1 WHERE id = $2")
        .bind(next.as_str())
        .bind(contract.get())
        .execute(&mut **tx)
        .await?;
    let payload = if next == ContractStatus::Active {
        let active = states
            .iter()
            .filter(|s| **s == ResourceState::Active)
            .count();
        EventPayload::Activated(events::Activation {
            lines: u32::try_from(active).unwrap_or(u32::MAX),
        })
    } else {
        EventPayload::Terminated(events::Termination {
            by: None,
            reason: "every line's resource was removed at its provider".to_owned(),
        })
    };
    append_event(tx, contract, &payload, now).await
}

/// Gives a removed line's quantity back to the capacity of the offer it was signed on (offers
/// without a capacity limit have none to get back).
async fn release_capacity(
    tx: &mut Transaction<'static, Any>,
    order: &Order,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE offers SET capacity = capacity + $1 WHERE capacity IS NOT NULL AND id = \
         (SELECT l.offer_id FROM quote_lines l JOIN contracts c ON c.quote_id = l.quote_id \
         WHERE c.id = $2 AND l.position = $3)",
    )
    .bind(order.request.quantity)
    .bind(order.contract.get())
    .bind(i64::from(order.line))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) fn line_of(row: &AnyRow) -> Result<u32, StoreError> {
    u32::try_from(row.try_get::<i64, _>("line")?).map_err(|_| StoreError::Corrupt("orders.line"))
}

pub(super) fn percent_of(row: &AnyRow) -> Result<u8, StoreError> {
    u8::try_from(row.try_get::<i64, _>("progress_percent")?)
        .map_err(|_| StoreError::Corrupt("orders.progress_percent"))
}
