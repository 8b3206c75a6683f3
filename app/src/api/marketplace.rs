//! Server functions of the marketplace's shelves: applying as a provider, the provider's own
//! area, offers, the operator's reviews, and the public provider, offer and comparison pages.

#[cfg(feature = "ssr")]
use super::ssr::{Ctx, now, redirect_to, state};
use crate::error::AppError;
use broker::catalog::{
    OfferListing, OfferPage, Provider, ProviderApplication, ProviderConsole, ProviderPage,
    ProviderRole,
};
use broker::offer_form::OfferForm;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The providers the signed-in user belongs to, with their role.
#[server(prefix = "/api", endpoint = "my_providers")]
pub async fn my_providers() -> Result<Vec<(Provider, ProviderRole)>, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    Ok(ctx.state.marketplace.my_providers(&user).await?)
}

/// Applies to open a provider; the operator decides.
#[server(prefix = "/api", endpoint = "apply_provider")]
pub async fn apply_provider(form: ProviderApplication) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let provider = ctx.state.marketplace.apply(&user, &form, now()).await?;
    Ok(redirect_to(&format!("/sell/{provider}")))
}

#[server(prefix = "/api", endpoint = "provider_console")]
pub async fn load_provider_console(provider: i64) -> Result<ProviderConsole, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    Ok(ctx
        .state
        .marketplace
        .console(&user, broker::catalog::ProviderId::new(provider))
        .await?)
}

/// The provider's orders per month and its offers' measured uptime, for its members.
#[server(prefix = "/api", endpoint = "provider_figures")]
pub async fn load_provider_figures(
    provider: i64,
) -> Result<broker::catalog::ProviderFigures, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let provider = broker::catalog::ProviderId::new(provider);
    Ok(ctx
        .state
        .marketplace
        .provider_figures(&user, provider, now())
        .await?)
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MemberForm {
    pub provider: i64,
    pub email: String,
    /// A role that is not one of the team's is a request that does not read.
    pub role: ProviderRole,
}

/// An owner invites a colleague by email to the team. The answer is the same whether or not the
/// address has an account; the invitee answers it once signed in with that address.
#[server(prefix = "/api", endpoint = "add_provider_member")]
pub async fn add_provider_member(form: MemberForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let provider = broker::catalog::ProviderId::new(form.provider);
    let invitation = ctx
        .state
        .marketplace
        .invite_member(&user, provider, &form.email, form.role, now())
        .await?;
    Ok(redirect_to(&format!(
        "/sell/{provider}?invited={invitation}#members"
    )))
}

/// The offer editor of `provider`, for its members: the offer's terms when `offer` is edited,
/// `None` for a new one.
#[server(prefix = "/api", endpoint = "offer_form")]
pub async fn load_offer_form(
    provider: i64,
    offer: Option<i64>,
) -> Result<Option<OfferForm>, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let detail = ctx
        .state
        .marketplace
        .offer_to_edit(
            &user,
            broker::catalog::ProviderId::new(provider),
            offer.map(broker::catalog::OfferId::new),
        )
        .await?;
    Ok(detail.as_ref().map(OfferForm::from_detail))
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct OfferSubmission {
    pub provider: i64,
    /// Empty for a new offer.
    #[serde(default)]
    pub offer: Option<i64>,
    pub fields: OfferForm,
}

/// Creates an offer (a draft) or saves new terms of an existing one.
#[server(prefix = "/api", endpoint = "save_offer")]
pub async fn save_offer(form: OfferSubmission) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let provider = broker::catalog::ProviderId::new(form.provider);
    let offer = ctx
        .state
        .marketplace
        .save_offer(
            &user,
            provider,
            form.offer.map(broker::catalog::OfferId::new),
            &form.fields,
            now(),
        )
        .await?;
    Ok(redirect_to(&format!(
        "/sell/{provider}?saved={offer}#offers"
    )))
}

/// What a provider member does with an offer from the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferCommand {
    /// Sends it to the operator's review.
    Submit,
    /// Takes it off the catalog.
    Retire,
}

