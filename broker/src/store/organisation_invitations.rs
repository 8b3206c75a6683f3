//! Invitations to an organisation, which go by mail. Recording, listing, resending and revoking
//! test inside the query that the caller is one of the organisation's owners or admins; the link's
//! token (its hash) finds the invitation for its page and for joining, which also needs the
//! invitee signed in with the invited address. A change names the status it starts from (open),
//! so an invitation is accepted or revoked once.

use super::invitations::transition;
use super::outbox::queue_mail;
use super::{Store, StoreError, unique_violation};
use crate::account::{Email, Role, TenantId, UserId};
use crate::audit::Record;
use crate::invitation::{
    InvitationAction, InvitationId, InvitationOffer, InvitationStatus, OrganisationInvitation,
};
use crate::mail::Mail;
use crate::reports::TokenHash;
use sqlx::Row;
use sqlx::any::AnyRow;

/// The test that `$user` is an owner or admin of the invitation's organisation.
fn manager_test(tenant: &str, user: usize) -> String {
    format!(
        "EXISTS (SELECT 1 FROM memberships o WHERE o.tenant_id = {tenant} \
         AND o.user_id = ${user} AND o.role IN ('owner', 'admin'))"
    )
}

/// The test that `$user` may send or revoke an invitation with the role `role` (an SQL
/// expression): an owner of the organisation any, an admin any but an owner's.
fn inviter_test(tenant: &str, user: usize, role: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM memberships o WHERE o.tenant_id = {tenant} \
         AND o.user_id = ${user} AND (o.role = 'owner' OR (o.role = 'admin' AND {role} <> 'owner')))"
    )
}

/// A new link for an invitation: its token's hash, when it was made and until when it works.
#[derive(Clone, Copy, Debug)]
pub struct Link<'a> {
    pub hash: &'a TokenHash,
    pub now: i64,
    pub expires_at: i64,
}

fn role_from_row(row: &AnyRow) -> Result<Role, StoreError> {
    Role::parse(&row.try_get::<String, _>("role")?).ok_or(StoreError::Corrupt("invitations.role"))
}

fn email_from_row(row: &AnyRow) -> Result<Email, StoreError> {
    Email::parse(&row.try_get::<String, _>("email")?)
        .map_err(|_| StoreError::Corrupt("invitations.email"))
}

