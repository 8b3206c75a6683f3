//! Money after finalization: payments recorded against an invoice, the credit note that cancels
//! one, and the payouts to providers, each written with its ledger transaction in one
//! transaction. The conditions are part of the writes (an invoice is paid only up to its total,
//! cancelled only while nothing was paid, a payout made only against the payouts it was computed
//! from), so two operators acting at once cannot pay twice or overpay.

use super::ledger::post;
use super::{Store, StoreError};
use crate::account::UserId;
use crate::audit::Record;
use crate::billing::{Invoice, InvoiceNumber};
use crate::catalog::ProviderId;
use crate::ledger::Transaction;
use sqlx::Row;

/// One finalized invoice by number, with what is needed to pay or cancel it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payable {
    pub id: i64,
    pub status: String,
    pub invoice: Invoice,
    pub month: String,
    pub paid_minor: i64,
}

/// A payment received by transfer, as the operator records it.
#[derive(Clone, Copy, Debug)]
pub struct NewPayment<'a> {
    pub invoice: i64,
    pub amount: i64,
    /// The date on the bank statement, as written.
    pub received_on: &'a str,
    pub reference: &'a str,
    pub by: UserId,
    pub now: i64,
}

/// A payout to a provider, made by hand under `reference`.
#[derive(Clone, Copy, Debug)]
pub struct NewPayout<'a> {
    pub provider: ProviderId,
    pub amount: i64,
    pub reference: &'a str,
    pub by: UserId,
    pub now: i64,
}

