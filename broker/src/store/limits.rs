//! The log-in, sign-up and password reset attempts that the limits of [`crate::account::limits`] count.
//!
//! An attempt is counted and recorded in one writing transaction, before its password is checked
//! or its account created, so that concurrent attempts are counted one after the other. SQLite's
//! `BEGIN IMMEDIATE` already queues every writer; PostgreSQL takes a transaction-scoped advisory
//! lock per account and per address, which queues only the attempts that share one.

use super::{Backend, Store, StoreError};
use crate::account::limits::{CountingSince, LoginHistory, Tally, TooSoon};
use crate::audit::Record;
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};

/// A log-in attempt that was counted; it stays a failure unless [`Store::log_in_succeeded`]
/// says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttemptId(i64);

const TALLY: &str = "SELECT COUNT(*) AS n, MIN(at) AS oldest, MAX(at) AS latest FROM";

impl Store {
    /// Counts the recent failed log-ins on `account` (the email as typed, trimmed and lower-cased,
    /// whether or not it exists) and from `client_addr`, and records one more attempt when
    /// `admit` allows it.
    pub async fn reserve_log_in(
        &self,
        account: &str,
        client_addr: &str,
        now: i64,
        since: CountingSince,
        admit: impl FnOnce(&LoginHistory) -> Result<(), TooSoon>,
    ) -> Result<Result<AttemptId, TooSoon>, StoreError> {
        let mut tx = self.begin_write().await?;
        self.serialize(
            &mut tx,
            &[
                format!("log_in.account:{account}"),
                format!("log_in.address:{client_addr}"),
            ],
        )
        .await?;
        sqlx::query("DELETE FROM login_attempts WHERE at <= $1")
            .bind(since.forget_before())
            .execute(&mut *tx)
            .await?;
        let history = LoginHistory {
            account_and_address: tally(
                &mut tx,
                &format!(
                    "{TALLY} login_attempts WHERE email = $1 AND client_addr = $2 AND at > $3"
                ),
                &[account, client_addr],
                since.window,
            )
            .await?,
            address: tally(
                &mut tx,
                &format!("{TALLY} login_attempts WHERE client_addr = $1 AND at > $2"),
                &[client_addr],
                since.window,
            )
            .await?,
            account: tally(
                &mut tx,
                &format!("{TALLY} login_attempts WHERE email = $1 AND at > $2"),
                &[account],
                since.slowdown,
            )
            .await?,
        };
        if let Err(refusal) = admit(&history) {
            // Ended at once, so that the lock is not held while the connection idles.
            tx.commit().await?;
            return Ok(Err(refusal));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO login_attempts (email, client_addr, at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(account)
        .bind(client_addr)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(AttemptId(id)))
    }

    /// The password of `attempt` proved wrong.
    pub async fn log_in_failed(
        &self,
        attempt: AttemptId,
        record: &Record,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE login_attempts SET checked = 1 WHERE id = $1")
            .bind(attempt.0)
            .execute(&mut *tx)
            .await?;
        super::audit::append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The password of `attempt` was right: it and the failures already checked on the same
    /// account from the same address no longer count. Attempts still being checked keep
    /// counting, so a success does not let a burst from the same address through; failures from
    /// other addresses still slow the account down, so a guesser gains nothing when its owner
    /// signs in.
    pub async fn log_in_succeeded(
        &self,
        attempt: AttemptId,
        account: &str,
        client_addr: &str,
        record: &Record,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM login_attempts \
             WHERE id = $1 OR (email = $2 AND client_addr = $3 AND checked = 1)",
        )
        .bind(attempt.0)
        .bind(account)
        .bind(client_addr)
        .execute(&mut *tx)
        .await?;
        super::audit::append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Counts the sign-ups from `client_addr` since `since` and records one more when `admit`
    /// allows it. A sign-up stays counted whether or not it creates an account.
    pub async fn reserve_sign_up(
        &self,
        client_addr: &str,
        now: i64,
        since: i64,
        admit: impl FnOnce(&Tally) -> Result<(), TooSoon>,
    ) -> Result<Result<(), TooSoon>, StoreError> {
        let mut tx = self.begin_write().await?;
        self.serialize(&mut tx, &[format!("sign_up.address:{client_addr}")])
            .await?;
        sqlx::query("DELETE FROM sign_up_attempts WHERE at <= $1")
            .bind(since)
            .execute(&mut *tx)
            .await?;
        let recent = tally(
            &mut tx,
            &format!("{TALLY} sign_up_attempts WHERE client_addr = $1 AND at > $2"),
            &[client_addr],
            since,
        )
        .await?;
        if let Err(refusal) = admit(&recent) {
            tx.commit().await?;
            return Ok(Err(refusal));
        }
        sqlx::query("INSERT INTO sign_up_attempts (client_addr, at) VALUES ($1, $2)")
            .bind(client_addr)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// Counts the requests for a reset link for `email` (as typed, trimmed and lower-cased) and
    /// from `client_addr` since `since`, and records one more when `admit` allows it.
    pub async fn reserve_reset(
        &self,
        email: &str,
        client_addr: &str,
        (now, since): (i64, i64),
        admit: impl FnOnce(&Tally, &Tally) -> Result<(), TooSoon>,
    ) -> Result<Result<(), TooSoon>, StoreError> {
        let mut tx = self.begin_write().await?;
        self.serialize(
            &mut tx,
            &[
                format!("reset.email:{email}"),
                format!("reset.address:{client_addr}"),
            ],
        )
        .await?;
        sqlx::query("DELETE FROM reset_attempts WHERE at <= $1")
            .bind(since)
            .execute(&mut *tx)
            .await?;
        let of = |column: &str| format!("{TALLY} reset_attempts WHERE {column} = $1 AND at > $2");
        let by_email = tally(&mut tx, &of("email"), &[email], since).await?;
        let by_address = tally(&mut tx, &of("client_addr"), &[client_addr], since).await?;
        if let Err(refusal) = admit(&by_email, &by_address) {
            tx.commit().await?;
            return Ok(Err(refusal));
        }
        sqlx::query("INSERT INTO reset_attempts (email, client_addr, at) VALUES ($1, $2, $3)")
            .bind(email)
            .bind(client_addr)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// Makes the transactions that name one of `keys` wait for each other until they end. SQLite
    /// has nothing to do: its writing transactions already run one at a time.
    async fn serialize(
        &self,
        tx: &mut Transaction<'static, Any>,
        keys: &[String],
    ) -> Result<(), StoreError> {
        if self.backend != Backend::Postgres {
            return Ok(());
        }
        let mut locks: Vec<i64> = keys.iter().map(|key| lock_key(key)).collect();
        // Always in the same order, so that two attempts never wait for each other's second lock.
        locks.sort_unstable();
        locks.dedup();
        for lock in locks {
            // Read as text: the Any driver has no type for the function's `void`.
            sqlx::query("SELECT pg_advisory_xact_lock($1)::text")
                .bind(lock)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }
}

/// A stable 64-bit advisory lock key; a rare collision only makes two attempts queue.
fn lock_key(key: &str) -> i64 {
    let digest = Sha256::digest(format!("comptoir.{key}").as_bytes());
    let mut first = [0_u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

async fn tally(
    tx: &mut Transaction<'static, Any>,
    sql: &str,
    keys: &[&str],
    since: i64,
) -> Result<Tally, StoreError> {
    let mut query = sqlx::query(sql);
    for key in keys {
        query = query.bind(*key);
    }
    let row = query.bind(since).fetch_one(&mut **tx).await?;
    Ok(Tally {
        count: row.try_get("n")?,
        oldest: row.try_get("oldest")?,
        latest: row.try_get("latest")?,
    })
}
