//! A provider's members at work: their providers and console, and drafting, editing,
//! submitting and withdrawing offers, always within the providers they belong to.

use super::{CatalogError, Marketplace, TermsChange, access, invalid};
use crate::account::{CurrentUser, Field};
use crate::audit::{Action, Actor, Record};
use crate::catalog::{
    self, CatalogInputError, NewOffer, OfferDetail, OfferId, OfferListing, OfferStatus, OfferTerms,
    Provider, ProviderConsole, ProviderId, ProviderRole, ProviderStatus,
};
use crate::offer_form::OfferForm;
use crate::store::StoreError;
use crate::store::catalog::Access;

impl Marketplace {
    /// A provider as the operator or one of its members sees it, decision reason included.
    pub async fn provider(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
    ) -> Result<Provider, CatalogError> {
        self.store
            .provider_for(access(user), provider)
            .await?
            .ok_or(CatalogError::NotFound)
    }

    pub async fn my_providers(
        &self,
        user: &CurrentUser,
    ) -> Result<Vec<(Provider, ProviderRole)>, CatalogError> {
        Ok(self.store.providers_of(user.id).await?)
    }

    /// The provider's own area: its record, the team and every offer, for its members.
    pub async fn console(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
    ) -> Result<ProviderConsole, CatalogError> {
        let role = self
            .store
            .provider_role(user.id, provider)
            .await?
            .ok_or(CatalogError::NotFound)?;
        let access = Access::Member(user.id);
        let record = self
            .store
            .provider_for(access, provider)
            .await?
            .ok_or(CatalogError::NotFound)?;
        Ok(ProviderConsole {
            provider: record,
            role,
            members: self.store.provider_members(access, provider).await?,
            invitations: self
                .store
                .open_provider_invitations(user.id, provider)
                .await?,
            offers: self.store.provider_offers(user.id, provider).await?,
        })
    }

    /// The provider's orders per month over the twelve months ending with the one holding
    /// `now`, and its offers' measured uptime over those finalized, for its members.
    pub async fn provider_figures(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
        now: i64,
    ) -> Result<crate::catalog::ProviderFigures, CatalogError> {
        self.store
            .provider_role(user.id, provider)
            .await?
            .ok_or(CatalogError::NotFound)?;
        let months = crate::operator::overview::last_months(now);
        Ok(self
            .store
            .provider_figures(user.id, provider, &months)
            .await?)
    }

    /// A provider member drafts an offer (version 1).
    pub async fn create_offer(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
        offer: &NewOffer,
        now: i64,
    ) -> Result<OfferId, CatalogError> {
        let valid = offer.validate().map_err(CatalogError::Invalid)?;
        let Some(role) = self.store.provider_role(user.id, provider).await? else {
            return Err(CatalogError::Forbidden);
        };
        let actor = Actor::provider_member(user, provider, role);
        let record = |offer| {
            let external_id = valid.external_id().to_owned();
            Record::new(
                actor.clone(),
                Action::OfferCreated { offer, external_id },
                now,
            )
        };
        match self
            .store
            .create_offer(user.id, provider, &valid, now, &record)
            .await
        {
            Ok(Some(id)) => Ok(id),
            Ok(None) => Err(CatalogError::Forbidden),
            Err(StoreError::Duplicate(_)) => {
                Err(invalid(Field::ExternalId, CatalogInputError::Taken))
            }
            Err(other) => Err(other.into()),
        }
    }

    /// A provider member changes an offer's terms. Any change of a term makes a new version and
    /// leaves the earlier ones as they were (contracts keep theirs); a new description or
    /// tagline alone corrects the current version in place. A published offer stays published
    /// with the new version.
    pub async fn update_terms(
        &self,
        user: &CurrentUser,
        offer: OfferId,
        terms: &OfferTerms,
        now: i64,
    ) -> Result<TermsChange, CatalogError> {
        let valid = terms.validate().map_err(CatalogError::Invalid)?;
        let detail = self.member_offer(user, offer).await?;
        if !detail.status.editable() {
            return Err(CatalogError::Conflict);
        }
        let current = detail
            .current()
            .ok_or(StoreError::Corrupt("offers.current_version"))?;
        let new_version = catalog::needs_new_version(&current.terms, valid.get());
        let actor = self.provider_actor(user, detail.provider).await?;
        let record = |version| {
            let action = Action::OfferTermsChanged { offer, version };
            Record::new(actor.clone(), action, now)
        };
        let version = self
            .store
            .update_offer_terms(
                user.id,
                offer,
                (detail.status, detail.current_version),
                (&valid, new_version),
                now,
                &record,
            )
            .await?
            .ok_or(CatalogError::Conflict)?;
        Ok(TermsChange {
            version,
            new_version,
        })
    }

