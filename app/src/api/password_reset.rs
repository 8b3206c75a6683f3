//! Server functions of a forgotten password: asking for a reset link by mail, and setting the
//! new password from it.

#[cfg(feature = "ssr")]
use super::ssr::{Ctx, now, redirect_to};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ForgotForm {
    pub email: String,
    /// The page's language (`en`, `fr`), which the mail is written in.
    #[serde(default)]
    pub language: String,
}

/// Sends a reset link to the account with this email, if there is one; the page says the same
/// either way.
#[server(prefix = "/api", endpoint = "forgot_password")]
pub async fn forgot_password(form: ForgotForm) -> Result<String, AppError> {
    use broker::mail::Language;
    let ctx = Ctx::load().await?;
    let reset_page = format!("{}/reset-password", ctx.state.settings.site_url);
    ctx.state
        .accounts
        .request_password_reset(
            &form.email,
            Language::parse(&form.language),
            &reset_page,
            &ctx.client_key(),
            now(),
        )
        .await?;
    Ok(redirect_to("/forgot-password?sent=1"))
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ResetForm {
    pub token: String,
    pub password: String,
}

/// Sets the new password from a reset link; every session of the account ends, and the person
/// logs in with the new one.
#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(form: ResetForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    ctx.state
        .accounts
        .reset_password(&form.token, &form.password, &ctx.origin(), now())
        .await?;
    Ok(redirect_to("/login?reset=1"))
}

/// Whether a reset link still works, for its page.
#[server(prefix = "/api", endpoint = "reset_link")]
pub async fn reset_link_works(token: String) -> Result<bool, AppError> {
    use broker::service::AccountError;
    let ctx = Ctx::load().await?;
    match ctx.state.accounts.reset_link(&token, now()).await {
        Ok(_) => Ok(true),
        Err(AccountError::ResetLinkInvalid) => Ok(false),
        Err(other) => Err(other.into()),
    }
}
