//! Refunds of card payments. A refund is written, with its idempotency key, before the payment
//! method is called, and only while its payment has that much left to refund (failed refunds
//! give theirs back); it is recorded, with its ledger transaction and the notification that
//! said so, once the method says the money went back.

use super::checkouts::{SeenEvent, first_sight};
use super::ledger::post;
use super::payments::SettleError;
use super::{Store, StoreError};
use crate::account::{TenantId, UserId};
use crate::audit::Record;
use crate::ledger::Transaction;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A card payment with what it may still refund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundablePayment {
    pub id: i64,
    /// The method's id of the payment.
    pub reference: String,
    pub amount_minor: i64,
    /// Refunded, or being refunded.
    pub refunded_minor: i64,
    /// How many refunds were asked of it.
    pub attempts: i64,
}

/// Where a refund stands (see the `refunds` table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefundStatus {
    Requested,
    Pending,
    Succeeded,
    Failed,
}

/// One refund as stored, with its payment's reference and its invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRefund {
    pub id: i64,
    pub invoice_id: i64,
    pub tenant: TenantId,
    pub payment: String,
    pub amount_minor: i64,
    pub idempotency_key: String,
    pub status: RefundStatus,
    pub method_ref: Option<String>,
}

/// A refund of `amount` of payment `payment`, attempt `attempt`, as the operator asked it.
#[derive(Clone, Copy, Debug)]
pub struct NewRefund<'a> {
    pub payment: i64,
    pub attempt: i64,
    pub key: &'a str,
    pub amount: i64,
    pub reason: &'a str,
    pub by: UserId,
    pub now: i64,
}

const SELECT: &str = "SELECT r.id, p.invoice_id, i.tenant_id, p.reference, r.amount_minor, \
     r.idempotency_key, r.status, r.method_ref FROM refunds r \
     JOIN payments p ON p.id = r.payment_id JOIN invoices i ON i.id = p.invoice_id";

fn refund(row: &AnyRow) -> Result<StoredRefund, StoreError> {
    Ok(StoredRefund {
        id: row.try_get("id")?,
        invoice_id: row.try_get("invoice_id")?,
        tenant: TenantId::new(row.try_get("tenant_id")?),
        payment: row.try_get("reference")?,
        amount_minor: row.try_get("amount_minor")?,
        idempotency_key: row.try_get("idempotency_key")?,
        status: match row.try_get::<String, _>("status")?.as_str() {
            "requested" => RefundStatus::Requested,
            "pending" => RefundStatus::Pending,
            "succeeded" => RefundStatus::Succeeded,
            "failed" => RefundStatus::Failed,
            _ => return Err(StoreError::Corrupt("refunds.status")),
        },
        method_ref: row.try_get("method_ref")?,
    })
}

/// What a payment has refunded or is refunding, as SQL over `payments p`.
const REFUNDED: &str = "CAST(COALESCE((SELECT SUM(amount_minor) FROM refunds \
     WHERE payment_id = p.id AND status <> 'failed'), 0) AS BIGINT)";

