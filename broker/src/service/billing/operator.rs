//! The operator's billing section: the months' figures, the invoices with filters, and the
//! providers' commission rates, which the operator sets from a coming month on (a month already
//! started keeps the rate it started with).

use super::Billing;
use super::settlement::SettlementError;
use crate::account::CurrentUser;
use crate::audit::{Action, Actor, Record};
use crate::billing::{InvoiceFilter, Month, OperatorBilling, Settlement};
use crate::catalog::ProviderId;

impl Billing {
    /// The billing section, for the operator only.
    pub async fn operator_billing(
        &self,
        user: &CurrentUser,
        filter: &InvoiceFilter,
    ) -> Result<OperatorBilling, SettlementError> {
        if !user.is_operator {
            return Err(Settlement::NotOperator.into());
        }
        Ok(OperatorBilling {
            months: self.store.billing_months().await?,
            invoices: self.store.operator_invoices(filter).await?,
            providers: self.store.provider_commissions().await?,
            default_commission_bp: self.operator.commission_bp,
            takes_cards: self.payments.takes_cards(),
        })
    }

    /// The `comptoir.billing/v1` document of `month`, for the operator only.
    pub async fn operator_export(
        &self,
        user: &CurrentUser,
        month: Month,
    ) -> Result<serde_json::Value, SettlementError> {
        if !user.is_operator {
            return Err(Settlement::NotOperator.into());
        }
        self.export(month)
            .await
            .map_err(|err| SettlementError::Build(err.to_string()))
    }

    /// Sets `provider`'s commission to `commission_bp` from the start of `from` on, a month
    /// after the one holding `now`.
    pub async fn set_commission(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
        commission_bp: u32,
        from: &str,
        now: i64,
    ) -> Result<(), SettlementError> {
        if !user.is_operator {
            return Err(Settlement::NotOperator.into());
        }
        if commission_bp > 10_000 {
            return Err(Settlement::Rate.into());
        }
        let from = Month::parse(from.trim()).map_err(|_| Settlement::FromMonth)?;
        if from.start() <= now {
            return Err(Settlement::FromMonth.into());
        }
        let record = |was: Option<u32>| {
            let action = Action::CommissionChanged {
                provider,
                was_bp: was.unwrap_or(self.operator.commission_bp),
                rate_bp: commission_bp,
                from_month: from.to_string(),
            };
            Record::new(Actor::operator(user).on_provider(provider), action, now)
        };
        self.store
            .set_commission_rate(provider, from.start(), commission_bp, Some(user.id), record)
            .await
            .map_err(SettlementError::Store)
    }
}
