//! Quotes and their lines, and the offers a quote is priced from and checked against: the
//! current version of a published offer, and the state of quoted offers now.
//!
//! A quote is read with the tenant named and the caller's membership inside the query, so a
//! forged quote id finds nothing.

use super::catalog::{LISTING, listing_from_row};
use super::{Store, StoreError, placeholders, tenant_member};
use crate::account::{TenantId, UserId};
use crate::catalog::{OfferId, ProviderId};
use crate::money::Currency;
use crate::quote::{LineTerms, OfferNow, OfferSnapshot, Quote, QuoteId, QuoteTerms};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;

impl Store {
    /// The current version of a published offer of an approved provider, by the ids a plan
    /// document uses (provider slug, offer external id).
    pub async fn offer_snapshot(
        &self,
        provider_slug: &str,
        external_id: &str,
    ) -> Result<Option<OfferSnapshot>, StoreError> {
        let row = sqlx::query(&format!(
            "{} WHERE p.slug = $1 AND offers.external_id = $2 AND offers.status = 'published' \
             AND p.status = 'approved'",
            LISTING
        ))
        .bind(provider_slug)
        .bind(external_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let listing = listing_from_row(&row)?;
        Ok(Some(OfferSnapshot::from_listing(&listing)))
    }

    /// The state of `ids` now; an offer is for sale when published by an approved provider.
    pub async fn offers_now(
        &self,
        ids: &[OfferId],
    ) -> Result<BTreeMap<OfferId, OfferNow>, StoreError> {
        if ids.is_empty() {
            return Ok(BTreeMap::new());
        }
        let sql = format!(
            "SELECT offers.id, offers.current_version, offers.capacity, \
             CASE WHEN offers.status = 'published' AND p.status = 'approved' THEN 1 ELSE 0 END \
             AS for_sale FROM offers JOIN providers p ON p.id = offers.provider_id \
             WHERE offers.id IN ({})",
            placeholders(1, ids.len())
        );
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(id.get());
        }
        let mut now = BTreeMap::new();
        for row in query.fetch_all(&self.pool).await? {
            now.insert(
                OfferId::new(row.try_get("id")?),
                OfferNow {
                    version: row.try_get("current_version")?,
                    published: row.try_get::<i64, _>("for_sale")? == 1,
                    capacity: row.try_get("capacity")?,
                },
            );
        }
        Ok(now)
    }

    /// Stores a quote with its lines.
    pub async fn insert_quote(&self, quote: &Quote, by: UserId) -> Result<QuoteId, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO quotes (tenant_id, created_by, blueprint, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(quote.tenant().get())
        .bind(by.get())
        .bind(quote.blueprint())
        .bind(quote.created_at())
        .bind(quote.expires_at())
        .fetch_one(&mut *tx)
        .await?;
        for (position, line) in (0_i64..).zip(quote.lines()) {
            let offer = line.offer();
            sqlx::query(
                "INSERT INTO quote_lines (quote_id, position, component, quantity, offer_id, \
                 offer_external_id, offer_version, offer_name, unit, provider_id, provider_slug, \
                 currency, unit_price_minor, availability_bp, country, jurisdiction, carbon_g_month) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
            )
            .bind(id)
            .bind(position)
            .bind(line.component())
            .bind(line.quantity())
            .bind(offer.offer.get())
            .bind(&offer.external_id)
            .bind(offer.version)
            .bind(&offer.name)
            .bind(&offer.unit)
            .bind(offer.provider.get())
            .bind(&offer.provider_slug)
            .bind(offer.currency.as_str())
            .bind(offer.monthly_price_minor)
            .bind(i64::from(offer.availability_bp))
            .bind(&offer.country)
            .bind(&offer.jurisdiction)
            .bind(offer.carbon_g_month)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(QuoteId::new(id))
    }

    /// A quote of `tenant`, when `user` is one of its members.
    pub async fn quote(
        &self,
        user: UserId,
        tenant: TenantId,
        id: QuoteId,
    ) -> Result<Option<Quote>, StoreError> {
        let member = tenant_member(2, 3);
        let Some(row) = sqlx::query(&format!(
            "SELECT blueprint, created_at FROM quotes WHERE id = $1 AND tenant_id = $2 AND {member}"
        ))
        .bind(id.get())
        .bind(tenant.get())
        .bind(user.get())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let lines = sqlx::query(&format!(
            "SELECT l.* FROM quote_lines l JOIN quotes q ON q.id = l.quote_id \
             WHERE l.quote_id = $1 AND q.tenant_id = $2 AND {member} ORDER BY l.position"
        ))
        .bind(id.get())
        .bind(tenant.get())
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(line_from_row)
        .collect::<Result<_, _>>()?;
        Quote::new(QuoteTerms {
            tenant,
            blueprint: row.try_get("blueprint")?,
            created_at: row.try_get("created_at")?,
            lines,
        })
        .map(Some)
        .map_err(|_| StoreError::Corrupt("quote_lines"))
    }
}

fn line_from_row(row: &AnyRow) -> Result<LineTerms, StoreError> {
    Ok(LineTerms {
        component: row.try_get("component")?,
        quantity: row.try_get("quantity")?,
        offer: OfferSnapshot {
            offer: OfferId::new(row.try_get("offer_id")?),
            external_id: row.try_get("offer_external_id")?,
            version: row.try_get("offer_version")?,
            name: row.try_get("offer_name")?,
            unit: row.try_get("unit")?,
            provider: ProviderId::new(row.try_get("provider_id")?),
            provider_slug: row.try_get("provider_slug")?,
            currency: Currency::parse(&row.try_get::<String, _>("currency")?)
                .map_err(|_| StoreError::Corrupt("quote_lines.currency"))?,
            monthly_price_minor: row.try_get("unit_price_minor")?,
            availability_bp: u32::try_from(row.try_get::<i64, _>("availability_bp")?)
                .map_err(|_| StoreError::Corrupt("quote_lines.availability_bp"))?,
            country: row.try_get("country")?,
            jurisdiction: row.try_get("jurisdiction")?,
            carbon_g_month: row.try_get("carbon_g_month")?,
        },
    })
}
