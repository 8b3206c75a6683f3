//! Server functions of invitations to a provider's team: what the signed-in person is invited
//! to, accepting and declining it, and an owner revoking one. Owners invite through
//! [`super::marketplace::add_provider_member`].

#[cfg(feature = "ssr")]
use super::ssr::{Ctx, now, redirect_to};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use broker::invitation::InvitationId;
use broker::invitation::ReceivedInvitation;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The open invitations addressed to the signed-in user's email.
#[server(prefix = "/api", endpoint = "my_invitations")]
pub async fn my_invitations() -> Result<Vec<ReceivedInvitation>, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    Ok(ctx.state.marketplace.invitations_for(&user).await?)
}

/// The invitee's answer, from the Sell or the Account page.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AnswerForm {
    pub invitation: i64,
    /// `account` when answered on the Account page, to go back there after declining; anything
    /// else goes back to the Sell page.
    #[serde(default)]
    pub back: String,
}

/// The page a declined invitation goes back to; never an address taken from the request.
#[cfg(feature = "ssr")]
fn back_page(back: &str) -> &'static str {
    if back == "account" {
        "/account#invitations"
    } else {
        "/sell#invitations"
    }
}

/// Accepts an invitation addressed to the signed-in user, who joins the team and goes to it.
#[server(prefix = "/api", endpoint = "accept_invitation")]
pub async fn accept_invitation(form: AnswerForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let accepted = ctx
        .state
        .marketplace
        .accept_invitation(&user, InvitationId::new(form.invitation), now())
        .await?;
    Ok(redirect_to(&format!("/sell/{}", accepted.provider)))
}

/// Declines an invitation addressed to the signed-in user.
#[server(prefix = "/api", endpoint = "decline_invitation")]
pub async fn decline_invitation(form: AnswerForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    ctx.state
        .marketplace
        .decline_invitation(&user, InvitationId::new(form.invitation), now())
        .await?;
    Ok(redirect_to(back_page(&form.back)))
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RevokeForm {
    pub provider: i64,
    pub invitation: i64,
}

/// An owner withdraws an open invitation to the provider's team.
#[server(prefix = "/api", endpoint = "revoke_invitation")]
pub async fn revoke_invitation(form: RevokeForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let provider = broker::catalog::ProviderId::new(form.provider);
    ctx.state
        .marketplace
        .revoke_invitation(&user, provider, InvitationId::new(form.invitation), now())
        .await?;
    Ok(redirect_to(&format!("/sell/{provider}#members")))
}
