//! The operator's queries over the whole marketplace: searching users, organisations and
//! providers, a user's and an organisation's pages, and suspending, reinstating and granting the
//! operator flag. These are the store's only reads across tenants without a tenant filter, and
//! only `service::operator` calls them, after checking the operator flag.

mod billing;
mod catalog;
mod changes;
mod health;
mod overview;

use super::contracts::{contract_summaries, contract_summary};
use super::{Store, StoreError};
use crate::account::{Role, TenantId, UserId};
use crate::audit::ActionKind;
use crate::billing::InvoiceFilter;
use crate::catalog::{ProviderId, ProviderRole, ProviderStatus};
use crate::money::{MARKETPLACE_CURRENCY, Money};
use crate::operator::{
    LOG_INS_SHOWN, LogIn, OrganisationMember, OrganisationPage, OrganisationRow, PeopleFound,
    ProviderMembership, ProviderRow, SEARCH_LIMIT, Suspension, UserMembership, UserPage, UserRow,
    like_pattern,
};
use sqlx::Row;
use sqlx::any::AnyRow;

const USER_COLUMNS: &str =
    "u.id, u.email, u.name, u.is_operator, u.suspended_at, u.suspension_reason, u.created_at";
const ORGANISATION_COLUMNS: &str = "t.id, t.name, t.suspended_at, t.suspension_reason, \
     t.created_at, (SELECT COUNT(*) FROM memberships m WHERE m.tenant_id = t.id) AS members";

pub use changes::Changed;

