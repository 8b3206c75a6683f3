//! Invitations to a provider's team: an owner invites an address with a role, the person signed
//! in with that address accepts or declines, and an owner may revoke an invitation still open.
//!
//! Recording an invitation answers the same for any well-formed address, with an account or
//! not, already a member or not, so that owning a provider tells nothing about who has an
//! account. This invitation is not mailed (an organisation's is, see
//! [`super::organisation_invitations`]): the invitee sees it once signed in with the address, now
//! or after signing up with it.

use super::catalog::Marketplace;
use crate::account::{CurrentUser, Email, Field, InputError};
use crate::audit::{Action, Actor, Record};
use crate::catalog::{ProviderId, ProviderRole};
use crate::invitation::{InvitationId, ProviderInvitation, ReceivedInvitation};
use crate::store::StoreError;

/// Why an invitation operation failed.
#[derive(Debug, thiserror::Error)]
pub enum InvitationError {
    #[error("invalid input")]
    Invalid(Field, InputError),
    /// The provider already has an open invitation for this address (its owners see it listed).
    #[error("an invitation to this address is already open")]
    AlreadyInvited,
    /// No open invitation with this id is within the caller's reach.
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What accepting an invitation did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accepted {
    pub provider: ProviderId,
    /// False when the invitee was a member already: their role stays as it was.
    pub joined: bool,
}

impl Marketplace {
    /// Only the provider's owners manage its invitations; the store repeats the test.
    async fn require_owner(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
    ) -> Result<(), InvitationError> {
        if self.store.provider_role(user.id, provider).await? == Some(ProviderRole::Owner) {
            Ok(())
        } else {
            Err(InvitationError::Forbidden)
        }
    }

    /// An owner invites `email` to the provider's team with `role`. Any well-formed address is
    /// recorded the same way, whether or not it has an account or is a member already.
    pub async fn invite_member(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
        email: &str,
        role: ProviderRole,
        now: i64,
    ) -> Result<InvitationId, InvitationError> {
        self.require_owner(user, provider).await?;
        let email =
            Email::parse(email).map_err(|err| InvitationError::Invalid(Field::Member, err))?;
        let record = |invitation| {
            let action = Action::MemberInvited {
                invitation,
                email: email.as_str().to_owned(),
                role,
            };
            let actor = Actor::provider_member(user, provider, ProviderRole::Owner);
            Record::new(actor, action, now)
        };
        match self
            .store
            .invite_to_provider(user.id, provider, &email, role, now, record)
            .await
        {
            Ok(Some(id)) => Ok(id),
            // No longer an owner by the time of the insert.
            Ok(None) => Err(InvitationError::Forbidden),
            Err(StoreError::Duplicate(_)) => Err(InvitationError::AlreadyInvited),
            Err(other) => Err(other.into()),
        }
    }

    /// The provider's open invitations, for its owners.
    pub async fn provider_invitations(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
    ) -> Result<Vec<ProviderInvitation>, InvitationError> {
        self.require_owner(user, provider).await?;
        Ok(self
            .store
            .open_provider_invitations(user.id, provider)
            .await?)
    }

    /// An owner withdraws an open invitation of the provider.
    pub async fn revoke_invitation(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
        invitation: InvitationId,
        now: i64,
    ) -> Result<(), InvitationError> {
        self.require_owner(user, provider).await?;
        let actor = Actor::provider_member(user, provider, ProviderRole::Owner);
        let record = Record::new(actor, Action::InvitationRevoked { invitation }, now);
        if self
            .store
            .revoke_provider_invitation(user.id, provider, invitation, &record)
            .await?
        {
            Ok(())
        } else {
            Err(InvitationError::NotFound)
        }
    }

    /// The open invitations addressed to the signed-in user's email.
    pub async fn invitations_for(
        &self,
        user: &CurrentUser,
    ) -> Result<Vec<ReceivedInvitation>, InvitationError> {
        Ok(self.store.invitations_to(&user.email).await?)
    }

    /// The signed-in user accepts an invitation addressed to their email and joins the team
    /// with its role. Anyone else's invitation, or one already answered, is `NotFound`.
    pub async fn accept_invitation(
        &self,
        user: &CurrentUser,
        invitation: InvitationId,
        now: i64,
    ) -> Result<Accepted, InvitationError> {
        let (provider, joined) = self
            .store
            .accept_provider_invitation(invitation, user.id, &user.email, now, |provider| {
                let actor = Actor::user(user.id, user.origin.clone()).on_provider(provider);
                Record::new(actor, Action::InvitationAccepted { invitation }, now)
            })
            .await?
            .ok_or(InvitationError::NotFound)?;
        Ok(Accepted { provider, joined })
    }

    /// The signed-in user declines an invitation addressed to their email.
    pub async fn decline_invitation(
        &self,
        user: &CurrentUser,
        invitation: InvitationId,
        now: i64,
    ) -> Result<(), InvitationError> {
        if self
            .store
            .decline_invitation(invitation, user.id, &user.email, now)
            .await?
        {
            Ok(())
        } else {
            Err(InvitationError::NotFound)
        }
    }
}
