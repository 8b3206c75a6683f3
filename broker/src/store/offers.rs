//! Writing offers: drafts with their first version, new versions and in-place presentation
//! changes, status moves and capacities.
//!
//! Every change is made as an [`Access`] and tests it inside the statement, so a forged offer id
//! changes nothing. A change names the status (and version) it starts from, so two concurrent
//! changes cannot both apply: the second finds no row and reports it.

use super::access::{Access, access_test};
use super::{Store, StoreError, unique_violation};
use crate::account::UserId;
use crate::audit::Record;
use crate::catalog::{
    OfferId, OfferStatus, OfferTerms, ProviderId, ValidNewOffer, ValidOfferTerms,
};
use sqlx::{Any, Transaction};

impl Store {
    /// Creates a draft offer with its first version, when `user` is a member of `provider`,
    /// and records `record` of its id; `None` otherwise.
    pub async fn create_offer(
        &self,
        user: UserId,
        provider: ProviderId,
        offer: &ValidNewOffer,
        now: i64,
        record: &(dyn Fn(OfferId) -> Record + Sync),
    ) -> Result<Option<OfferId>, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some(id) = insert_offer(&mut tx, user, provider, offer, now).await? else {
            return Ok(None);
        };
        super::audit::append(&mut tx, &record(id)).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Changes the terms of an offer still at `status` and `version`, as a member of its
    /// provider: a new version when `new_version`, else the current version's presentation
    /// (description and tagline) in place, and records `record` of the version now current.
    /// Returns that version, or `None` when the offer is out of reach or changed meanwhile.
    pub async fn update_offer_terms(
        &self,
        user: UserId,
        offer: OfferId,
        (status, version): (OfferStatus, i64),
        (terms, new_version): (&ValidOfferTerms, bool),
        now: i64,
        record: &(dyn Fn(i64) -> Record + Sync),
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.begin_write().await?;
        let guard = format!(
            "offers.id = $1 AND offers.status = $2 AND offers.current_version = $3 AND {}",
            access_test(4, 5)
        );
        let (flag, member) = Access::Member(user).binds();
        let current = if new_version {
            let next: Option<i64> = sqlx::query_scalar(&format!(
                "UPDATE offers SET current_version = current_version + 1 WHERE {guard} \
                 RETURNING current_version"
            ))
            .bind(offer.get())
            .bind(status.as_str())
            .bind(version)
            .bind(flag)
            .bind(member)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(next) = next else { return Ok(None) };
            insert_version(&mut tx, offer.get(), next, terms.get(), now).await?;
            next
        } else {
            let done = sqlx::query(&format!(
                "UPDATE offer_versions SET description = $6, tagline = $7 \
                 WHERE offer_id = $1 AND version = $3 AND EXISTS (SELECT 1 FROM offers WHERE {guard})"
            ))
            .bind(offer.get())
            .bind(status.as_str())
            .bind(version)
            .bind(flag)
            .bind(member)
            .bind(&terms.get().description)
            .bind(&terms.get().tagline)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(None);
            }
            version
        };
        super::audit::append(&mut tx, &record(current)).await?;
        tx.commit().await?;
        Ok(Some(current))
    }

    /// Moves an offer within reach from `from` to `to`, recording the review's reason, and
    /// records `record`; false (nothing recorded) when it is out of reach or no longer at `from`. Reaching `published` marks the offer as
    /// published once, so that later submissions skip the review.
    pub async fn move_offer(
        &self,
        access: Access,
        offer: OfferId,
        (from, to): (OfferStatus, OfferStatus),
        reason: Option<&str>,
        record: &Record,
    ) -> Result<bool, StoreError> {
        let (flag, member) = access.binds();
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(&format!(
            "UPDATE offers SET status = $1, review_reason = $2, \
             published_once = CASE WHEN $1 = 'published' THEN 1 ELSE published_once END \
             WHERE id = $3 AND status = $4 AND {}",
            access_test(5, 6)
        ))
        .bind(to.as_str())
        .bind(reason)
        .bind(offer.get())
        .bind(from.as_str())
        .bind(flag)
        .bind(member)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        super::audit::append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Sets the units for sale (`None`: unlimited) of an offer `user` may manage, recording
    /// `record` of the units it had when they change; false when out of reach.
    pub async fn set_offer_capacity(
        &self,
        user: UserId,
        offer: OfferId,
        capacity: Option<i64>,
        record: &(dyn Fn(Option<i64>) -> Record + Sync),
    ) -> Result<bool, StoreError> {
        let (flag, member) = Access::Member(user).binds();
        let mut tx = self.begin_write().await?;
        let test = access_test(2, 3);
        let was: Option<Option<i64>> = sqlx::query_scalar(&format!(
            "SELECT capacity FROM offers WHERE id = $1 AND {test}"
        ))
        .bind(offer.get())
        .bind(flag)
        .bind(member)
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query(&format!(
            "UPDATE offers SET capacity = $4 WHERE id = $1 AND {test}"
        ))
        .bind(offer.get())
        .bind(flag)
        .bind(member)
        .bind(capacity)
        .execute(&mut *tx)
        .await?;
        let Some(was) = was else { return Ok(false) };
        if was != capacity {
            super::audit::append(&mut tx, &record(was)).await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}

/// Inserts a draft offer with its first version, when `user` is a member of `provider`; `None`
/// (having written nothing) otherwise.
pub(super) async fn insert_offer(
    tx: &mut Transaction<'static, Any>,
    user: UserId,
    provider: ProviderId,
    offer: &ValidNewOffer,
    now: i64,
) -> Result<Option<OfferId>, StoreError> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO offers (provider_id, external_id, domain, status, capacity, \
         current_version, created_at) \
         SELECT $1, $2, $3, $4, $5, 1, $6 WHERE EXISTS (SELECT 1 FROM provider_members \
         WHERE provider_id = $1 AND user_id = $7) RETURNING id",
    )
    .bind(provider.get())
    .bind(offer.external_id())
    .bind(offer.domain())
    .bind(OfferStatus::Draft.as_str())
    .bind(offer.capacity())
    .bind(now)
    .bind(user.get())
    .fetch_optional(&mut **tx)
    .await
    .map_err(|err| unique_violation(err, "external_id"))?;
    let Some(id) = id else { return Ok(None) };
    insert_version(tx, id, 1, offer.terms().get(), now).await?;
    Ok(Some(OfferId::new(id)))
}

