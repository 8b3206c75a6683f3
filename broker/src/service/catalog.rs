//! The provider and offer use cases: applying as a provider, the operator's decisions, the
//! console (invitations to the team are in [`super::invitations`]), drafting, versioning,
//! submitting and reviewing offers, and reading the public catalog.
//!
//! Each use case validates with the pure rules of [`crate::catalog`], checks the caller's role
//! (the operator flag, or membership of the provider, which the store also tests in its queries)
//! and writes through the [`Store`].

use crate::account::{CurrentUser, Field};
use crate::catalog::{
    self, COMPARE_MAX, CatalogInputError, NewOffer, OfferDetail, OfferId, OfferListing, OfferPage,
    OfferStatus, OfferTerms, Provider, ProviderApplication, ProviderConsole, ProviderDecision,
    ProviderId, ProviderPage, ProviderRole, ProviderStatus,
};
use crate::offer_form::OfferForm;
use crate::store::catalog::Access;
use crate::store::{Store, StoreError};

/// Why a provider or offer operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("invalid input")]
    Invalid(Vec<(Field, CatalogInputError)>),
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    /// The status does not allow the change, or someone changed the offer meanwhile.
    #[error("the change does not apply in the current state")]
    Conflict,
    /// More offers than a comparison shows.
    #[error("too many offers to compare")]
    TooMany,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn invalid(field: Field, error: CatalogInputError) -> CatalogError {
    CatalogError::Invalid(vec![(field, error)])
}

/// What `user` reaches for reading: everything as the operator, else their providers' rows.
fn access(user: &CurrentUser) -> Access {
    if user.is_operator {
        Access::Operator
    } else {
        Access::Member(user.id)
    }
}

/// What became of an edit of an offer's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TermsChange {
    /// The version current after the edit.
    pub version: i64,
    /// Whether the edit made that version (otherwise it corrected the current one in place).
    pub new_version: bool,
}

/// The marketplace's provider and offer use cases.
#[derive(Clone, Debug)]
pub struct Marketplace {
    pub(super) store: Store,
}

impl Marketplace {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    fn require_operator(user: &CurrentUser) -> Result<(), CatalogError> {
        if user.is_operator {
            Ok(())
        } else {
            Err(CatalogError::Forbidden)
        }
    }

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
        if self
            .store
            .decide_provider(provider, current.status, next, reason.as_deref(), now)
            .await?
        {
            Ok(next)
        } else {
            Err(CatalogError::Conflict)
        }
    }

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

    /// The public page of an approved provider, by slug.
    pub async fn provider_page(&self, slug: &str) -> Result<Provider, CatalogError> {
        self.store
            .approved_provider(&slug.trim().to_ascii_lowercase())
            .await?
            .ok_or(CatalogError::NotFound)
    }

    pub async fn my_providers(
        &self,
        user: &CurrentUser,
    ) -> Result<Vec<(Provider, ProviderRole)>, CatalogError> {
        Ok(self.store.providers_of(user.id).await?)
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
        match self
            .store
            .create_offer(user.id, provider, &valid, now)
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
        let version = self
            .store
            .update_offer_terms(
                user.id,
                offer,
                (detail.status, detail.current_version),
                &valid,
                new_version,
                now,
            )
            .await?
            .ok_or(CatalogError::Conflict)?;
        Ok(TermsChange {
            version,
            new_version,
        })
    }

    /// Submits an offer: its first publication waits for the operator; an offer published
    /// before comes back directly. The provider must be approved.
    pub async fn submit(
        &self,
        user: &CurrentUser,
        offer: OfferId,
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
        self.move_offer(Access::Member(user.id), &detail, next, None)
            .await
    }

    /// The operator publishes an offer in review, or rejects it with a reason.
    pub async fn review_offer(
        &self,
        user: &CurrentUser,
        offer: OfferId,
        approve: bool,
        reason: &str,
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
        self.move_offer(Access::Operator, &detail, next, reason.as_deref())
            .await
    }

    /// A provider member withdraws an offer from sale.
    pub async fn retire(
        &self,
        user: &CurrentUser,
        offer: OfferId,
    ) -> Result<OfferStatus, CatalogError> {
        let detail = self.member_offer(user, offer).await?;
        let next = detail.status.after_retire().ok_or(CatalogError::Conflict)?;
        self.move_offer(Access::Member(user.id), &detail, next, None)
            .await
    }

    pub async fn set_capacity(
        &self,
        user: &CurrentUser,
        offer: OfferId,
        capacity: Option<i64>,
    ) -> Result<(), CatalogError> {
        let capacity = catalog::capacity(capacity).map_err(|err| invalid(Field::Capacity, err))?;
        if self
            .store
            .set_offer_capacity(user.id, offer, capacity)
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

    pub async fn offers_in_review(
        &self,
        user: &CurrentUser,
    ) -> Result<Vec<OfferListing>, CatalogError> {
        Self::require_operator(user)?;
        Ok(self.store.offers_in_review().await?)
    }

    /// A page of the public catalog: published offers of approved providers that match.
    pub async fn search(
        &self,
        search: &crate::search::CatalogSearch,
    ) -> Result<crate::search::CatalogPage, CatalogError> {
        Ok(self.store.search_catalog(search).await?)
    }

    /// Every provider, whatever its status, for the operator.
    pub async fn all_providers(&self, user: &CurrentUser) -> Result<Vec<Provider>, CatalogError> {
        Self::require_operator(user)?;
        Ok(self.store.all_providers().await?)
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

    /// An approved provider's public page with its published offers.
    pub async fn public_provider(&self, slug: &str) -> Result<ProviderPage, CatalogError> {
        let provider = self.provider_page(slug).await?;
        let offers = self.store.public_provider_offers(provider.id).await?;
        Ok(ProviderPage { provider, offers })
    }

    /// An offer's page: anyone sees a published offer of an approved provider; the provider's
    /// members and the operator also see it in any other status.
    pub async fn offer_page(
        &self,
        user: Option<&CurrentUser>,
        offer: OfferId,
    ) -> Result<OfferPage, CatalogError> {
        let mut detail = self.store.offer_detail(Access::Public, offer).await?;
        if let (None, Some(user)) = (&detail, user) {
            detail = self.store.offer_detail(access(user), offer).await?;
        }
        let detail = detail.ok_or(CatalogError::NotFound)?;
        let provider = self
            .store
            .provider(detail.provider)
            .await?
            .ok_or(StoreError::Corrupt("offers.provider_id"))?;
        Ok(OfferPage {
            offer: detail,
            provider,
        })
    }

    /// Published offers side by side, in the order asked; unknown or unpublished ids are left
    /// out.
    pub async fn compare(&self, ids: &[OfferId]) -> Result<Vec<OfferListing>, CatalogError> {
        let mut unique: Vec<OfferId> = Vec::new();
        for id in ids {
            if !unique.contains(id) {
                unique.push(*id);
            }
        }
        if unique.len() > COMPARE_MAX {
            return Err(CatalogError::TooMany);
        }
        Ok(self.store.published_listings(&unique).await?)
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
                self.set_capacity(user, id, offer.capacity).await?;
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

    async fn move_offer(
        &self,
        access: Access,
        detail: &OfferDetail,
        next: OfferStatus,
        reason: Option<&str>,
    ) -> Result<OfferStatus, CatalogError> {
        if self
            .store
            .move_offer(access, detail.id, (detail.status, next), reason)
            .await?
        {
            Ok(next)
        } else {
            Err(CatalogError::Conflict)
        }
    }
}
