//! The operator's changes to accounts: suspending and reinstating users and organisations,
//! and granting and revoking the operator flag, each recorded in its own transaction.

use crate::account::{TenantId, UserId};
use crate::audit::Record;
use crate::operator::Subject;
use crate::store::{Store, StoreError};

/// Whether an account change found its row in the state it expected.
pub type Changed = bool;

impl Store {
    /// Whether the user or organisation exists.
    pub async fn account_exists(&self, subject: Subject) -> Result<bool, StoreError> {
        let (statement, id) = match subject {
            Subject::User(id) => ("SELECT COUNT(*) FROM users WHERE id = $1", id.get()),
            Subject::Organisation(id) => ("SELECT COUNT(*) FROM tenants WHERE id = $1", id.get()),
        };
        let count: i64 = sqlx::query_scalar(statement)
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        Ok(count > 0)
    }

    /// Suspends a user who is not suspended, and moves their account to a new epoch, which ends
    /// every session they have.
    pub async fn suspend_user(
        &self,
        user: UserId,
        reason: &str,
        record: &Record,
    ) -> Result<Changed, StoreError> {
        self.change_account(
            "UPDATE users SET suspended_at = $2, suspension_reason = $3, \
             auth_epoch = auth_epoch + 1 WHERE id = $1 AND suspended_at IS NULL",
            user.get(),
            Some(reason),
            record,
        )
        .await
    }

    pub async fn reinstate_user(
        &self,
        user: UserId,
        record: &Record,
    ) -> Result<Changed, StoreError> {
        self.change_account(
            "UPDATE users SET suspended_at = NULL, suspension_reason = NULL \
             WHERE id = $1 AND suspended_at IS NOT NULL",
            user.get(),
            None,
            record,
        )
        .await
    }

    /// Suspends an organisation that is not suspended.
    pub async fn suspend_tenant(
        &self,
        tenant: TenantId,
        reason: &str,
        record: &Record,
    ) -> Result<Changed, StoreError> {
        self.change_account(
            "UPDATE tenants SET suspended_at = $2, suspension_reason = $3 \
             WHERE id = $1 AND suspended_at IS NULL",
            tenant.get(),
            Some(reason),
            record,
        )
        .await
    }

    pub async fn reinstate_tenant(
        &self,
        tenant: TenantId,
        record: &Record,
    ) -> Result<Changed, StoreError> {
        self.change_account(
            "UPDATE tenants SET suspended_at = NULL, suspension_reason = NULL \
             WHERE id = $1 AND suspended_at IS NOT NULL",
            tenant.get(),
            None,
            record,
        )
        .await
    }

    /// Grants the operator flag to a user who lacks it.
    pub async fn grant_operator(
        &self,
        user: UserId,
        record: &Record,
    ) -> Result<Changed, StoreError> {
        self.change_account(
            "UPDATE users SET is_operator = 1 WHERE id = $1 AND is_operator = 0",
            user.get(),
            None,
            record,
        )
        .await
    }

    /// Takes the operator flag from a user who has it, unless no other operator who can log in
    /// would be left: `Ok(None)` then.
    pub async fn revoke_operator(
        &self,
        user: UserId,
        record: &Record,
    ) -> Result<Option<Changed>, StoreError> {
        let mut tx = self.begin_write().await?;
        // Holding the audit log's head from the start puts two revocations one after the other,
        // so that two operators taking each other's flag cannot leave none.
        sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        let others: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM users WHERE is_operator = 1 AND suspended_at IS NULL AND id <> $1",
        )
        .bind(user.get())
        .fetch_one(&mut *tx)
        .await?;
        if others == 0 {
            return Ok(None);
        }
        let changed =
            sqlx::query("UPDATE users SET is_operator = 0 WHERE id = $1 AND is_operator = 1")
                .bind(user.get())
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
        if changed {
            crate::store::audit::append(&mut tx, record).await?;
            tx.commit().await?;
        }
        Ok(Some(changed))
    }

    /// Runs one account change (`$1` the row's id; `$2` the time and `$3` the reason when
    /// `reason` is given) and, when it changed the row, records it in the same transaction.
    async fn change_account(
        &self,
        statement: &str,
        id: i64,
        reason: Option<&str>,
        record: &Record,
    ) -> Result<Changed, StoreError> {
        let mut tx = self.begin_write().await?;
        let mut query = sqlx::query(statement).bind(id);
        if let Some(reason) = reason {
            query = query.bind(record.at).bind(reason);
        }
        let changed = query.execute(&mut *tx).await?.rows_affected() == 1;
        if changed {
            crate::store::audit::append(&mut tx, record).await?;
            tx.commit().await?;
        }
        Ok(changed)
    }
}
