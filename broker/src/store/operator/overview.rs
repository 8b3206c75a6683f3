//! The operator's overview, summed in SQL: a month's counts are one `CASE` per month over the
//! rows' times, the money figures are sums over the invoices' own columns, and the rankings are
//! one row per provider or organisation.

use crate::account::MarketplaceCounts;
use crate::billing::Month;
use crate::operator::overview::{MonthFigures, Overview, Ranked, rank, worst_uptime};
use crate::store::{Store, StoreError};
use sqlx::Row;

/// Invoices that count: finalized (paid and void included) invoices and credit notes.
const COUNTED: &str = "i.status <> 'draft' AND i.month >= $1 AND i.month <= $2";

impl Store {
    /// The overview of `months` (consecutive, oldest first, at least one).
    pub async fn operator_overview(&self, months: &[Month]) -> Result<Overview, StoreError> {
        let (Some(first), Some(last)) = (months.first(), months.last()) else {
            return Ok(Overview::default());
        };
        let organisations = self
            .per_month("tenants", "created_at", "1", months, &[])
            .await?;
        let providers = self
            .per_month("providers", "created_at", "1", months, &[])
            .await?;
        let signed = self
            .per_month("signatures", "signed_at", "1", months, &[])
            .await?;
        let downtime = self
            .per_month(
                "downtime_records",
                "from_at",
                "to_at - from_at",
                months,
                &[],
            )
            .await?;
        let credits = self.credits_per_month(first, last).await?;
        let invoiced = self.invoiced_per_month(first, last).await?;
        let billed = self.billing_months().await?;
        let figures = months
            .iter()
            .enumerate()
            .map(|(at, month)| {
                let label = month.to_string();
                let billed = billed.iter().find(|b| b.month == label);
                MonthFigures {
                    gmv_minor: billed.map_or(0, |b| b.gmv_minor),
                    commission_minor: billed.map_or(0, |b| b.commission_minor),
                    vat_minor: billed.map_or(0, |b| b.vat_minor),
                    new_organisations: organisations[at],
                    new_providers: providers[at],
                    contracts_signed: signed[at],
                    downtime_secs: downtime[at],
                    credits_minor: of_month(&credits, &label),
                    invoiced_so_far_minor: of_month(&invoiced, &label).0,
                    carbon_g: carbon_of(of_month(&invoiced, &label).1, *month),
                    month: label,
                }
            })
            .collect();
        let running = sqlx::query(
            "SELECT CAST(COALESCE(SUM(l.unit_price_minor * l.quantity), 0) AS BIGINT) AS monthly, \
             CAST(COALESCE(SUM(l.carbon_g_month * l.quantity), 0) AS BIGINT) AS carbon \
             FROM contracts c JOIN orders o ON o.contract_id = c.id \
             JOIN quote_lines l ON l.quote_id = c.quote_id AND l.position = o.line \
             WHERE c.status IN ('signed', 'active') AND o.state <> 'terminated'",
        )
        .fetch_one(&self.pool)
        .await?;
        let active: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE state = 'active'")
            .fetch_one(&self.pool)
            .await?;
        let worst = worst_uptime(self.provider_sla(*first, *last).await?);
        let sla_by_provider = self.sla_by_provider(months).await?;
        let provisioning = self.provisioning_health(first.start()).await?;
        let (first, last) = (first.to_string(), last.to_string());
        let by_provider = self
            .ranked(
                &format!(
                    "SELECT p.legal_name AS name, CAST(SUM(s.net_minor) AS BIGINT) AS minor \
                     FROM invoice_splits s JOIN invoices i ON i.id = s.invoice_id \
                     JOIN providers p ON p.id = s.provider_id WHERE {COUNTED} \
                     GROUP BY p.id, p.legal_name"
                ),
                &first,
                &last,
            )
            .await?;
        let by_organisation = self
            .ranked(
                &format!(
                    "SELECT t.name AS name, CAST(SUM(i.net_minor) AS BIGINT) AS minor \
                     FROM invoices i JOIN tenants t ON t.id = i.tenant_id WHERE {COUNTED} \
                     GROUP BY t.id, t.name"
                ),
                &first,
                &last,
            )
            .await?;
        let (top_providers, other_providers_minor) = rank(by_provider);
        let (top_organisations, other_organisations_minor) = rank(by_organisation);
        Ok(Overview {
            counts: self.marketplace_counts().await?,
            months: figures,
            committed_minor: running.try_get("monthly")?,
            carbon_g_month: running.try_get("carbon")?,
            resources_active: active,
            top_providers,
            other_providers_minor,
            top_organisations,
            other_organisations_minor,
            worst_uptime: worst,
            sla_by_provider,
            provisioning,
        })
    }

