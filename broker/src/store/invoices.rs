//! Invoices and credit notes: the drafts a billing run recomputes, the finalization that numbers
//! a month's invoice, freezes its customer, posts it to the ledger and marks the usage it billed
//! in one transaction, and the reading of a month's invoices for its export.
//!
//! Numbers come from `invoice_series`, incremented inside the finalizing transaction: a
//! finalization that fails gives its number back, and two at once wait on the series' row (on
//! SQLite, on the write lock), so a year's numbers have no gap and no repeat.

use super::invoice_parts::write_parts;
use super::ledger::post;
use super::{ROWS_PER_STATEMENT, Store, StoreError};
use crate::account::TenantId;
use crate::billing::{Customer, Invoice, InvoiceNumber, LateUsage, Month, Usage};
use crate::contract::ContractId;
use crate::ledger::Transaction;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction as SqlTransaction};

/// An invoice as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredInvoice {
    pub id: i64,
    pub status: String,
    pub customer: Option<Customer>,
    pub invoice: Invoice,
    pub paid_minor: i64,
}

/// Usage records a finalization bills: a line's meter over `[from, to)`, `quantity` in all as
/// the invoice counted them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BilledUsage {
    pub contract: ContractId,
    pub line: u32,
    pub meter: String,
    pub from: i64,
    pub to: i64,
    pub quantity: i64,
}

impl BilledUsage {
    /// The month's usage of one line's meter, as an invoice of `month` counts it.
    pub fn of_month(usage: &Usage, month: Month) -> Self {
        Self {
            contract: usage.contract,
            line: usage.line,
            meter: usage.meter.as_str().to_owned(),
            from: month.start(),
            to: month.end(),
            quantity: usage.quantity,
        }
    }

    /// The late usage of an earlier month, as the invoice that bills it counts it.
    pub fn late(late: &LateUsage) -> Self {
        Self {
            contract: late.contract,
            line: late.line,
            meter: late.meter.as_str().to_owned(),
            from: late.month.start(),
            to: late.month.end(),
            quantity: late.used,
        }
    }
}

/// What finalizing one month's invoice of a tenant writes.
pub struct Finalization<'a> {
    pub month: Month,
    /// The invoice as the run computed it, not yet numbered; it replaces the month's draft.
    pub draft: &'a Invoice,
    pub at: i64,
    pub customer: &'a Customer,
    /// Usage received by `cutoff` that the invoice counted.
    pub usage: &'a [BilledUsage],
    pub cutoff: i64,
    /// The numbered invoice and its ledger transaction, from the number the store gives.
    pub numbered: &'a (dyn Fn(InvoiceNumber) -> Result<(Invoice, Transaction), String> + Sync),
}

