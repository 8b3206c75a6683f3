//! The payment port: how a tenant is asked to pay an invoice and how a provider's payout is
//! made, whatever carries the money. [`BankTransfer`] is the embedded method: the invoice shows
//! the operator's account and the invoice number as the transfer's reference, the operator
//! records each payment when the bank shows it, and payouts are transfers made by hand. A card
//! method implements the same port in `server`, out of `broker`.
//!
//! The futures are boxed so that the method can be kept as a trait object.

use super::InvoiceNumber;
use crate::account::TenantId;
use crate::catalog::ProviderId;
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// The method could not be reached or refused the call; nothing was taken or sent.
    #[error("the payment method failed: {0}")]
    Failed(String),
}

/// The answer of a payment method, to await.
pub type PaymentFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, PaymentError>> + Send + 'a>>;

/// What an invoice left to pay asks of its tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CollectRequest {
    pub invoice: InvoiceNumber,
    pub tenant: TenantId,
    pub left_minor: i64,
}

/// How the tenant pays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Collection {
    /// A transfer to `account` under `reference`, recorded by the operator once received.
    Transfer { account: String, reference: String },
}

/// A payout to make: `amount_minor` of `provider`'s due shares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayoutRequest<'a> {
    pub provider: ProviderId,
    pub amount_minor: i64,
    /// What the operator wrote for it (the transfer's reference).
    pub reference: &'a str,
}

/// How a payout was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayoutMade {
    /// By a transfer the operator made by hand, under the request's reference.
    ByHand,
}

/// A way money reaches the operator and leaves it.
pub trait PaymentMethod: Send + Sync + std::fmt::Debug {
    /// How the tenant of `request.invoice` pays what is left.
    fn collect<'a>(&'a self, request: &'a CollectRequest) -> PaymentFuture<'a, Collection>;

    /// Makes the payout of `request`; a payout is recorded once this answers.
    fn pay_out<'a>(&'a self, request: &'a PayoutRequest<'a>) -> PaymentFuture<'a, PayoutMade>;
}

/// Payment by bank transfer to the operator's account, and payouts made by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankTransfer {
    account: String,
}

impl BankTransfer {
    pub fn new(account: impl Into<String>) -> Self {
        Self {
            account: account.into(),
        }
    }
}

impl PaymentMethod for BankTransfer {
    fn collect<'a>(&'a self, request: &'a CollectRequest) -> PaymentFuture<'a, Collection> {
        Box::pin(async move {
            Ok(Collection::Transfer {
                account: self.account.clone(),
                reference: request.invoice.to_string(),
            })
        })
    }

    fn pay_out<'a>(&'a self, _request: &'a PayoutRequest<'a>) -> PaymentFuture<'a, PayoutMade> {
        Box::pin(async { Ok(PayoutMade::ByHand) })
    }
}