pub(super) async fn insert_version(
    tx: &mut Transaction<'static, Any>,
    offer: i64,
    version: i64,
    terms: &OfferTerms,
    now: i64,
) -> Result<(), StoreError> {
    // Serialising a map of strings to finite numbers, a set of strings and a list of meters
    // (strings and integers) cannot fail.
    let attributes = serde_json::to_string(&terms.attributes).unwrap_or_default();
    let certifications = serde_json::to_string(&terms.certifications).unwrap_or_default();
    let meters = serde_json::to_string(&terms.meters).unwrap_or_default();
    sqlx::query(
        "INSERT INTO offer_versions (offer_id, version, name, description, tagline, unit, \
         country, jurisdiction, attributes, certifications, availability_bp, currency, \
         monthly_price_minor, carbon_g_month, effective_from, meters) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(offer)
    .bind(version)
    .bind(&terms.name)
    .bind(&terms.description)
    .bind(&terms.tagline)
    .bind(&terms.unit)
    .bind(terms.country.as_str())
    .bind(&terms.jurisdiction)
    .bind(attributes)
    .bind(certifications)
    .bind(i64::from(terms.availability_bp))
    .bind(terms.monthly_price.currency().as_str())
    .bind(terms.monthly_price.minor())
    .bind(terms.carbon_g_month)
    .bind(now)
    .bind(meters)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
