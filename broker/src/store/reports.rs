//! The usage and downtime records providers report, and the instances they name.
//!
//! Every query is the reporting provider's: an instance is looked up with the provider's id
//! compared inside the query, and only the provider's own instances come back with their contract
//! line and meters (another's is only known to be another's); records are read and written under
//! the provider's id, so one provider's record ids never meet another's. `invoice_id` is left to
//! the billing.

use super::{Store, StoreError, placeholders, value_rows};
use crate::billing::{Meter, MeterId};
use crate::catalog::ProviderId;
use crate::contract::ContractId;
use crate::reports::{DowntimeRecord, Target, UsageRecord};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, BTreeSet};

/// A record to keep, on the contract line of its instance.
#[derive(Clone, Copy, Debug)]
pub struct Placed<'a, R> {
    pub record: &'a R,
    pub contract: ContractId,
    pub line: u32,
}

impl Store {
    /// What each of `instances` is for `provider`: its own instance with its contract line and
    /// the meters of its offer version, or another provider's. An instance that is not there is
    /// left out.
    pub async fn report_targets(
        &self,
        provider: ProviderId,
        instances: &[&str],
    ) -> Result<BTreeMap<String, Target>, StoreError> {
        if instances.is_empty() {
            return Ok(BTreeMap::new());
        }
        let sql = format!(
            "SELECT o.instance_id, CASE WHEN o.provider_id = $1 THEN 1 ELSE 0 END AS own, \
             CASE WHEN o.provider_id = $1 THEN o.contract_id END AS contract_id, \
             CASE WHEN o.provider_id = $1 THEN o.line END AS line, \
             CASE WHEN o.provider_id = $1 THEN v.meters END AS meters \
             FROM orders o \
             JOIN offers f ON f.provider_id = o.provider_id AND f.external_id = o.offer_external_id \
             JOIN offer_versions v ON v.offer_id = f.id AND v.version = o.offer_version \
             WHERE o.instance_id IN ({})",
            placeholders(2, instances.len())
        );
        let mut query = sqlx::query(&sql).bind(provider.get());
        for instance in instances {
            query = query.bind(*instance);
        }
        let mut targets = BTreeMap::new();
        for row in query.fetch_all(&self.pool).await? {
            let target = if row.try_get::<i64, _>("own")? == 1 {
                own_target(&row)?
            } else {
                Target::Foreign
            };
            targets.insert(row.try_get("instance_id")?, target);
        }
        Ok(targets)
    }

    /// The usage records `provider` reported under `ids`, by id.
    pub async fn kept_usage(
        &self,
        provider: ProviderId,
        ids: &[&str],
    ) -> Result<BTreeMap<String, UsageRecord>, StoreError> {
        let rows = self
            .kept_rows(
                "SELECT record_id, instance_id, meter, quantity, at FROM usage_records",
                provider,
                ids,
            )
            .await?;
        rows.iter()
            .map(|row| {
                let record = UsageRecord {
                    id: row.try_get("record_id")?,
                    instance_id: row.try_get("instance_id")?,
                    meter: row.try_get("meter")?,
                    quantity: row.try_get("quantity")?,
                    at: row.try_get("at")?,
                };
                Ok((record.id.clone(), record))
            })
            .collect()
    }

    /// The downtime records `provider` reported under `ids`, by id.
    pub async fn kept_downtime(
        &self,
        provider: ProviderId,
        ids: &[&str],
    ) -> Result<BTreeMap<String, DowntimeRecord>, StoreError> {
        let rows = self
            .kept_rows(
                "SELECT record_id, instance_id, from_at, to_at FROM downtime_records",
                provider,
                ids,
            )
            .await?;
        rows.iter()
            .map(|row| {
                let record = DowntimeRecord {
                    id: row.try_get("record_id")?,
                    instance_id: row.try_get("instance_id")?,
                    from: row.try_get("from_at")?,
                    to: row.try_get("to_at")?,
                };
                Ok((record.id.clone(), record))
            })
            .collect()
    }