/// Submits an offer for publication, or retires it.
#[server(prefix = "/api", endpoint = "offer_action")]
pub async fn offer_action(
    provider: i64,
    offer: i64,
    action: OfferCommand,
) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let id = broker::catalog::OfferId::new(offer);
    let market = &ctx.state.marketplace;
    match action {
        OfferCommand::Submit => market.submit(&user, id, now()).await?,
        OfferCommand::Retire => market.retire(&user, id, now()).await?,
    };
    Ok(redirect_to(&format!("/sell/{provider}#offers")))
}

/// What the operator has to decide, and every provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewQueues {
    pub applications: Vec<Provider>,
    pub offers: Vec<OfferListing>,
    pub providers: Vec<Provider>,
}

#[server(prefix = "/api", endpoint = "review_queues")]
pub async fn load_review_queues() -> Result<ReviewQueues, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let operator = &ctx.state.operator;
    Ok(ReviewQueues {
        applications: operator.pending_applications(&user).await?,
        offers: operator.offers_in_review(&user).await?,
        providers: operator.all_providers(&user).await?,
    })
}

/// What the operator decides on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Provider,
    /// An offer's first publication.
    Offer,
}

/// The operator's decision: every one applies to a provider, the first two to an offer too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
    Suspend,
    Reinstate,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DecisionForm {
    pub subject: Subject,
    pub id: i64,
    #[serde(default)]
    pub reason: String,
}

/// The operator's decision on a provider (approve, reject, suspend, reinstate) or on an offer's
/// first publication (approve, reject). Refusals need a reason, which the provider reads.
#[server(prefix = "/api", endpoint = "decide")]
pub async fn decide(form: DecisionForm, decision: Decision) -> Result<String, AppError> {
    use broker::catalog::ProviderDecision as D;
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let operator = &ctx.state.operator;
    let reason = form.reason;
    match form.subject {
        Subject::Provider => {
            let decision = match decision {
                Decision::Approve => D::Approve,
                Decision::Reject => D::Reject { reason },
                Decision::Suspend => D::Suspend { reason },
                Decision::Reinstate => D::Reinstate,
            };
            let id = broker::catalog::ProviderId::new(form.id);
            operator
                .decide_provider(&user, id, &decision, now())
                .await?;
        }
        Subject::Offer => {
            let approve = match decision {
                Decision::Approve => true,
                Decision::Reject => false,
                // An offer in review is approved or rejected; the rest apply to providers.
                Decision::Suspend | Decision::Reinstate => return Err(AppError::NotFound),
            };
            let id = broker::catalog::OfferId::new(form.id);
            operator
                .review_offer(&user, id, approve, &reason, now())
                .await?;
        }
    }
    Ok(redirect_to("/admin"))
}

/// An approved provider's public page.
#[server(prefix = "/api", endpoint = "provider_page")]
pub async fn load_provider_page(slug: String) -> Result<ProviderPage, AppError> {
    Ok(state()?.marketplace.public_provider(&slug).await?)
}

/// An offer's page: public when published; the provider's members and the operator see it in
/// any status.
#[server(prefix = "/api", endpoint = "offer_page")]
pub async fn load_offer_page(offer: i64) -> Result<OfferPage, AppError> {
    let ctx = Ctx::load().await?;
    let user = ctx.user().await?.map(|(_, user)| user);
    Ok(ctx
        .state
        .marketplace
        .offer_page(user.as_ref(), broker::catalog::OfferId::new(offer))
        .await?)
}

/// Published offers side by side.
#[server(prefix = "/api", endpoint = "compare")]
pub async fn compare_offers(ids: Vec<i64>) -> Result<Vec<OfferListing>, AppError> {
    let ids: Vec<_> = ids.into_iter().map(broker::catalog::OfferId::new).collect();
    Ok(state()?.marketplace.compare(&ids).await?)
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ImportForm {
    pub provider: i64,
    /// The catalog document's text.
    pub document: String,
}

/// A member loads a catalog file of the provider's offers: all of it, or nothing and the report.
#[server(prefix = "/api", endpoint = "import_catalog")]
pub async fn import_catalog(form: ImportForm) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (_, user) = ctx.require_user().await?;
    let provider = broker::catalog::ProviderId::new(form.provider);
    let done = ctx
        .state
        .marketplace
        .import_catalog(&user, provider, &form.document, now())
        .await?;
    Ok(redirect_to(&format!(
        "/sell/{provider}?imported={},{},{},{}#import",
        done.created, done.updated, done.capacity_changed, done.unchanged
    )))
}
