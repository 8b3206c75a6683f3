//! Invitations to an organisation, by mail: its owners and admins invite an address with a role
//! (only owners invite an owner), list the open invitations, send one again with a new link, or
//! revoke it. The link works for a week and once; the person signed in with the invited address
//! joins with the role, having signed up on the way if they had no account.

use super::Accounts;
use super::members::MemberError;
use crate::account::members::{MemberRefusal, check_invite};
use crate::account::{CurrentUser, Email, Field, Role, TenantId};
use crate::audit::{Action, Actor, Record};
use crate::invitation::{
    InvitationId, InvitationOffer, ORGANISATION_INVITATION_SECS, OrganisationInvitation,
};
use crate::mail::{self, Language};
use crate::reports::{TokenHash, TokenSecret};
use crate::secret;
use crate::store::StoreError;
use crate::store::organisation_invitations::Link;

/// Where an invitation's link leads and the language of its mail.
#[derive(Clone, Copy, Debug)]
pub struct InvitationMail<'a> {
    pub language: Language,
    /// The absolute URL of the page that takes the token.
    pub join_page: &'a str,
}

/// The hash of the token a link carries; a token that cannot be one is a link that no longer
/// works.
fn link_hash(token: &str) -> Result<TokenHash, MemberError> {
    TokenSecret::parse(token.trim())
        .map(|token| token.hash())
        .ok_or(MemberError::LinkInvalid)
}

/// A link of the token hashing to `hash`, made at `now` and working for a week.
fn week_from(hash: &TokenHash, now: i64) -> Link<'_> {
    Link {
        hash,
        now,
        expires_at: now + ORGANISATION_INVITATION_SECS,
    }
}

impl Accounts {
    /// `user`'s role in `tenant`, which must let them invite with `role`.
    async fn inviter_role(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        role: Role,
    ) -> Result<Role, MemberError> {
        let actor = self
            .store
            .tenant_role(user.id, tenant)
            .await?
            .ok_or(MemberError::NotFound)?;
        check_invite(actor, role)?;
        Ok(actor)
    }

    /// The address and role of an open invitation of `tenant`, and `user`'s role, which must
    /// let them send or revoke it.
    async fn open_invitation(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        invitation: InvitationId,
    ) -> Result<(Email, Role, Role), MemberError> {
        let (email, role) = self
            .store
            .organisation_invitation(user.id, tenant, invitation)
            .await?
            .ok_or(MemberError::NotFound)?;
        let actor = self.inviter_role(user, tenant, role).await?;
        Ok((email, role, actor))
    }

    /// A new link and the mail that carries it.
    async fn invitation_mail(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        (email, role): (&Email, Role),
        how: InvitationMail<'_>,
    ) -> Result<(TokenSecret, mail::Mail), MemberError> {
        let organisation = self
            .store
            .memberships(user.id)
            .await?
            .into_iter()
            .find(|membership| membership.tenant == tenant)
            .ok_or(MemberError::NotFound)?
            .tenant_name;
        let token = secret::new_token()?;
        let link = format!("{}?token={}", how.join_page, token.expose());
        let invitation = mail::Invitation {
            organisation: &organisation,
            invited_by: &user.name,
            role,
            link: &link,
        };
        Ok((
            token,
            mail::invitation(email.clone(), how.language, &invitation),
        ))
    }

    /// Invites `email` to `tenant` with `role`, by mail.
    pub async fn invite(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        (email, role): (&str, Role),
        how: InvitationMail<'_>,
        now: i64,
    ) -> Result<InvitationId, MemberError> {
        let email = Email::parse(email).map_err(|err| MemberError::Invalid(Field::Member, err))?;
        let actor = self.inviter_role(user, tenant, role).await?;
        let (token, mail) = self
            .invitation_mail(user, tenant, (&email, role), how)
            .await?;
        let hash = token.hash();
        let link = week_from(&hash, now);
        let record = |invitation| {
            let action = Action::OrganisationInvited {
                invitation,
                email: email.as_str().to_owned(),
                role,
            };
            Record::new(Actor::member(user, tenant, actor), action, now)
        };
        match self
            .store
            .invite_to_organisation((user.id, tenant), (&email, role), link, &mail, record)
            .await
        {
            Ok(Some(id)) => Ok(id),
            Ok(None) => Err(MemberRefusal::NotManager.into()),
            Err(StoreError::Duplicate(_)) => Err(MemberError::AlreadyInvited),
            Err(other) => Err(other.into()),
        }
    }

    /// The organisation's open invitations, for its owners and admins.
    pub async fn organisation_invitations(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
    ) -> Result<Vec<OrganisationInvitation>, MemberError> {
        self.inviter_role(user, tenant, Role::Viewer).await?;
        Ok(self.store.organisation_invitations(user.id, tenant).await?)
    }

    /// Sends an open invitation again with a new link, valid a week from `now`.
    pub async fn resend_invitation(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        invitation: InvitationId,
        how: InvitationMail<'_>,
        now: i64,
    ) -> Result<(), MemberError> {
        let (email, role, actor) = self.open_invitation(user, tenant, invitation).await?;
        let (token, mail) = self
            .invitation_mail(user, tenant, (&email, role), how)
            .await?;
        let hash = token.hash();
        let link = week_from(&hash, now);
        let action = Action::InvitationResent { invitation };
        let record = Record::new(Actor::member(user, tenant, actor), action, now);
        let resent = self
            .store
            .resend_organisation_invitation((user.id, tenant), invitation, link, &mail, &record)
            .await?;
        resent.then_some(()).ok_or(MemberError::NotFound)
    }

    /// Revokes an open invitation: its link works no more.
    pub async fn revoke_organisation_invitation(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        invitation: InvitationId,
        now: i64,
    ) -> Result<(), MemberError> {
        let (_, _, actor) = self.open_invitation(user, tenant, invitation).await?;
        let action = Action::InvitationRevoked { invitation };
        let record = Record::new(Actor::member(user, tenant, actor), action, now);
        let revoked = self
            .store
            .revoke_organisation_invitation((user.id, tenant), invitation, &record)
            .await?;
        revoked.then_some(()).ok_or(MemberError::NotFound)
    }

    /// What an invitation's link offers, while it works.
    pub async fn invitation_offer(
        &self,
        token: &str,
        now: i64,
    ) -> Result<InvitationOffer, MemberError> {
        self.offer_of(&link_hash(token)?, now).await
    }

    async fn offer_of(&self, hash: &TokenHash, now: i64) -> Result<InvitationOffer, MemberError> {
        self.store
            .invitation_offer(hash, now)
            .await?
            .ok_or(MemberError::LinkInvalid)
    }

    /// `user` joins the organisation of the invitation whose link carries `token`, which must
    /// name the address they are signed in with.
    pub async fn join(
        &self,
        user: &CurrentUser,
        token: &str,
        now: i64,
    ) -> Result<TenantId, MemberError> {
        let hash = link_hash(token)?;
        let offer = self.offer_of(&hash, now).await?;
        if offer.email != user.email {
            return Err(MemberError::OtherAddress {
                invited: offer.email,
            });
        }
        let invitation = offer.id;
        let joined = self
            .store
            .join_organisation(&hash, (user.id, &user.email), now, |tenant| {
                let actor = Actor::user(user.id, user.origin.clone()).on_tenant(tenant);
                Record::new(actor, Action::InvitationAccepted { invitation }, now)
            })
            .await?;
        joined
            .map(|(tenant, _)| tenant)
            .ok_or(MemberError::LinkInvalid)
    }
}
