//! The monthly billing run and the month's export. A run recomputes the drafts of a month from
//! what is known (contract lines, usage, downtime, late usage, commission rates, billing
//! profiles) and, once the month is over, finalizes each draft: numbered, its customer frozen,
//! posted to the ledger and its usage marked as billed, in one transaction per invoice.
//!
//! Every instance may run it at once: a draft is only ever replaced while it is a draft, and a
//! finalization that finds its invoice already finalized gives its number back (see
//! `store::invoices`).

use crate::account::TenantId;
use crate::billing::{
    self, BankTransfer, BillingError, ExportCustomer, ExportInvoice, Month, Operator, PaymentMethod,
};
use crate::ledger::LedgerError;
use crate::store::invoices::FinalizeError;
use crate::store::{Store, StoreError};
use std::sync::Arc;

mod card;
mod connect;
mod operator;
mod provider;
mod refund;
mod run;
mod settlement;
mod tenant;

pub use crate::billing::Settlement;
pub use card::{Applied, CHECK_AFTER_SECS, CardError, CardStart};
pub use connect::ConnectError;
pub use provider::RevenueError;
pub use refund::RefundOutcome;
pub use settlement::{SettlementError, typed_amount, typed_rate};
pub use tenant::TenantBillingError;

#[derive(Debug, thiserror::Error)]
pub enum BillingRunError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("billing organisation {tenant}: {source}")]
    Rules {
        tenant: TenantId,
        source: BillingError,
    },
    #[error("posting organisation {tenant}'s invoice: {source}")]
    Ledger {
        tenant: TenantId,
        source: LedgerError,
    },
    #[error("finalizing organisation {tenant}'s invoice: {source}")]
    Finalize {
        tenant: TenantId,
        source: FinalizeError,
    },
    #[error("writing the export: {0}")]
    Export(#[from] serde_json::Error),
}

/// What one run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunSummary {
    pub drafted: usize,
    pub finalized: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Billing {
    store: Store,
    operator: Operator,
    payments: Arc<dyn PaymentMethod>,
}

impl Billing {
    /// Billing whose tenants pay by transfer to the operator's bank account.
    pub fn new(store: Store, operator: Operator) -> Self {
        let payments = Arc::new(BankTransfer::new(operator.bank_account.clone()));
        Self {
            store,
            operator,
            payments,
        }
    }

    /// The same, with `payments` carrying the money.
    pub fn with_payments(self, payments: Arc<dyn PaymentMethod>) -> Self {
        Self { payments, ..self }
    }

    pub fn operator(&self) -> &Operator {
        &self.operator
    }

    /// Whether `month` still has drafts to finalize.
    pub async fn has_drafts(&self, month: Month) -> Result<bool, StoreError> {
        Ok(!self.store.drafts_of(month).await?.is_empty())
    }

    /// The month's `comptoir.billing/v1` document.
    pub async fn export(&self, month: Month) -> Result<serde_json::Value, BillingRunError> {
        let stored = self.store.invoices_for_export(month).await?;
        let mut invoices = Vec::with_capacity(stored.len());
        for entry in &stored {
            let customer = match &entry.customer {
                Some(frozen) => frozen.clone(),
                None => self.frozen_customer(entry.invoice.tenant()).await?,
            };
            invoices.push(ExportInvoice {
                invoice: &entry.invoice,
                status: &entry.status,
                customer: ExportCustomer {
                    name: customer.name,
                    country: customer.country,
                    vat_id: customer.vat_id,
                },
                paid_minor: entry.paid_minor,
            });
        }
        let transactions = self
            .store
            .transactions_between(month.start(), month.end())
            .await?;
        let balances = self.store.balances_before(month.end()).await?;
        Ok(billing::document(
            month,
            self.operator.country.as_str(),
            self.operator.vat_id.as_deref(),
            &invoices,
            &transactions,
            &balances,
        )?)
    }
}