impl Store {
    /// Records an open invitation of `email` to `tenant` with `role` and the link `link`,
    /// queues `mail` and writes `record` of its id, when `manager` is one of the organisation's
    /// owners, or an admin and `role` is not the owner's (`None` otherwise). `Duplicate` when one is open for that address.
    pub async fn invite_to_organisation(
        &self,
        (manager, tenant): (UserId, TenantId),
        (email, role): (&Email, Role),
        link: Link<'_>,
        mail: &Mail,
        record: impl FnOnce(InvitationId) -> Record,
    ) -> Result<Option<InvitationId>, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar(&format!(
            "INSERT INTO invitations (tenant_id, email, role, invited_by, invited_at, status, \
             token_sha256, expires_at) SELECT $1, $2, $3, $4, $5, $6, $7, $8 WHERE {} RETURNING id",
            inviter_test("$1", 4, "$3")
        ))
        .bind(tenant.get())
        .bind(email.as_str())
        .bind(role.as_str())
        .bind(manager.get())
        .bind(link.now)
        .bind(InvitationStatus::Open.as_str())
        .bind(link.hash.as_str())
        .bind(link.expires_at)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|err| unique_violation(err, "invitation"))?;
        let Some(id) = id.map(InvitationId::new) else {
            return Ok(None);
        };
        queue_mail(&mut tx, mail, link.now).await?;
        super::audit::append(&mut tx, &record(id)).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// The open invitations to `tenant`, oldest first, for its owners and admins only (empty
    /// for anyone else).
    pub async fn organisation_invitations(
        &self,
        manager: UserId,
        tenant: TenantId,
    ) -> Result<Vec<OrganisationInvitation>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT i.id, i.email, i.role, i.invited_at, i.expires_at, u.name AS invited_by \
             FROM invitations i JOIN users u ON u.id = i.invited_by \
             WHERE i.tenant_id = $1 AND i.status = $3 AND {} ORDER BY i.invited_at, i.id",
            manager_test("i.tenant_id", 2)
        ))
        .bind(tenant.get())
        .bind(manager.get())
        .bind(InvitationStatus::Open.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(OrganisationInvitation {
                    id: InvitationId::new(row.try_get("id")?),
                    email: email_from_row(row)?,
                    role: role_from_row(row)?,
                    invited_by: row.try_get("invited_by")?,
                    invited_at: row.try_get("invited_at")?,
                    expires_at: row.try_get("expires_at")?,
                })
            })
            .collect()
    }

    /// The open invitation `invitation` of `tenant`, its address and role, for its owners and
    /// admins.
    pub async fn organisation_invitation(
        &self,
        manager: UserId,
        tenant: TenantId,
        invitation: InvitationId,
    ) -> Result<Option<(Email, Role)>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT i.email, i.role FROM invitations i WHERE i.id = $3 AND i.tenant_id = $1 \
             AND i.status = $4 AND {}",
            manager_test("i.tenant_id", 2)
        ))
        .bind(tenant.get())
        .bind(manager.get())
        .bind(invitation.get())
        .bind(InvitationStatus::Open.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| Ok((email_from_row(&row)?, role_from_row(&row)?)))
            .transpose()
    }

    /// Gives an open invitation the new link `link` (the old one stops working) and queues
    /// `mail`, which carries it, with `record`; false when it is not open or not within reach.
    pub async fn resend_organisation_invitation(
        &self,
        (manager, tenant): (UserId, TenantId),
        invitation: InvitationId,
        link: Link<'_>,
        mail: &Mail,
        record: &Record,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(&format!(
            "UPDATE invitations SET token_sha256 = $4, expires_at = $5 WHERE id = $3 \
             AND tenant_id = $1 AND status = $6 AND {}",
            inviter_test("invitations.tenant_id", 2, "invitations.role")
        ))
        .bind(tenant.get())
        .bind(manager.get())
        .bind(invitation.get())
        .bind(link.hash.as_str())
        .bind(link.expires_at)
        .bind(InvitationStatus::Open.as_str())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        queue_mail(&mut tx, mail, link.now).await?;
        super::audit::append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Revokes an open invitation of `tenant` and writes `record`; false when there is none
    /// within reach.
    pub async fn revoke_organisation_invitation(
        &self,
        (manager, tenant): (UserId, TenantId),
        invitation: InvitationId,
        record: &Record,
    ) -> Result<bool, StoreError> {
        let (from, to) = transition(InvitationAction::Revoke);
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(&format!(
            "UPDATE invitations SET status = $4, closed_by = $2, closed_at = $5 WHERE id = $3 \
             AND tenant_id = $1 AND status = $6 AND {}",
            inviter_test("invitations.tenant_id", 2, "invitations.role")
        ))
        .bind(tenant.get())
        .bind(manager.get())
        .bind(invitation.get())
        .bind(to)
        .bind(record.at)
        .bind(from)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        super::audit::append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// What the open, unexpired invitation whose link's token hashes to `hash` offers.
    pub async fn invitation_offer(
        &self,
        hash: &TokenHash,
        now: i64,
    ) -> Result<Option<InvitationOffer>, StoreError> {
        let row = sqlx::query(
            "SELECT i.id, i.tenant_id, t.name AS organisation, i.email, i.role, u.name AS invited_by \
             FROM invitations i JOIN tenants t ON t.id = i.tenant_id JOIN users u ON u.id = i.invited_by \
             WHERE i.token_sha256 = $1 AND i.status = $2 AND i.expires_at > $3",
        )
        .bind(hash.as_str())
        .bind(InvitationStatus::Open.as_str())
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(InvitationOffer {
                id: InvitationId::new(row.try_get("id")?),
                tenant: TenantId::new(row.try_get("tenant_id")?),
                organisation: row.try_get("organisation")?,
                email: email_from_row(&row)?,
                role: role_from_row(&row)?,
                invited_by: row.try_get("invited_by")?,
            })
        })
        .transpose()
    }

    /// Accepts, as `invitee` signed in with `email`, the open and unexpired invitation whose
    /// link's token hashes to `hash` and that names `email`: the invitee joins the organisation
    /// with its role (a member already keeps their role) and `record` is written. Returns the
    /// organisation and whether they joined; `None`, having written nothing, otherwise.
    pub async fn join_organisation(
        &self,
        hash: &TokenHash,
        (invitee, email): (UserId, &Email),
        now: i64,
        record: impl FnOnce(TenantId) -> Record,
    ) -> Result<Option<(TenantId, bool)>, StoreError> {
        let (from, to) = transition(InvitationAction::Accept);
        let mut tx = self.begin_write().await?;
        let Some(row) = sqlx::query(
            "UPDATE invitations SET status = $1, closed_by = $2, closed_at = $3 \
             WHERE token_sha256 = $4 AND email = $5 AND status = $6 AND expires_at > $3 \
             AND tenant_id IS NOT NULL RETURNING tenant_id, role",
        )
        .bind(to)
        .bind(invitee.get())
        .bind(now)
        .bind(hash.as_str())
        .bind(email.as_str())
        .bind(from)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(None);
        };
        let tenant = TenantId::new(row.try_get("tenant_id")?);
        let joined = sqlx::query(
            "INSERT INTO memberships (tenant_id, user_id, role, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, user_id) DO NOTHING",
        )
        .bind(tenant.get())
        .bind(invitee.get())
        .bind(role_from_row(&row)?.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        super::audit::append(&mut tx, &record(tenant)).await?;
        tx.commit().await?;
        Ok(Some((tenant, joined)))
    }
}
