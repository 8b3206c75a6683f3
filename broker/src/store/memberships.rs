//! Who belongs to which tenant, with which role: the memberships a user holds and the members
//! a tenant's dashboard lists. The members are read with the caller's own membership inside the
//! query, so nobody lists the members of a tenant they do not belong to.

use super::{Backend, Store, StoreError, unique_violation};
use crate::account::members::MemberChange;
use crate::account::{Dashboard, Email, Member, Membership, Role, TenantId, UserId};
use crate::audit::Record;
use crate::operator::Suspension;
use sqlx::Row;

/// A change to one membership, as it was decided: by `actor`, who held `actor_role`, to
/// `member`, who held `was`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MembershipChange {
    pub tenant: TenantId,
    pub actor: UserId,
    pub actor_role: Role,
    pub member: UserId,
    pub was: Role,
    pub change: MemberChange,
}

/// What became of a change to a membership.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MembershipChanged {
    Done,
    /// The member's or the actor's role is no longer the one the change was decided on, or
    /// one of them left.
    Moved,
    /// The change would leave the organisation without an owner.
    LastOwner,
}

impl Store {
    /// The role of `user` in `tenant`; `None` when not a member.
    pub async fn tenant_role(
        &self,
        user: UserId,
        tenant: TenantId,
    ) -> Result<Option<Role>, StoreError> {
        let role: Option<String> = sqlx::query_scalar(
            "SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2",
        )
        .bind(tenant.get())
        .bind(user.get())
        .fetch_optional(&self.pool)
        .await?;
        role.map(|raw| Role::parse(&raw).ok_or(StoreError::Corrupt("memberships.role")))
            .transpose()
    }

    /// Makes the change `decided`, if the actor's and the member's roles are still the ones it
    /// was decided on, and writes `record` in the same transaction. On PostgreSQL the
    /// organisation's row is locked first (SQLite's writes are serial already), so that two
    /// owners demoting each other cannot leave none.
    pub async fn change_membership(
        &self,
        decided: &MembershipChange,
        record: &Record,
    ) -> Result<MembershipChanged, StoreError> {
        let MembershipChange {
            tenant,
            actor,
            actor_role,
            member,
            was,
            change,
        } = *decided;
        let mut tx = self.begin_write().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT id FROM tenants WHERE id = $1 FOR UPDATE")
                .bind(tenant.get())
                .fetch_optional(&mut *tx)
                .await?;
        }
        let rows = sqlx::query(
            "SELECT user_id, role FROM memberships WHERE tenant_id = $1 AND user_id IN ($2, $3)",
        )
        .bind(tenant.get())
        .bind(actor.get())
        .bind(member.get())
        .fetch_all(&mut *tx)
        .await?;
        let role_of = |user: UserId| -> Result<Option<Role>, StoreError> {
            for row in &rows {
                if row.try_get::<i64, _>("user_id")? == user.get() {
                    return Ok(Some(role_from_row(row)?));
                }
            }
            Ok(None)
        };
        if role_of(actor)? != Some(actor_role) || role_of(member)? != Some(was) {
            return Ok(MembershipChanged::Moved);
        }
        if was == Role::Owner && change != MemberChange::Role(Role::Owner) {
            let owners: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM memberships WHERE tenant_id = $1 AND role = 'owner'",
            )
            .bind(tenant.get())
            .fetch_one(&mut *tx)
            .await?;
            if owners <= 1 {
                return Ok(MembershipChanged::LastOwner);
            }
        }
        let statement = match change {
            MemberChange::Role(_) => {
                "UPDATE memberships SET role = $3 WHERE tenant_id = $1 AND user_id = $2"
            }
            MemberChange::Remove => "DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2",
        };
        let mut query = sqlx::query(statement).bind(tenant.get()).bind(member.get());
        if let MemberChange::Role(role) = change {
            query = query.bind(role.as_str());
        }
        query.execute(&mut *tx).await?;
        super::audit::append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(MembershipChanged::Done)
    }

    /// The operator's suspension of `tenant`, if it is suspended.
    pub async fn tenant_suspension(
        &self,
        tenant: TenantId,
    ) -> Result<Option<Suspension>, StoreError> {
        let row = sqlx::query("SELECT suspended_at, suspension_reason FROM tenants WHERE id = $1")
            .bind(tenant.get())
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => super::operator::suspension(&row)?,
            None => None,
        })
    }

    /// Adds `user` to `tenant` with `role`.
    pub async fn add_tenant_member(
        &self,
        tenant: TenantId,
        user: UserId,
        role: Role,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(tenant.get())
        .bind(user.get())
        .bind(role.as_str())
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(|err| unique_violation(err, "membership"))?;
        Ok(())
    }

    pub async fn memberships(&self, user: UserId) -> Result<Vec<Membership>, StoreError> {
        let rows = sqlx::query(
            "SELECT t.id, t.name, m.role FROM memberships m JOIN tenants t ON t.id = m.tenant_id \
             WHERE m.user_id = $1 ORDER BY t.name, t.id",
        )
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Membership {
                    tenant: TenantId::new(row.try_get("id")?),
                    tenant_name: row.try_get("name")?,
                    role: role_from_row(row)?,
                })
            })
            .collect()
    }

    /// The dashboard of `tenant` as `user` sees it; `None` when the user is not a member.
    pub async fn dashboard(
        &self,
        user: UserId,
        tenant: TenantId,
    ) -> Result<Option<Dashboard>, StoreError> {
        let Some(own) = sqlx::query(
            "SELECT t.name, t.suspended_at, t.suspension_reason, t.monthly_budget_minor, m.role FROM tenants t \
             JOIN memberships m ON m.tenant_id = t.id \
             WHERE t.id = $1 AND m.user_id = $2",
        )
        .bind(tenant.get())
        .bind(user.get())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        // The membership join repeats the caller's own membership so the query alone guarantees
        // that nobody lists the members of a tenant they do not belong to.
        let rows = sqlx::query(
            "SELECT u.id, u.name, u.email, m.role FROM memberships m \
             JOIN users u ON u.id = m.user_id \
             JOIN memberships me ON me.tenant_id = m.tenant_id AND me.user_id = $2 \
             WHERE m.tenant_id = $1 ORDER BY u.name, u.id",
        )
        .bind(tenant.get())
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?;
        let members = rows
            .iter()
            .map(|row| {
                Ok(Member {
                    user: UserId::new(row.try_get("id")?),
                    name: row.try_get("name")?,
                    email: Email::parse(&row.try_get::<String, _>("email")?)
                        .map_err(|_| StoreError::Corrupt("users.email"))?,
                    role: role_from_row(row)?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Some(Dashboard {
            tenant,
            tenant_name: own.try_get("name")?,
            role: role_from_row(&own)?,
            members,
            suspension: super::operator::suspension(&own)?,
            budget_minor: own.try_get("monthly_budget_minor")?,
        }))
    }
}

fn role_from_row(row: &sqlx::any::AnyRow) -> Result<Role, StoreError> {
    Role::parse(&row.try_get::<String, _>("role")?).ok_or(StoreError::Corrupt("memberships.role"))
}
