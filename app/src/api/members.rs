//! The server functions of an organisation's owners and admins over its members, in the
//! organisation the signed-in person works in: change a member's role or remove them, invite
//! by mail, send an invitation again or revoke it; and the invitee's page and joining.

#[cfg(feature = "ssr")]
use super::ssr::{Ctx, now, redirect_to};
use crate::error::AppError;
use broker::account::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MemberForm {
    pub member: i64,
    /// The new role, for a change of role.
    #[serde(default)]
    pub role: Option<Role>,
}

/// What the button asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberAction {
    ChangeRole,
    Remove,
}

/// Changes a member's role or removes them; back to the members on the dashboard.
#[server(prefix = "/api", endpoint = "change_member")]
pub async fn change_member(form: MemberForm, change: MemberAction) -> Result<String, AppError> {
    use broker::account::UserId;
    use broker::account::members::MemberChange;
    let ctx = Ctx::load().await?;
    let (user, tenant) = ctx.member().await?;
    let change = match (change, form.role) {
        (MemberAction::ChangeRole, Some(role)) => MemberChange::Role(role),
        (MemberAction::Remove, _) => MemberChange::Remove,
        (MemberAction::ChangeRole, None) => return Err(AppError::NotFound),
    };
    let member = UserId::new(form.member);
    ctx.state
        .accounts
        .change_member(&user, tenant, member, change, now())
        .await?;
    Ok(redirect_to("/dashboard#members"))
}

/// An owner's or admin's invitation of an address with a role, by mail.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InviteForm {
    pub email: String,
    pub role: Role,
    /// The page's language (`en`, `fr`), which the mail is written in.
    #[serde(default)]
    pub language: String,
}

/// Sends an invitation to join the organisation; back to its open invitations.
#[server(prefix = "/api", endpoint = "invite_to_organisation")]
pub async fn invite_to_organisation(form: InviteForm) -> Result<String, AppError> {
    use broker::mail::Language;
    use broker::service::organisation_invitations::InvitationMail;
    let ctx = Ctx::load().await?;
    let (user, tenant) = ctx.member().await?;
    let join_page = format!("{}/join", ctx.state.settings.site_url);
    let how = InvitationMail {
        language: Language::parse(&form.language),
        join_page: &join_page,
    };
    ctx.state
        .accounts
        .invite(&user, tenant, (&form.email, form.role), how, now())
        .await?;
    Ok(redirect_to("/dashboard#invitations"))
}

/// The organisation's open invitations, for its owners and admins.
#[server(prefix = "/api", endpoint = "organisation_invitations")]
pub async fn load_invitations() -> Result<Vec<broker::invitation::OrganisationInvitation>, AppError>
{
    let ctx = Ctx::load().await?;
    let (user, tenant) = ctx.member().await?;
    Ok(ctx
        .state
        .accounts
        .organisation_invitations(&user, tenant)
        .await?)
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OpenInvitationForm {
    pub invitation: i64,
    #[serde(default)]
    pub language: String,
}

/// What the button asked of an open invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationChange {
    /// Again, with a new link valid a week.
    Resend,
    Revoke,
}

/// Sends an open invitation again or revokes it; back to the open invitations.
#[server(prefix = "/api", endpoint = "change_invitation")]
pub async fn change_invitation(
    form: OpenInvitationForm,
    change: InvitationChange,
) -> Result<String, AppError> {
    use broker::invitation::InvitationId;
    use broker::mail::Language;
    use broker::service::organisation_invitations::InvitationMail;
    let ctx = Ctx::load().await?;
    let (user, tenant) = ctx.member().await?;
    let invitation = InvitationId::new(form.invitation);
    let accounts = &ctx.state.accounts;
    match change {
        InvitationChange::Resend => {
            let join_page = format!("{}/join", ctx.state.settings.site_url);
            let how = InvitationMail {
                language: Language::parse(&form.language),
                join_page: &join_page,
            };
            accounts
                .resend_invitation(&user, tenant, invitation, how, now())
                .await?
        }
        InvitationChange::Revoke => {
            accounts
                .revoke_organisation_invitation(&user, tenant, invitation, now())
                .await?
        }
    }
    Ok(redirect_to("/dashboard#invitations"))
}

/// What an invitation's link offers, and who is signed in (their email), for its page; `None`
/// when the link no longer works.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinView {
    pub offer: broker::invitation::InvitationOffer,
    pub signed_in_as: Option<String>,
}

#[server(prefix = "/api", endpoint = "invitation_offer")]
pub async fn load_offer(token: String) -> Result<Option<JoinView>, AppError> {
    use broker::service::members::MemberError;
    let ctx = Ctx::load().await?;
    let offer = match ctx.state.accounts.invitation_offer(&token, now()).await {
        Ok(offer) => offer,
        Err(MemberError::LinkInvalid) => return Ok(None),
        Err(other) => return Err(other.into()),
    };
    let signed_in_as = ctx.user().await?.map(|(_, user)| user.email.to_string());
    Ok(Some(JoinView {
        offer,
        signed_in_as,
    }))
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct JoinForm {
    pub token: String,
}

/// The signed-in person joins the organisation of the invitation and works in it.
#[server(prefix = "/api", endpoint = "join_organisation")]
pub async fn join_organisation(form: JoinForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let tenant = ctx.state.accounts.join(&user, &form.token, now()).await?;
    ctx.set_active_tenant(tenant).await?;
    Ok(redirect_to("/dashboard"))
}