#[derive(Debug, thiserror::Error)]
pub enum FinalizeError {
    #[error("the invoice is no longer a draft")]
    NotDraft,
    /// Usage the invoice did not count arrived between the reading and the finalization: the
    /// invoice is computed again by the next run.
    #[error("usage arrived while the invoice was finalized")]
    UsageChanged,
    #[error("the numbered invoice could not be built: {0}")]
    Build(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The figures the operator's reports add up: net, VAT, commission and total.
pub(super) fn figures(invoice: &Invoice) -> [i64; 4] {
    let commission = invoice
        .split()
        .iter()
        .map(|part| part.commission_minor)
        .sum();
    [
        invoice.net_minor(),
        invoice.vat().amount_minor,
        commission,
        invoice.total_minor(),
    ]
}

pub(super) fn document(invoice: &Invoice) -> Result<String, StoreError> {
    serde_json::to_string(invoice).map_err(|_| StoreError::Corrupt("invoices.document"))
}

/// The next number of the series of `at`'s year, taken inside `tx`: given back if `tx` fails.
pub(super) async fn next_number(
    tx: &mut SqlTransaction<'static, Any>,
    at: i64,
) -> Result<InvoiceNumber, FinalizeError> {
    let year = Month::containing(at)
        .map(|month| month.year())
        .ok_or(FinalizeError::Build("the time has no year".to_owned()))?;
    sqlx::query(
        "INSERT INTO invoice_series (year, last) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING",
    )
    .bind(i64::from(year))
    .execute(&mut **tx)
    .await
    .map_err(StoreError::from)?;
    let last: i64 = sqlx::query_scalar(
        "UPDATE invoice_series SET last = last + 1 WHERE year = $1 RETURNING last",
    )
    .bind(i64::from(year))
    .fetch_one(&mut **tx)
    .await
    .map_err(StoreError::from)?;
    InvoiceNumber::parse(&format!("CPT-{year:04}-{last:06}"))
        .map_err(|err| FinalizeError::Build(err.to_string()))
}

/// Marks as billed by invoice `id` the usage records of `usage` received by `cutoff` and not
/// billed yet, [`ROWS_PER_STATEMENT`] groups to a statement; `UsageChanged` unless what it
/// marked is, group by group, what the invoice counted (a record received meanwhile under the
/// same cutoff would otherwise be marked billed and never invoiced).
async fn mark_billed(
    tx: &mut SqlTransaction<'static, Any>,
    id: i64,
    usage: &[BilledUsage],
    cutoff: i64,
) -> Result<(), FinalizeError> {
    for chunk in usage.chunks(ROWS_PER_STATEMENT) {
        let groups = (0..chunk.len())
            .map(|group| {
                let first = 3 + group * 5;
                format!(
                    "(contract_id = ${first} AND line = ${} AND meter = ${} AND at >= ${} \
                     AND at < ${})",
                    first + 1,
                    first + 2,
                    first + 3,
                    first + 4
                )
            })
            .collect::<Vec<_>>()
            .join(" OR ");
        let sql = format!(
            "UPDATE usage_records SET invoice_id = $1 WHERE invoice_id IS NULL \
             AND received_at <= $2 AND ({groups}) \
             RETURNING contract_id, line, meter, at, quantity"
        );
        let mut query = sqlx::query(&sql).bind(id).bind(cutoff);
        for usage in chunk {
            query = query
                .bind(usage.contract.get())
                .bind(i64::from(usage.line))
                .bind(&usage.meter)
                .bind(usage.from)
                .bind(usage.to);
        }
        let mut marked = vec![0_i64; chunk.len()];
        for row in query.fetch_all(&mut **tx).await.map_err(StoreError::from)? {
            let (contract, line, meter, at, quantity) = marked_row(&row)?;
            let group = chunk
                .iter()
                .position(|usage| {
                    usage.contract.get() == contract
                        && i64::from(usage.line) == line
                        && usage.meter == meter
                        && (usage.from..usage.to).contains(&at)
                })
                .ok_or(StoreError::Corrupt("usage_records"))?;
            marked[group] += quantity;
        }
        if chunk
            .iter()
            .zip(marked)
            .any(|(usage, marked)| usage.quantity != marked)
        {
            return Err(FinalizeError::UsageChanged);
        }
    }
    Ok(())
}

/// A row `mark_billed` marked: its contract, line, meter, time and quantity.
fn marked_row(row: &AnyRow) -> Result<(i64, i64, String, i64, i64), StoreError> {
    Ok((
        row.try_get("contract_id")?,
        row.try_get("line")?,
        row.try_get("meter")?,
        row.try_get("at")?,
        row.try_get("quantity")?,
    ))
}

impl Store {
    /// Saves `invoice` as the tenant's draft for `month`, replacing the previous draft; a month
    /// whose invoice is already finalized keeps it. The draft's id, or `None` when finalized.
    /// A draft that did not change is left as it is, without a write: the background run
    /// recomputes every draft each minute, and most have not changed.
    pub async fn save_draft(
        &self,
        month: Month,
        invoice: &Invoice,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let document = document(invoice)?;
        let saved = sqlx::query(
            "SELECT id, status, document FROM invoices \
             WHERE tenant_id = $1 AND month = $2 AND kind = 'invoice'",
        )
        .bind(invoice.tenant().get())
        .bind(month.to_string())
        .fetch_optional(&self.pool)
        .await?;
        if let Some(saved) = saved {
            if saved.try_get::<String, _>("status")? != "draft" {
                return Ok(None);
            }
            if saved.try_get::<String, _>("document")? == document {
                return Ok(Some(saved.try_get("id")?));
            }
        }
        let [net, vat, commission, total] = figures(invoice);
        let mut tx = self.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO invoices (tenant_id, month, kind, status, document, net_minor, vat_minor, \
             commission_minor, total_minor, created_at, updated_at) \
             VALUES ($1, $2, 'invoice', 'draft', $3, $4, $5, $6, $7, $8, $8) \
             ON CONFLICT (tenant_id, month) WHERE kind = 'invoice' DO UPDATE \
             SET document = excluded.document, net_minor = excluded.net_minor, \
             vat_minor = excluded.vat_minor, commission_minor = excluded.commission_minor, \
             total_minor = excluded.total_minor, updated_at = excluded.updated_at \
             WHERE invoices.status = 'draft' RETURNING id",
        )
        .bind(invoice.tenant().get())
        .bind(month.to_string())
        .bind(document)
        .bind(net)
        .bind(vat)
        .bind(commission)
        .bind(total)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = id {
            write_parts(&mut tx, id, invoice).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Drops the tenant's draft for `month`, when it has no line left.
    pub async fn drop_draft(&self, tenant: TenantId, month: Month) -> Result<(), StoreError> {
        sqlx::query(
            "DELETE FROM invoices WHERE tenant_id = $1 AND month = $2 AND status = 'draft'",
        )
        .bind(tenant.get())
        .bind(month.to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Numbers, freezes and posts a tenant's invoice of a month in one transaction: the
    /// month's draft is replaced by the finalized invoice, its parts written, its ledger
    /// transaction posted and the usage it counted marked as billed. `NotDraft` when the month's
    /// invoice is already finalized (the number taken is given back).
    pub async fn finalize_invoice(
        &self,
        finalization: Finalization<'_>,
    ) -> Result<InvoiceNumber, FinalizeError> {
        let Finalization {
            month,
            draft,
            at,
            customer,
            usage,
            cutoff,
            numbered,
        } = finalization;
        let mut tx = self.begin_write().await?;
        let number = next_number(&mut tx, at).await?;
        let (invoice, transaction) = numbered(number).map_err(FinalizeError::Build)?;
        let customer = serde_json::to_string(customer)
            .map_err(|_| StoreError::Corrupt("invoices.customer"))?;
        let [net, vat, commission, total] = figures(&invoice);
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO invoices (tenant_id, month, kind, status, number, customer, document, \
             net_minor, vat_minor, commission_minor, total_minor, created_at, updated_at, \
             finalized_at) VALUES ($1, $2, 'invoice', 'finalized', $3, $4, $5, $6, $7, $8, $9, \
             $10, $10, $10) ON CONFLICT (tenant_id, month) WHERE kind = 'invoice' DO UPDATE \
             SET status = excluded.status, number = excluded.number, \
             customer = excluded.customer, document = excluded.document, \
             net_minor = excluded.net_minor, vat_minor = excluded.vat_minor, \
             commission_minor = excluded.commission_minor, total_minor = excluded.total_minor, \
             finalized_at = excluded.finalized_at, updated_at = excluded.updated_at \
             WHERE invoices.status = 'draft' RETURNING id",
        )
        .bind(draft.tenant().get())
        .bind(month.to_string())
        .bind(number.to_string())
        .bind(customer)
        .bind(document(&invoice)?)
        .bind(net)
        .bind(vat)
        .bind(commission)
        .bind(total)
        .bind(at)
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        let Some(id) = id else {
            return Err(FinalizeError::NotDraft);
        };
        write_parts(&mut tx, id, &invoice).await?;
        post(&mut tx, &transaction).await?;
        mark_billed(&mut tx, id, usage, cutoff).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(number)
    }

    /// The drafts of `month`, oldest tenant first.
    pub async fn drafts_of(&self, month: Month) -> Result<Vec<(i64, TenantId)>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, tenant_id FROM invoices WHERE month = $1 AND status = 'draft' \
             ORDER BY tenant_id",
        )
        .bind(month.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("id")?, TenantId::new(row.try_get("tenant_id")?))))
            .collect()
    }

    /// The invoices and credit notes of a month's export: those of the month and those
    /// finalized in it, by number (drafts last, by tenant).
    pub async fn invoices_for_export(
        &self,
        month: Month,
    ) -> Result<Vec<StoredInvoice>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, status, customer, document, paid_minor FROM invoices \
             WHERE month = $1 OR (finalized_at >= $2 AND finalized_at < $3) \
             ORDER BY number IS NULL, number, tenant_id",
        )
        .bind(month.to_string())
        .bind(month.start())
        .bind(month.end())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let customer = row
                    .try_get::<Option<String>, _>("customer")?
                    .map(|json| serde_json::from_str(&json))
                    .transpose()
                    .map_err(|_| StoreError::Corrupt("invoices.customer"))?;
                let invoice = serde_json::from_str(&row.try_get::<String, _>("document")?)
                    .map_err(|_| StoreError::Corrupt("invoices.document"))?;
                Ok(StoredInvoice {
                    id: row.try_get("id")?,
                    status: row.try_get("status")?,
                    customer,
                    invoice,
                    paid_minor: row.try_get("paid_minor")?,
                })
            })
            .collect()
    }
}
