//! Providers and their members: applications, the operator's decisions and who belongs to
//! which provider with which role.
//!
//! Whoever is not the operator reaches a provider only through a membership test inside the
//! query, so a forged provider id finds nothing. A decision names the status it starts from, so
//! two concurrent decisions cannot both apply: the second finds no row and reports it.

use super::access::{Access, provider_reach};
use super::{Store, StoreError, unique_violation};
use crate::account::UserId;
use crate::audit::Record;
use crate::catalog::{
    Provider, ProviderId, ProviderMember, ProviderRole, ProviderStatus, Slug, ValidApplication,
};
use crate::format::CountryCode;
use sqlx::Row;
use sqlx::any::AnyRow;

pub(super) const PROVIDER_COLUMNS: &str = "providers.id, providers.slug, providers.legal_name, \
     providers.country, providers.jurisdiction, providers.website, providers.description, \
     providers.support_contact, providers.status, providers.decision_reason, \
     providers.created_at, providers.decided_at";

impl Store {
    /// Records an application: the provider, pending, and the applicant as its owner.
    pub async fn apply_for_provider(
        &self,
        applicant: UserId,
        application: &ValidApplication,
        now: i64,
    ) -> Result<ProviderId, StoreError> {
        let app = application.get();
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO providers (slug, legal_name, country, jurisdiction, website, description, \
             support_contact, status, applied_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(&app.slug)
        .bind(&app.legal_name)
        .bind(&app.country)
        .bind(&app.jurisdiction)
        .bind(&app.website)
        .bind(&app.description)
        .bind(&app.support_contact)
        .bind(ProviderStatus::Pending.as_str())
        .bind(applicant.get())
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|err| unique_violation(err, "slug"))?;
        sqlx::query(
            "INSERT INTO provider_members (provider_id, user_id, role, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(applicant.get())
        .bind(ProviderRole::Owner.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(ProviderId::new(id))
    }

    /// Any provider, whatever its status: for use cases that decide on it themselves.
    pub async fn provider(&self, provider: ProviderId) -> Result<Option<Provider>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {PROVIDER_COLUMNS} FROM providers WHERE id = $1"
        ))
        .bind(provider.get())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(provider_from_row).transpose()
    }

    /// A provider within reach: the operator's, or one `user` is a member of.
    pub async fn provider_for(
        &self,
        access: Access,
        provider: ProviderId,
    ) -> Result<Option<Provider>, StoreError> {
        let (flag, member) = access.binds();
        let row = sqlx::query(&format!(
            "SELECT {PROVIDER_COLUMNS} FROM providers WHERE id = $1 AND {}",
            provider_reach("providers.id", 2, 3)
        ))
        .bind(provider.get())
        .bind(flag)
        .bind(member)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(provider_from_row).transpose()
    }

    /// An approved provider by its slug, for its public page; others are not shown.
    pub async fn approved_provider(&self, slug: &str) -> Result<Option<Provider>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {PROVIDER_COLUMNS} FROM providers WHERE slug = $1 AND status = $2"
        ))
        .bind(slug)
        .bind(ProviderStatus::Approved.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(provider_from_row).transpose()
    }

    /// The providers `user` belongs to, with the user's role in each.
    pub async fn providers_of(
        &self,
        user: UserId,
    ) -> Result<Vec<(Provider, ProviderRole)>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {PROVIDER_COLUMNS}, pm.role FROM providers \
             JOIN provider_members pm ON pm.provider_id = providers.id \
             WHERE pm.user_id = $1 ORDER BY providers.legal_name, providers.id"
        ))
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((provider_from_row(row)?, role_from_row(row)?)))
            .collect()
    }

    /// Moves a provider from `from` to `to` and records it; false (and nothing recorded) when
    /// its status is no longer `from`.
    pub async fn decide_provider(
        &self,
        provider: ProviderId,
        from: ProviderStatus,
        to: ProviderStatus,
        reason: Option<&str>,
        record: &Record,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE providers SET status = $1, decision_reason = $2, decided_at = $3 \
             WHERE id = $4 AND status = $5",
        )
        .bind(to.as_str())
        .bind(reason)
        .bind(record.at)
        .bind(provider.get())
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        super::audit::append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The role of `user` in `provider`, if a member.
    pub async fn provider_role(
        &self,
        user: UserId,
        provider: ProviderId,
    ) -> Result<Option<ProviderRole>, StoreError> {
        let row = sqlx::query(
            "SELECT role FROM provider_members WHERE provider_id = $1 AND user_id = $2",
        )
        .bind(provider.get())
        .bind(user.get())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(role_from_row).transpose()
    }

    /// The members of a provider with their names, when `access` reaches the provider.
    pub async fn provider_members(
        &self,
        access: Access,
        provider: ProviderId,
    ) -> Result<Vec<ProviderMember>, StoreError> {
        let (flag, member) = access.binds();
        let rows = sqlx::query(&format!(
            "SELECT u.id, u.name, u.email, pm.role FROM provider_members pm \
             JOIN users u ON u.id = pm.user_id WHERE pm.provider_id = $1 AND {} \
             ORDER BY u.name, u.id",
            provider_reach("pm.provider_id", 2, 3)
        ))
        .bind(provider.get())
        .bind(flag)
        .bind(member)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ProviderMember {
                    user: UserId::new(row.try_get("id")?),
                    name: row.try_get("name")?,
                    email: row.try_get("email")?,
                    role: role_from_row(row)?,
                })
            })
            .collect()
    }
}

pub(super) fn provider_from_row(row: &AnyRow) -> Result<Provider, StoreError> {
    Ok(Provider {
        id: ProviderId::new(row.try_get("id")?),
        slug: Slug::parse(&row.try_get::<String, _>("slug")?)
            .map_err(|_| StoreError::Corrupt("providers.slug"))?,
        legal_name: row.try_get("legal_name")?,
        country: CountryCode::parse(&row.try_get::<String, _>("country")?)
            .map_err(|_| StoreError::Corrupt("providers.country"))?,
        jurisdiction: row.try_get("jurisdiction")?,
        website: row.try_get("website")?,
        description: row.try_get("description")?,
        support_contact: row.try_get("support_contact")?,
        status: ProviderStatus::parse(&row.try_get::<String, _>("status")?)
            .ok_or(StoreError::Corrupt("providers.status"))?,
        decision_reason: row.try_get("decision_reason")?,
        created_at: row.try_get("created_at")?,
        decided_at: row.try_get("decided_at")?,
    })
}

fn role_from_row(row: &AnyRow) -> Result<ProviderRole, StoreError> {
    ProviderRole::parse(&row.try_get::<String, _>("role")?)
        .ok_or(StoreError::Corrupt("provider_members.role"))
}
