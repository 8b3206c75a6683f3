//! Providers' own accounts at the payment method, and the payouts transferred into them. An
//! account and a transfer are written with their idempotency keys before the method is called;
//! a transfer is written only while nothing was paid out since its payout was computed and no
//! other transfer of its provider is in flight, and becomes a payout, with its ledger
//! transaction, once the method made it.

use super::checkouts::{SeenEvent, first_sight};
use super::ledger::post;
use super::payments::SettleError;
use super::{Backend, Store, StoreError};
use crate::account::UserId;
use crate::audit::Record;
use crate::billing::FailedTransfer;
use crate::catalog::ProviderId;
use crate::ledger::Transaction;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A provider's account, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderAccount {
    pub provider: ProviderId,
    pub idempotency_key: String,
    /// The method's id, once it answered.
    pub account: Option<String>,
    pub payouts_enabled: bool,
}

/// A transfer of a provider's share of one invoice, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredTransfer {
    pub id: i64,
    pub provider: ProviderId,
    pub invoice_number: String,
    pub amount_minor: i64,
    pub idempotency_key: String,
    pub account: String,
}

/// A transfer to write.
#[derive(Clone, Copy, Debug)]
pub struct NewTransfer<'a> {
    pub provider: ProviderId,
    pub invoice_number: &'a str,
    pub amount: i64,
    pub by: UserId,
    pub now: i64,
    /// How many payouts had been made when the transfer was computed.
    pub payouts_before: i64,
}

fn account(row: &AnyRow) -> Result<ProviderAccount, StoreError> {
    Ok(ProviderAccount {
        provider: ProviderId::new(row.try_get("provider_id")?),
        idempotency_key: row.try_get("idempotency_key")?,
        account: row.try_get("account")?,
        payouts_enabled: row.try_get::<i64, _>("payouts_enabled")? == 1,
    })
}

/// How many transfers to a provider were asked and not answered.
const IN_FLIGHT: &str =
    "SELECT COUNT(*) FROM payout_transfers WHERE provider_id = $1 AND status = 'requested'";

const TRANSFER: &str = "SELECT t.id, t.provider_id, t.invoice_number, t.amount_minor, \
     t.idempotency_key, a.account FROM payout_transfers t \
     JOIN provider_accounts a ON a.provider_id = t.provider_id";

fn transfer(row: &AnyRow) -> Result<StoredTransfer, StoreError> {
    Ok(StoredTransfer {
        id: row.try_get("id")?,
        provider: ProviderId::new(row.try_get("provider_id")?),
        invoice_number: row.try_get("invoice_number")?,
        amount_minor: row.try_get("amount_minor")?,
        idempotency_key: row.try_get("idempotency_key")?,
        account: row
            .try_get::<Option<String>, _>("account")?
            .ok_or(StoreError::Corrupt("provider_accounts.account"))?,
    })
}

impl Store {
    /// The account of `provider`, if one was opened or is being opened.
    pub async fn provider_account(
        &self,
        provider: ProviderId,
    ) -> Result<Option<ProviderAccount>, StoreError> {
        sqlx::query(
            "SELECT provider_id, idempotency_key, account, payouts_enabled \
             FROM provider_accounts WHERE provider_id = $1",
        )
        .bind(provider.get())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(account)
        .transpose()
    }

