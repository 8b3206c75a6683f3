//! The parts of an invoice kept beside its document: one row per line (its provider, contract
//! line, kind and amount) and one per provider of its split. They are written in the
//! transaction that writes the invoice, so that what a provider earned, what a contract was
//! billed and which invoices name a provider are sums and joins in SQL, never documents read
//! into memory.

use super::{ROWS_PER_STATEMENT, Store, StoreError, tenant_member, value_rows};
use crate::account::{TenantId, UserId};
use crate::billing::{Invoice, Line, Month, SpendSums};
use crate::contract::{ContractBilled, ContractId};
use sqlx::{Any, Row, Transaction};
use std::collections::BTreeMap;

/// Replaces the parts of invoice `id` with those of `invoice`: its lines and its split each in
/// one statement per [`ROWS_PER_STATEMENT`], their providers found by slug.
pub(super) async fn write_parts(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    invoice: &Invoice,
) -> Result<(), StoreError> {
    for table in ["invoice_lines", "invoice_splits"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE invoice_id = $1"))
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    let lines: Vec<(usize, &Line)> = invoice.lines().iter().enumerate().collect();
    for chunk in lines.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO invoice_lines (invoice_id, position, provider_id, contract_id, line, \
             kind, amount_minor, unit_seconds) \
             SELECT v.column1, v.column2, p.id, v.column3, v.column4, v.column5, v.column6, \
             v.column7 FROM (VALUES {}) AS v JOIN providers p ON p.slug = v.column8",
            value_rows(1, chunk.len(), 8)
        );
        let mut query = sqlx::query(&sql);
        for (position, line) in chunk {
            let (contract, number) = line.contract_line();
            query = query
                .bind(id)
                .bind(
                    i64::try_from(*position)
                        .map_err(|_| StoreError::Corrupt("invoice_lines.position"))?,
                )
                .bind(contract.get())
                .bind(i64::from(number))
                .bind(line.kind())
                .bind(line.amount_minor())
                .bind(line.unit_seconds().max(0))
                .bind(line.provider().as_str());
        }
        if query.execute(&mut **tx).await?.rows_affected() != chunk.len() as u64 {
            return Err(StoreError::Corrupt("invoice_lines.provider_id"));
        }
    }
    for chunk in invoice.split().chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO invoice_splits (invoice_id, provider_id, net_minor, commission_bp, \
             commission_minor, share_minor) \
             SELECT v.column1, p.id, v.column2, v.column3, v.column4, v.column5 \
             FROM (VALUES {}) AS v JOIN providers p ON p.slug = v.column6",
            value_rows(1, chunk.len(), 6)
        );
        let mut query = sqlx::query(&sql);
        for part in chunk {
            query = query
                .bind(id)
                .bind(part.net_minor)
                .bind(i64::from(part.commission_bp))
                .bind(part.commission_minor)
                .bind(part.share_minor)
                .bind(part.provider.as_str());
        }
        if query.execute(&mut **tx).await?.rows_affected() != chunk.len() as u64 {
            return Err(StoreError::Corrupt("invoice_splits.provider_id"));
        }
    }
    Ok(())
}

impl Store {
    /// The totals and carbon of `tenant`'s invoices by month from `from` on, when `user` is
    /// one of its members (nothing otherwise).
    pub async fn spend_sums(
        &self,
        user: UserId,
        tenant: TenantId,
        from: Month,
    ) -> Result<BTreeMap<Month, SpendSums>, StoreError> {
        let member = tenant_member(1, 2);
        let totals = sqlx::query(&format!(
            "SELECT month, CAST(SUM(total_minor) AS BIGINT) AS total FROM invoices \
             WHERE tenant_id = $1 AND month >= $3 AND {member} GROUP BY month"
        ))
        .bind(tenant.get())
        .bind(user.get())
        .bind(from.to_string())
        .fetch_all(&self.pool)
        .await?;
        let carbon = sqlx::query(&format!(
            "SELECT i.month, CAST(SUM(q.carbon_g_month * l.unit_seconds) AS BIGINT) AS carbon \
             FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id \
             JOIN contracts c ON c.id = l.contract_id \
             JOIN quote_lines q ON q.quote_id = c.quote_id AND q.position = l.line \
             WHERE i.tenant_id = $1 AND i.kind = 'invoice' AND l.kind = 'recurring' \
             AND i.month >= $3 AND {member} GROUP BY i.month"
        ))
        .bind(tenant.get())
        .bind(user.get())
        .bind(from.to_string())
        .fetch_all(&self.pool)
        .await?;
        let month = |row: &sqlx::any::AnyRow| {
            Month::parse(&row.try_get::<String, _>("month")?)
                .map_err(|_| StoreError::Corrupt("invoices.month"))
        };
        let mut sums: BTreeMap<Month, SpendSums> = BTreeMap::new();
        for row in &totals {
            sums.entry(month(row)?).or_default().total_minor = row.try_get("total")?;
        }
        for row in &carbon {
            sums.entry(month(row)?).or_default().carbon_g_seconds =
                i128::from(row.try_get::<i64, _>("carbon")?);
        }
        Ok(sums)
    }

    /// What contract `contract` of `tenant` was billed, when `user` is one of its members
    /// (nothing otherwise).
    pub async fn contract_billed(
        &self,
        user: UserId,
        tenant: TenantId,
        contract: ContractId,
    ) -> Result<ContractBilled, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT \
             CAST(COALESCE(SUM(CASE WHEN i.status <> 'draft' THEN l.amount_minor ELSE 0 END), 0) AS BIGINT) AS invoiced, \
             CAST(COALESCE(SUM(CASE WHEN i.status = 'draft' THEN l.amount_minor ELSE 0 END), 0) AS BIGINT) AS drafted \
             FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id \
             WHERE l.contract_id = $1 AND i.tenant_id = $2 AND {}",
            tenant_member(2, 3)
        ))
        .bind(contract.get())
        .bind(tenant.get())
        .bind(user.get())
        .fetch_one(&self.pool)
        .await?;
        Ok(ContractBilled {
            invoiced_minor: row.try_get("invoiced")?,
            drafted_minor: row.try_get("drafted")?,
        })
    }

    /// Writes the parts of every invoice that has lines but none kept yet (those written
    /// before parts were kept); the number of invoices filled.
    pub(super) async fn fill_invoice_parts(&self) -> Result<usize, StoreError> {
        let rows = sqlx::query(
            "SELECT id, document FROM invoices i WHERE NOT EXISTS \
             (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id) ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut filled = 0;
        for row in rows {
            let invoice: Invoice = serde_json::from_str(&row.try_get::<String, _>("document")?)
                .map_err(|_| StoreError::Corrupt("invoices.document"))?;
            if invoice.lines().is_empty() {
                continue;
            }
            let mut tx = self.begin_write().await?;
            write_parts(&mut tx, row.try_get("id")?, &invoice).await?;
            tx.commit().await?;
            filled += 1;
        }
        Ok(filled)
    }
}
