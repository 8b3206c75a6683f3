//! The server function of an organisation's owners over its monthly budget.

#[cfg(feature = "ssr")]
use super::ssr::{Ctx, now, redirect_to};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BudgetForm {
    /// In euros (`1000`, `1000.50`); empty lifts the budget.
    #[serde(default)]
    pub budget: String,
}

/// Sets or lifts the monthly budget of the organisation the owner works in.
#[server(prefix = "/api", endpoint = "set_budget")]
pub async fn set_budget(form: BudgetForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (user, tenant) = ctx.member().await?;
    ctx.state
        .accounts
        .set_budget(&user, tenant, &form.budget, now())
        .await?;
    Ok(redirect_to("/dashboard#budget"))
}
