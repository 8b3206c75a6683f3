//! Applying as a provider and the operator's decisions: approving, rejecting, suspending or
//! reinstating providers, and reviewing the offers submitted for their first publication.

use super::{CatalogError, Marketplace, invalid};
use crate::account::{CurrentUser, Field};
use crate::audit::{Action, Actor, Record};
use crate::catalog::{
    self, CatalogInputError, OfferId, OfferListing, OfferStatus, Provider, ProviderApplication,
    ProviderDecision, ProviderId, ProviderStatus,
};
use crate::store::StoreError;
use crate::store::catalog::Access;

impl Marketplace {
    /// Records an application; the applicant becomes the provider's owner.
    pub async fn apply(
        &self,
        user: &CurrentUser,
        application: &ProviderApplication,
        now: i64,
    ) -> Result<ProviderId, CatalogError> {
        let valid = application.validate().map_err(CatalogError::Invalid)?;
        self.store
            .apply_for_provider(user.id, &valid, now)
            .await
            .map_err(|err| match err {
                StoreError::Duplicate(_) => invalid(Field::Slug, CatalogInputError::Taken),
                other => CatalogError::Store(other),
            })
    }

    pub async fn pending_applications(
        &self,
        user: &CurrentUser,
    ) -> Result<Vec<Provider>, CatalogError> {
        Self::require_operator(user)?;
        Ok(self.store.pending_providers().await?)
    }

    /// Every provider, whatever its status, for the operator.
    pub async fn all_providers(&self, user: &CurrentUser) -> Result<Vec<Provider>, CatalogError> {
        Self::require_operator(user)?;
        Ok(self.store.all_providers().await?)
    }

    /// The operator approves, rejects, suspends or reinstates a provider.
    pub async fn decide_provider(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
        decision: &ProviderDecision,
        now: i64,
    ) -> Result<ProviderStatus, CatalogError> {
        Self::require_operator(user)?;
        let reason = decision
            .reason()
            .map_err(|err| invalid(Field::Reason, err))?;
        let current = self
            .store
            .provider(provider)
            .await?
            .ok_or(CatalogError::NotFound)?;
        let next = current
            .status
            .decide(decision)
            .ok_or(CatalogError::Conflict)?;
        let action = match (decision, reason.clone()) {
            (ProviderDecision::Approve, _) => Action::ProviderApproved { provider },
            (ProviderDecision::Reinstate, _) => Action::ProviderReinstated { provider },
            (ProviderDecision::Reject { .. }, reason) => Action::ProviderRejected {
                provider,
                reason: reason.unwrap_or_default(),
            },
            (ProviderDecision::Suspend { .. }, reason) => Action::ProviderSuspended {
                provider,
                reason: reason.unwrap_or_default(),
            },
        };
        let record = Record::new(Actor::operator(user).on_provider(provider), action, now);
        if self
            .store
            .decide_provider(provider, current.status, next, reason.as_deref(), &record)
            .await?
        {
            Ok(next)
        } else {
            Err(CatalogError::Conflict)
        }
    }

    pub async fn offers_in_review(
        &self,
        user: &CurrentUser,
    ) -> Result<Vec<OfferListing>, CatalogError> {
        Self::require_operator(user)?;
        Ok(self.store.offers_in_review().await?)
    }

    /// The operator publishes an offer in review, or rejects it with a reason.
    pub async fn review_offer(
        &self,
        user: &CurrentUser,
        offer: OfferId,
        approve: bool,
        reason: &str,
        now: i64,
    ) -> Result<OfferStatus, CatalogError> {
        Self::require_operator(user)?;
        let reason = if approve {
            None
        } else {
            Some(catalog::reason(reason).map_err(|err| invalid(Field::Reason, err))?)
        };
        let detail = self
            .store
            .offer_detail(Access::Operator, offer)
            .await?
            .ok_or(CatalogError::NotFound)?;
        let next = detail
            .status
            .after_review(approve)
            .ok_or(CatalogError::Conflict)?;
        let action = match &reason {
            None => Action::OfferApproved { offer },
            Some(reason) => Action::OfferRejected {
                offer,
                reason: reason.clone(),
            },
        };
        let actor = Actor::operator(user).on_provider(detail.provider);
        let record = Record::new(actor, action, now);
        self.move_offer(Access::Operator, &detail, next, reason.as_deref(), &record)
            .await
    }
}
