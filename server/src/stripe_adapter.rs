//! The Stripe adapter of the billing's payment port: tenants pay an invoice by card through a
//! Stripe Checkout Session, or by transfer as without Stripe; the operator refunds card payments
//! through Stripe; providers connect an Express account (Stripe Connect) and are paid by a
//! transfer per invoice share, the others by a transfer made by hand. Every call that creates something carries the idempotency key Comptoir stored before
//! it (see `broker::service::billing`), and runs once: a retry is Comptoir's, with the same key.
//! What Stripe confirms arrives at the webhook (`webhook`).

use broker::billing::{
    AccountRequest, BankTransfer, CardPaid, CheckoutRequest, CheckoutState, CollectRequest,
    Collection, OpenedCheckout, PaymentError, PaymentEvent, PaymentFuture, PaymentMethod,
    PayoutMade, PayoutRequest, RefundAnswer, RefundRequest, RefundState, TransferRequest,
};
use broker::catalog::ProviderId;
use std::collections::HashMap;
use std::time::Duration;
use stripe::{IdempotencyKey, RequestStrategy, StripeError, StripeRequest};
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionAllowedPaymentMethodTypes,
    CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData,
    CreateCheckoutSessionPaymentIntentData, ExpireCheckoutSession, ProductData,
    RetrieveCheckoutSession,
};
use stripe_checkout::{
    CheckoutSession, CheckoutSessionMode, CheckoutSessionPaymentStatus, CheckoutSessionStatus,
};
use stripe_connect::account::{
    CreateAccount, CreateAccountCapabilities, CreateAccountCapabilitiesTransfers,
    CreateAccountType, RetrieveAccount,
};
use stripe_connect::account_link::{CreateAccountLink, CreateAccountLinkType};
use stripe_connect::transfer::CreateTransfer;
use stripe_core::Refund;
use stripe_core::refund::{CreateRefund, RetrieveRefund};

pub mod webhook;

/// How long one call to Stripe may take before it counts as unanswered.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Card payments through Stripe, transfers as with [`BankTransfer`].
#[derive(Clone)]
pub struct StripeCards {
    client: stripe::Client,
    /// The site's origin, for the pages Stripe sends the payer back to.
    site: String,
    transfer: BankTransfer,
}

impl std::fmt::Debug for StripeCards {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeCards")
            .field("site", &self.site)
            .finish_non_exhaustive()
    }
}

impl StripeCards {
    /// A client of the Stripe API at `api_base` with `secret_key`.
    pub fn new(
        config: &crate::config::stripe::StripeConfig,
        site: &str,
        transfer: BankTransfer,
    ) -> Result<Self, StripeError> {
        // The process's one TLS crypto provider, as `main` installs it (the tests start here).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = stripe::ClientBuilder::new(config.secret_key.expose())
            .url(config.api_base.clone())
            .timeout(TIMEOUT)
            .request_strategy(RequestStrategy::Once)
            .build()?;
        Ok(Self {
            client,
            site: site.trim_end_matches('/').to_owned(),
            transfer,
        })
    }

    fn invoice_page(&self, number: &str, outcome: &str) -> String {
        format!("{}/billing/invoices/{number}?card={outcome}", self.site)
    }
}

/// A failed call as the port tells it: without an answer, the call may have been carried out.
fn failure(err: StripeError) -> PaymentError {
    match err {
        StripeError::ClientError(_) | StripeError::Timeout => {
            PaymentError::NoAnswer(err.to_string())
        }
        // The same key is still being carried out, or too many calls: not carried out yet.
        StripeError::Stripe(errors, status @ (409 | 429)) => {
            PaymentError::NoAnswer(stripe_words(&errors, status))
        }
        StripeError::Stripe(errors, status) if status >= 500 => {
            PaymentError::Unknown(stripe_words(&errors, status))
        }
        // Stripe's own words say why (a decline, an account not ready, a balance too low).
        StripeError::Stripe(errors, status) => PaymentError::Failed(stripe_words(&errors, status)),
        // An answer that does not read may be a call carried out: as good as no answer.
        StripeError::JSONDeserialize(_) => PaymentError::NoAnswer(err.to_string()),
        other => PaymentError::Failed(other.to_string()),
    }
}

/// One attempt under Comptoir's stored `key`: a retry is Comptoir's, with the same key.
fn once_under(key: &str) -> Result<RequestStrategy, PaymentError> {
    IdempotencyKey::new(key)
        .map(RequestStrategy::Idempotent)
        .map_err(|err| PaymentError::Failed(err.to_string()))
}

