//! Server functions of an organisation's billing: its page (the invoices, the month so far and
//! the billing profile), one invoice, paying it by card, and saving the profile.

#[cfg(feature = "ssr")]
use super::ssr::{Ctx, now, redirect_to};
use crate::error::AppError;
use broker::billing::{InvoicePage, ProfileForm, TenantBilling};
use leptos::prelude::*;

/// The billing page of the organisation the user works in; `None` without one.
#[server(prefix = "/api", endpoint = "billing")]
pub async fn load_billing() -> Result<Option<TenantBilling>, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let memberships = ctx.state.accounts.memberships(user.id).await?;
    let Some(tenant) = ctx.active_tenant(&memberships).await? else {
        return Ok(None);
    };
    Ok(Some(
        ctx.state
            .billing
            .tenant_billing(&user, tenant, now())
            .await?,
    ))
}

/// One invoice of the organisation the user works in: `CPT-YYYY-NNNNNN`, or `draft-YYYY-MM`
/// for the draft of a month.
#[server(prefix = "/api", endpoint = "invoice")]
pub async fn load_invoice(number: String) -> Result<InvoicePage, AppError> {
    let ctx = Ctx::load().await?;
    let (user, tenant) = ctx.member().await?;
    let (number, month) = match number.strip_prefix("draft-") {
        Some(month) => (None, month),
        None => (Some(number.as_str()), ""),
    };
    Ok(ctx
        .state
        .billing
        .invoice_page(&user, tenant, number, month)
        .await?)
}

/// Sends a member of the organisation to pay what is left of its invoice `number` by card: to
/// the payment method's checkout page, or back to the invoice when it turns out paid already.
#[server(prefix = "/api", endpoint = "pay_by_card")]
pub async fn pay_by_card(number: String) -> Result<String, AppError> {
    use broker::service::billing::CardStart;
    let ctx = Ctx::load().await?;
    let (user, tenant) = ctx.member().await?;
    match ctx
        .state
        .billing
        .pay_by_card(&user, tenant, &number, now())
        .await?
    {
        CardStart::Checkout(url) => Ok(redirect_to(&url)),
        CardStart::Settled => Ok(redirect_to(&format!("/billing/invoices/{}", number.trim()))),
    }
}

/// Saves the billing profile of the organisation the user works in.
#[server(prefix = "/api", endpoint = "save_billing_profile")]
pub async fn save_billing_profile(form: ProfileForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (user, tenant) = ctx.member().await?;
    ctx.state
        .billing
        .save_profile(&user, tenant, &form, now())
        .await?;
    Ok(redirect_to("/billing?saved=1"))
}
