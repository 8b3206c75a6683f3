//! Why the operator's action on an invoice, a payout or a commission rate was refused.

use serde::{Deserialize, Serialize};

/// Why the operator's action on an invoice or a payout was refused; the pages translate it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum Settlement {
    #[error("only the marketplace operator may do this")]
    NotOperator,
    #[error("there is no such invoice")]
    NoInvoice,
    #[error(
        "only a finalized invoice, not paid, cancelled or a credit note, can be paid or cancelled"
    )]
    NotOpen,
    #[error("the amount must be more than 0")]
    NotPositive,
    #[error("this pays more than is left to pay")]
    Overpayment,
    #[error("a payment was recorded against the invoice: it cannot be cancelled")]
    PartlyPaid,
    #[error("say why the invoice is cancelled")]
    NoReason,
    #[error("the reference must be 1 to 140 characters")]
    Reference,
    #[error("the invoice changed meanwhile: look at it again")]
    Changed,
    #[error("say when the payment was received, as the bank statement dates it")]
    ReceivedOn,
    #[error("a commission rate is 0 to 100 %")]
    Rate,
    #[error("a new rate applies from the start of a coming month (YYYY-MM)")]
    FromMonth,
    #[error("this invoice has no card payment to refund")]
    NoCardPayment,
    #[error("this is more than any of the invoice's card payments has left to refund")]
    RefundTooLarge,
    #[error("the payment service did not take the refund; nothing was refunded")]
    CardUnavailable,
}
