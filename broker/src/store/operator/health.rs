//! The service side of the operator's overview, summed in SQL: each provider's reported downtime,
//! billed time and SLA credits over the finalized months, the same downtime and credits month
//! by month, and the provisioning's orders in
//! flight, failures and the time from signature to active at the median and the 90th percentile
//! (nearest rank, read with one `OFFSET` each).

use crate::billing::Month;
use crate::contract::events::EventKind;
use crate::operator::overview::{
    ProviderMonths, ProviderSla, ProvisioningHealth, nearest_rank, with_incidents,
};
use crate::store::{Store, StoreError};
use sqlx::Row;
use std::collections::BTreeMap;

/// Invoices of the finalized months `$1` to before `$2` (`YYYY-MM`).
const FINALIZED: &str =
    "i.kind = 'invoice' AND i.status <> 'draft' AND i.month >= $1 AND i.month < $2";

impl Store {
    /// Each provider's service from the start of `first` to before `current`.
    pub(super) async fn provider_sla(
        &self,
        first: Month,
        current: Month,
    ) -> Result<Vec<ProviderSla>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT p.legal_name AS name, \
             CAST(COALESCE((SELECT SUM(l.unit_seconds) FROM invoice_lines l \
               JOIN invoices i ON i.id = l.invoice_id \
               WHERE l.provider_id = p.id AND l.kind = 'recurring' AND {FINALIZED}), 0) AS BIGINT) AS billed, \
             CAST(COALESCE((SELECT -SUM(l.amount_minor) FROM invoice_lines l \
               JOIN invoices i ON i.id = l.invoice_id \
               WHERE l.provider_id = p.id AND l.kind = 'sla_credit' AND {FINALIZED}), 0) AS BIGINT) AS credits, \
             CAST(COALESCE((SELECT SUM((d.to_at - d.from_at) * q.quantity) FROM downtime_records d \
               JOIN contracts c ON c.id = d.contract_id \
               JOIN quote_lines q ON q.quote_id = c.quote_id AND q.position = d.line \
               WHERE d.provider_id = p.id AND d.from_at >= $3 AND d.from_at < $4), 0) AS BIGINT) AS down \
             FROM providers p WHERE p.status IN ('approved', 'suspended') ORDER BY p.id"
        ))
        .bind(first.to_string())
        .bind(current.to_string())
        .bind(first.start())
        .bind(current.start())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ProviderSla {
                    name: row.try_get("name")?,
                    downtime_unit_secs: row.try_get("down")?,
                    billed_unit_secs: row.try_get("billed")?,
                    credits_minor: row.try_get("credits")?,
                })
            })
            .collect()
    }

    /// Each provider's downtime reported starting in each of `months` and the SLA credits of
    /// each month's finalized invoices and credit notes (as the overview's month totals).
    pub(super) async fn sla_by_provider(
        &self,
        months: &[Month],
    ) -> Result<Vec<ProviderMonths>, StoreError> {
        let (Some(first), Some(last)) = (months.first(), months.last()) else {
            return Ok(Vec::new());
        };
        let downtime = self
            .per_month_by(
                "provider_id",
                ("downtime_records", "from_at", "to_at - from_at"),
                months,
            )
            .await?;
        let credits = sqlx::query(
            "SELECT l.provider_id, i.month, CAST(-SUM(l.amount_minor) AS BIGINT) AS credits \
             FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id \
             WHERE l.kind = 'sla_credit' AND i.status <> 'draft' AND i.month >= $1 AND i.month <= $2 \
             GROUP BY l.provider_id, i.month",
        )
        .bind(first.to_string())
        .bind(last.to_string())
        .fetch_all(&self.pool)
        .await?;
        let names = sqlx::query("SELECT id, legal_name FROM providers ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        let labels: Vec<String> = months.iter().map(ToString::to_string).collect();
        let mut credited: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for row in &credits {
            let month: String = row.try_get("month")?;
            if let Some(at) = labels.iter().position(|label| *label == month) {
                let provider = credited
                    .entry(row.try_get("provider_id")?)
                    .or_insert_with(|| vec![0; months.len()]);
                provider[at] = row.try_get("credits")?;
            }
        }
        let mut down: BTreeMap<i64, Vec<i64>> = downtime.into_iter().collect();
        let all = names
            .iter()
            .map(|row| {
                let id: i64 = row.try_get("id")?;
                let zeros = || vec![0; months.len()];
                Ok(ProviderMonths {
                    name: row.try_get("legal_name")?,
                    downtime_secs: down.remove(&id).unwrap_or_else(zeros),
                    credits_minor: credited.remove(&id).unwrap_or_else(zeros),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(with_incidents(all))
    }

    /// The orders as they stand, and the contracts signed from `since` on that became active.
    pub(super) async fn provisioning_health(
        &self,
        since: i64,
    ) -> Result<ProvisioningHealth, StoreError> {
        let orders = sqlx::query(
            "SELECT CAST(COALESCE(SUM(CASE WHEN state IN ('requested', 'provisioning') THEN 1 ELSE 0 END), 0) AS BIGINT) AS in_flight, \
             CAST(COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) AS BIGINT) AS failed \
             FROM orders",
        )
        .fetch_one(&self.pool)
        .await?;
        let failed: i64 = orders.try_get("failed")?;
        let failures: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM contract_events WHERE kind = $1")
                .bind(EventKind::LineFailed.as_str())
                .fetch_one(&self.pool)
                .await?;
        const ACTIVATED: &str = "FROM contract_events e JOIN signatures s ON s.contract_id = e.contract_id \
             WHERE e.kind = $1 AND s.signed_at >= $2";
        let activated: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {ACTIVATED}"))
            .bind(EventKind::Activated.as_str())
            .bind(since)
            .fetch_one(&self.pool)
            .await?;
        let mut at_rank = Vec::new();
        for percent in [50, 90] {
            let value = match nearest_rank(activated, percent) {
                Some(offset) => Some(
                    sqlx::query_scalar::<_, i64>(&format!(
                        "SELECT e.at - s.signed_at AS took {ACTIVATED} ORDER BY took LIMIT 1 OFFSET $3"
                    ))
                    .bind(EventKind::Activated.as_str())
                    .bind(since)
                    .bind(offset)
                    .fetch_one(&self.pool)
                    .await?,
                ),
                None => None,
            };
            at_rank.push(value);
        }
        Ok(ProvisioningHealth {
            in_flight: orders.try_get("in_flight")?,
            failed,
            retried: (failures - failed).max(0),
            activated,
            median_secs: at_rank[0],
            p90_secs: at_rank[1],
        })
    }
}
