//! The server function of an organisation's owners and admins over its members: change a
//! member's role or remove them, in the organisation the signed-in person works in.

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
