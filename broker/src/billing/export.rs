//! The `comptoir.billing/v1` document of a month: the operator, the invoices and credit notes of
//! the month or finalized in it (each with its status, customer and what was paid), the ledger
//! transactions posted in it, and every account's balance at its end.

use super::Invoice;
use super::month::Month;
use crate::ledger::{Balance, Transaction};
use crate::money::MARKETPLACE_CURRENCY;
use serde::Serialize;
use serde_json::{Value, json};

/// The format name the document starts with.
pub const BILLING_FORMAT: &str = "comptoir.billing/v1";

/// The customer as an invoice of the export names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportCustomer {
    pub name: String,
    pub country: String,
    pub vat_id: Option<String>,
}

/// One invoice of the export with what the store knows of it.
pub struct ExportInvoice<'a> {
    pub invoice: &'a Invoice,
    /// `draft`, `finalized`, `paid` or `void`.
    pub status: &'a str,
    pub customer: ExportCustomer,
    pub paid_minor: i64,
}

/// The month's document. `operator_vat_id` is `None` when the operator has none configured.
pub fn document(
    month: Month,
    operator_country: &str,
    operator_vat_id: Option<&str>,
    invoices: &[ExportInvoice<'_>],
    transactions: &[Transaction],
    balances: &[Balance],
) -> Result<Value, serde_json::Error> {
    let invoices = invoices
        .iter()
        .map(|entry| {
            let mut value = serde_json::to_value(entry.invoice)?;
            if let Value::Object(fields) = &mut value {
                fields.insert("status".to_owned(), json!(entry.status));
                fields.insert(
                    "customer".to_owned(),
                    serde_json::to_value(&entry.customer)?,
                );
                fields.insert("paid_minor".to_owned(), json!(entry.paid_minor));
            }
            Ok(value)
        })
        .collect::<Result<Vec<_>, serde_json::Error>>()?;
    Ok(json!({
        "format": BILLING_FORMAT,
        "month": month.to_string(),
        "currency": MARKETPLACE_CURRENCY.as_str(),
        "operator": { "country": operator_country, "vat_id": operator_vat_id },
        "invoices": invoices,
        "transactions": transactions,
        "balances": balances,
    }))
}
