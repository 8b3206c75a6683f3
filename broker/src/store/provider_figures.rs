//! A provider's figures for its console, summed in SQL and only for its members: the orders of
//! its offers signed each month, and each offer's downtime reported against the time billed on
//! the finalized months.

use super::monthly::after_months;
use super::{Store, StoreError};
use crate::account::UserId;
use crate::billing::Month;
use crate::catalog::{MonthOrders, OfferUptime, ProviderFigures, ProviderId};
use sqlx::Row;
use std::collections::BTreeMap;

/// The reader is a member of the provider `$1`; `$2` is the reader.
const MEMBER: &str =
    "EXISTS (SELECT 1 FROM provider_members pm WHERE pm.provider_id = $1 AND pm.user_id = $2)";

impl Store {
    /// The figures of `provider` over `months` (oldest first, the current one last), when
    /// `user` is one of its members (nothing otherwise).
    pub async fn provider_figures(
        &self,
        user: UserId,
        provider: ProviderId,
        months: &[Month],
    ) -> Result<ProviderFigures, StoreError> {
        let (Some(first), Some(current)) = (months.first(), months.last()) else {
            return Ok(ProviderFigures::default());
        };
        let (p, u) = (after_months(months, 1), after_months(months, 2));
        let member = MEMBER.replace("$1", &p).replace("$2", &u);
        let orders = self
            .per_month(
                &format!(
                    "orders o JOIN signatures s ON s.contract_id = o.contract_id \
                     WHERE o.provider_id = {p} AND {member}"
                ),
                "s.signed_at",
                "1",
                months,
                &[provider.get(), user.get()],
            )
            .await?;
        let line = "JOIN contracts c ON c.id = {t}.contract_id \
                    JOIN quote_lines q ON q.quote_id = c.quote_id AND q.position = {t}.line";
        let billed = sqlx::query(&format!(
            "SELECT q.offer_external_id AS external_id, MAX(q.offer_name) AS name, \
             CAST(SUM(l.unit_seconds) AS BIGINT) AS billed FROM invoice_lines l \
             JOIN invoices i ON i.id = l.invoice_id {} \
             WHERE l.provider_id = $1 AND {MEMBER} AND l.kind = 'recurring' AND i.kind = 'invoice' \
             AND i.status <> 'draft' AND i.month >= $3 AND i.month < $4 \
             GROUP BY q.offer_external_id",
            line.replace("{t}", "l")
        ))
        .bind(provider.get())
        .bind(user.get())
        .bind(first.to_string())
        .bind(current.to_string())
        .fetch_all(&self.pool)
        .await?;
        let down = sqlx::query(&format!(
            "SELECT q.offer_external_id AS external_id, \
             CAST(SUM((d.to_at - d.from_at) * q.quantity) AS BIGINT) AS down \
             FROM downtime_records d {} WHERE d.provider_id = $1 AND {MEMBER} \
             AND d.from_at >= $3 AND d.from_at < $4 GROUP BY q.offer_external_id",
            line.replace("{t}", "d")
        ))
        .bind(provider.get())
        .bind(user.get())
        .bind(first.start())
        .bind(current.start())
        .fetch_all(&self.pool)
        .await?;
        let mut downtime = BTreeMap::new();
        for row in &down {
            downtime.insert(
                row.try_get::<String, _>("external_id")?,
                row.try_get::<i64, _>("down")?,
            );
        }
        let mut uptime = billed
            .iter()
            .map(|row| {
                let external_id: String = row.try_get("external_id")?;
                Ok(OfferUptime {
                    downtime_unit_secs: downtime.get(&external_id).copied().unwrap_or(0),
                    name: row.try_get("name")?,
                    billed_unit_secs: row.try_get("billed")?,
                    external_id,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        uptime.sort_by(|a, b| a.external_id.cmp(&b.external_id));
        Ok(ProviderFigures {
            orders: months
                .iter()
                .zip(orders)
                .map(|(month, orders)| MonthOrders {
                    month: month.to_string(),
                    orders,
                })
                .collect(),
            uptime,
        })
    }
}
