//! Server functions of the operator's billing section: its figures and invoices, recording a
//! payment received by transfer, refunding a card payment, cancelling an invoice with a credit
//! note, paying the providers and setting a provider's commission.

#[cfg(feature = "ssr")]
use super::ssr::{Ctx, now, redirect_to};
use crate::error::AppError;
use broker::billing::{InvoiceFilter, OperatorBilling};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[server(prefix = "/api", endpoint = "admin_billing")]
pub async fn load_admin_billing(filter: InvoiceFilter) -> Result<OperatorBilling, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    Ok(ctx.state.billing.operator_billing(&user, &filter).await?)
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PaymentForm {
    pub invoice: String,
    pub amount: String,
    pub received_on: String,
    pub reference: String,
}

#[server(prefix = "/api", endpoint = "record_payment")]
pub async fn record_payment(form: PaymentForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let billing = &ctx.state.billing;
    let amount = broker::service::billing::typed_amount(&form.amount)
        .map_err(broker::service::billing::SettlementError::from)?;
    billing
        .record_payment(
            &user,
            &form.invoice,
            amount,
            &form.received_on,
            &form.reference,
            now(),
        )
        .await?;
    Ok(redirect_to("/admin/billing?done=payment"))
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CancelForm {
    pub invoice: String,
    pub reason: String,
}

#[server(prefix = "/api", endpoint = "cancel_invoice")]
pub async fn cancel_invoice(form: CancelForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    ctx.state
        .billing
        .cancel_invoice(&user, &form.invoice, &form.reason, now())
        .await?;
    Ok(redirect_to("/admin/billing?done=credit_note"))
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RefundForm {
    pub invoice: String,
    pub amount: String,
    pub reason: String,
}

/// Refunds part or all of an invoice's card payments through the payment method.
#[server(prefix = "/api", endpoint = "refund_card_payment")]
pub async fn refund_card_payment(form: RefundForm) -> Result<String, AppError> {
    use broker::service::billing::{RefundOutcome, SettlementError, typed_amount};
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let amount = typed_amount(&form.amount).map_err(SettlementError::from)?;
    let outcome = ctx
        .state
        .billing
        .refund_card_payment(&user, &form.invoice, amount, &form.reason, now())
        .await?;
    Ok(redirect_to(match outcome {
        RefundOutcome::Refunded => "/admin/billing?done=refund",
        RefundOutcome::Pending => "/admin/billing?done=refund_pending",
    }))
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PayoutForm {
    pub reference: String,
}

#[server(prefix = "/api", endpoint = "run_payouts")]
pub async fn run_payouts(form: PayoutForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let made = ctx
        .state
        .billing
        .run_payouts(&user, &form.reference, now())
        .await?;
    Ok(redirect_to(&format!(
        "/admin/billing?done=payouts&count={}",
        made.len()
    )))
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CommissionForm {
    pub provider: i64,
    pub rate: String,
    pub month: String,
}

#[server(prefix = "/api", endpoint = "set_commission")]
pub async fn set_commission(form: CommissionForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let rate = broker::service::billing::typed_rate(&form.rate)
        .map_err(broker::service::billing::SettlementError::from)?;
    let provider = broker::catalog::ProviderId::new(form.provider);
    ctx.state
        .billing
        .set_commission(&user, provider, rate, &form.month, now())
        .await?;
    Ok(redirect_to("/admin/billing?done=commission#commissions"))
}
