//! A tenant's blueprint drafts.
//!
//! Every query names the tenant and repeats the caller's membership inside it, so a forged draft
//! id, or a user of another tenant, finds nothing; writes also require a role that composes (not
//! a viewer), so a forgotten check in a use case still writes nothing.

use super::{Store, StoreError, tenant_composer, tenant_member};
use crate::account::{TenantId, UserId};
use crate::blueprint::BlueprintId;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A stored draft: the document is the blueprint's canonical JSON.
#[derive(Clone, Debug)]
pub struct BlueprintRow {
    pub id: BlueprintId,
    pub name: String,
    pub document: String,
    pub updated_at: i64,
}

fn blueprint_from_row(row: &AnyRow) -> Result<BlueprintRow, StoreError> {
    Ok(BlueprintRow {
        id: BlueprintId::new(row.try_get("id")?),
        name: row.try_get("name")?,
        document: row.try_get("document")?,
        updated_at: row.try_get("updated_at")?,
    })
}

impl Store {
    /// The tenant's drafts, the last changed first; empty for a non-member.
    pub async fn blueprints_of(
        &self,
        user: UserId,
        tenant: TenantId,
    ) -> Result<Vec<BlueprintRow>, StoreError> {
        sqlx::query(&format!(
            "SELECT id, name, document, updated_at FROM blueprints WHERE tenant_id = $1 \
             AND {} ORDER BY updated_at DESC, id DESC",
            tenant_member(1, 2)
        ))
        .bind(tenant.get())
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(blueprint_from_row)
        .collect()
    }

    /// One draft of the tenant, for its members.
    pub async fn saved_blueprint(
        &self,
        user: UserId,
        tenant: TenantId,
        id: BlueprintId,
    ) -> Result<Option<BlueprintRow>, StoreError> {
        let member = tenant_member(2, 3);
        sqlx::query(&format!(
            "SELECT id, name, document, updated_at FROM blueprints \
             WHERE id = $1 AND tenant_id = $2 AND {member}"
        ))
        .bind(id.get())
        .bind(tenant.get())
        .bind(user.get())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(blueprint_from_row)
        .transpose()
    }

    /// Stores a new draft; `None` when `user` may not compose in `tenant`.
    pub async fn insert_blueprint(
        &self,
        user: UserId,
        tenant: TenantId,
        name: &str,
        document: &str,
        now: i64,
    ) -> Result<Option<BlueprintId>, StoreError> {
        let composer = tenant_composer(2, 3);
        let mut tx = self.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar(&format!(
            "INSERT INTO blueprints (tenant_id, name, document, created_by, created_at, updated_at) \
             SELECT $2, $4, $5, $3, $1, $1 WHERE {composer} RETURNING id"
        ))
        .bind(now)
        .bind(tenant.get())
        .bind(user.get())
        .bind(name)
        .bind(document)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id.map(BlueprintId::new))
    }

    /// Replaces a draft's blueprint; false when there is no such draft the user may change.
    pub async fn update_blueprint(
        &self,
        user: UserId,
        tenant: TenantId,
        id: BlueprintId,
        name: &str,
        document: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let composer = tenant_composer(2, 3);
        let done = sqlx::query(&format!(
            "UPDATE blueprints SET name = $4, document = $5, updated_at = $6 \
             WHERE id = $1 AND tenant_id = $2 AND {composer}"
        ))
        .bind(id.get())
        .bind(tenant.get())
        .bind(user.get())
        .bind(name)
        .bind(document)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Deletes a draft; false when there is no such draft the user may change.
    pub async fn remove_blueprint(
        &self,
        user: UserId,
        tenant: TenantId,
        id: BlueprintId,
    ) -> Result<bool, StoreError> {
        let composer = tenant_composer(2, 3);
        let done = sqlx::query(&format!(
            "DELETE FROM blueprints WHERE id = $1 AND tenant_id = $2 AND {composer}"
        ))
        .bind(id.get())
        .bind(tenant.get())
        .bind(user.get())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
