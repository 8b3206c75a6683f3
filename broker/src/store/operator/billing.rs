//! What the operator reads of the marketplace's billing: each month's figures, summed in SQL
//! from the invoices' own columns, the invoices with filters, and each provider's commission
//! with its history.

use crate::account::TenantId;
use crate::billing::{
    BillingMonth, InvoiceFilter, InvoiceSummary, OperatorInvoice, ProviderCommission,
};
use crate::catalog::ProviderId;
use crate::store::{Store, StoreError};
use sqlx::Row;
use std::collections::BTreeMap;

/// At most this many invoices in one list; the filters narrow it.
const LIST_LIMIT: i64 = 500;

impl Store {
    /// Every month with a finalized invoice or credit note, newest first.
    pub async fn billing_months(&self) -> Result<Vec<BillingMonth>, StoreError> {
        let rows = sqlx::query(
            "SELECT month, CAST(COUNT(*) AS BIGINT) AS invoices, \
             CAST(SUM(net_minor) AS BIGINT) AS gmv, CAST(SUM(commission_minor) AS BIGINT) AS commission, \
             CAST(SUM(vat_minor) AS BIGINT) AS vat FROM invoices WHERE status <> 'draft' \
             GROUP BY month ORDER BY month DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(BillingMonth {
                    month: row.try_get("month")?,
                    invoices: row.try_get("invoices")?,
                    gmv_minor: row.try_get("gmv")?,
                    commission_minor: row.try_get("commission")?,
                    vat_minor: row.try_get("vat")?,
                })
            })
            .collect()
    }

    /// The invoices that pass `filter`, newest month first.
    pub async fn operator_invoices(
        &self,
        filter: &InvoiceFilter,
    ) -> Result<Vec<OperatorInvoice>, StoreError> {
        let tenant: Option<i64> = filter.tenant.trim().parse().ok();
        let provider: Option<i64> = filter.provider.trim().parse().ok();
        let rows = sqlx::query(
            "SELECT i.number, i.month, i.kind, i.status, i.total_minor, i.paid_minor, i.tenant_id, \
             t.name FROM invoices i JOIN tenants t ON t.id = i.tenant_id \
             WHERE ($1 = '' OR i.month = $1) AND ($2 = '' OR i.status = $2) \
             AND ($3 < 0 OR i.tenant_id = $3) AND ($5 < 0 OR EXISTS (SELECT 1 FROM invoice_splits s \
             WHERE s.invoice_id = i.id AND s.provider_id = $5)) \
             ORDER BY i.month DESC, i.number IS NULL, i.number LIMIT $4",
        )
        .bind(filter.month.trim())
        .bind(filter.status.trim())
        .bind(tenant.unwrap_or(-1))
        .bind(LIST_LIMIT)
        .bind(provider.unwrap_or(-1))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(OperatorInvoice {
                    summary: InvoiceSummary {
                        number: row.try_get("number")?,
                        month: row.try_get("month")?,
                        kind: row.try_get("kind")?,
                        status: row.try_get("status")?,
                        total_minor: row.try_get("total_minor")?,
                        paid_minor: row.try_get("paid_minor")?,
                    },
                    tenant: TenantId::new(row.try_get("tenant_id")?),
                    tenant_name: row.try_get("name")?,
                })
            })
            .collect()
    }

    /// Every approved provider with its commission history, by slug.
    pub async fn provider_commissions(&self) -> Result<Vec<ProviderCommission>, StoreError> {
        let providers = sqlx::query(
            "SELECT id, slug, legal_name FROM providers WHERE status = 'approved' ORDER BY slug",
        )
        .fetch_all(&self.pool)
        .await?;
        let rates = sqlx::query(
            "SELECT provider_id, effective_from, commission_bp FROM commission_rates \
             ORDER BY provider_id, effective_from DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut history: BTreeMap<i64, Vec<(i64, u32)>> = BTreeMap::new();
        for row in &rates {
            let bp = u32::try_from(row.try_get::<i64, _>("commission_bp")?)
                .map_err(|_| StoreError::Corrupt("commission_rates.commission_bp"))?;
            history
                .entry(row.try_get("provider_id")?)
                .or_default()
                .push((row.try_get("effective_from")?, bp));
        }
        providers
            .iter()
            .map(|row| {
                let id: i64 = row.try_get("id")?;
                Ok(ProviderCommission {
                    provider: ProviderId::new(id),
                    slug: row.try_get("slug")?,
                    name: row.try_get("legal_name")?,
                    history: history.remove(&id).unwrap_or_default(),
                })
            })
            .collect()
    }
}
