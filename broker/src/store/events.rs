//! The contract events' hash chains: appending an event and reading the chains back.
//!
//! Events are only ever inserted: nothing here updates or deletes a `contract_events` row. There is
//! one chain per contract (`events::append` refuses a predecessor of another contract). An event is appended in the transaction that changes its contract's row, after that
//! change: on PostgreSQL the row lock it takes makes a second writer of the same contract wait,
//! then find the contract changed; on SQLite `BEGIN IMMEDIATE` serialises writers. The unique
//! `(contract_id, seq)` is the backstop: two appends can never share a predecessor.

use super::{Store, StoreError, unique_violation};
use crate::contract::ContractId;
use crate::contract::events::{self, ContractEvent, EventKind, EventPayload};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

impl Store {
    /// Every contract's id and recorded head hash, by id.
    pub async fn contract_heads(&self) -> Result<Vec<(ContractId, Option<String>)>, StoreError> {
        let rows = sqlx::query("SELECT id, head_hash FROM contracts ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    ContractId::new(row.try_get("id")?),
                    row.try_get("head_hash")?,
                ))
            })
            .collect()
    }

    /// The events of one contract's chain, in `seq` order.
    pub async fn events_of(&self, contract: ContractId) -> Result<Vec<ContractEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, contract_id, kind, payload, at, prev_hash, hash FROM contract_events \
             WHERE contract_id = $1 ORDER BY seq",
        )
        .bind(contract.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(event_from_row).collect()
    }

    /// Events whose contract has no row: they cannot be checked against a head.
    pub async fn orphan_event_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM contract_events e \
             WHERE NOT EXISTS (SELECT 1 FROM contracts c WHERE c.id = e.contract_id)",
        )
        .fetch_one(&self.pool)
        .await?)
    }
}

/// Appends `payload` to `contract`'s chain inside `tx`, after the last event of that chain read in
/// the same transaction, and records the new head on the contract's row.
pub(super) async fn append_event(
    tx: &mut Transaction<'static, Any>,
    contract: ContractId,
    payload: &EventPayload,
    at: i64,
) -> Result<(), StoreError> {
    let prev = sqlx::query(
        "SELECT seq, contract_id, kind, payload, at, prev_hash, hash FROM contract_events \
         WHERE contract_id = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(contract.get())
    .fetch_optional(&mut **tx)
    .await?
    .map(|row| event_from_row(&row))
    .transpose()?;
    let event = events::append(prev.as_ref(), contract, payload, at)
        .map_err(|_| StoreError::Corrupt("contract_events.contract_id"))?;
    sqlx::query(
        "INSERT INTO contract_events (contract_id, seq, kind, payload, at, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(contract.get())
    .bind(event.seq)
    .bind(event.kind.as_str())
    .bind(&event.payload)
    .bind(event.at)
    .bind(&event.prev_hash)
    .bind(&event.hash)
    .execute(&mut **tx)
    .await
    .map_err(|err| unique_violation(err, "contract event seq"))?;
    sqlx::query("UPDATE contracts SET head_hash = $1 WHERE id = $2")
        .bind(&event.hash)
        .bind(contract.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub(super) fn event_from_row(row: &AnyRow) -> Result<ContractEvent, StoreError> {
    Ok(ContractEvent {
        seq: row.try_get("seq")?,
        contract: ContractId::new(row.try_get("contract_id")?),
        kind: EventKind::parse(&row.try_get::<String, _>("kind")?)
            .ok_or(StoreError::Corrupt("contract_events.kind"))?,
        payload: row.try_get("payload")?,
        at: row.try_get("at")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}
