//! The public catalog's reads: a page of search results, a provider's public page, an offer's
//! page and a side-by-side comparison, open to anyone (an offer's page also to the provider's
//! members and the operator whatever its status).

use super::{CatalogError, Marketplace, access};
use crate::account::CurrentUser;
use crate::catalog::{COMPARE_MAX, OfferId, OfferListing, OfferPage, Provider, ProviderPage};
use crate::store::StoreError;
use crate::store::catalog::Access;

impl Marketplace {
    /// A page of the public catalog: published offers of approved providers that match.
    pub async fn search(
        &self,
        search: &crate::search::CatalogSearch,
    ) -> Result<crate::search::CatalogPage, CatalogError> {
        Ok(self.store.search_catalog(search).await?)
    }

    /// The public page of an approved provider, by slug.
    pub async fn provider_page(&self, slug: &str) -> Result<Provider, CatalogError> {
        self.store
            .approved_provider(&slug.trim().to_ascii_lowercase())
            .await?
            .ok_or(CatalogError::NotFound)
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
}
