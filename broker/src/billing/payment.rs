//! The payment port: how a tenant is asked to pay an invoice and how a provider's payout is
//! made, whatever carries the money. [`BankTransfer`] is the embedded method: the invoice shows
//! the operator's account and the invoice number as the transfer's reference, the operator
//! records each payment when the bank shows it, and payouts are transfers made by hand. A card
//! method implements the same port in `server`, out of `broker`.
//!
//! A method may also take cards through a hosted checkout page ([`PaymentMethod::open_checkout`]):
//! the money is then recorded from what the method confirms ([`PaymentEvent`]), never from the
//! browser's return.
//!
//! The futures are boxed so that the method can be kept as a trait object.

use super::InvoiceNumber;
use crate::account::TenantId;
use crate::catalog::ProviderId;
use crate::money::Currency;
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// The method could not be reached or refused the call; nothing was taken or sent.
    #[error("the payment method failed: {0}")]
    Failed(String),
    /// The call may or may not have reached the method (a timeout, a lost connection): repeat
    /// it with the same idempotency key to learn which.
    #[error("the payment method did not answer: {0}")]
    NoAnswer(String),
    /// The method failed while carrying the call out (Stripe's 5xx): it may or may not have
    /// been carried out, and the same key gives this answer again. A call whose result nobody
    /// could use (a checkout whose address no one got) is tried again under a new key; one that
    /// may have moved money is left as asked, never sent again under a new key.
    #[error("the payment method failed while carrying the call out: {0}")]
    Unknown(String),
    /// This method does not do this (cards, providers' accounts).
    #[error("this payment method does not do this")]
    Unsupported,
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

/// A hosted card payment to open for what is left of an invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckoutRequest<'a> {
    pub invoice: InvoiceNumber,
    /// Comptoir's id of the checkout, given back in what the method confirms.
    pub checkout: i64,
    pub amount_minor: i64,
    pub currency: Currency,
    /// Stored before the call: the same key again never opens a second payment.
    pub idempotency_key: &'a str,
}

/// A checkout the method opened: where to send the payer, until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenedCheckout {
    /// The method's own id of the checkout.
    pub session: String,
    pub url: String,
    pub expires_at: i64,
}

/// Money the method confirms it received for checkout `checkout`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardPaid {
    pub checkout: i64,
    pub amount_minor: i64,
    /// The currency as the method writes it (`eur`).
    pub currency: String,
    /// The method's id of the payment (Stripe's payment intent), the payment's reference.
    pub payment: String,
    /// The method's id of the charge, where the confirmation names it: the source of the
    /// transfers that pay the providers their shares of the invoice.
    pub charge: Option<String>,
}

/// A refund of (part of) a card payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundRequest<'a> {
    /// Comptoir's id of the refund, given back in what the method tells of it.
    pub refund: i64,
    /// The method's id of the payment refunded ([`CardPaid::payment`]).
    pub payment: &'a str,
    pub amount_minor: i64,
    pub idempotency_key: &'a str,
}

/// Where a refund stands at the method.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefundState {
    /// Taken, the money not back yet.
    Pending,
    Succeeded,
    /// The money did not go back, and why.
    Failed(String),
}

/// What the method says of refund `refund` (Comptoir's id), its own id `method_ref`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundAnswer {
    pub refund: i64,
    pub method_ref: String,
    pub state: RefundState,
}

/// What the method tells of card payments and providers' accounts, by its notifications or
/// when asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentEvent {
    Paid(CardPaid),
    /// The checkout can no longer be paid.
    Expired {
        checkout: i64,
    },
    Refund(RefundAnswer),
    /// A provider's account `account` can (or can no longer) receive payouts, as of `at`.
    Account {
        account: String,
        payouts_enabled: bool,
        at: i64,
    },
}

/// A provider's account to open at the method, to receive its payouts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRequest<'a> {
    pub provider: ProviderId,
    /// Stored before the call: the same key again never opens a second account.
    pub idempotency_key: &'a str,
}

/// A payout to a provider's account at the method, for its share of one invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferRequest<'a> {
    /// Comptoir's id of the transfer.
    pub transfer: i64,
    pub account: &'a str,
    pub amount_minor: i64,
    pub currency: Currency,
    /// The invoice whose share it pays (the transfer's group).
    pub invoice: InvoiceNumber,
    /// The charge of the invoice's card payment, when there is one: the transfer is then made
    /// from that money, whatever the operator's balance.
    pub source: Option<&'a str>,
    pub idempotency_key: &'a str,
}

/// A checkout's state at the method, when asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckoutState {
    Open,
    Settled(PaymentEvent),
}

/// The answer of a method to what it does not do.
fn unsupported<'a, T: 'a>() -> PaymentFuture<'a, T> {
    Box::pin(async { Err(PaymentError::Unsupported) })
}

/// A way money reaches the operator and leaves it.
pub trait PaymentMethod: Send + Sync + std::fmt::Debug {
    /// How the tenant of `request.invoice` pays what is left.
    fn collect<'a>(&'a self, request: &'a CollectRequest) -> PaymentFuture<'a, Collection>;

    /// Makes the payout of `request`; a payout is recorded once this answers.
    fn pay_out<'a>(&'a self, request: &'a PayoutRequest<'a>) -> PaymentFuture<'a, PayoutMade>;

    /// Whether tenants may pay by card.
    fn takes_cards(&self) -> bool {
        false
    }

    /// Opens a hosted card payment for `request`.
    fn open_checkout<'a>(
        &'a self,
        _request: &'a CheckoutRequest<'a>,
    ) -> PaymentFuture<'a, OpenedCheckout> {
        unsupported()
    }

    /// The state of the checkout `session` (the method's id), for Comptoir's checkout `checkout`.
    fn checkout_state<'a>(
        &'a self,
        _session: &'a str,
        _checkout: i64,
    ) -> PaymentFuture<'a, CheckoutState> {
        unsupported()
    }

    /// Ends the open checkout `session`, so that it can no longer be paid.
    fn expire_checkout<'a>(&'a self, _session: &'a str) -> PaymentFuture<'a, ()> {
        unsupported()
    }

    /// Whether providers may receive payouts in an account of their own at the method.
    fn pays_accounts(&self) -> bool {
        false
    }

    /// Opens an account for `request.provider`: its id at the method.
    fn open_account<'a>(&'a self, _request: &'a AccountRequest<'a>) -> PaymentFuture<'a, String> {
        unsupported()
    }

    /// Where the provider's owner fills in account `account` of `provider` at the method.
    fn onboarding_link<'a>(
        &'a self,
        _account: &'a str,
        _provider: ProviderId,
    ) -> PaymentFuture<'a, String> {
        unsupported()
    }

    /// Whether the account `account` may receive payouts now.
    fn account_ready<'a>(&'a self, _account: &'a str) -> PaymentFuture<'a, bool> {
        unsupported()
    }

    /// Pays `request` into a provider's account: the method's id of the transfer.
    fn transfer<'a>(&'a self, _request: &'a TransferRequest<'a>) -> PaymentFuture<'a, String> {
        unsupported()
    }

    /// Refunds `request.amount_minor` of a card payment.
    fn refund<'a>(&'a self, _request: &'a RefundRequest<'a>) -> PaymentFuture<'a, RefundAnswer> {
        unsupported()
    }

    /// Where the refund `method_ref` (the method's id) of Comptoir's refund `refund` stands.
    fn refund_state<'a>(
        &'a self,
        _method_ref: &'a str,
        _refund: i64,
    ) -> PaymentFuture<'a, RefundAnswer> {
        unsupported()
    }
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
