//! The operator's queues over the catalog: the providers' applications, every provider whatever
//! its status, and the offers waiting for their first review. Only `service::operator` calls
//! them, after checking the operator flag.

use crate::catalog::{OfferListing, OfferStatus, Provider, ProviderStatus};
use crate::store::catalog::{LISTING, listing_from_row};
use crate::store::providers::{PROVIDER_COLUMNS, provider_from_row};
use crate::store::{Store, StoreError};

impl Store {
    /// Applications waiting for the operator, oldest first.
    pub async fn pending_providers(&self) -> Result<Vec<Provider>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {PROVIDER_COLUMNS} FROM providers WHERE status = $1 ORDER BY created_at, id"
        ))
        .bind(ProviderStatus::Pending.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(provider_from_row).collect()
    }

    /// Every provider, for the operator's list, by name.
    pub async fn all_providers(&self) -> Result<Vec<Provider>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {PROVIDER_COLUMNS} FROM providers ORDER BY providers.legal_name, providers.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(provider_from_row).collect()
    }

    /// Offers waiting for the operator's review, oldest first.
    pub async fn offers_in_review(&self) -> Result<Vec<OfferListing>, StoreError> {
        let rows = sqlx::query(&format!(
            "{LISTING} WHERE offers.status = $1 ORDER BY offers.created_at, offers.id"
        ))
        .bind(OfferStatus::InReview.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(listing_from_row).collect()
    }
}
