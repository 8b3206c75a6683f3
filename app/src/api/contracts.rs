//! Server functions from a quote to a signed contract, and the organisation's contracts and
//! commitments.

#[cfg(feature = "ssr")]
use super::ssr::{Ctx, now, redirect_to};
use crate::error::AppError;
use broker::account::Role;
use broker::contract::{Commitment, ContractPage, ContractSummary, QuoteView};
use broker::provisioning::Resource;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
async fn member() -> Result<(Ctx, broker::account::CurrentUser, broker::account::TenantId), AppError>
{
    let ctx = Ctx::load().await?;
    let (user, tenant) = ctx.member().await?;
    Ok((ctx, user, tenant))
}

/// A quote of the active organisation, with the viewer's role.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuotePage {
    pub view: QuoteView,
    pub role: Role,
}

#[server(prefix = "/api", endpoint = "quote")]
pub async fn load_quote(quote: i64) -> Result<QuotePage, AppError> {
    let (ctx, user, tenant) = member().await?;
    let contracts = &ctx.state.contracts;
    let view = contracts
        .quote_view(&user, tenant, broker::quote::QuoteId::new(quote), now())
        .await?;
    let role = contracts.member_role(&user, tenant).await?;
    Ok(QuotePage { view, role })
}

/// Prepares the contract of a quote that still holds, and opens it.
#[server(prefix = "/api", endpoint = "prepare_contract")]
pub async fn prepare_contract(quote: i64) -> Result<String, AppError> {
    let (ctx, user, tenant) = member().await?;
    let id = ctx
        .state
        .contracts
        .prepare_contract(&user, tenant, broker::quote::QuoteId::new(quote), now())
        .await?;
    Ok(redirect_to(&format!("/contracts/{id}")))
}

#[server(prefix = "/api", endpoint = "contract")]
pub async fn load_contract(contract: i64) -> Result<ContractPage, AppError> {
    let (ctx, user, tenant) = member().await?;
    let id = broker::contract::ContractId::new(contract);
    Ok(ctx.state.contracts.contract_page(&user, tenant, id).await?)
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SignForm {
    pub contract: i64,
    /// The SHA-256 of the document the page showed.
    pub sha256: String,
    /// The box "I have read the contract and sign it for the organisation".
    #[serde(default)]
    pub agree: Option<String>,
}

/// Signs a contract as an owner or admin; records the address, the browser and the document's
/// SHA-256 the page showed.
#[server(prefix = "/api", endpoint = "sign_contract")]
pub async fn sign_contract(form: SignForm) -> Result<String, AppError> {
    use broker::account::Field;
    use broker::service::contracts::Signing;
    let (ctx, user, tenant) = member().await?;
    if form.agree.is_none() {
        return Err(AppError::invalid(
            Field::Agreement,
            crate::error::FieldProblem::Unticked,
        ));
    }
    let headers: axum::http::HeaderMap = leptos_axum::extract()
        .await
        .map_err(|err| crate::error::internal(&err))?;
    let user_agent = headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let address = ctx
        .client_addr()
        .ok_or_else(|| crate::error::internal(&"a signature without the signer's address"))?;
    let id = broker::contract::ContractId::new(form.contract);
    ctx.state
        .contracts
        .sign(
            &user,
            tenant,
            id,
            &Signing {
                shown_sha256: &form.sha256,
                address,
                user_agent,
            },
            now(),
        )
        .await?;
    Ok(redirect_to(&format!("/contracts/{id}")))
}

/// Orders a failed line's resource again.
#[server(prefix = "/api", endpoint = "retry_line")]
pub async fn retry_line(contract: i64, line: u32) -> Result<String, AppError> {
    let (ctx, user, tenant) = member().await?;
    let id = broker::contract::ContractId::new(contract);
    ctx.state
        .provisioning
        .retry(&user, tenant, id, line, now())
        .await?;
    Ok(redirect_to(&format!("/contracts/{id}#resources")))
}

/// Ends a line: its resource is removed at the provider and its capacity given back.
#[server(prefix = "/api", endpoint = "terminate_line")]
pub async fn terminate_line(contract: i64, line: u32) -> Result<String, AppError> {
    let (ctx, user, tenant) = member().await?;
    let id = broker::contract::ContractId::new(contract);
    ctx.state
        .provisioning
        .terminate(&user, tenant, id, line, now())
        .await?;
    Ok(redirect_to(&format!("/contracts/{id}#resources")))
}

/// The active organisation's contracts and what it is committed to each month.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Commitments {
    pub contracts: Vec<ContractSummary>,
    pub resources: Vec<Resource>,
    pub committed: Commitment,
}

#[server(prefix = "/api", endpoint = "commitments")]
pub async fn load_commitments() -> Result<Commitments, AppError> {
    let (ctx, user, tenant) = member().await?;
    let contracts = &ctx.state.contracts;
    Ok(Commitments {
        contracts: contracts.list(&user, tenant).await?,
        resources: ctx.state.provisioning.resources(&user, tenant).await?,
        committed: contracts.committed(&user, tenant).await?,
    })
}
