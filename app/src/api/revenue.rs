//! The server function of a provider's revenue page, for the provider's members.

#[cfg(feature = "ssr")]
use super::ssr::Ctx;
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
