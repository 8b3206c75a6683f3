//! An organisation's monthly budget, which only its owners set; the signature holds contracts to
//! it (see `store::signatures`).

use super::{Store, StoreError};
use crate::account::{TenantId, UserId};
use crate::audit::Record;
use crate::mail::Language;

impl Store {
    /// Sets the monthly budget of `tenant` (`None`: no budget) when `owner` is one of its owners,
    /// and writes `record` of the budget it replaced; false, with nothing written, otherwise.
    pub async fn set_budget(
        &self,
        (owner, tenant): (UserId, TenantId),
        budget_minor: Option<i64>,
        record: impl FnOnce(Option<i64>) -> Record,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let was: Option<Option<i64>> = sqlx::query_scalar(
            "SELECT t.monthly_budget_minor FROM tenants t WHERE t.id = $1 AND EXISTS \
             (SELECT 1 FROM memberships m WHERE m.tenant_id = t.id AND m.user_id = $2 \
             AND m.role = 'owner')",
        )
        .bind(tenant.get())
        .bind(owner.get())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(was) = was else {
            return Ok(false);
        };
        sqlx::query("UPDATE tenants SET monthly_budget_minor = $2 WHERE id = $1")
            .bind(tenant.get())
            .bind(budget_minor)
            .execute(&mut *tx)
            .await?;
        super::audit::append(&mut tx, &record(was)).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The language mail to `user` is written in.
    pub async fn set_language(&self, user: UserId, language: Language) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET language = $2 WHERE id = $1")
            .bind(user.get())
            .bind(language.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
