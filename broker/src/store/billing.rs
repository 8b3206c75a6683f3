//! What a month's billing reads besides its inputs of `month_inputs`: the contract lines that
//! ran, with the moments their resources became active and their contracts' termination was
//! asked for; what finalized invoices already billed of a meter; an organisation's billing
//! profile; and the commission rates in force.

use super::month_inputs::stored_profile;
use super::{Store, StoreError};
use crate::account::TenantId;
use crate::audit::Record;
use crate::billing::{ContractLine, Meter, MeterId, Month};
use crate::catalog::ProviderId;
use crate::contract::ContractId;
use crate::contract::events::{EventKind, EventPayload};
use crate::format::{self, CountryCode};
use sqlx::Row;
use std::collections::BTreeMap;

/// A billing profile as stored: what the organisation is invoiced as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredProfile {
    pub legal_name: String,
    pub address: String,
    pub country: CountryCode,
    pub vat_id: Option<String>,
}

pub(super) fn corrupt(column: &'static str) -> impl Fn(String) -> StoreError {
    move |_| StoreError::Corrupt(column)
}

pub(super) fn line_number(raw: i64, column: &'static str) -> Result<u32, StoreError> {
    u32::try_from(raw).map_err(|_| StoreError::Corrupt(column))
}

impl Store {
    /// Every line of every signed contract whose resource became active before `end`, by
    /// tenant, with its offer version's meters.
    pub async fn billable_lines(
        &self,
        end: i64,
    ) -> Result<Vec<(TenantId, ContractLine)>, StoreError> {
        let events = sqlx::query(
            "SELECT contract_id, kind, payload, at FROM contract_events \
             WHERE kind IN ('line_activated', 'terminated') AND at < $1",
        )
        .bind(end)
        .fetch_all(&self.pool)
        .await?;
        let mut active_at: BTreeMap<(i64, u32), i64> = BTreeMap::new();
        let mut terminated_at: BTreeMap<i64, i64> = BTreeMap::new();
        for row in &events {
            let contract: i64 = row.try_get("contract_id")?;
            let at: i64 = row.try_get("at")?;
            let kind = EventKind::parse(&row.try_get::<String, _>("kind")?)
                .ok_or(StoreError::Corrupt("contract_events.kind"))?;
            let payload = EventPayload::parse(kind, &row.try_get::<String, _>("payload")?)
                .map_err(|_| StoreError::Corrupt("contract_events.payload"))?;
            match payload {
                EventPayload::LineActivated(line) => {
                    active_at.entry((contract, line.line)).or_insert(at);
                }
                EventPayload::Terminated(_) => {
                    terminated_at.entry(contract).or_insert(at);
                }
                _ => {}
            }
        }
        let rows = sqlx::query(
            "SELECT c.id AS contract_id, c.tenant_id, l.position, l.quantity, l.unit_price_minor, \
             l.availability_bp, l.provider_slug, l.offer_external_id, v.meters \
             FROM contracts c JOIN quote_lines l ON l.quote_id = c.quote_id \
             JOIN offer_versions v ON v.offer_id = l.offer_id AND v.version = l.offer_version \
             WHERE c.status IN ('signed', 'active', 'terminated') ORDER BY c.id, l.position",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut lines = Vec::new();
        for row in &rows {
            let contract: i64 = row.try_get("contract_id")?;
            let line = line_number(row.try_get("position")?, "quote_lines.position")?;
            let Some(&active) = active_at.get(&(contract, line)) else {
                continue;
            };
            let meters: Vec<Meter> = serde_json::from_str(&row.try_get::<String, _>("meters")?)
                .map_err(|_| StoreError::Corrupt("offer_versions.meters"))?;
            lines.push((
                TenantId::new(row.try_get("tenant_id")?),
                ContractLine {
                    contract: ContractId::new(contract),
                    line,
                    provider: format::ProviderId::parse(
                        &row.try_get::<String, _>("provider_slug")?,
                    )
                    .map_err(corrupt("quote_lines.provider_slug"))?,
                    offer: format::OfferId::parse(&row.try_get::<String, _>("offer_external_id")?)
                        .map_err(corrupt("quote_lines.offer_external_id"))?,
                    quantity: row.try_get("quantity")?,
                    unit_price_minor: row.try_get("unit_price_minor")?,
                    availability_bp: u32::try_from(row.try_get::<i64, _>("availability_bp")?)
                        .map_err(|_| StoreError::Corrupt("quote_lines.availability_bp"))?,
                    active_at: active,
                    termination_requested_at: terminated_at.get(&contract).copied(),
                    meters,
                },
            ));
        }
        Ok(lines)
    }

    /// How much of one line's meter in `month` finalized invoices already billed.
    pub async fn billed_usage(
        &self,
        contract: ContractId,
        line: u32,
        meter: &MeterId,
        month: Month,
    ) -> Result<i64, StoreError> {
        let used: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(SUM(quantity) AS BIGINT) FROM usage_records \
             WHERE contract_id = $1 AND line = $2 AND meter = $3 AND at >= $4 AND at < $5 \
             AND invoice_id IS NOT NULL",
        )
        .bind(contract.get())
        .bind(i64::from(line))
        .bind(meter.as_str())
        .bind(month.start())
        .bind(month.end())
        .fetch_one(&self.pool)
        .await?;
        Ok(used.unwrap_or(0))
    }