    /// Each month's net invoiced, drafts included, and `Σ carbon_g_month × unit-seconds` of its
    /// recurring lines, from `first` to `last`.
    async fn invoiced_per_month(
        &self,
        first: &Month,
        last: &Month,
    ) -> Result<Vec<(String, (i64, i64))>, StoreError> {
        let nets = sqlx::query(
            "SELECT month, CAST(SUM(net_minor) AS BIGINT) AS net FROM invoices \
             WHERE month >= $1 AND month <= $2 GROUP BY month",
        )
        .bind(first.to_string())
        .bind(last.to_string())
        .fetch_all(&self.pool)
        .await?;
        let carbon = sqlx::query(
            "SELECT i.month, CAST(SUM(q.carbon_g_month * l.unit_seconds) AS BIGINT) AS carbon \
             FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id \
             JOIN contracts c ON c.id = l.contract_id \
             JOIN quote_lines q ON q.quote_id = c.quote_id AND q.position = l.line \
             WHERE i.kind = 'invoice' AND l.kind = 'recurring' AND i.month >= $1 AND i.month <= $2 \
             GROUP BY i.month",
        )
        .bind(first.to_string())
        .bind(last.to_string())
        .fetch_all(&self.pool)
        .await?;
        let carbon: Vec<(String, i64)> = carbon
            .iter()
            .map(|row| Ok((row.try_get("month")?, row.try_get("carbon")?)))
            .collect::<Result<_, StoreError>>()?;
        nets.iter()
            .map(|row| {
                let month: String = row.try_get("month")?;
                let grams = of_month(&carbon, &month);
                Ok((month, (row.try_get("net")?, grams)))
            })
            .collect()
    }

    /// The SLA credits of each month's finalized invoices, from `first` to `last`.
    async fn credits_per_month(
        &self,
        first: &Month,
        last: &Month,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT i.month, CAST(-SUM(l.amount_minor) AS BIGINT) AS credits FROM invoice_lines l \
             JOIN invoices i ON i.id = l.invoice_id WHERE l.kind = 'sla_credit' AND {COUNTED} \
             GROUP BY i.month"
        ))
        .bind(first.to_string())
        .bind(last.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("month")?, row.try_get("credits")?)))
            .collect()
    }

    /// How many accounts, organisations and operators the marketplace has.
    pub async fn marketplace_counts(&self) -> Result<MarketplaceCounts, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM users) AS users, (SELECT COUNT(*) FROM tenants) AS tenants, \
                    (SELECT COUNT(*) FROM users WHERE is_operator = 1) AS operators",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(MarketplaceCounts {
            users: row.try_get("users")?,
            tenants: row.try_get("tenants")?,
            operators: row.try_get("operators")?,
        })
    }

    async fn ranked(
        &self,
        statement: &str,
        first: &str,
        last: &str,
    ) -> Result<Vec<Ranked>, StoreError> {
        let rows = sqlx::query(statement)
            .bind(first)
            .bind(last)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(Ranked {
                    name: row.try_get("name")?,
                    minor: row.try_get("minor")?,
                })
            })
            .collect()
    }
}

/// The figures `sums` holds for `month` (`YYYY-MM`), or zeros.
fn of_month<T: Copy + Default>(sums: &[(String, T)], month: &str) -> T {
    sums.iter()
        .find(|(label, _)| label == month)
        .map_or_else(T::default, |(_, sum)| *sum)
}

/// Grams of CO2e from `Σ carbon_g_month × unit-seconds` over `month`, rounded half up as an
/// organisation's spend rounds them.
fn carbon_of(carbon_g_seconds: i64, month: Month) -> i64 {
    crate::billing::round_half_up(i128::from(carbon_g_seconds), i128::from(month.seconds()))
        .unwrap_or(0)
}
