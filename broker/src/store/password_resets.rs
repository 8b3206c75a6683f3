//! Password reset links: the link's hash written with its mail in one transaction, and the
//! reset itself (the link used once, the password replaced, every session ended, the audit log
//! written) in another.

use super::outbox::queue_mail;
use super::{Store, StoreError};
use crate::account::{Email, UserId};
use crate::audit::Record;
use crate::mail::Mail;
use crate::reports::TokenHash;
use crate::secret::PasswordHash;
use sqlx::Row;

/// The account a valid reset link is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResetFor {
    pub user: UserId,
    pub email: Email,
    pub name: String,
}

impl Store {
    /// Records the link whose token hashes to `hash` for `user`, valid until `expires_at`, and
    /// queues `mail`, which carries it.
    pub async fn create_password_reset(
        &self,
        user: UserId,
        hash: &TokenHash,
        (now, expires_at): (i64, i64),
        mail: &Mail,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        queue_mail(&mut tx, mail, now).await?;
        sqlx::query(
            "INSERT INTO password_resets (user_id, token_sha256, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(user.get())
        .bind(hash.as_str())
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The account of the unused, unexpired link whose token hashes to `hash`.
    pub async fn password_reset_for(
        &self,
        hash: &TokenHash,
        now: i64,
    ) -> Result<Option<ResetFor>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.name FROM password_resets r JOIN users u ON u.id = r.user_id \
             WHERE r.token_sha256 = $1 AND r.used_at IS NULL AND r.expires_at > $2 \
             AND u.suspended_at IS NULL",
        )
        .bind(hash.as_str())
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(ResetFor {
            user: UserId::new(row.try_get("id")?),
            email: Email::parse(&row.try_get::<String, _>("email")?)
                .map_err(|_| StoreError::Corrupt("users.email"))?,
            name: row.try_get("name")?,
        }))
    }

    /// Uses the link whose token hashes to `hash` (and closes the user's other open links),
    /// sets `password_hash` and moves the account to a new epoch, which ends every session;
    /// writes `record` too. `false`, with nothing written, when the link was used, expired or
    /// never existed.
    pub async fn reset_password(
        &self,
        (user, hash): (UserId, &TokenHash),
        password_hash: &PasswordHash,
        record: &Record,
    ) -> Result<bool, StoreError> {
        let now = record.at;
        let mut tx = self.begin_write().await?;
        let used = sqlx::query(
            "UPDATE password_resets SET used_at = $3 WHERE token_sha256 = $1 AND user_id = $2 \
             AND used_at IS NULL AND expires_at > $3",
        )
        .bind(hash.as_str())
        .bind(user.get())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if used.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user.get())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE users SET password_hash = $1, auth_epoch = auth_epoch + 1 WHERE id = $2",
        )
        .bind(password_hash.expose())
        .bind(user.get())
        .execute(&mut *tx)
        .await?;
        super::audit::append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(true)
    }
}