impl Store {
    /// The card payments of invoice `invoice`, newest first.
    pub async fn card_payments_of(
        &self,
        invoice: i64,
    ) -> Result<Vec<RefundablePayment>, StoreError> {
        sqlx::query(&format!(
            "SELECT p.id, p.reference, p.amount_minor, {REFUNDED} AS refunded_minor, \
             (SELECT COUNT(*) FROM refunds WHERE payment_id = p.id) AS attempts \
             FROM payments p WHERE p.invoice_id = $1 AND p.method = 'card' ORDER BY p.id DESC"
        ))
        .bind(invoice)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(RefundablePayment {
                id: row.try_get("id")?,
                reference: row.try_get("reference")?,
                amount_minor: row.try_get("amount_minor")?,
                refunded_minor: row.try_get("refunded_minor")?,
                attempts: row.try_get("attempts")?,
            })
        })
        .collect()
    }

    /// Writes `refund` and `record`; `None` (nothing written) when its payment no longer has
    /// that much to refund or another refund of it was written first.
    pub async fn new_refund(
        &self,
        refund: &NewRefund<'_>,
        record: &Record,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = sqlx::query_scalar(&format!(
            "INSERT INTO refunds (payment_id, attempt, idempotency_key, amount_minor, reason, \
             status, requested_by, requested_at, checked_at) \
             SELECT p.id, $2, $3, $4, $5, 'requested', $6, $7, $7 FROM payments p \
             WHERE p.id = $1 AND p.amount_minor - {REFUNDED} >= $4 \
             ON CONFLICT (payment_id, attempt) DO NOTHING RETURNING id"
        ))
        .bind(refund.payment)
        .bind(refund.attempt)
        .bind(refund.key)
        .bind(refund.amount)
        .bind(refund.reason)
        .bind(refund.by.get())
        .bind(refund.now)
        .fetch_optional(&mut *tx)
        .await?;
        if id.is_none() {
            return Ok(None);
        }
        super::audit::append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The refund `id`.
    pub async fn stored_refund(&self, id: i64) -> Result<Option<StoredRefund>, StoreError> {
        sqlx::query(&format!("{SELECT} WHERE r.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(refund)
            .transpose()
    }

    /// Notes that the method took refund `id` as `method_ref`, not yet done.
    pub async fn refund_pending(
        &self,
        id: i64,
        method_ref: &str,
        event: Option<SeenEvent<'_>>,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        if first_sight(&mut tx, event, now).await? {
            sqlx::query(
                "UPDATE refunds SET status = 'pending', method_ref = $2, checked_at = $3 \
                 WHERE id = $1 AND status = 'requested'",
            )
            .bind(id)
            .bind(method_ref)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Marks refund `id` failed for `why`, unless it was recorded: what it held may be
    /// refunded again.
    pub async fn refund_failed(
        &self,
        id: i64,
        method_ref: Option<&str>,
        why: &str,
        event: Option<SeenEvent<'_>>,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        if first_sight(&mut tx, event, now).await? {
            sqlx::query(
                "UPDATE refunds SET status = 'failed', failure = $2, \
                 method_ref = COALESCE($3, method_ref), settled_at = $4, checked_at = $4 \
                 WHERE id = $1 AND status IN ('requested', 'pending')",
            )
            .bind(id)
            .bind(why)
            .bind(method_ref)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Records refund `refund` as done: its invoice's paid amount goes down by it (a paid
    /// invoice is open again) and its ledger transaction is posted; `false` when it was
    /// recorded before or `event` was handled before.
    pub async fn record_refund(
        &self,
        refund: &StoredRefund,
        method_ref: &str,
        event: Option<SeenEvent<'_>>,
        now: i64,
        transaction: &Transaction,
    ) -> Result<bool, SettleError> {
        let mut tx = self.begin_write().await?;
        if !first_sight(&mut tx, event, now).await? {
            return Ok(false);
        }
        let done = sqlx::query(
            "UPDATE refunds SET status = 'succeeded', method_ref = $2, settled_at = $3, \
             checked_at = $3 WHERE id = $1 AND status IN ('requested', 'pending')",
        )
        .bind(refund.id)
        .bind(method_ref)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            tx.commit().await?;
            return Ok(false);
        }
        sqlx::query(
            "UPDATE invoices SET paid_minor = paid_minor - $2, updated_at = $3, status = CASE \
             WHEN status = 'paid' AND paid_minor - $2 < total_minor THEN 'finalized' \
             ELSE status END WHERE id = $1",
        )
        .bind(refund.invoice_id)
        .bind(refund.amount_minor)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        post(&mut tx, transaction).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Up to `limit` refunds not settled and last looked at before `before`, oldest first.
    pub async fn refunds_to_check(
        &self,
        before: i64,
        limit: i64,
    ) -> Result<Vec<StoredRefund>, StoreError> {
        sqlx::query(&format!(
            "{SELECT} WHERE r.status IN ('requested', 'pending') AND r.checked_at < $1 \
             ORDER BY r.checked_at LIMIT $2"
        ))
        .bind(before)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(refund)
        .collect()
    }

    /// Notes that refund `id` was looked at, at `now`.
    pub async fn refund_checked(&self, id: i64, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE refunds SET checked_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
