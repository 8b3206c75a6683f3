//! Server functions: each checks the session and the role, calls one `broker::service` use case
//! and maps the result to a view type or an [`AppError`].

pub mod admin_billing;
pub mod audit;
pub mod billing;
pub mod budget;
pub mod compose;
pub mod contracts;
pub mod invitations;
pub mod marketplace;
pub mod members;
pub mod operator;
pub mod password_reset;
pub mod plans;
pub mod revenue;
pub mod tokens;

use crate::error::AppError;
use broker::account::{CurrentUser, Dashboard, Membership, TenantId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Who is signed in, their organisations and the one they are working in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: CurrentUser,
    pub memberships: Vec<Membership>,
    pub active_tenant: Option<TenantId>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LogInForm {
    pub email: String,
    pub password: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ChangePasswordForm {
    pub current: String,
    pub new: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct OrganisationForm {
    pub name: String,
}

pub use broker::account::SignUp as SignUpForm;

/// The signed-in user, or `None` for a visitor.
#[server(prefix = "/api", endpoint = "session")]
pub async fn get_session() -> Result<Option<SessionInfo>, AppError> {
    let ctx = ssr::Ctx::load().await?;
    let Some((_, user)) = ctx.user().await? else {
        return Ok(None);
    };
    let memberships = ctx.state.accounts.memberships(user.id).await?;
    let active_tenant = ctx.active_tenant(&memberships).await?;
    Ok(Some(SessionInfo {
        user,
        memberships,
        active_tenant,
    }))
}

/// Where a log-in or a sign-up goes on: back to the invitation that sent the person there (the
/// only page taken from the request, and only as the site's own path), or the dashboard.
#[cfg(feature = "ssr")]
pub fn next_page(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.strip_prefix("/join?token=").is_some_and(|token| {
                token
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            }) =>
        {
            path
        }
        _ => "/dashboard",
    }
}

/// Creates the account and its organisation, signs in, and answers where to go next.
#[server(prefix = "/api", endpoint = "sign_up")]
pub async fn sign_up(form: SignUpForm, next: Option<String>) -> Result<String, AppError> {
    let ctx = ssr::Ctx::load().await?;
    let client = ctx.client_key();
    let accounts = &ctx.state.accounts;
    let (signed_in, tenant) = accounts.sign_up_from(&form, &client, ssr::now()).await?;
    accounts
        .set_language(signed_in.user, ctx.language())
        .await?;
    ctx.start_session(signed_in, Some(tenant)).await?;
    Ok(ssr::redirect_to(next_page(next.as_deref())))
}

#[server(prefix = "/api", endpoint = "log_in")]
pub async fn log_in(form: LogInForm, next: Option<String>) -> Result<String, AppError> {
    let ctx = ssr::Ctx::load().await?;
    let client = ctx.client_key();
    let signed_in = ctx
        .state
        .accounts
        .log_in(
            &form.email,
            &form.password,
            &client,
            &ctx.origin(),
            ssr::now(),
        )
        .await?;
    ctx.start_session(signed_in, None).await?;
    Ok(ssr::redirect_to(next_page(next.as_deref())))
}

#[server(prefix = "/api", endpoint = "log_out")]
pub async fn log_out() -> Result<String, AppError> {
    let ctx = ssr::Ctx::load().await?;
    ctx.end_session().await?;
    Ok(ssr::redirect_to("/"))
}

/// Changes the password; every other session of the user ends, this one stays.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(form: ChangePasswordForm) -> Result<String, AppError> {
    let ctx = ssr::Ctx::load().await?;
    let (signed_in, _) = ctx.require_user().await?;
    let renewed = ctx
        .state
        .accounts
        .change_password(
            signed_in,
            &form.current,
            &form.new,
            &ctx.origin(),
            ssr::now(),
        )
        .await?;
    ctx.renew_epoch(renewed).await?;
    Ok(ssr::redirect_to("/account?changed=1"))
}

/// Creates a further organisation owned by the user and switches to it.
#[server(prefix = "/api", endpoint = "create_organisation")]
pub async fn create_organisation(form: OrganisationForm) -> Result<String, AppError> {
    let ctx = ssr::Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let tenant = ctx
        .state
        .accounts
        .create_organisation(user.id, &form.name, ssr::now())
        .await?;
    ctx.set_active_tenant(tenant).await?;
    Ok(ssr::redirect_to("/dashboard"))
}

/// The dashboard of the organisation the user works in.
#[server(prefix = "/api", endpoint = "dashboard")]
pub async fn load_dashboard() -> Result<Option<Dashboard>, AppError> {
    let ctx = ssr::Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let memberships = ctx.state.accounts.memberships(user.id).await?;
    let Some(tenant) = ctx.active_tenant(&memberships).await? else {
        return Ok(None);
    };
    Ok(Some(ctx.state.accounts.dashboard(user.id, tenant).await?))
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SwitchOrganisationForm {
    pub tenant: i64,
}

/// Makes one of the user's organisations the one they work in. A POST, so that no link on
/// another site can switch it.
#[server(prefix = "/api", endpoint = "switch_organisation")]
pub async fn switch_organisation(form: SwitchOrganisationForm) -> Result<String, AppError> {
    let ctx = ssr::Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let tenant = TenantId::new(form.tenant);
    let memberships = ctx.state.accounts.memberships(user.id).await?;
    if !memberships.iter().any(|m| m.tenant == tenant) {
        return Err(AppError::NotFound);
    }
    ctx.set_active_tenant(tenant).await?;
    Ok(ssr::redirect_to("/dashboard"))
}

/// A page of the public catalog; anyone may search it.
#[server(prefix = "/api", endpoint = "catalog")]
pub async fn search_catalog(
    filters: broker::search::CatalogFilters,
) -> Result<broker::search::CatalogPage, AppError> {
    Ok(ssr::state()?.marketplace.search(&filters.search()).await?)
}

#[cfg(feature = "ssr")]
pub mod ssr;

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::next_page;

    #[test]
    fn only_an_invitation_of_the_site_is_a_next_page() {
        assert_eq!(
            next_page(Some("/join?token=cpt_0a9f")),
            "/join?token=cpt_0a9f"
        );
        for elsewhere in [
            "//evil.example",
            "/join?token=x&next=//evil",
            "https://evil.example/join?token=a",
            "/admin",
        ] {
            assert_eq!(next_page(Some(elsewhere)), "/dashboard", "{elsewhere}");
        }
        assert_eq!(next_page(None), "/dashboard");
    }
}
