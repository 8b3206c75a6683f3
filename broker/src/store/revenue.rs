//! What a provider earned, for its members: each month's sums of its invoice lines and split,
//! the lines behind them, its payouts and its shares by whether the invoice is paid. Every
//! query carries the membership test, so a forged provider id finds nothing.

use super::{Store, StoreError, provider_member};
use crate::account::UserId;
use crate::billing::{Month, MonthSums, PayoutReceived, RevenueLine};
use crate::catalog::ProviderId;
use sqlx::Row;
use std::collections::BTreeMap;

/// At most this many lines behind the figures, newest month first.
const LINE_LIMIT: i64 = 2_000;

/// The shares of a provider's finalized invoices, by whether the organisation paid in full.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shares {
    pub paid_minor: i64,
    pub unpaid_minor: i64,
}

fn month_of(row: &sqlx::any::AnyRow) -> Result<Month, StoreError> {
    Month::parse(&row.try_get::<String, _>("month")?).map_err(|_| StoreError::Corrupt("month"))
}

fn rate(row: &sqlx::any::AnyRow, column: &str) -> Result<u32, StoreError> {
    u32::try_from(row.try_get::<i64, _>(column)?)
        .map_err(|_| StoreError::Corrupt("invoice_splits.commission_bp"))
}

impl Store {
    /// The sums of each month's finalized invoices and credit notes naming `provider`.
    pub async fn revenue_sums(
        &self,
        member: UserId,
        provider: ProviderId,
    ) -> Result<BTreeMap<Month, MonthSums>, StoreError> {
        let member_test = provider_member("$1", 2);
        let lines = sqlx::query(&format!(
            "SELECT i.month, \
             CAST(SUM(CASE WHEN l.kind = 'sla_credit' THEN 0 ELSE l.amount_minor END) AS BIGINT) AS gross, \
             CAST(SUM(CASE WHEN l.kind = 'sla_credit' THEN l.amount_minor ELSE 0 END) AS BIGINT) AS credits \
             FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id \
             WHERE l.provider_id = $1 AND i.status <> 'draft' AND {member_test} GROUP BY i.month"
        ))
        .bind(provider.get())
        .bind(member.get())
        .fetch_all(&self.pool)
        .await?;
        let mut sums: BTreeMap<Month, MonthSums> = BTreeMap::new();
        for row in &lines {
            let sum = sums.entry(month_of(row)?).or_default();
            sum.gross_minor = row.try_get("gross")?;
            sum.credits_minor = row.try_get("credits")?;
        }
        let splits = sqlx::query(&format!(
            "SELECT i.month, CAST(SUM(s.commission_minor) AS BIGINT) AS commission, \
             CAST(SUM(s.share_minor) AS BIGINT) AS share, \
             CAST(MIN(s.commission_bp) AS BIGINT) AS low, CAST(MAX(s.commission_bp) AS BIGINT) AS high \
             FROM invoice_splits s JOIN invoices i ON i.id = s.invoice_id \
             WHERE s.provider_id = $1 AND i.status <> 'draft' AND {member_test} GROUP BY i.month"
        ))
        .bind(provider.get())
        .bind(member.get())
        .fetch_all(&self.pool)
        .await?;
        for row in &splits {
            let sum = sums.entry(month_of(row)?).or_default();
            sum.commission_minor = row.try_get("commission")?;
            sum.share_minor = row.try_get("share")?;
            sum.rates_bp = (rate(row, "low")?, rate(row, "high")?);
        }
        Ok(sums)
    }

    /// The lines of `provider` on finalized invoices and credit notes, newest month first.
    pub async fn revenue_lines(
        &self,
        member: UserId,
        provider: ProviderId,
    ) -> Result<Vec<RevenueLine>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT i.month, i.number, t.name, l.contract_id, q.offer_name, l.kind, l.amount_minor \
             FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id \
             JOIN tenants t ON t.id = i.tenant_id JOIN contracts c ON c.id = l.contract_id \
             JOIN quote_lines q ON q.quote_id = c.quote_id AND q.position = l.line \
             WHERE l.provider_id = $1 AND i.status <> 'draft' AND {} \
             ORDER BY i.month DESC, i.number, l.position LIMIT $3",
            provider_member("$1", 2)
        ))
        .bind(provider.get())
        .bind(member.get())
        .bind(LINE_LIMIT)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(RevenueLine {
                    month: row.try_get("month")?,
                    invoice: row.try_get("number")?,
                    organisation: row.try_get("name")?,
                    contract: row.try_get("contract_id")?,
                    offer: row.try_get("offer_name")?,
                    kind: row.try_get("kind")?,
                    amount_minor: row.try_get("amount_minor")?,
                })
            })
            .collect()
    }

    /// The payouts `provider` received, newest first.
    pub async fn payouts_of(
        &self,
        member: UserId,
        provider: ProviderId,
    ) -> Result<Vec<PayoutReceived>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT amount_minor, reference, recorded_at FROM payouts \
             WHERE provider_id = $1 AND {} ORDER BY recorded_at DESC, id DESC",
            provider_member("$1", 2)
        ))
        .bind(provider.get())
        .bind(member.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(PayoutReceived {
                    amount_minor: row.try_get("amount_minor")?,
                    reference: row.try_get("reference")?,
                    at: row.try_get("recorded_at")?,
                })
            })
            .collect()
    }

    /// The shares of `provider` on finalized invoices, paid in full or not (credit notes and
    /// the invoices they cancel aside).
    pub async fn provider_shares(
        &self,
        member: UserId,
        provider: ProviderId,
    ) -> Result<Shares, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT \
             CAST(COALESCE(SUM(CASE WHEN i.status = 'paid' THEN s.share_minor ELSE 0 END), 0) AS BIGINT) AS paid, \
             CAST(COALESCE(SUM(CASE WHEN i.status = 'finalized' THEN s.share_minor ELSE 0 END), 0) AS BIGINT) AS unpaid \
             FROM invoice_splits s JOIN invoices i ON i.id = s.invoice_id \
             WHERE s.provider_id = $1 AND i.kind = 'invoice' AND {}",
            provider_member("$1", 2)
        ))
        .bind(provider.get())
        .bind(member.get())
        .fetch_one(&self.pool)
        .await?;
        Ok(Shares {
            paid_minor: row.try_get("paid")?,
            unpaid_minor: row.try_get("unpaid")?,
        })
    }
}
