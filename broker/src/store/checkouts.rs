//! Card checkouts and what the payment method confirms of them. A checkout is written before the
//! method is called (its idempotency key with it); a confirmed payment is recorded once, with its
//! ledger transaction and the id of the notification that brought it, in one transaction.

use super::ledger::post;
use super::payments::SettleError;
use super::{Store, StoreError};
use crate::account::{TenantId, UserId};
use crate::billing::OpenedCheckout;
use crate::ledger::Transaction;
use sqlx::Row;
use sqlx::any::AnyRow;

/// Where a checkout stands (see the `card_checkouts` table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckoutStatus {
    Opening,
    Open,
    Paid,
    Expired,
}

impl CheckoutStatus {
    fn parse(raw: &str) -> Result<Self, StoreError> {
        Ok(match raw {
            "opening" => Self::Opening,
            "open" => Self::Open,
            "paid" => Self::Paid,
            "expired" => Self::Expired,
            _ => return Err(StoreError::Corrupt("card_checkouts.status")),
        })
    }
}

/// One checkout, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCheckout {
    pub id: i64,
    pub invoice_id: i64,
    /// The invoice's organisation and number.
    pub tenant: TenantId,
    pub number: String,
    pub attempt: i64,
    pub idempotency_key: String,
    pub amount_minor: i64,
    pub status: CheckoutStatus,
    pub session: Option<String>,
    pub url: Option<String>,
    pub expires_at: Option<i64>,
}

/// A notification of the payment method, recorded with its effect.
#[derive(Clone, Copy, Debug)]
pub struct SeenEvent<'a> {
    pub id: &'a str,
    pub kind: &'a str,
}

/// A payment the method confirmed for a checkout.
#[derive(Clone, Copy, Debug)]
pub struct NewCardPayment<'a> {
    pub checkout: i64,
    pub invoice: i64,
    pub amount: i64,
    pub received_on: &'a str,
    /// The method's id of the payment.
    pub reference: &'a str,
    pub charge: Option<&'a str>,
    pub now: i64,
}

/// What recording a confirmation did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmed {
    /// The payment was recorded under this id.
    Recorded(i64),
    /// The checkout's payment was already recorded (by another notification of it).
    AlreadyRecorded,
    /// This notification was handled before.
    Repeated,
}

/// A checkout with its invoice's organisation and number, from `card_checkouts c` joined to
/// `invoices i`.
const SELECT: &str = "SELECT c.id, c.invoice_id, i.tenant_id, i.number, c.attempt, \
     c.idempotency_key, c.amount_minor, c.status, c.session, c.url, c.expires_at \
     FROM card_checkouts c JOIN invoices i ON i.id = c.invoice_id";

fn checkout(row: &AnyRow) -> Result<StoredCheckout, StoreError> {
    Ok(StoredCheckout {
        id: row.try_get("id")?,
        invoice_id: row.try_get("invoice_id")?,
        tenant: TenantId::new(row.try_get("tenant_id")?),
        number: row.try_get("number")?,
        attempt: row.try_get("attempt")?,
        idempotency_key: row.try_get("idempotency_key")?,
        amount_minor: row.try_get("amount_minor")?,
        status: CheckoutStatus::parse(&row.try_get::<String, _>("status")?)?,
        session: row.try_get("session")?,
        url: row.try_get("url")?,
        expires_at: row.try_get("expires_at")?,
    })
}

/// Writes `event` as handled; `false` when it was handled before.
pub(super) async fn first_sight(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    event: Option<SeenEvent<'_>>,
    now: i64,
) -> Result<bool, StoreError> {
    let Some(event) = event else {
        return Ok(true);
    };
    let written = sqlx::query(
        "INSERT INTO payment_events (event_id, kind, received_at) VALUES ($1, $2, $3) \
         ON CONFLICT (event_id) DO NOTHING",
    )
    .bind(event.id)
    .bind(event.kind)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(written.rows_affected() == 1)
}