impl Store {
    /// The users, organisations and providers whose name or email holds `text` (every one, newest
    /// first, when it is empty); an organisation is also found by a member's email.
    pub async fn operator_search(&self, text: &str) -> Result<PeopleFound, StoreError> {
        let pattern = like_pattern(text);
        let users = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE LOWER(u.email) LIKE $1 ESCAPE '\\' \
             OR LOWER(u.name) LIKE $1 ESCAPE '\\' ORDER BY u.id DESC LIMIT $2"
        ))
        .bind(&pattern)
        .bind(SEARCH_LIMIT)
        .fetch_all(&self.pool)
        .await?;
        let organisations = sqlx::query(&format!(
            "SELECT {ORGANISATION_COLUMNS} FROM tenants t WHERE LOWER(t.name) LIKE $1 ESCAPE '\\' \
             OR EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.tenant_id = t.id AND LOWER(u.email) LIKE $1 ESCAPE '\\') \
             ORDER BY t.id DESC LIMIT $2"
        ))
        .bind(&pattern)
        .bind(SEARCH_LIMIT)
        .fetch_all(&self.pool)
        .await?;
        let providers = sqlx::query(
            "SELECT id, slug, legal_name, status FROM providers \
             WHERE LOWER(legal_name) LIKE $1 ESCAPE '\\' OR LOWER(slug) LIKE $1 ESCAPE '\\' \
             ORDER BY id DESC LIMIT $2",
        )
        .bind(&pattern)
        .bind(SEARCH_LIMIT)
        .fetch_all(&self.pool)
        .await?;
        Ok(PeopleFound {
            users: users.iter().map(user_row).collect::<Result<_, _>>()?,
            organisations: organisations
                .iter()
                .map(organisation_row)
                .collect::<Result<_, _>>()?,
            providers: providers
                .iter()
                .map(provider_row)
                .collect::<Result<_, _>>()?,
        })
    }

    /// A user with their organisations, providers and last log-ins.
    pub async fn operator_user(&self, user: UserId) -> Result<Option<UserPage>, StoreError> {
        let Some(row) = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1"
        ))
        .bind(user.get())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let memberships = sqlx::query(
            "SELECT m.tenant_id, t.name, m.role, t.suspended_at FROM memberships m \
             JOIN tenants t ON t.id = m.tenant_id WHERE m.user_id = $1 ORDER BY t.name, t.id",
        )
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?;
        let providers = sqlx::query(
            "SELECT pm.provider_id, p.legal_name, pm.role FROM provider_members pm \
             JOIN providers p ON p.id = pm.provider_id WHERE pm.user_id = $1 \
             ORDER BY p.legal_name, p.id",
        )
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?;
        let log_ins = sqlx::query(
            "SELECT at, address, agent FROM audit_entries WHERE actor_user = $1 AND action = $2 \
             ORDER BY seq DESC LIMIT $3",
        )
        .bind(user.get())
        .bind(ActionKind::LoggedIn.as_str())
        .bind(LOG_INS_SHOWN)
        .fetch_all(&self.pool)
        .await?;
        Ok(Some(UserPage {
            user: user_row(&row)?,
            suspension: suspension(&row)?,
            memberships: memberships
                .iter()
                .map(|row| {
                    Ok(UserMembership {
                        tenant: TenantId::new(row.try_get("tenant_id")?),
                        tenant_name: row.try_get("name")?,
                        role: role(row)?,
                        tenant_suspended: row.try_get::<Option<i64>, _>("suspended_at")?.is_some(),
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            providers: providers
                .iter()
                .map(|row| {
                    Ok(ProviderMembership {
                        provider: ProviderId::new(row.try_get("provider_id")?),
                        legal_name: row.try_get("legal_name")?,
                        role: ProviderRole::parse(&row.try_get::<String, _>("role")?)
                            .ok_or(StoreError::Corrupt("provider_members.role"))?,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            log_ins: log_ins
                .iter()
                .map(|row| {
                    Ok(LogIn {
                        at: row.try_get("at")?,
                        address: row.try_get("address")?,
                        agent: row.try_get("agent")?,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
        }))
    }

    /// An organisation with its members, contracts, invoices and the balance it owes.
    pub async fn operator_organisation(
        &self,
        tenant: TenantId,
    ) -> Result<Option<OrganisationPage>, StoreError> {
        let Some(row) = sqlx::query(&format!(
            "SELECT {ORGANISATION_COLUMNS} FROM tenants t WHERE t.id = $1"
        ))
        .bind(tenant.get())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let members = sqlx::query(
            "SELECT u.id, u.name, u.email, m.role, u.suspended_at FROM memberships m \
             JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1 ORDER BY u.name, u.id",
        )
        .bind(tenant.get())
        .fetch_all(&self.pool)
        .await?;
        let contracts = sqlx::query(&contract_summaries("c.tenant_id = $1"))
            .bind(tenant.get())
            .fetch_all(&self.pool)
            .await?;
        let filter = InvoiceFilter {
            tenant: tenant.get().to_string(),
            ..InvoiceFilter::default()
        };
        let due: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(SUM(total_minor - paid_minor) AS BIGINT) FROM invoices \
             WHERE tenant_id = $1 AND kind = 'invoice' AND status = 'finalized'",
        )
        .bind(tenant.get())
        .fetch_one(&self.pool)
        .await?;
        Ok(Some(OrganisationPage {
            organisation: organisation_row(&row)?,
            suspension: suspension(&row)?,
            members: members
                .iter()
                .map(|row| {
                    Ok(OrganisationMember {
                        user: UserId::new(row.try_get("id")?),
                        name: row.try_get("name")?,
                        email: row.try_get("email")?,
                        role: role(row)?,
                        suspended: row.try_get::<Option<i64>, _>("suspended_at")?.is_some(),
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            contracts: contracts
                .iter()
                .map(contract_summary)
                .collect::<Result<_, _>>()?,
            invoices: self.operator_invoices(&filter).await?,
            balance_due: Money::new(due.unwrap_or(0), MARKETPLACE_CURRENCY),
        }))
    }
}

fn user_row(row: &AnyRow) -> Result<UserRow, StoreError> {
    Ok(UserRow {
        id: UserId::new(row.try_get("id")?),
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        is_operator: row.try_get::<i64, _>("is_operator")? == 1,
        suspended: row.try_get::<Option<i64>, _>("suspended_at")?.is_some(),
        created_at: row.try_get("created_at")?,
    })
}

fn organisation_row(row: &AnyRow) -> Result<OrganisationRow, StoreError> {
    Ok(OrganisationRow {
        id: TenantId::new(row.try_get("id")?),
        name: row.try_get("name")?,
        members: row.try_get("members")?,
        suspended: row.try_get::<Option<i64>, _>("suspended_at")?.is_some(),
        created_at: row.try_get("created_at")?,
    })
}

fn provider_row(row: &AnyRow) -> Result<ProviderRow, StoreError> {
    Ok(ProviderRow {
        id: ProviderId::new(row.try_get("id")?),
        slug: row.try_get("slug")?,
        legal_name: row.try_get("legal_name")?,
        status: ProviderStatus::parse(&row.try_get::<String, _>("status")?)
            .ok_or(StoreError::Corrupt("providers.status"))?,
    })
}

fn role(row: &AnyRow) -> Result<Role, StoreError> {
    Role::parse(&row.try_get::<String, _>("role")?).ok_or(StoreError::Corrupt("memberships.role"))
}

/// The suspension of a row with `suspended_at` and `suspension_reason`.
pub(super) fn suspension(row: &AnyRow) -> Result<Option<Suspension>, StoreError> {
    let at: Option<i64> = row.try_get("suspended_at")?;
    Ok(match at {
        Some(at) => Some(Suspension {
            at,
            reason: row
                .try_get::<Option<String>, _>("suspension_reason")?
                .unwrap_or_default(),
        }),
        None => None,
    })
}