    /// The tenant's billing profile, or its name alone when it never saved one.
    pub async fn billing_profile(
        &self,
        tenant: TenantId,
    ) -> Result<(String, Option<StoredProfile>), StoreError> {
        let row = sqlx::query(
            "SELECT t.name, p.legal_name, p.address, p.country, p.vat_id FROM tenants t \
             LEFT JOIN billing_profiles p ON p.tenant_id = t.id WHERE t.id = $1",
        )
        .bind(tenant.get())
        .fetch_one(&self.pool)
        .await?;
        Ok((row.try_get("name")?, stored_profile(&row)?))
    }

    /// Each provider's commission rate in force at `at`, by slug with its id; providers without
    /// a rate of their own are left out.
    pub async fn commission_rates(
        &self,
        at: i64,
    ) -> Result<BTreeMap<String, (ProviderId, u32)>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.slug, (SELECT r.commission_bp FROM commission_rates r \
             WHERE r.provider_id = p.id AND r.effective_from <= $1 \
             ORDER BY r.effective_from DESC LIMIT 1) AS commission_bp FROM providers p",
        )
        .bind(at)
        .fetch_all(&self.pool)
        .await?;
        let mut rates = BTreeMap::new();
        for row in &rows {
            if let Some(bp) = row.try_get::<Option<i64>, _>("commission_bp")? {
                let bp = u32::try_from(bp)
                    .map_err(|_| StoreError::Corrupt("commission_rates.commission_bp"))?;
                rates.insert(
                    row.try_get("slug")?,
                    (ProviderId::new(row.try_get("id")?), bp),
                );
            }
        }
        Ok(rates)
    }

    /// Every provider's id by slug, for the ledger's payable accounts.
    pub async fn provider_ids(&self) -> Result<BTreeMap<String, ProviderId>, StoreError> {
        let rows = sqlx::query("SELECT id, slug FROM providers")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("slug")?, ProviderId::new(row.try_get("id")?))))
            .collect()
    }

    /// Sets a provider's commission rate from `from` on, replacing one set for that moment, and
    /// records it: `record` is given the provider's own rate in force at `from` until then.
    pub async fn set_commission_rate(
        &self,
        provider: ProviderId,
        from: i64,
        commission_bp: u32,
        by: Option<crate::account::UserId>,
        record: impl FnOnce(Option<u32>) -> Record,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let was: Option<i64> = sqlx::query_scalar(
            "SELECT commission_bp FROM commission_rates \
             WHERE provider_id = $1 AND effective_from <= $2 \
             ORDER BY effective_from DESC LIMIT 1",
        )
        .bind(provider.get())
        .bind(from)
        .fetch_optional(&mut *tx)
        .await?;
        let was = was
            .map(|bp| {
                u32::try_from(bp).map_err(|_| StoreError::Corrupt("commission_rates.commission_bp"))
            })
            .transpose()?;
        sqlx::query(
            "INSERT INTO commission_rates (provider_id, effective_from, commission_bp, set_by) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (provider_id, effective_from) DO UPDATE \
             SET commission_bp = excluded.commission_bp, set_by = excluded.set_by",
        )
        .bind(provider.get())
        .bind(from)
        .bind(i64::from(commission_bp))
        .bind(by.map(|user| user.get()))
        .execute(&mut *tx)
        .await?;
        super::audit::append(&mut tx, &record(was)).await?;
        tx.commit().await?;
        Ok(())
    }
}
