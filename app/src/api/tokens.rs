//! Server functions of a provider's API tokens, from its console: listing them, creating one
//! and revoking one, for the provider's members.
//!
//! A created token is shown once: its server function keeps it in the creator's session and
//! sends the browser back to the console, whose next load takes it out of the session and shows
//! it. So the token never travels in an address, and a reload no longer shows it.

#[cfg(feature = "ssr")]
use super::ssr::{Ctx, now, redirect_to};
use crate::error::AppError;
use broker::reports::ProviderToken;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The session key of the token just created, until the console shows it.
#[cfg(feature = "ssr")]
const FRESH_TOKEN: &str = "fresh_token";

/// A token just created, on its way to be shown once: the only view type that holds a token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreshToken {
    pub provider: i64,
    pub name: String,
    pub token: String,
}

/// The tokens section of the console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokensView {
    pub tokens: Vec<ProviderToken>,
    /// The token created last, the first time the console shows it.
    pub fresh: Option<FreshToken>,
}

/// The tokens of `provider`, newest first, and the token its member just created, once.
#[server(prefix = "/api", endpoint = "provider_tokens")]
pub async fn load_provider_tokens(provider: i64) -> Result<TokensView, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let id = broker::catalog::ProviderId::new(provider);
    let tokens = ctx.state.reports.tokens(&user, id).await?;
    let session = &ctx.session;
    let internal = |err: tower_sessions::session::Error| crate::error::internal(&err);
    let fresh = match session
        .get::<FreshToken>(FRESH_TOKEN)
        .await
        .map_err(internal)?
    {
        Some(fresh) if fresh.provider == provider => {
            session.remove_value(FRESH_TOKEN).await.map_err(internal)?;
            Some(fresh)
        }
        _ => None,
    };
    Ok(TokensView { tokens, fresh })
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TokenForm {
    pub provider: i64,
    pub name: String,
}

/// A member creates a token; the console shows it once.
#[server(prefix = "/api", endpoint = "create_provider_token")]
pub async fn create_provider_token(form: TokenForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let provider = broker::catalog::ProviderId::new(form.provider);
    let created = ctx
        .state
        .reports
        .create_token(&user, provider, &form.name, now())
        .await?;
    let fresh = FreshToken {
        provider: form.provider,
        name: created.name,
        token: created.secret.expose().to_owned(),
    };
    ctx.session
        .insert(FRESH_TOKEN, fresh)
        .await
        .map_err(|err| crate::error::internal(&err))?;
    Ok(redirect_to(&format!(
        "/sell/{provider}?new_token={}#tokens",
        created.id
    )))
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RevokeTokenForm {
    pub provider: i64,
    pub token: i64,
}

/// A member revokes one of the provider's tokens: the API refuses it from then on.
#[server(prefix = "/api", endpoint = "revoke_provider_token")]
pub async fn revoke_provider_token(form: RevokeTokenForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let provider = broker::catalog::ProviderId::new(form.provider);
    let token = broker::reports::ProviderTokenId::new(form.token);
    ctx.state
        .reports
        .revoke_token(&user, provider, token, now())
        .await?;
    Ok(redirect_to(&format!("/sell/{provider}#tokens")))
}
