//! Reading the catalog: offers with their versions, a provider's
//! offers and the published listings, and the listing columns the other readers share.
//!
//! Whoever is not the operator reaches an offer only through the [`Access`] test inside the
//! query, so a forged offer or provider id finds nothing.

use super::access::access_test;
use super::{Store, StoreError, placeholders};
use crate::account::UserId;
use crate::catalog::{
    OfferDetail, OfferId, OfferListing, OfferStatus, OfferTerms, OfferVersion, ProviderId,
    ProviderStatus, Slug,
};
use crate::format::CountryCode;
use crate::money::{Currency, Money};
use sqlx::Row;
use sqlx::any::AnyRow;

pub use super::access::Access;

/// The columns [`listing_from_row`] reads, from `offers`, its version `v` and its provider `p`.
macro_rules! listing_columns {
    () => {
        "offers.id, offers.provider_id, p.slug, p.legal_name, \
         offers.external_id, offers.domain, offers.status, offers.capacity, v.version, v.name, \
         v.description, v.tagline, v.unit, v.country, v.jurisdiction, v.attributes, v.certifications, \
         v.availability_bp, v.currency, v.monthly_price_minor, v.carbon_g_month, v.meters"
    };
}
pub(super) use listing_columns;

pub(super) const LISTING: &str = concat!(
    "SELECT ",
    listing_columns!(),
    " FROM offers JOIN offer_versions v ON v.offer_id = offers.id \
     AND v.version = offers.current_version JOIN providers p ON p.id = offers.provider_id"
);

impl Store {
    /// An offer within reach with every version it had, oldest first.
    pub async fn offer_detail(
        &self,
        access: Access,
        offer: OfferId,
    ) -> Result<Option<OfferDetail>, StoreError> {
        let (flag, member) = access.binds();
        let Some(row) = sqlx::query(&format!(
            "SELECT id, provider_id, external_id, domain, status, review_reason, capacity, \
             current_version, published_once, created_at FROM offers WHERE id = $1 AND {}",
            access_test(2, 3)
        ))
        .bind(offer.get())
        .bind(flag)
        .bind(member)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        // The versions repeat the access test, so that this query alone never reveals them.
        let versions = sqlx::query(&format!(
            "SELECT v.* FROM offer_versions v JOIN offers ON offers.id = v.offer_id \
             WHERE v.offer_id = $1 AND {} ORDER BY v.version",
            access_test(2, 3)
        ))
        .bind(offer.get())
        .bind(flag)
        .bind(member)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(OfferVersion {
                version: row.try_get("version")?,
                terms: terms_from_row(row)?,
                effective_from: row.try_get("effective_from")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        Ok(Some(OfferDetail {
            id: OfferId::new(row.try_get("id")?),
            provider: ProviderId::new(row.try_get("provider_id")?),
            external_id: row.try_get("external_id")?,
            domain: row.try_get("domain")?,
            status: offer_status_from_row(&row)?,
            review_reason: row.try_get("review_reason")?,
            capacity: row.try_get("capacity")?,
            current_version: row.try_get("current_version")?,
            published_once: row.try_get::<i64, _>("published_once")? == 1,
            created_at: row.try_get("created_at")?,
            versions,
        }))
    }

    /// Every offer of a provider, for its members only.
    pub async fn provider_offers(
        &self,
        user: UserId,
        provider: ProviderId,
    ) -> Result<Vec<OfferListing>, StoreError> {
        let (flag, member) = Access::Member(user).binds();
        let rows = sqlx::query(&format!(
            "{LISTING} WHERE offers.provider_id = $1 AND {} ORDER BY offers.external_id",
            access_test(2, 3)
        ))
        .bind(provider.get())
        .bind(flag)
        .bind(member)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(listing_from_row).collect()
    }

    /// The published offers of an approved provider, for its public page, by domain and name.
    pub async fn public_provider_offers(
        &self,
        provider: ProviderId,
    ) -> Result<Vec<OfferListing>, StoreError> {
        let rows = sqlx::query(&format!(
            "{LISTING} WHERE offers.provider_id = $1 AND offers.status = $2 AND p.status = $3 \
             ORDER BY offers.domain, v.name, offers.id"
        ))
        .bind(provider.get())
        .bind(OfferStatus::Published.as_str())
        .bind(ProviderStatus::Approved.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(listing_from_row).collect()
    }

    /// The published offers of approved providers among `ids`, in the order of `ids`.
    pub async fn published_listings(
        &self,
        ids: &[OfferId],
    ) -> Result<Vec<OfferListing>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = placeholders(3, ids.len());
        let sql = format!(
            "{LISTING} WHERE offers.status = $1 AND p.status = $2 AND offers.id IN ({list})"
        );
        let mut rows = sqlx::query(&sql)
            .bind(OfferStatus::Published.as_str())
            .bind(ProviderStatus::Approved.as_str());
        for id in ids {
            rows = rows.bind(id.get());
        }
        let listings = rows
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(listing_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids
            .iter()
            .filter_map(|id| listings.iter().find(|l| l.id == *id).cloned())
            .collect())
    }
}

fn terms_from_row(row: &AnyRow) -> Result<OfferTerms, StoreError> {
    let attributes: String = row.try_get("attributes")?;
    let certifications: String = row.try_get("certifications")?;
    let meters: String = row.try_get("meters")?;
    Ok(OfferTerms {
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        tagline: row.try_get("tagline")?,
        unit: row.try_get("unit")?,
        country: CountryCode::parse(&row.try_get::<String, _>("country")?)
            .map_err(|_| StoreError::Corrupt("offer_versions.country"))?,
        jurisdiction: row.try_get("jurisdiction")?,
        attributes: serde_json::from_str(&attributes)
            .map_err(|_| StoreError::Corrupt("offer_versions.attributes"))?,
        certifications: serde_json::from_str(&certifications)
            .map_err(|_| StoreError::Corrupt("offer_versions.certifications"))?,
        availability_bp: u32::try_from(row.try_get::<i64, _>("availability_bp")?)
            .map_err(|_| StoreError::Corrupt("offer_versions.availability_bp"))?,
        monthly_price: Money::new(
            row.try_get("monthly_price_minor")?,
            Currency::parse(&row.try_get::<String, _>("currency")?)
                .map_err(|_| StoreError::Corrupt("offer_versions.currency"))?,
        ),
        carbon_g_month: row.try_get("carbon_g_month")?,
        // Reading a meter checks it again, so a stored meter that breaks its rules is corrupt.
        meters: serde_json::from_str(&meters)
            .map_err(|_| StoreError::Corrupt("offer_versions.meters"))?,
    })
}

pub(super) fn listing_from_row(row: &AnyRow) -> Result<OfferListing, StoreError> {
    Ok(OfferListing {
        id: OfferId::new(row.try_get("id")?),
        provider: ProviderId::new(row.try_get("provider_id")?),
        provider_slug: Slug::parse(&row.try_get::<String, _>("slug")?)
            .map_err(|_| StoreError::Corrupt("providers.slug"))?,
        provider_name: row.try_get("legal_name")?,
        external_id: row.try_get("external_id")?,
        domain: row.try_get("domain")?,
        status: offer_status_from_row(row)?,
        version: row.try_get("version")?,
        terms: terms_from_row(row)?,
        capacity: row.try_get("capacity")?,
    })
}

fn offer_status_from_row(row: &AnyRow) -> Result<OfferStatus, StoreError> {
    OfferStatus::parse(&row.try_get::<String, _>("status")?)
        .ok_or(StoreError::Corrupt("offers.status"))
}