/// What Stripe said of a refused call.
fn stripe_words(errors: &stripe::ApiErrors, status: u16) -> String {
    errors
        .message
        .clone()
        .unwrap_or_else(|| format!("Stripe refused the call ({status})"))
}

/// Stripe's name of `currency`.
fn currency(currency: broker::money::Currency) -> Result<stripe_types::Currency, PaymentError> {
    currency
        .as_str()
        .to_ascii_lowercase()
        .parse()
        .map_err(|_| PaymentError::Failed(format!("Stripe takes no {currency}")))
}

/// The metadata every object of a card payment carries: the invoice and Comptoir's checkout.
fn metadata(request: &CheckoutRequest<'_>) -> HashMap<String, String> {
    HashMap::from([
        ("invoice".to_owned(), request.invoice.to_string()),
        ("checkout".to_owned(), request.checkout.to_string()),
    ])
}

/// Comptoir's id under `key` in an object's metadata.
pub(crate) fn metadata_id(metadata: Option<&HashMap<String, String>>, key: &str) -> Option<i64> {
    metadata?.get(key)?.parse().ok()
}

/// What a Checkout Session says of its payment; `None` while it is open.
pub(crate) fn session_event(session: &CheckoutSession, checkout: i64) -> Option<PaymentEvent> {
    match session.status {
        Some(CheckoutSessionStatus::Expired) => Some(PaymentEvent::Expired { checkout }),
        Some(CheckoutSessionStatus::Complete)
            if session.payment_status == CheckoutSessionPaymentStatus::Paid =>
        {
            let payment = session
                .payment_intent
                .as_ref()
                .map_or_else(|| session.id.to_string(), |intent| intent.id().to_string());
            Some(PaymentEvent::Paid(CardPaid {
                checkout,
                amount_minor: session.amount_total.unwrap_or(0),
                currency: session
                    .currency
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                payment,
                charge: None,
            }))
        }
        _ => None,
    }
}

/// What a Refund says, for Comptoir's refund `refund`.
pub(crate) fn refund_answer(found: &Refund, refund: i64) -> RefundAnswer {
    let state = match found.status.as_deref() {
        Some("succeeded") => RefundState::Succeeded,
        Some(status @ ("failed" | "canceled")) => RefundState::Failed(
            found
                .failure_reason
                .clone()
                .unwrap_or_else(|| status.to_owned()),
        ),
        _ => RefundState::Pending,
    };
    RefundAnswer {
        refund,
        method_ref: found.id.to_string(),
        state,
    }
}

impl PaymentMethod for StripeCards {
    fn collect<'a>(&'a self, request: &'a CollectRequest) -> PaymentFuture<'a, Collection> {
        self.transfer.collect(request)
    }