/// Why a payment, a cancellation or a payout was not written.
#[derive(Debug, thiserror::Error)]
pub enum SettleError {
    /// The invoice is no longer in the state the use case checked (paid or cancelled
    /// meanwhile), or the payouts changed since the allowance was computed.
    #[error("changed meanwhile")]
    Changed,
    #[error("the transaction could not be built: {0}")]
    Build(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for SettleError {
    fn from(err: sqlx::Error) -> Self {
        Self::Store(StoreError::Database(err))
    }
}

impl Store {
    /// The invoice or credit note numbered `number`, if it exists.
    pub async fn invoice_by_number(
        &self,
        number: InvoiceNumber,
    ) -> Result<Option<Payable>, StoreError> {
        let Some(row) = sqlx::query(
            "SELECT id, status, document, month, paid_minor FROM invoices WHERE number = $1",
        )
        .bind(number.to_string())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        Ok(Some(Payable {
            id: row.try_get("id")?,
            status: row.try_get("status")?,
            invoice: serde_json::from_str(&row.try_get::<String, _>("document")?)
                .map_err(|_| StoreError::Corrupt("invoices.document"))?,
            month: row.try_get("month")?,
            paid_minor: row.try_get("paid_minor")?,
        }))
    }

    /// Records `payment` against its finalized invoice, which it marks paid when it reaches the
    /// total, and `record` of the payment's id; refused when it would pay more than is left.
    pub async fn record_payment(
        &self,
        payment: &NewPayment<'_>,
        transaction: &(dyn Fn(i64) -> Result<Transaction, String> + Sync),
        record: &(dyn Fn(i64) -> Record + Sync),
    ) -> Result<i64, SettleError> {
        let NewPayment {
            invoice,
            amount,
            received_on,
            reference,
            by,
            now,
        } = *payment;
        let mut tx = self.begin_write().await?;
        let paid = sqlx::query(
            "UPDATE invoices SET paid_minor = paid_minor + $2, updated_at = $3, status = CASE \
             WHEN paid_minor + $2 = total_minor THEN 'paid' ELSE status END \
             WHERE id = $1 AND kind = 'invoice' AND status = 'finalized' \
             AND paid_minor + $2 <= total_minor",
        )
        .bind(invoice)
        .bind(amount)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if paid.rows_affected() != 1 {
            return Err(SettleError::Changed);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO payments (invoice_id, amount_minor, received_on, reference, method, \
             recorded_by, recorded_at) VALUES ($1, $2, $3, $4, 'transfer', $5, $6) RETURNING id",
        )
        .bind(invoice)
        .bind(amount)
        .bind(received_on)
        .bind(reference)
        .bind(by.get())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        post(&mut tx, &transaction(id).map_err(SettleError::Build)?).await?;
        super::audit::append(&mut tx, &record(id)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Voids the finalized, unpaid invoice `invoice` and finalizes its credit note, numbered in
    /// the same series, with its ledger transaction, and `record` of the credit note's number.
    pub async fn cancel_invoice(
        &self,
        invoice: i64,
        reason: &str,
        at: i64,
        credit_note: &(dyn Fn(InvoiceNumber) -> Result<(Invoice, Transaction), String> + Sync),
        record: &(dyn Fn(InvoiceNumber) -> Record + Sync),
    ) -> Result<InvoiceNumber, SettleError> {
        let mut tx = self.begin_write().await?;
        let voided = sqlx::query(
            "UPDATE invoices SET status = 'void', updated_at = $2 WHERE id = $1 \
             AND kind = 'invoice' AND status = 'finalized' AND paid_minor = 0",
        )
        .bind(invoice)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if voided.rows_affected() != 1 {
            return Err(SettleError::Changed);
        }
        let number = super::invoices::next_number(&mut tx, at)
            .await
            .map_err(|err| SettleError::Build(err.to_string()))?;
        let (note, transaction) = credit_note(number).map_err(SettleError::Build)?;
        let [net, vat, commission, total] = super::invoices::figures(&note);
        let note_id: i64 = sqlx::query_scalar(
            "INSERT INTO invoices (tenant_id, month, kind, status, number, cancels, customer, \
             document, net_minor, vat_minor, commission_minor, total_minor, created_at, \
             updated_at, finalized_at, reason) \
             SELECT tenant_id, month, 'credit_note', 'finalized', $2, id, customer, $3, $4, $5, \
             $6, $7, $8, $8, $8, $9 FROM invoices WHERE id = $1 RETURNING id",
        )
        .bind(invoice)
        .bind(number.to_string())
        .bind(super::invoices::document(&note)?)
        .bind(net)
        .bind(vat)
        .bind(commission)
        .bind(total)
        .bind(at)
        .bind(reason)
        .fetch_one(&mut *tx)
        .await?;
        super::invoice_parts::write_parts(&mut tx, note_id, &note).await?;
        post(&mut tx, &transaction).await?;
        super::audit::append(&mut tx, &record(number)).await?;
        tx.commit().await?;
        Ok(number)
    }

    /// The numbers of the invoices fully paid.
    pub async fn paid_invoices(&self) -> Result<Vec<InvoiceNumber>, StoreError> {
        let numbers: Vec<String> = sqlx::query_scalar(
            "SELECT number FROM invoices WHERE kind = 'invoice' AND status = 'paid'",
        )
        .fetch_all(&self.pool)
        .await?;
        numbers
            .iter()
            .map(|number| {
                InvoiceNumber::parse(number).map_err(|_| StoreError::Corrupt("invoices.number"))
            })
            .collect()
    }

    /// How many payouts were made so far, the count a payout is computed against.
    pub async fn payout_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM payouts")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Records `payout`, computed when `payouts_before` payouts had been made: refused when
    /// another payout was made since.
    pub async fn record_payout(
        &self,
        payout: &NewPayout<'_>,
        payouts_before: i64,
        transaction: &(dyn Fn(i64) -> Result<Transaction, String> + Sync),
        record: &(dyn Fn(i64) -> Record + Sync),
    ) -> Result<i64, SettleError> {
        let NewPayout {
            provider,
            amount,
            reference,
            by,
            now,
        } = *payout;
        let mut tx = self.begin_write().await?;
        // One payout writer at a time (SQLite's write lock already is one), then a check that
        // nothing was paid out since the allowance was computed.
        if self.backend == super::Backend::Postgres {
            sqlx::query("LOCK TABLE payouts IN SHARE ROW EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await?;
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payouts")
            .fetch_one(&mut *tx)
            .await?;
        if count != payouts_before {
            return Err(SettleError::Changed);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO payouts (provider_id, amount_minor, reference, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(provider.get())
        .bind(amount)
        .bind(reference)
        .bind(by.get())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        post(&mut tx, &transaction(id).map_err(SettleError::Build)?).await?;
        super::audit::append(&mut tx, &record(id)).await?;
        tx.commit().await?;
        Ok(id)
    }
}