    /// Every provider's account that may receive payouts, by provider.
    pub async fn payable_accounts(&self) -> Result<Vec<(ProviderId, String)>, StoreError> {
        sqlx::query(
            "SELECT provider_id, account FROM provider_accounts \
             WHERE payouts_enabled = 1 AND account IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok((
                ProviderId::new(row.try_get("provider_id")?),
                row.try_get("account")?,
            ))
        })
        .collect()
    }

    /// Up to `limit` opened accounts that may not receive payouts yet, last looked at before
    /// `before`.
    pub async fn accounts_to_check(
        &self,
        before: i64,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT account FROM provider_accounts WHERE account IS NOT NULL \
             AND payouts_enabled = 0 AND updated_at < $1 ORDER BY updated_at LIMIT $2",
        )
        .bind(before)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Notes that `account` was looked at, at `now`.
    pub async fn account_checked(&self, account: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE provider_accounts SET updated_at = $2 WHERE account = $1")
            .bind(account)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Writes the account of `provider` to open under `key`, unless it has one.
    pub async fn new_provider_account(
        &self,
        provider: ProviderId,
        key: &str,
        by: UserId,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO provider_accounts (provider_id, idempotency_key, created_by, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
             ON CONFLICT (provider_id) DO NOTHING",
        )
        .bind(provider.get())
        .bind(key)
        .bind(by.get())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Keeps the method's id of the account of `provider`.
    pub async fn provider_account_opened(
        &self,
        provider: ProviderId,
        account: &str,
        now: i64,
        record: &Record,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let opened = sqlx::query(
            "UPDATE provider_accounts SET account = $2, updated_at = $3 \
             WHERE provider_id = $1 AND account IS NULL",
        )
        .bind(provider.get())
        .bind(account)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        // Another request may have noted it first: then it recorded it.
        if opened.rows_affected() == 1 {
            super::audit::append(&mut tx, record).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Notes whether `account` may receive payouts, as the method said in `event` at `at`;
    /// an older word than the one kept (a late delivery) changes nothing.
    pub async fn account_updated(
        &self,
        account: &str,
        payouts_enabled: bool,
        at: i64,
        event: Option<SeenEvent<'_>>,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        if first_sight(&mut tx, event, now).await? {
            sqlx::query(
                "UPDATE provider_accounts SET payouts_enabled = $2, updated_at = $3, state_at = $4 \
                 WHERE account = $1 AND state_at <= $4",
            )
            .bind(account)
            .bind(i64::from(payouts_enabled))
            .bind(now)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Writes the transfer `new` and the audit log's entry `record(id)`; `None` when a payout
    /// was made since it was computed or another transfer of its provider is in flight.
    pub async fn new_transfer(
        &self,
        new: &NewTransfer<'_>,
        record: impl Fn(i64) -> Record,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.begin_write().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("LOCK TABLE payouts IN SHARE ROW EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await?;
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payouts")
            .fetch_one(&mut *tx)
            .await?;
        let in_flight: i64 = sqlx::query_scalar(IN_FLIGHT)
            .bind(new.provider.get())
            .fetch_one(&mut *tx)
            .await?;
        if count != new.payouts_before || in_flight != 0 {
            return Ok(None);
        }
        let attempt: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) + 1 FROM payout_transfers WHERE provider_id = $1 \
             AND invoice_number = $2",
        )
        .bind(new.provider.get())
        .bind(new.invoice_number)
        .fetch_one(&mut *tx)
        .await?;
        let key = format!(
            "transfer:{}:{}:{attempt}",
            new.provider.get(),
            new.invoice_number
        );
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO payout_transfers (provider_id, invoice_number, attempt, \
             idempotency_key, amount_minor, status, requested_by, requested_at, checked_at) \
             VALUES ($1, $2, $3, $4, $5, 'requested', $6, $7, $7) RETURNING id",
        )
        .bind(new.provider.get())
        .bind(new.invoice_number)
        .bind(attempt)
        .bind(&key)
        .bind(new.amount)
        .bind(new.by.get())
        .bind(new.now)
        .fetch_one(&mut *tx)
        .await?;
        super::audit::append(&mut tx, &record(id)).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Whether a transfer to `provider` was asked and not answered.
    pub async fn transfer_in_flight(&self, provider: ProviderId) -> Result<bool, StoreError> {
        let count: i64 = sqlx::query_scalar(IN_FLIGHT)
            .bind(provider.get())
            .fetch_one(&self.pool)
            .await?;
        Ok(count > 0)
    }

    /// The transfer `id`.
    pub async fn stored_transfer(&self, id: i64) -> Result<Option<StoredTransfer>, StoreError> {
        sqlx::query(&format!("{TRANSFER} WHERE t.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(transfer)
            .transpose()
    }

    /// Records the requested transfer `transfer`, made by the method as `made`, as a payout
    /// with its ledger transaction; `false` when it was recorded before.
    pub async fn record_transfer(
        &self,
        transfer: &StoredTransfer,
        made: &str,
        now: i64,
        payout: &(dyn Fn(i64) -> Result<Transaction, String> + Sync),
    ) -> Result<bool, SettleError> {
        let mut tx = self.begin_write().await?;
        let taken = sqlx::query(
            "UPDATE payout_transfers SET checked_at = $2 WHERE id = $1 AND status = 'requested'",
        )
        .bind(transfer.id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if taken.rows_affected() != 1 {
            return Ok(false);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO payouts (provider_id, amount_minor, reference, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, NULL, $4) RETURNING id",
        )
        .bind(transfer.provider.get())
        .bind(transfer.amount_minor)
        .bind(made)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE payout_transfers SET status = 'made', transfer = $2, payout_id = $3 \
             WHERE id = $1",
        )
        .bind(transfer.id)
        .bind(made)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        post(&mut tx, &payout(id).map_err(SettleError::Build)?).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Marks the requested transfer `id` failed for `why`: its amount stays due.
    pub async fn transfer_failed(&self, id: i64, why: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE payout_transfers SET status = 'failed', failure = $2, checked_at = $3 \
             WHERE id = $1 AND status = 'requested'",
        )
        .bind(id)
        .bind(why)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Up to `limit` transfers still requested and last looked at before `before`.
    pub async fn transfers_to_check(
        &self,
        before: i64,
        limit: i64,
    ) -> Result<Vec<StoredTransfer>, StoreError> {
        sqlx::query(&format!(
            "{TRANSFER} WHERE t.status = 'requested' AND t.checked_at < $1 \
             ORDER BY t.checked_at LIMIT $2"
        ))
        .bind(before)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(transfer)
        .collect()
    }

    /// The last failed transfer of `provider`, unless a transfer was made since.
    pub async fn last_failed_transfer(
        &self,
        provider: ProviderId,
    ) -> Result<Option<FailedTransfer>, StoreError> {
        let Some(row) = sqlx::query(
            "SELECT invoice_number, amount_minor, status, failure, checked_at \
             FROM payout_transfers WHERE provider_id = $1 AND status <> 'requested' \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(provider.get())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        if row.try_get::<String, _>("status")? != "failed" {
            return Ok(None);
        }
        Ok(Some(FailedTransfer {
            invoice_number: row.try_get("invoice_number")?,
            amount_minor: row.try_get("amount_minor")?,
            failure: row
                .try_get::<Option<String>, _>("failure")?
                .unwrap_or_default(),
            at: row.try_get("checked_at")?,
        }))
    }
}