    fn pay_out<'a>(&'a self, request: &'a PayoutRequest<'a>) -> PaymentFuture<'a, PayoutMade> {
        self.transfer.pay_out(request)
    }

    fn takes_cards(&self) -> bool {
        true
    }

    fn open_checkout<'a>(
        &'a self,
        request: &'a CheckoutRequest<'a>,
    ) -> PaymentFuture<'a, OpenedCheckout> {
        Box::pin(async move {
            let once = once_under(request.idempotency_key)?;
            let currency = currency(request.currency)?;
            let number = request.invoice.to_string();
            let mut price = CreateCheckoutSessionLineItemsPriceData::new(currency);
            price.unit_amount = Some(request.amount_minor);
            price.product_data = Some(ProductData::new(format!("Invoice {number}")));
            let mut line = CreateCheckoutSessionLineItems::new();
            line.price_data = Some(price);
            line.quantity = Some(1);
            let mut intent = CreateCheckoutSessionPaymentIntentData::new();
            intent.metadata = Some(metadata(request));
            intent.transfer_group = Some(number.clone());
            // Cards only: a payment is then paid or not when the session completes.
            let session = CreateCheckoutSession::new()
                .mode(CheckoutSessionMode::Payment)
                .allowed_payment_method_types(vec![
                    CreateCheckoutSessionAllowedPaymentMethodTypes::Card,
                ])
                .line_items(vec![line])
                .client_reference_id(request.checkout.to_string())
                .metadata(metadata(request))
                .payment_intent_data(intent)
                .success_url(self.invoice_page(&number, "returned"))
                .cancel_url(self.invoice_page(&number, "cancelled"))
                .customize()
                .request_strategy(once)
                .send(&self.client)
                .await
                .map_err(failure)?;
            let url = session.url.clone().ok_or_else(|| {
                PaymentError::Failed("Stripe gave the checkout no URL".to_owned())
            })?;
            Ok(OpenedCheckout {
                session: session.id.to_string(),
                url,
                expires_at: session.expires_at,
            })
        })
    }

    fn checkout_state<'a>(
        &'a self,
        session: &'a str,
        checkout: i64,
    ) -> PaymentFuture<'a, CheckoutState> {
        Box::pin(async move {
            let found = RetrieveCheckoutSession::new(session)
                .send(&self.client)
                .await
                .map_err(failure)?;
            Ok(session_event(&found, checkout).map_or(CheckoutState::Open, CheckoutState::Settled))
        })
    }

    fn expire_checkout<'a>(&'a self, session: &'a str) -> PaymentFuture<'a, ()> {
        Box::pin(async move {
            ExpireCheckoutSession::new(session)
                .send(&self.client)
                .await
                .map_err(failure)?;
            Ok(())
        })
    }

    fn pays_accounts(&self) -> bool {
        true
    }

    fn open_account<'a>(&'a self, request: &'a AccountRequest<'a>) -> PaymentFuture<'a, String> {
        Box::pin(async move {
            let once = once_under(request.idempotency_key)?;
            let mut capabilities = CreateAccountCapabilities::new();
            let mut transfers = CreateAccountCapabilitiesTransfers::new();
            transfers.requested = Some(true);
            capabilities.transfers = Some(transfers);
            let account = CreateAccount::new()
                .type_(CreateAccountType::Express)
                .capabilities(capabilities)
                .metadata(HashMap::from([(
                    "provider".to_owned(),
                    request.provider.get().to_string(),
                )]))
                .customize()
                .request_strategy(once)
                .send(&self.client)
                .await
                .map_err(failure)?;
            Ok(account.id.to_string())
        })
    }

    fn onboarding_link<'a>(
        &'a self,
        account: &'a str,
        provider: ProviderId,
    ) -> PaymentFuture<'a, String> {
        Box::pin(async move {
            let page = format!("{}/sell/{}/revenue", self.site, provider.get());
            let link = CreateAccountLink::new(account, CreateAccountLinkType::AccountOnboarding)
                .refresh_url(format!("{page}?account=refresh"))
                .return_url(format!("{page}?account=returned"))
                .send(&self.client)
                .await
                .map_err(failure)?;
            Ok(link.url)
        })
    }

    fn account_ready<'a>(&'a self, account: &'a str) -> PaymentFuture<'a, bool> {
        Box::pin(async move {
            let found = RetrieveAccount::new(account)
                .send(&self.client)
                .await
                .map_err(failure)?;
            Ok(found.payouts_enabled.unwrap_or(false))
        })
    }

    fn transfer<'a>(&'a self, request: &'a TransferRequest<'a>) -> PaymentFuture<'a, String> {
        Box::pin(async move {
            let once = once_under(request.idempotency_key)?;
            let mut transfer = CreateTransfer::new(currency(request.currency)?, request.account)
                .amount(request.amount_minor);
            if let Some(charge) = request.source {
                transfer = transfer.source_transaction(charge);
            }
            let transfer = transfer
                .transfer_group(request.invoice.to_string())
                .metadata(HashMap::from([
                    ("transfer".to_owned(), request.transfer.to_string()),
                    ("invoice".to_owned(), request.invoice.to_string()),
                ]))
                .customize()
                .request_strategy(once)
                .send(&self.client)
                .await
                .map_err(failure)?;
            Ok(transfer.id.to_string())
        })
    }

    fn refund<'a>(&'a self, request: &'a RefundRequest<'a>) -> PaymentFuture<'a, RefundAnswer> {
        Box::pin(async move {
            let once = once_under(request.idempotency_key)?;
            let refund = CreateRefund::new()
                .payment_intent(request.payment)
                .amount(request.amount_minor)
                .metadata(HashMap::from([(
                    "refund".to_owned(),
                    request.refund.to_string(),
                )]))
                .customize()
                .request_strategy(once)
                .send(&self.client)
                .await
                .map_err(failure)?;
            Ok(refund_answer(&refund, request.refund))
        })
    }

    fn refund_state<'a>(
        &'a self,
        method_ref: &'a str,
        refund: i64,
    ) -> PaymentFuture<'a, RefundAnswer> {
        Box::pin(async move {
            let found = RetrieveRefund::new(method_ref)
                .send(&self.client)
                .await
                .map_err(failure)?;
            Ok(refund_answer(&found, refund))
        })
    }
}
