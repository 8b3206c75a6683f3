//! Monthly billing as the billing specification (`comptoir.billing/v1`) defines it, as pure
//! functions of plain inputs: a tenant's contract lines, the month's usage and downtime, late
//! usage, commission rates and the two parties' countries give one invoice, whose every figure
//! an independent checker can recompute.
//!
//! `rounding` holds the one half-up division every amount goes through, `month` the calendar
//! month an invoice covers, `meter` the metered prices an offer may declare, `lines` the four
//! kinds of invoice line, `rules` how each line's figures follow from the inputs, `vat` the tax
//! treatment, `split` the providers' and the operator's parts, `number` the invoice numbering,
//! `invoice` the invoice and its credit note, `compute` how a month's inputs become an
//! invoice, and `export` the month's `comptoir.billing/v1` document. All money is integer minor units of
//! [`MARKETPLACE_CURRENCY`](crate::money::MARKETPLACE_CURRENCY); all times are unix seconds, UTC.

mod compute;
mod export;
mod invoice;
mod lines;
mod meter;
mod month;
mod number;
mod payment;
mod profile;
mod revenue;
mod rounding;
mod rules;
mod settlement;
mod spend;
mod split;
mod vat;
mod views;

pub use compute::{ContractLine, Downtime, InvoiceInput, LateUsage, Usage, compute_invoice};
pub use export::{BILLING_FORMAT, ExportCustomer, ExportInvoice, document};
pub use invoice::{Invoice, InvoiceKind, Period, Vat};
pub use lines::{LateUsageLine, Line, RecurringLine, SlaCreditLine, UsageLine};
pub use meter::{Meter, MeterId};
pub use month::Month;
pub use number::InvoiceNumber;
pub use payment::{
    AccountRequest, BankTransfer, CardPaid, CheckoutRequest, CheckoutState, CollectRequest,
    Collection, OpenedCheckout, PaymentError, PaymentEvent, PaymentFuture, PaymentMethod,
    PayoutMade, PayoutRequest, RefundAnswer, RefundRequest, RefundState, TransferRequest,
};
pub use profile::{BillingProfile, ProfileError, ProfileForm};
pub use revenue::{
    FailedTransfer, MonthSums, PayoutAccount, PayoutReceived, ProviderRevenue, RevenueLine,
    RevenueMonth, revenue_months,
};
pub use rounding::round_half_up;
pub use rules::{
    Interval, LateUsageFigures, SlaCredit, UsageFigures, billable_interval, downtime_within,
    late_usage, recurring_amount, sla_credit, usage,
};
pub use settlement::Settlement;
pub use spend::{SPEND_MONTHS, SpendMonth, SpendSums, first_spend_month, spend_months};
pub use split::Split;
pub use vat::{
    EU_STANDARD_RATES_BP, VatCategory, VatId, VatTreatment, standard_rate_bp, treatment,
};
pub use views::{
    BillingMonth, CardOffer, Customer, InvoiceFilter, InvoicePage, InvoiceSummary, Operator,
    OperatorBilling, OperatorInvoice, PaymentView, ProviderCommission, RefundView, TenantBilling,
};

use crate::format::{CountryCode, ProviderId};

/// A value typed or read that is not one the billing accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidValue {
    #[error("{0:?} is not a month (YYYY-MM)")]
    Month(String),
    #[error(
        "{0:?} is not a meter id (a lower-case letter, then up to 31 lower-case letters, digits or _)"
    )]
    MeterId(String),
    #[error("meter {field}: {reason}")]
    Meter { field: &'static str, reason: String },
    #[error(
        "{0:?} is not a VAT id of its country (its two letters, then 2 to 13 letters or digits)"
    )]
    VatId(String),
    #[error("{0:?} is not an invoice number (CPT-YYYY-NNNNNN)")]
    InvoiceNumber(String),
}

/// Why an invoice, or a figure of one, cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BillingError {
    #[error("an amount is out of range")]
    Overflow,
    #[error("a division by {0}: divisors are positive")]
    NotPositiveDivisor(i128),
    #[error(
        "contract {contract} line {line} is given twice, or its quantity, price or availability is out of range"
    )]
    InvalidLine { contract: i64, line: u32 },
    #[error(
        "usage or downtime names contract {contract} line {line}, which is not among the tenant's lines"
    )]
    UnknownLine { contract: i64, line: u32 },
    #[error("usage names meter {meter} that contract {contract} line {line} does not declare")]
    UnknownMeter {
        contract: i64,
        line: u32,
        meter: String,
    },
    #[error("a usage quantity is negative")]
    NegativeUsage,
    #[error("a downtime interval of contract {contract} line {line} ends before it starts")]
    InvalidDowntime { contract: i64, line: u32 },
    #[error("late usage of {0} is not of a month before the invoice's")]
    LateUsageNotEarlier(Month),
    #[error("late usage of the same month, line and meter disagrees on what was already invoiced")]
    InconsistentLateUsage,
    #[error("no commission rate for provider {0}")]
    NoCommission(ProviderId),
    #[error("the commission rate {0} bp is more than 10000")]
    InvalidCommission(u32),
    #[error("the operator's country {0} has no EU standard VAT rate")]
    OperatorOutsideEu(CountryCode),
    #[error("the invoice is already finalized")]
    AlreadyFinalized,
    #[error("only a finalized invoice can be cancelled by a credit note")]
    NotFinalizedInvoice,
    #[error("invoice numbers of {0} are exhausted")]
    NumbersExhausted(u16),
    #[error("the last number was given in {last}, after {year}")]
    NumberingBackwards { last: u16, year: u16 },
}

#[cfg(test)]
pub(crate) mod tests;
