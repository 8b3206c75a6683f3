//! What an organisation's members read of its billing, and the billing profile its owners and
//! admins save: every query tests the membership inside the SQL, so a forged tenant or invoice
//! number finds nothing.

use super::{Store, StoreError, tenant_manager, tenant_member};
use crate::account::{TenantId, UserId};
use crate::audit::Record;
use crate::billing::{BillingProfile, Customer, Invoice, InvoiceSummary, PaymentView, RefundView};
use sqlx::Row;
use sqlx::any::AnyRow;

/// An invoice as its organisation reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantInvoice {
    pub id: i64,
    pub status: String,
    pub customer: Option<Customer>,
    pub invoice: Invoice,
    pub paid_minor: i64,
    pub payments: Vec<PaymentView>,
    pub refunds: Vec<RefundView>,
}

fn summary(row: &AnyRow) -> Result<InvoiceSummary, StoreError> {
    Ok(InvoiceSummary {
        number: row.try_get("number")?,
        month: row.try_get("month")?,
        kind: row.try_get("kind")?,
        status: row.try_get("status")?,
        total_minor: row.try_get("total_minor")?,
        paid_minor: row.try_get("paid_minor")?,
    })
}

impl Store {
    /// The invoices and credit notes of `tenant`, newest month first, when `user` is a member.
    pub async fn invoices_of(
        &self,
        user: UserId,
        tenant: TenantId,
    ) -> Result<Vec<InvoiceSummary>, StoreError> {
        let member = tenant_member(1, 2);
        let rows = sqlx::query(&format!(
            "SELECT number, month, kind, status, total_minor, paid_minor FROM invoices \
             WHERE tenant_id = $1 AND {member} ORDER BY month DESC, id DESC"
        ))
        .bind(tenant.get())
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(summary).collect()
    }

    /// The invoice of `tenant` numbered `number` (or its draft of `month` when `number` is
    /// `None`), when `user` is a member.
    pub async fn invoice_of(
        &self,
        user: UserId,
        tenant: TenantId,
        number: Option<&str>,
        month: &str,
    ) -> Result<Option<TenantInvoice>, StoreError> {
        let member = tenant_member(1, 2);
        let which = match number {
            Some(_) => "number = $3",
            None => "number IS NULL AND month = $3 AND kind = 'invoice'",
        };
        let Some(row) = sqlx::query(&format!(
            "SELECT id, status, customer, document, paid_minor FROM invoices \
             WHERE tenant_id = $1 AND {member} AND {which}"
        ))
        .bind(tenant.get())
        .bind(user.get())
        .bind(number.unwrap_or(month))
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let id: i64 = row.try_get("id")?;
        let payments = sqlx::query(
            "SELECT amount_minor, received_on, reference FROM payments WHERE invoice_id = $1 \
             ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(PaymentView {
                amount_minor: row.try_get("amount_minor")?,
                received_on: row.try_get("received_on")?,
                reference: row.try_get("reference")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        let refunds = sqlx::query(
            "SELECT r.amount_minor, r.settled_at FROM refunds r \
             JOIN payments p ON p.id = r.payment_id \
             WHERE p.invoice_id = $1 AND r.status = 'succeeded' ORDER BY r.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(RefundView {
                amount_minor: row.try_get("amount_minor")?,
                settled_at: row.try_get("settled_at")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        Ok(Some(TenantInvoice {
            id,
            refunds,
            status: row.try_get("status")?,
            customer: row
                .try_get::<Option<String>, _>("customer")?
                .map(|json| serde_json::from_str(&json))
                .transpose()
                .map_err(|_| StoreError::Corrupt("invoices.customer"))?,
            invoice: serde_json::from_str(&row.try_get::<String, _>("document")?)
                .map_err(|_| StoreError::Corrupt("invoices.document"))?,
            paid_minor: row.try_get("paid_minor")?,
            payments,
        }))
    }

    /// Saves `tenant`'s billing profile when `user` is one of its owners or admins; `false`
    /// when not.
    pub async fn save_billing_profile(
        &self,
        user: UserId,
        tenant: TenantId,
        profile: &BillingProfile,
        now: i64,
        record: &Record,
    ) -> Result<bool, StoreError> {
        let manager = tenant_manager(1, 2);
        let mut tx = self.begin_write().await?;
        let saved = sqlx::query(&format!(
            "INSERT INTO billing_profiles (tenant_id, legal_name, address, country, vat_id, \
             updated_by, updated_at) SELECT $1, $3, $4, $5, $6, $2, $7 WHERE {manager} \
             ON CONFLICT (tenant_id) DO UPDATE SET legal_name = excluded.legal_name, \
             address = excluded.address, country = excluded.country, vat_id = excluded.vat_id, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at"
        ))
        .bind(tenant.get())
        .bind(user.get())
        .bind(&profile.legal_name)
        .bind(&profile.address)
        .bind(profile.country.as_str())
        .bind(profile.vat_id.as_ref().map(ToString::to_string))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if saved.rows_affected() != 1 {
            return Ok(false);
        }
        super::audit::append(&mut tx, record).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The offer name and unit of every line of `tenant`'s contracts, when `user` is a member.
    pub async fn line_offers(
        &self,
        user: UserId,
        tenant: TenantId,
    ) -> Result<Vec<((i64, u32), (String, String))>, StoreError> {
        let member = tenant_member(1, 2);
        let rows = sqlx::query(&format!(
            "SELECT c.id, l.position, l.offer_name, l.unit FROM contracts c \
             JOIN quote_lines l ON l.quote_id = c.quote_id WHERE c.tenant_id = $1 AND {member}"
        ))
        .bind(tenant.get())
        .bind(user.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let line = u32::try_from(row.try_get::<i64, _>("position")?)
                    .map_err(|_| StoreError::Corrupt("quote_lines.position"))?;
                Ok((
                    (row.try_get("id")?, line),
                    (row.try_get("offer_name")?, row.try_get("unit")?),
                ))
            })
            .collect()
    }
}
