//! Invitations to a provider's team.
//!
//! Who may touch an invitation is part of every query: an owner test on the provider for
//! recording, listing and revoking, and the invitee's own address for reading, accepting and
//! declining, so a forged invitation id finds nothing. A change names the status it starts from
//! (open), so an invitation is answered or revoked once, whatever races it.

use super::{Store, StoreError, unique_violation};
use crate::account::{Email, UserId};
use crate::audit::Record;
use crate::catalog::{ProviderId, ProviderRole};
use crate::invitation::{
    InvitationAction, InvitationId, InvitationStatus, ProviderInvitation, ReceivedInvitation,
};
use sqlx::Row;
use sqlx::any::AnyRow;

/// The test that `$user` owns the invitation's provider; only parameter numbers are formatted in.
fn owner_test(provider: &str, user: usize) -> String {
    format!(
        "EXISTS (SELECT 1 FROM provider_members o WHERE o.provider_id = {provider} \
         AND o.user_id = ${user} AND o.role = 'owner')"
    )
}

/// The statuses an action moves an invitation between, as stored.
pub(super) fn transition(action: InvitationAction) -> (&'static str, &'static str) {
    let from = InvitationStatus::Open;
    // An open invitation always has a next status; the fallback is never written.
    let to = from.after(action).unwrap_or(from);
    (from.as_str(), to.as_str())
}

