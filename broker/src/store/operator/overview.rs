//! The operator's overview, summed in SQL: a month's counts are one `CASE` per month over the
//! rows' times, the money figures are sums over the invoices' own columns, and the rankings are
//! one row per provider or organisation.

use crate::billing::Month;
use crate::operator::overview::{MonthFigures, Overview, Ranked, rank};
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
        let organisations = self.per_month("tenants", "created_at", months).await?;
        let providers = self.per_month("providers", "created_at", months).await?;
        let signed = self.per_month("signatures", "signed_at", months).await?;
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
            months: figures,
            committed_minor: running.try_get("monthly")?,
            carbon_g_month: running.try_get("carbon")?,
            resources_active: active,
            top_providers,
            other_providers_minor,
            top_organisations,
            other_organisations_minor,
        })
    }

    /// How many rows of `table` have `column` (a time) in each of `months`.
    async fn per_month(
        &self,
        table: &str,
        column: &str,
        months: &[Month],
    ) -> Result<Vec<i64>, StoreError> {
        let sums: Vec<String> = (0..months.len())
            .map(|at| {
                format!(
                    "CAST(COALESCE(SUM(CASE WHEN {column} >= ${} AND {column} < ${} THEN 1 ELSE 0 END), 0) \
                     AS BIGINT) AS m{at}",
                    at + 1,
                    at + 2
                )
            })
            .collect();
        let statement = format!("SELECT {} FROM {table}", sums.join(", "));
        let mut query = sqlx::query(&statement);
        for month in months {
            query = query.bind(month.start());
        }
        query = query.bind(months.last().map_or(0, |month| month.end()));
        let row = query.fetch_one(&self.pool).await?;
        (0..months.len())
            .map(|at| Ok(row.try_get(format!("m{at}").as_str())?))
            .collect()
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