impl Store {
    /// The checkout `id`.
    pub async fn checkout(&self, id: i64) -> Result<Option<StoredCheckout>, StoreError> {
        sqlx::query(&format!("{SELECT} WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(checkout)
            .transpose()
    }

    /// The last checkout of the invoice `invoice`, if it has one.
    pub async fn last_checkout(&self, invoice: i64) -> Result<Option<StoredCheckout>, StoreError> {
        sqlx::query(&format!(
            "{SELECT} WHERE c.invoice_id = $1 ORDER BY c.attempt DESC LIMIT 1"
        ))
        .bind(invoice)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(checkout)
        .transpose()
    }

    /// Writes attempt `attempt` of a checkout of `invoice` for `amount`, under `key`; `None`
    /// when another request wrote that attempt first.
    pub async fn new_checkout(
        &self,
        invoice: i64,
        attempt: i64,
        key: &str,
        amount: i64,
        by: UserId,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let id = sqlx::query_scalar(
            "INSERT INTO card_checkouts (invoice_id, attempt, idempotency_key, amount_minor, \
             status, created_by, created_at, checked_at) \
             VALUES ($1, $2, $3, $4, 'opening', $5, $6, $6) \
             ON CONFLICT (invoice_id, attempt) DO NOTHING RETURNING id",
        )
        .bind(invoice)
        .bind(attempt)
        .bind(key)
        .bind(amount)
        .bind(by.get())
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(id)
    }

    /// Keeps what the method answered for the checkout `id`: the session is kept even when a
    /// concurrent request gave the checkout up meanwhile, so that the request that
    /// opened it closes it at the method.
    pub async fn checkout_opened(
        &self,
        id: i64,
        opened: &OpenedCheckout,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE card_checkouts SET session = $2, url = $3, expires_at = $4, checked_at = $5, \
             status = CASE WHEN status = 'opening' THEN 'open' ELSE status END \
             WHERE id = $1 AND session IS NULL",
        )
        .bind(id)
        .bind(&opened.session)
        .bind(&opened.url)
        .bind(opened.expires_at)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Marks the checkout `id` as no longer payable, unless it was paid; `false` when `event`
    /// was handled before.
    pub async fn checkout_expired(
        &self,
        id: i64,
        event: Option<SeenEvent<'_>>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        if !first_sight(&mut tx, event, now).await? {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE card_checkouts SET status = 'expired', checked_at = $2 \
             WHERE id = $1 AND status IN ('opening', 'open')",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Records `payment`, confirmed by the method, with its ledger transaction and `event`. The
    /// money was received: it is recorded even beyond what was left to pay, or on an invoice
    /// cancelled meanwhile (the tenant's receivable then shows the credit).
    pub async fn record_card_payment(
        &self,
        payment: &NewCardPayment<'_>,
        event: Option<SeenEvent<'_>>,
        transaction: &(dyn Fn(i64) -> Result<Transaction, String> + Sync),
    ) -> Result<Confirmed, SettleError> {
        let NewCardPayment {
            checkout,
            invoice,
            amount,
            received_on,
            reference,
            charge,
            now,
        } = *payment;
        let mut tx = self.begin_write().await?;
        if !first_sight(&mut tx, event, now).await? {
            return Ok(Confirmed::Repeated);
        }
        // Takes the checkout's row (PostgreSQL waits here for another confirmation of the same
        // checkout, then sees it paid).
        let unpaid = sqlx::query(
            "UPDATE card_checkouts SET checked_at = $2 WHERE id = $1 AND status <> 'paid'",
        )
        .bind(checkout)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        // The charge may come with a later confirmation than the one that recorded the payment.
        sqlx::query("UPDATE card_checkouts SET charge = $2 WHERE id = $1 AND charge IS NULL")
            .bind(checkout)
            .bind(charge)
            .execute(&mut *tx)
            .await?;
        if unpaid.rows_affected() != 1 {
            tx.commit().await?;
            return Ok(Confirmed::AlreadyRecorded);
        }
        sqlx::query(
            "UPDATE invoices SET paid_minor = paid_minor + $2, updated_at = $3, status = CASE \
             WHEN status = 'finalized' AND paid_minor + $2 >= total_minor THEN 'paid' \
             ELSE status END WHERE id = $1",
        )
        .bind(invoice)
        .bind(amount)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO payments (invoice_id, amount_minor, received_on, reference, method, \
             recorded_by, recorded_at) VALUES ($1, $2, $3, $4, 'card', NULL, $5) RETURNING id",
        )
        .bind(invoice)
        .bind(amount)
        .bind(received_on)
        .bind(reference)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE card_checkouts SET status = 'paid', payment_id = $2 WHERE id = $1")
            .bind(checkout)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        post(&mut tx, &transaction(id).map_err(SettleError::Build)?).await?;
        tx.commit().await?;
        Ok(Confirmed::Recorded(id))
    }

    /// Up to `limit` open checkouts last asked about before `before`, oldest first: those whose
    /// confirmation may have been lost.
    pub async fn checkouts_to_check(
        &self,
        before: i64,
        limit: i64,
    ) -> Result<Vec<StoredCheckout>, StoreError> {
        sqlx::query(&format!(
            "{SELECT} WHERE c.status = 'open' AND c.checked_at < $1 \
             ORDER BY c.checked_at LIMIT $2"
        ))
        .bind(before)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(checkout)
        .collect()
    }

    /// The charge of the card payment of invoice `number`, if one is known.
    pub async fn invoice_charge(&self, number: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT c.charge FROM card_checkouts c JOIN invoices i ON i.id = c.invoice_id \
             WHERE i.number = $1 AND c.status = 'paid' AND c.charge IS NOT NULL \
             ORDER BY c.id LIMIT 1",
        )
        .bind(number)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Notes that the checkout `id` was asked about at `now`.
    pub async fn checkout_checked(&self, id: i64, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE card_checkouts SET checked_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