    /// `select` (a `SELECT … FROM table`) of `provider`'s records under `ids`.
    async fn kept_rows(
        &self,
        select: &str,
        provider: ProviderId,
        ids: &[&str],
    ) -> Result<Vec<AnyRow>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "{select} WHERE provider_id = $1 AND record_id IN ({})",
            placeholders(2, ids.len())
        );
        // Planned for each batch, never kept: PostgreSQL's generic plan, made while the table
        // was small, reads every record of the provider through the key's first column and
        // filters them; planned with the ids, it looks each one up.
        let mut query = sqlx::query(&sql).persistent(false).bind(provider.get());
        for id in ids {
            query = query.bind(*id);
        }
        Ok(query.fetch_all(&self.pool).await?)
    }

    /// Keeps `records` of `provider`, received at `now`, in one statement. For each, whether it
    /// was written: false when a record with its id was kept meanwhile (a concurrent batch),
    /// which is left as it was.
    pub async fn keep_usage(
        &self,
        provider: ProviderId,
        records: &[Placed<'_, UsageRecord>],
        now: i64,
    ) -> Result<Vec<bool>, StoreError> {
        if records.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "INSERT INTO usage_records (provider_id, record_id, instance_id, contract_id, line, \
             meter, quantity, at, received_at) VALUES {} \
             ON CONFLICT (provider_id, record_id) DO NOTHING RETURNING record_id",
            value_rows(1, records.len(), 9)
        );
        let mut query = sqlx::query_scalar::<_, String>(&sql);
        for placed in records {
            let record = placed.record;
            query = query
                .bind(provider.get())
                .bind(&record.id)
                .bind(&record.instance_id)
                .bind(placed.contract.get())
                .bind(i64::from(placed.line))
                .bind(&record.meter)
                .bind(record.quantity)
                .bind(record.at)
                .bind(now);
        }
        let kept: BTreeSet<String> = query.fetch_all(&self.pool).await?.into_iter().collect();
        Ok(records
            .iter()
            .map(|placed| kept.contains(&placed.record.id))
            .collect())
    }

    /// [`Store::keep_usage`] for downtime records.
    pub async fn keep_downtime(
        &self,
        provider: ProviderId,
        records: &[Placed<'_, DowntimeRecord>],
        now: i64,
    ) -> Result<Vec<bool>, StoreError> {
        if records.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "INSERT INTO downtime_records (provider_id, record_id, instance_id, contract_id, \
             line, from_at, to_at, received_at) VALUES {} \
             ON CONFLICT (provider_id, record_id) DO NOTHING RETURNING record_id",
            value_rows(1, records.len(), 8)
        );
        let mut query = sqlx::query_scalar::<_, String>(&sql);
        for placed in records {
            let record = placed.record;
            query = query
                .bind(provider.get())
                .bind(&record.id)
                .bind(&record.instance_id)
                .bind(placed.contract.get())
                .bind(i64::from(placed.line))
                .bind(record.from)
                .bind(record.to)
                .bind(now);
        }
        let kept: BTreeSet<String> = query.fetch_all(&self.pool).await?.into_iter().collect();
        Ok(records
            .iter()
            .map(|placed| kept.contains(&placed.record.id))
            .collect())
    }
}

/// The provider's own instance of a `report_targets` row: its line, and its meters' ids.
fn own_target(row: &AnyRow) -> Result<Target, StoreError> {
    let meters: Vec<Meter> = serde_json::from_str(&row.try_get::<String, _>("meters")?)
        .map_err(|_| StoreError::Corrupt("offer_versions.meters"))?;
    Ok(Target::Own {
        contract: ContractId::new(row.try_get("contract_id")?),
        line: u32::try_from(row.try_get::<i64, _>("line")?)
            .map_err(|_| StoreError::Corrupt("orders.line"))?,
        meters: meters
            .iter()
            .map(Meter::id)
            .cloned()
            .collect::<Vec<MeterId>>(),
    })
}
