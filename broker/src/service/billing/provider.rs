//! What a provider's members read of its revenue: each month's gross, credits, commission,
//! share, payouts and balance, the lines behind them, the payouts received, and what the next
//! payout run would pay it.

use super::Billing;
use crate::account::CurrentUser;
use crate::billing::{ProviderRevenue, revenue_months};
use crate::catalog::ProviderId;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum RevenueError {
    /// Not a member of the provider, or no such provider.
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Billing {
    /// The revenue of `provider`, for its members.
    pub async fn provider_revenue(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
    ) -> Result<ProviderRevenue, RevenueError> {
        let Some(role) = self.store.provider_role(user.id, provider).await? else {
            return Err(RevenueError::NotFound);
        };
        let sums = self.store.revenue_sums(user.id, provider).await?;
        let payouts = self.store.payouts_of(user.id, provider).await?;
        let shares = self.store.provider_shares(user.id, provider).await?;
        let paid_out: i64 = payouts.iter().map(|payout| payout.amount_minor).sum();
        Ok(ProviderRevenue {
            months: revenue_months(&sums, &payouts),
            lines: self.store.revenue_lines(user.id, provider).await?,
            due_now_minor: (shares.paid_minor - paid_out).max(0),
            awaiting_minor: shares.unpaid_minor,
            account: self.payout_account(provider, role).await?,
            payouts,
        })
    }
}
