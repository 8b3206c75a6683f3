//! Bulk import and export of offers: an accepted import written in one transaction, guarded like
//! the single-offer edits, and the offers of an export read in one query that reuses the catalog
//! search's filters.

use super::access::{Access, access_test};
use super::catalog::{LISTING, listing_from_row};
use super::offers::{insert_offer, insert_version};
use super::search::{Bind, Filter, bind_all, order_by};
use super::{Store, StoreError};
use crate::account::UserId;
use crate::audit::Record;
use crate::catalog::{OfferListing, ProviderId};
use crate::money::MARKETPLACE_CURRENCY;
use crate::transfer::{ExportScope, ImportPlan};

impl Store {
    /// Writes an accepted import as a member of `provider`, in one transaction: new offers as
    /// drafts at version 1, changed terms as a new version effective at the record's time, new
    /// capacities, and the audit log's entry `record`.
    /// Returns false, having written nothing, when `user` is not a member of the provider or an
    /// offer's status or version moved since the plan was made.
    pub async fn import_offers(
        &self,
        user: UserId,
        provider: ProviderId,
        plan: &ImportPlan,
        record: &Record,
    ) -> Result<bool, StoreError> {
        let now = record.at;
        let mut tx = self.begin_write().await?;
        for offer in &plan.creates {
            // Returning drops the transaction, which rolls every earlier write back.
            if insert_offer(&mut tx, user, provider, offer, now)
                .await?
                .is_none()
            {
                return Ok(false);
            }
        }
        let (flag, member) = Access::Member(user).binds();
        let guard = format!(
            "offers.id = $1 AND offers.provider_id = $2 AND offers.status = $3 \
             AND offers.current_version = $4 AND {}",
            access_test(5, 6)
        );
        for update in &plan.updates {
            let statement = if update.terms.is_some() {
                format!(
                    "UPDATE offers SET current_version = current_version + 1, capacity = $7 \
                     WHERE {guard} RETURNING current_version"
                )
            } else {
                format!("UPDATE offers SET capacity = $7 WHERE {guard} RETURNING current_version")
            };
            let version: Option<i64> = sqlx::query_scalar(&statement)
                .bind(update.offer.get())
                .bind(provider.get())
                .bind(update.status.as_str())
                .bind(update.version)
                .bind(flag)
                .bind(member)
                .bind(update.capacity)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(version) = version else {
                return Ok(false);
            };
            if let Some(terms) = &update.terms {
                insert_version(&mut tx, update.offer.get(), version, terms.get(), now).await?;
            }
        }
        super::audit::append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Every offer of an export, in the search's order: published offers of approved
    /// providers at their current version, priced in the marketplace's currency, narrowed to the
    /// scope's provider and search.
    pub async fn export_offers(
        &self,
        scope: &ExportScope,
    ) -> Result<Vec<OfferListing>, StoreError> {
        let mut filter = Filter::of(&scope.search);
        filter.push(
            |n| format!("v.currency = ${n}"),
            Bind::Text(MARKETPLACE_CURRENCY.as_str().to_owned()),
        );
        if let Some(slug) = &scope.provider {
            filter.push(|n| format!("p.slug = ${n}"), Bind::Text(slug.clone()));
        }
        let sql = format!(
            "{LISTING} WHERE {} ORDER BY {}",
            filter.sql(),
            order_by(scope.search.sort)
        );
        let rows = bind_all(sqlx::query(&sql), &filter.binds)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(listing_from_row).collect()
    }
}
