//! Server functions of the operator's control of people: the search, a user's and an
//! organisation's pages, and the changes to their accounts. Each use case checks the operator
//! flag.

#[cfg(feature = "ssr")]
use super::ssr::{Ctx, now, redirect_to};
use crate::error::AppError;
use broker::operator::{OrganisationPage, PeopleFound, UserPage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The users, organisations and providers whose name or email holds `q`.
#[server(prefix = "/api", endpoint = "operator_search")]
pub async fn search_people(q: String) -> Result<PeopleFound, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    Ok(ctx.state.operator.search(&user, &q).await?)
}

#[server(prefix = "/api", endpoint = "operator_user")]
pub async fn load_user_page(id: i64) -> Result<UserPage, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let id = broker::account::UserId::new(id);
    Ok(ctx.state.operator.user(&user, id).await?)
}

#[server(prefix = "/api", endpoint = "operator_organisation")]
pub async fn load_organisation_page(id: i64) -> Result<OrganisationPage, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let id = broker::account::TenantId::new(id);
    Ok(ctx.state.operator.organisation(&user, id).await?)
}

/// Whose account the operator changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    User,
    Organisation,
}

impl AccountKind {
    /// The page of the account in the operator's console.
    pub fn page(self, id: i64) -> String {
        match self {
            Self::User => format!("/admin/users/{id}"),
            Self::Organisation => format!("/admin/organisations/{id}"),
        }
    }
}

/// What the operator changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountChange {
    Suspend,
    Reinstate,
    /// Users only.
    GrantOperator,
    /// Users only.
    RevokeOperator,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccountForm {
    pub kind: AccountKind,
    pub id: i64,
    /// Why, for a suspension: the person reads it.
    #[serde(default)]
    pub reason: String,
}

/// Suspends or reinstates a user or an organisation, or grants or revokes a user's operator
/// flag; back to the account's page.
#[server(prefix = "/api", endpoint = "operator_account")]
pub async fn change_account(form: AccountForm, change: AccountChange) -> Result<String, AppError> {
    use broker::account::{TenantId, UserId};
    use broker::operator::Subject;
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let operator = &ctx.state.operator;
    let subject = match form.kind {
        AccountKind::User => Subject::User(UserId::new(form.id)),
        AccountKind::Organisation => Subject::Organisation(TenantId::new(form.id)),
    };
    match (change, subject) {
        (AccountChange::Suspend, _) => {
            operator
                .suspend(&user, subject, &form.reason, now())
                .await?
        }
        (AccountChange::Reinstate, _) => operator.reinstate(&user, subject, now()).await?,
        (AccountChange::GrantOperator | AccountChange::RevokeOperator, Subject::User(id)) => {
            let grant = change == AccountChange::GrantOperator;
            operator.set_operator(&user, id, grant, now()).await?
        }
        // An organisation has no operator flag.
        (_, Subject::Organisation(_)) => return Err(AppError::NotFound),
    }
    Ok(redirect_to(&form.kind.page(form.id)))
}

/// The marketplace's figures of the last twelve months, for the operator.
#[server(prefix = "/api", endpoint = "operator_overview")]
pub async fn load_overview() -> Result<broker::operator::overview::Overview, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    Ok(ctx.state.operator.overview(&user, now()).await?)
}