impl Store {
    /// Records an open invitation of `email` to `provider` with `role`, and `record` of its id,
    /// when `owner` is one of its owners (`None` otherwise), whether or not the address has an
    /// account. `Duplicate` when an
    /// invitation of that address to the provider is already open.
    pub async fn invite_to_provider(
        &self,
        owner: UserId,
        provider: ProviderId,
        email: &Email,
        role: ProviderRole,
        now: i64,
        record: impl FnOnce(InvitationId) -> Record,
    ) -> Result<Option<InvitationId>, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar(&format!(
            "INSERT INTO invitations (provider_id, email, role, invited_by, invited_at, status) \
             SELECT $1, $2, $3, $4, $5, $6 WHERE {} RETURNING id",
            owner_test("$1", 4)
        ))
        .bind(provider.get())
        .bind(email.as_str())
        .bind(role.as_str())
        .bind(owner.get())
        .bind(now)
        .bind(InvitationStatus::Open.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(|err| unique_violation(err, "invitation"))?;
        let Some(id) = id.map(InvitationId::new) else {
            return Ok(None);
        };
        super::audit::append(&mut tx, &record(id)).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// The open invitations to `provider`, oldest first, for its owners only (empty for anyone
    /// else).
    pub async fn open_provider_invitations(
        &self,
        owner: UserId,
        provider: ProviderId,
    ) -> Result<Vec<ProviderInvitation>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT i.id, i.email, i.role, i.invited_at, u.name AS invited_by FROM invitations i \
             JOIN users u ON u.id = i.invited_by \
             WHERE i.provider_id = $1 AND i.status = $3 AND {} ORDER BY i.invited_at, i.id",
            owner_test("i.provider_id", 2)
        ))
        .bind(provider.get())
        .bind(owner.get())
        .bind(InvitationStatus::Open.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ProviderInvitation {
                    id: InvitationId::new(row.try_get("id")?),
                    email: Email::parse(&row.try_get::<String, _>("email")?)
                        .map_err(|_| StoreError::Corrupt("invitations.email"))?,
                    role: role_from_row(row)?,
                    invited_by: row.try_get("invited_by")?,
                    invited_at: row.try_get("invited_at")?,
                })
            })
            .collect()
    }

    /// The open invitations addressed to `email`, oldest first.
    pub async fn invitations_to(
        &self,
        email: &Email,
    ) -> Result<Vec<ReceivedInvitation>, StoreError> {
        let rows = sqlx::query(
            "SELECT i.id, i.provider_id, p.legal_name, i.role, i.invited_at, \
             u.name AS invited_by FROM invitations i \
             JOIN providers p ON p.id = i.provider_id JOIN users u ON u.id = i.invited_by \
             WHERE i.email = $1 AND i.status = $2 ORDER BY i.invited_at, i.id",
        )
        .bind(email.as_str())
        .bind(InvitationStatus::Open.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ReceivedInvitation {
                    id: InvitationId::new(row.try_get("id")?),
                    provider: ProviderId::new(row.try_get("provider_id")?),
                    provider_name: row.try_get("legal_name")?,
                    role: role_from_row(row)?,
                    invited_by: row.try_get("invited_by")?,
                    invited_at: row.try_get("invited_at")?,
                })
            })
            .collect()
    }

    /// Accepts an open invitation addressed to `email` as `invitee`, who joins its provider with
    /// its role, and `record` of the provider, in one transaction. Returns the provider and whether the invitee joined (false
    /// when already a member, whose role stays as it was); `None`, having written nothing, when
    /// no open invitation with this id names this address.
    pub async fn accept_provider_invitation(
        &self,
        invitation: InvitationId,
        invitee: UserId,
        email: &Email,
        now: i64,
        record: impl FnOnce(ProviderId) -> Record,
    ) -> Result<Option<(ProviderId, bool)>, StoreError> {
        let (from, to) = transition(InvitationAction::Accept);
        let mut tx = self.begin_write().await?;
        let Some(row) = sqlx::query(
            "UPDATE invitations SET status = $1, closed_by = $2, closed_at = $3 \
             WHERE id = $4 AND email = $5 AND status = $6 AND provider_id IS NOT NULL \
             RETURNING provider_id, role",
        )
        .bind(to)
        .bind(invitee.get())
        .bind(now)
        .bind(invitation.get())
        .bind(email.as_str())
        .bind(from)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(None);
        };
        let provider: i64 = row.try_get("provider_id")?;
        let joined = sqlx::query(
            "INSERT INTO provider_members (provider_id, user_id, role, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (provider_id, user_id) DO NOTHING",
        )
        .bind(provider)
        .bind(invitee.get())
        .bind(role_from_row(&row)?.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        let provider = ProviderId::new(provider);
        super::audit::append(&mut tx, &record(provider)).await?;
        tx.commit().await?;
        Ok(Some((provider, joined)))
    }

    /// Declines an open invitation addressed to `email`; false when there is none with this id.
    pub async fn decline_invitation(
        &self,
        invitation: InvitationId,
        invitee: UserId,
        email: &Email,
        now: i64,
    ) -> Result<bool, StoreError> {
        let (from, to) = transition(InvitationAction::Decline);
        let done = sqlx::query(
            "UPDATE invitations SET status = $1, closed_by = $2, closed_at = $3 \
             WHERE id = $4 AND email = $5 AND status = $6",
        )
        .bind(to)
        .bind(invitee.get())
        .bind(now)
        .bind(invitation.get())
        .bind(email.as_str())
        .bind(from)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Revokes an open invitation to `provider`, and records `record`, when `owner` is one of
    /// its owners; false (nothing written) when there is no such open invitation within reach.
    pub async fn revoke_provider_invitation(
        &self,
        owner: UserId,
        provider: ProviderId,
        invitation: InvitationId,
        record: &Record,
    ) -> Result<bool, StoreError> {
        let (from, to) = transition(InvitationAction::Revoke);
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(&format!(
            "UPDATE invitations SET status = $1, closed_by = $2, closed_at = $3 \
             WHERE id = $4 AND provider_id = $5 AND status = $6 AND {}",
            owner_test("invitations.provider_id", 2)
        ))
        .bind(to)
        .bind(owner.get())
        .bind(record.at)
        .bind(invitation.get())
        .bind(provider.get())
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
}

fn role_from_row(row: &AnyRow) -> Result<ProviderRole, StoreError> {
    ProviderRole::parse(&row.try_get::<String, _>("role")?)
        .ok_or(StoreError::Corrupt("invitations.role"))
}
