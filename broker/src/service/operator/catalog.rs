//! The operator's decisions over the catalog: the applications waiting, every provider, and
//! approving, rejecting, suspending or reinstating a provider; the offers submitted for their
//! first publication, published or rejected with a reason the provider reads. Each decision
//! names the status it starts from and writes the audit log in the same transaction.

use super::{Operator, OperatorError, require_operator};
use crate::account::{CurrentUser, Field};
use crate::audit::{Action, Actor, Record};
use crate::catalog::{
    self, OfferId, OfferListing, OfferStatus, Provider, ProviderDecision, ProviderId,
    ProviderStatus,
};
use crate::store::catalog::Access;

impl Operator {
    /// Applications waiting for a decision, oldest first.
    pub async fn pending_applications(
        &self,
        user: &CurrentUser,
    ) -> Result<Vec<Provider>, OperatorError> {
        require_operator(user)?;
        Ok(self.store.pending_providers().await?)
    }

    /// Every provider, whatever its status.
    pub async fn all_providers(&self, user: &CurrentUser) -> Result<Vec<Provider>, OperatorError> {
        require_operator(user)?;
        Ok(self.store.all_providers().await?)
    }

    /// Approves, rejects, suspends or reinstates a provider.
    pub async fn decide_provider(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
        decision: &ProviderDecision,
        now: i64,
    ) -> Result<ProviderStatus, OperatorError> {
        require_operator(user)?;
        let reason = decision
            .reason()
            .map_err(|err| OperatorError::Invalid(Field::Reason, err))?;
        let current = self
            .store
            .provider(provider)
            .await?
            .ok_or(OperatorError::NotFound)?;
        let next = current
            .status
            .decide(decision)
            .ok_or(OperatorError::Conflict)?;
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
        let decided = self
            .store
            .decide_provider(provider, current.status, next, reason.as_deref(), &record)
            .await?;
        decided.then_some(next).ok_or(OperatorError::Conflict)
    }

    /// Offers waiting for their first review, oldest first.
    pub async fn offers_in_review(
        &self,
        user: &CurrentUser,
    ) -> Result<Vec<OfferListing>, OperatorError> {
        require_operator(user)?;
        Ok(self.store.offers_in_review().await?)
    }

    /// Publishes an offer in review, or rejects it with a reason.
    pub async fn review_offer(
        &self,
        user: &CurrentUser,
        offer: OfferId,
        approve: bool,
        reason: &str,
        now: i64,
    ) -> Result<OfferStatus, OperatorError> {
        require_operator(user)?;
        let reason = if approve {
            None
        } else {
            let reason = catalog::reason(reason)
                .map_err(|err| OperatorError::Invalid(Field::Reason, err))?;
            Some(reason)
        };
        let detail = self
            .store
            .offer_detail(Access::Operator, offer)
            .await?
            .ok_or(OperatorError::NotFound)?;
        let next = detail
            .status
            .after_review(approve)
            .ok_or(OperatorError::Conflict)?;
        let action = match &reason {
            None => Action::OfferApproved { offer },
            Some(reason) => Action::OfferRejected {
                offer,
                reason: reason.clone(),
            },
        };
        let record = Record::new(
            Actor::operator(user).on_provider(detail.provider),
            action,
            now,
        );
        let moved = self
            .store
            .move_offer(
                Access::Operator,
                offer,
                (detail.status, next),
                reason.as_deref(),
                &record,
            )
            .await?;
        moved.then_some(next).ok_or(OperatorError::Conflict)
    }
}