    /// Creates an offer from its form, or changes an existing one's terms and capacity (its id
    /// and domain stay as they were).
    pub async fn save_offer(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
        existing: Option<OfferId>,
        form: &OfferForm,
        now: i64,
    ) -> Result<OfferId, CatalogError> {
        let offer = form.new_offer().map_err(CatalogError::Invalid)?;
        match existing {
            None => self.create_offer(user, provider, &offer, now).await,
            Some(id) => {
                self.update_terms(user, id, &offer.terms, now).await?;
                self.set_capacity(user, id, offer.capacity, now).await?;
                Ok(id)
            }
        }
    }

    /// What the offer editor of `provider` starts from, for its members only (anyone else gets
    /// `NotFound`): nothing for a new offer, or the terms of `offer`, one of the provider's.
    pub async fn offer_to_edit(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
        offer: Option<OfferId>,
    ) -> Result<Option<OfferDetail>, CatalogError> {
        self.store
            .provider_role(user.id, provider)
            .await?
            .ok_or(CatalogError::NotFound)?;
        let Some(offer) = offer else {
            return Ok(None);
        };
        let detail = self.member_offer(user, offer).await?;
        if detail.provider == provider {
            Ok(Some(detail))
        } else {
            Err(CatalogError::NotFound)
        }
    }

    /// Submits an offer: its first publication waits for the operator; an offer published
    /// before comes back directly. The provider must be approved.
    pub async fn submit(
        &self,
        user: &CurrentUser,
        offer: OfferId,
        now: i64,
    ) -> Result<OfferStatus, CatalogError> {
        let detail = self.member_offer(user, offer).await?;
        let provider = self
            .store
            .provider(detail.provider)
            .await?
            .ok_or(CatalogError::NotFound)?;
        if provider.status != ProviderStatus::Approved {
            return Err(CatalogError::Forbidden);
        }
        let next = detail
            .status
            .after_submit(detail.published_once)
            .ok_or(CatalogError::Conflict)?;
        let actor = self.provider_actor(user, detail.provider).await?;
        let record = Record::new(actor, Action::OfferSubmitted { offer }, now);
        self.move_offer(Access::Member(user.id), &detail, next, None, &record)
            .await
    }

    /// A provider member withdraws an offer from sale.
    pub async fn retire(
        &self,
        user: &CurrentUser,
        offer: OfferId,
        now: i64,
    ) -> Result<OfferStatus, CatalogError> {
        let detail = self.member_offer(user, offer).await?;
        let next = detail.status.after_retire().ok_or(CatalogError::Conflict)?;
        let actor = self.provider_actor(user, detail.provider).await?;
        let record = Record::new(actor, Action::OfferRetired { offer }, now);
        self.move_offer(Access::Member(user.id), &detail, next, None, &record)
            .await
    }

    /// A provider member sets an offer's units for sale (`None`: unlimited).
    pub async fn set_capacity(
        &self,
        user: &CurrentUser,
        offer: OfferId,
        capacity: Option<i64>,
        now: i64,
    ) -> Result<(), CatalogError> {
        let capacity = catalog::capacity(capacity).map_err(|err| invalid(Field::Capacity, err))?;
        let detail = self.member_offer(user, offer).await?;
        let actor = self.provider_actor(user, detail.provider).await?;
        let record = |was| {
            let action = Action::CapacityChanged {
                offer,
                was,
                capacity,
            };
            Record::new(actor.clone(), action, now)
        };
        if self
            .store
            .set_offer_capacity(user.id, offer, capacity, &record)
            .await?
        {
            Ok(())
        } else {
            Err(CatalogError::NotFound)
        }
    }

    /// An offer with its price history, for the operator and the provider's members.
    pub async fn offer(
        &self,
        user: &CurrentUser,
        offer: OfferId,
    ) -> Result<OfferDetail, CatalogError> {
        self.store
            .offer_detail(access(user), offer)
            .await?
            .ok_or(CatalogError::NotFound)
    }

    pub async fn provider_offers(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
    ) -> Result<Vec<OfferListing>, CatalogError> {
        Ok(self.store.provider_offers(user.id, provider).await?)
    }

    /// An offer as a member of its provider reaches it; another provider's offer is not found.
    async fn member_offer(
        &self,
        user: &CurrentUser,
        offer: OfferId,
    ) -> Result<OfferDetail, CatalogError> {
        self.store
            .offer_detail(Access::Member(user.id), offer)
            .await?
            .ok_or(CatalogError::NotFound)
    }

    /// `user` acting for `provider`, with their role there; `NotFound` for a non-member.
    pub(super) async fn provider_actor(
        &self,
        user: &CurrentUser,
        provider: ProviderId,
    ) -> Result<Actor, CatalogError> {
        let role = self
            .store
            .provider_role(user.id, provider)
            .await?
            .ok_or(CatalogError::NotFound)?;
        Ok(Actor::provider_member(user, provider, role))
    }

    pub(super) async fn move_offer(
        &self,
        access: Access,
        detail: &OfferDetail,
        next: OfferStatus,
        reason: Option<&str>,
        record: &Record,
    ) -> Result<OfferStatus, CatalogError> {
        if self
            .store
            .move_offer(access, detail.id, (detail.status, next), reason, record)
            .await?
        {
            Ok(next)
        } else {
            Err(CatalogError::Conflict)
        }
    }
}
