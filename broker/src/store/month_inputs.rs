//! What a month's billing run reads for every organisation at once: the month's usage not yet
//! billed, earlier usage not yet billed (the candidates for late usage), the months already
//! invoiced, the downtime overlapping the month and the billing profiles. Five queries for the
//! whole run, whatever the number of organisations, instead of a round of queries for each.
//!
//! Usage is read up to a `cutoff` of reception, so that a finalization marks as billed exactly
//! the records it counted, whatever arrives meanwhile.

use super::billing::{StoredProfile, corrupt, line_number};
use super::{Store, StoreError};
use crate::account::TenantId;
use crate::billing::{Downtime, MeterId, Month, Usage};
use crate::contract::ContractId;
use crate::format::CountryCode;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, BTreeSet};

/// A usage record not yet billed, of a month before the one being billed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnbilledUsage {
    pub contract: ContractId,
    pub line: u32,
    pub meter: MeterId,
    pub quantity: i64,
    pub at: i64,
}

/// One organisation's inputs to a month's invoice, besides its contract lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TenantInputs {
    /// The month's usage not yet billed, summed per line and meter.
    pub usage: Vec<Usage>,
    /// Earlier usage not yet billed, in the order it happened.
    pub earlier: Vec<UnbilledUsage>,
    /// The months whose invoice is finalized (paid and void included), as `YYYY-MM`.
    pub closed: BTreeSet<String>,
    pub downtime: Vec<Downtime>,
    pub name: String,
    pub profile: Option<StoredProfile>,
}

impl Store {
    /// Every organisation's inputs to `month`'s invoice, with usage received by `cutoff`.
    pub async fn month_inputs(
        &self,
        month: Month,
        cutoff: i64,
    ) -> Result<BTreeMap<TenantId, TenantInputs>, StoreError> {
        let mut inputs: BTreeMap<TenantId, TenantInputs> = BTreeMap::new();
        for row in self.month_usage(month, cutoff).await? {
            let usage = Usage {
                contract: ContractId::new(row.try_get("contract_id")?),
                line: line_number(row.try_get("line")?, "usage_records.line")?,
                meter: meter_of(&row)?,
                quantity: row.try_get("used")?,
            };
            inputs
                .entry(tenant_of(&row)?)
                .or_default()
                .usage
                .push(usage);
        }
        for row in self.unbilled_usage_before(month.start(), cutoff).await? {
            let usage = UnbilledUsage {
                contract: ContractId::new(row.try_get("contract_id")?),
                line: line_number(row.try_get("line")?, "usage_records.line")?,
                meter: meter_of(&row)?,
                quantity: row.try_get("quantity")?,
                at: row.try_get("at")?,
            };
            inputs
                .entry(tenant_of(&row)?)
                .or_default()
                .earlier
                .push(usage);
        }
        let closed = sqlx::query(
            "SELECT tenant_id, month FROM invoices WHERE kind = 'invoice' AND status <> 'draft' \
             AND month < $1 ORDER BY tenant_id, month",
        )
        .bind(month.to_string())
        .fetch_all(&self.pool)
        .await?;
        for row in &closed {
            let of: String = row.try_get("month")?;
            inputs.entry(tenant_of(row)?).or_default().closed.insert(of);
        }
        for row in self.month_downtime(month).await? {
            let downtime = Downtime {
                contract: ContractId::new(row.try_get("contract_id")?),
                line: line_number(row.try_get("line")?, "downtime_records.line")?,
                from: row.try_get("from_at")?,
                to: row.try_get("to_at")?,
            };
            inputs
                .entry(tenant_of(&row)?)
                .or_default()
                .downtime
                .push(downtime);
        }
        let profiles = sqlx::query(
            "SELECT t.id AS tenant_id, t.name, p.legal_name, p.address, p.country, p.vat_id \
             FROM tenants t LEFT JOIN billing_profiles p ON p.tenant_id = t.id",
        )
        .fetch_all(&self.pool)
        .await?;
        for row in &profiles {
            let tenant = inputs.entry(tenant_of(row)?).or_default();
            tenant.name = row.try_get("name")?;
            tenant.profile = stored_profile(row)?;
        }
        Ok(inputs)
    }

    async fn month_usage(&self, month: Month, cutoff: i64) -> Result<Vec<AnyRow>, StoreError> {
        Ok(sqlx::query(
            "SELECT c.tenant_id, u.contract_id, u.line, u.meter, \
             CAST(SUM(u.quantity) AS BIGINT) AS used \
             FROM usage_records u JOIN contracts c ON c.id = u.contract_id \
             WHERE u.at >= $1 AND u.at < $2 AND u.invoice_id IS NULL AND u.received_at <= $3 \
             GROUP BY c.tenant_id, u.contract_id, u.line, u.meter \
             ORDER BY c.tenant_id, u.contract_id, u.line, u.meter",
        )
        .bind(month.start())
        .bind(month.end())
        .bind(cutoff)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn unbilled_usage_before(
        &self,
        before: i64,
        cutoff: i64,
    ) -> Result<Vec<AnyRow>, StoreError> {
        Ok(sqlx::query(
            "SELECT c.tenant_id, u.contract_id, u.line, u.meter, u.quantity, u.at \
             FROM usage_records u JOIN contracts c ON c.id = u.contract_id \
             WHERE u.at < $1 AND u.invoice_id IS NULL AND u.received_at <= $2 \
             ORDER BY c.tenant_id, u.at, u.provider_id, u.record_id",
        )
        .bind(before)
        .bind(cutoff)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn month_downtime(&self, month: Month) -> Result<Vec<AnyRow>, StoreError> {
        Ok(sqlx::query(
            "SELECT c.tenant_id, d.contract_id, d.line, d.from_at, d.to_at \
             FROM downtime_records d JOIN contracts c ON c.id = d.contract_id \
             WHERE d.from_at < $2 AND d.to_at > $1 \
             ORDER BY c.tenant_id, d.contract_id, d.line, d.from_at, d.to_at",
        )
        .bind(month.start())
        .bind(month.end())
        .fetch_all(&self.pool)
        .await?)
    }
}

/// The profile of a row with `legal_name`, `address`, `country` and `vat_id`, `None` when the
/// organisation never saved one.
pub(super) fn stored_profile(row: &AnyRow) -> Result<Option<StoredProfile>, StoreError> {
    let Some(legal_name) = row.try_get::<Option<String>, _>("legal_name")? else {
        return Ok(None);
    };
    let country = CountryCode::parse(&row.try_get::<String, _>("country")?)
        .map_err(corrupt("billing_profiles.country"))?;
    Ok(Some(StoredProfile {
        legal_name,
        address: row.try_get("address")?,
        country,
        vat_id: row.try_get("vat_id")?,
    }))
}

fn tenant_of(row: &AnyRow) -> Result<TenantId, StoreError> {
    Ok(TenantId::new(row.try_get("tenant_id")?))
}

pub(super) fn meter_of(row: &AnyRow) -> Result<MeterId, StoreError> {
    MeterId::parse(&row.try_get::<String, _>("meter")?)
        .map_err(|_| StoreError::Corrupt("usage_records.meter"))
}
