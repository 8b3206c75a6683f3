//! What the pages show of billing: who invoices, the customer an invoice names, an
//! organisation's list of invoices and its billing page, and one invoice with its payments.

use super::invoice::Invoice;
use super::profile::ProfileForm;
use crate::format::CountryCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who invoices: the operator's identity as the invoices show it, and its default commission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    pub legal_name: String,
    pub address: String,
    pub country: CountryCode,
    pub vat_id: Option<String>,
    /// Where tenants pay by transfer.
    pub bank_account: String,
    /// The commission of a provider without a rate of its own, in basis points.
    pub commission_bp: u32,
}

/// The customer as an invoice freezes it at finalization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub name: String,
    pub address: String,
    pub country: String,
    pub vat_id: Option<String>,
}

/// One invoice or credit note in its organisation's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    /// `None` for the draft of a month not yet finalized.
    pub number: Option<String>,
    pub month: String,
    pub kind: String,
    pub status: String,
    pub total_minor: i64,
    pub paid_minor: i64,
}

/// A payment received against an invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub amount_minor: i64,
    pub received_on: String,
    pub reference: String,
}

/// A refund of a card payment of an invoice, once the money went back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundView {
    pub amount_minor: i64,
    pub settled_at: i64,
}

/// An organisation's billing page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantBilling {
    /// Newest month first; a month not yet finalized shows as its draft.
    pub invoices: Vec<InvoiceSummary>,
    /// The saved profile as the form shows it, or the defaults (the organisation's name, the
    /// operator's country) when none was saved.
    pub profile: ProfileForm,
    pub profile_saved: bool,
    /// Whether the user may change the profile (owners and admins).
    pub can_edit: bool,
    /// Spend and carbon of the last twelve months, oldest first.
    pub spend: Vec<super::SpendMonth>,
}

/// One invoice as a person reads and prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoicePage {
    pub invoice: Invoice,
    pub status: String,
    pub customer: Customer,
    pub operator: Operator,
    pub payments: Vec<PaymentView>,
    pub refunds: Vec<RefundView>,
    pub paid_minor: i64,
    /// The offer's name and unit of each line, by contract and line.
    pub offers: BTreeMap<String, (String, String)>,
    /// How to pay what is left, on a finalized invoice not fully paid.
    pub collection: Option<super::Collection>,
    /// Whether what is left may be paid by card, on a finalized invoice not fully paid.
    pub card: Option<CardOffer>,
}

/// An invoice's card payment, as its page offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardOffer {
    /// A checkout of it is open: a payment may be under way, not yet confirmed.
    pub under_way: bool,
}

impl InvoicePage {
    /// The key of [`InvoicePage::offers`] for a line.
    pub fn offer_key(contract: i64, line: u32) -> String {
        format!("{contract}/{line}")
    }

    /// What is left to pay.
    pub fn left_minor(&self) -> i64 {
        self.invoice.total_minor() - self.paid_minor
    }
}

/// One month of the marketplace's billing, as the operator reads it: its finalized invoices and
/// credit notes (credit notes count against it), what went through (GMV, the net), what the
/// operator kept and the VAT it collected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingMonth {
    pub month: String,
    pub invoices: i64,
    pub gmv_minor: i64,
    pub commission_minor: i64,
    pub vat_minor: i64,
}

/// One invoice or credit note in the operator's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorInvoice {
    pub summary: InvoiceSummary,
    pub tenant: crate::account::TenantId,
    pub tenant_name: String,
}

/// Which invoices the operator's list shows; empty fields do not filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceFilter {
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub tenant: String,
    /// A provider's id: the invoices with a line of that provider.
    #[serde(default)]
    pub provider: String,
}

/// A provider's commission: the rate in force and its history, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderCommission {
    pub provider: crate::catalog::ProviderId,
    pub slug: String,
    pub name: String,
    /// `(effective_from, commission_bp)`; empty when the default applies.
    pub history: Vec<(i64, u32)>,
}

/// The operator's billing section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorBilling {
    pub months: Vec<BillingMonth>,
    pub invoices: Vec<OperatorInvoice>,
    pub providers: Vec<ProviderCommission>,
    pub default_commission_bp: u32,
    /// Whether tenants pay by card, so that card payments can be refunded.
    pub takes_cards: bool,
}
