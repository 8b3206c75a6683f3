//! The server functions of a provider's revenue page, for the provider's members: the page, and
//! connecting the provider's own account for its payouts.

#[cfg(feature = "ssr")]
use super::ssr::{Ctx, now, redirect_to};
use crate::error::AppError;
use broker::billing::ProviderRevenue;
use leptos::prelude::*;

/// What `provider` earned, month by month, with its lines and payouts.
#[server(prefix = "/api", endpoint = "provider_revenue")]
pub async fn load_provider_revenue(provider: i64) -> Result<ProviderRevenue, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let id = broker::catalog::ProviderId::new(provider);
    Ok(ctx.state.billing.provider_revenue(&user, id).await?)
}

/// Sends the provider's owner to Stripe to open or finish its payout account.
#[server(prefix = "/api", endpoint = "connect_payout_account")]
pub async fn connect_payout_account(provider: i64) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let id = broker::catalog::ProviderId::new(provider);
    let url = ctx.state.billing.connect_account(&user, id, now()).await?;
    Ok(redirect_to(&url))
}
