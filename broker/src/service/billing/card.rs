//! Paying an invoice by card through the payment method's hosted checkout. Money is recorded
//! only from what the method confirms (its notifications, or its answer when asked), once per
//! checkout, whatever arrives twice, late or out of order:
//!
//! - "Pay by card" resumes the invoice's open checkout when it still asks for what is left, and
//!   otherwise opens the next attempt, written with its idempotency key before the method is
//!   called. A call that got no answer is repeated with the same key, so a crash or a timeout
//!   never opens a second payment.
//! - A confirmation records the payment, its ledger transaction and the notification's id in
//!   one transaction ([`Store::record_card_payment`](crate::store::Store::record_card_payment)).
//! - [`Billing::reconcile_checkouts`] asks the method about checkouts left open for a while (a
//!   lost notification) and applies its answer the same way.

use super::settlement::SettlementError;
use super::{Billing, RefundOutcome};
use crate::account::{CurrentUser, TenantId};
use crate::billing::{
    CardPaid, CheckoutRequest, CheckoutState, InvoiceKind, InvoiceNumber, PaymentError,
    PaymentEvent,
};
use crate::calendar::utc_date;
use crate::ledger::Transaction;
use crate::money::MARKETPLACE_CURRENCY;
use crate::store::StoreError;
use crate::store::checkouts::{
    CheckoutStatus, Confirmed, NewCardPayment, SeenEvent, StoredCheckout,
};
use crate::store::payments::SettleError;

/// How long a checkout stays open before the reconciliation asks the method about it.
pub const CHECK_AFTER_SECS: i64 = 10 * 60;
/// How many checkouts one reconciliation round asks about.
const CHECKS_PER_ROUND: i64 = 50;
/// An open checkout that expires sooner than this is not resumed but replaced.
const RESUME_MARGIN_SECS: i64 = 5 * 60;

#[derive(Debug, thiserror::Error)]
pub enum CardError {
    #[error("not found")]
    NotFound,
    /// Not a finalized invoice with something left to pay.
    #[error("this invoice has nothing left to pay by card")]
    NotPayable,
    #[error("card payments are not offered")]
    NoCards,
    /// The method could not be reached or refused; nothing was charged, try again.
    #[error(transparent)]
    Unavailable(#[from] PaymentError),
    /// Another request opened a checkout of this invoice at the same moment.
    #[error("a card payment of this invoice started meanwhile")]
    Changed,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("building the ledger transaction: {0}")]
    Build(String),
    #[error(transparent)]
    Refund(#[from] SettlementError),
}

impl From<SettleError> for CardError {
    fn from(err: SettleError) -> Self {
        match err {
            SettleError::Changed => Self::Changed,
            SettleError::Build(reason) => Self::Build(reason),
            SettleError::Store(err) => Self::Store(err),
        }
    }
}

/// Where "Pay by card" sends the payer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardStart {
    /// To the method's checkout page.
    Checkout(String),
    /// Back to the invoice: the method had already been paid, and that is now recorded.
    Settled,
}

/// What a confirmation did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    Recorded,
    /// Already recorded, or the notification was handled before.
    Nothing,
    /// The checkout is not one of Comptoir's.
    Unknown,
}

impl Billing {
    /// Starts or resumes the card payment of what is left of invoice `number` of `tenant`, for
    /// any of its members.
    pub async fn pay_by_card(
        &self,
        user: &CurrentUser,
        tenant: TenantId,
        number: &str,
        now: i64,
    ) -> Result<CardStart, CardError> {
        if !self.payments.takes_cards() {
            return Err(CardError::NoCards);
        }
        let parsed = InvoiceNumber::parse(number.trim()).map_err(|_| CardError::NotFound)?;
        let found = self
            .store
            .invoice_of(user.id, tenant, Some(&parsed.to_string()), "")
            .await?
            .ok_or(CardError::NotFound)?;
        let left = found.invoice.total_minor() - found.paid_minor;
        if found.status != "finalized" || found.invoice.kind() != InvoiceKind::Invoice || left <= 0
        {
            return Err(CardError::NotPayable);
        }
        let last = self.store.last_checkout(found.id).await?;
        let attempt = match &last {
            Some(open) if open.status == CheckoutStatus::Open => {
                if let Some(start) = self.resume(open, left, now).await? {
                    return Ok(start);
                }
                open.attempt + 1
            }
            Some(opening) if opening.status == CheckoutStatus::Opening => {
                if opening.amount_minor == left {
                    return self.open(opening, now).await;
                }
                self.store.checkout_expired(opening.id, None, now).await?;
                opening.attempt + 1
            }
            Some(done) => done.attempt + 1,
            None => 1,
        };
        let key = format!("checkout:{parsed}:{attempt}");
        let id = self
            .store
            .new_checkout(found.id, attempt, &key, left, user.id, now)
            .await?
            .ok_or(CardError::Changed)?;
        let written = self.store.checkout(id).await?.ok_or(CardError::Changed)?;
        self.open(&written, now).await
    }

    /// The open checkout `open` again when it still asks for `left`; `None` once it is ended
    /// (and a new attempt is due).
    async fn resume(
        &self,
        open: &StoredCheckout,
        left: i64,
        now: i64,
    ) -> Result<Option<CardStart>, CardError> {
        let (Some(session), Some(url)) = (&open.session, &open.url) else {
            return Ok(None);
        };
        match self.payments.checkout_state(session, open.id).await? {
            CheckoutState::Settled(event) => {
                self.apply_payment_event(None, &event, now).await?;
                if matches!(event, PaymentEvent::Paid(_)) {
                    return Ok(Some(CardStart::Settled));
                }
                Ok(None)
            }
            CheckoutState::Open => {
                let lasts = open
                    .expires_at
                    .is_some_and(|at| at > now + RESUME_MARGIN_SECS);
                if open.amount_minor == left && lasts {
                    return Ok(Some(CardStart::Checkout(url.clone())));
                }
                self.payments.expire_checkout(session).await?;
                self.store.checkout_expired(open.id, None, now).await?;
                Ok(None)
            }
        }
    }

    /// Calls the method for the written checkout `checkout`, under its key.
    async fn open(&self, checkout: &StoredCheckout, now: i64) -> Result<CardStart, CardError> {
        let invoice = InvoiceNumber::parse(&checkout.number)
            .map_err(|_| StoreError::Corrupt("invoices.number"))?;
        let request = CheckoutRequest {
            invoice,
            checkout: checkout.id,
            amount_minor: checkout.amount_minor,
            currency: MARKETPLACE_CURRENCY,
            idempotency_key: &checkout.idempotency_key,
        };
        let opened = match self.payments.open_checkout(&request).await {
            Ok(opened) => opened,
            // Refused: the key's answer is that refusal for good, so the next try is a new
            // attempt. Unanswered: the next try repeats this one, key and all.
            Err(err @ (PaymentError::Failed(_) | PaymentError::Unknown(_))) => {
                self.store.checkout_expired(checkout.id, None, now).await?;
                return Err(err.into());
            }
            Err(err) => return Err(err.into()),
        };
        self.store
            .checkout_opened(checkout.id, &opened, now)
            .await?;
        // A concurrent request may have given the checkout up while the method answered (what
        // is left changed, or the invoice was settled otherwise): its page is not handed out,
        // and the method is asked to close it, so that only one checkout can be paid.
        let kept = self.store.checkout(checkout.id).await?;
        let payable = kept.is_some_and(|kept| {
            kept.status == CheckoutStatus::Open
                && kept.session.as_deref() == Some(opened.session.as_str())
        });
        if !payable {
            if let Err(err) = self.payments.expire_checkout(&opened.session).await {
                tracing::warn!(%err, checkout = checkout.id, "a card checkout given up while it opened could not be closed; its page was not handed out");
            }
            return Err(CardError::Changed);
        }
        Ok(CardStart::Checkout(opened.url))
    }

    /// Applies what the method tells of a checkout: `event` is its notification's id and type,
    /// `None` when Comptoir asked.
    pub async fn apply_payment_event(
        &self,
        event: Option<SeenEvent<'_>>,
        what: &PaymentEvent,
        now: i64,
    ) -> Result<Applied, CardError> {
        let checkout_id = match what {
            PaymentEvent::Paid(paid) => paid.checkout,
            PaymentEvent::Expired { checkout } => *checkout,
            PaymentEvent::Account {
                account,
                payouts_enabled,
                at,
            } => {
                self.store
                    .account_updated(account, *payouts_enabled, *at, event, now)
                    .await?;
                return Ok(Applied::Nothing);
            }
            PaymentEvent::Refund(answer) => {
                return Ok(match self.apply_refund(event, answer, now).await? {
                    RefundOutcome::Refunded => Applied::Recorded,
                    RefundOutcome::Pending => Applied::Nothing,
                });
            }
        };
        let Some(checkout) = self.store.checkout(checkout_id).await? else {
            return Ok(Applied::Unknown);
        };
        match what {
            PaymentEvent::Expired { .. } => {
                self.store.checkout_expired(checkout.id, event, now).await?;
                Ok(Applied::Nothing)
            }
            PaymentEvent::Paid(paid) => self.record_card_payment(&checkout, paid, event, now).await,
            PaymentEvent::Refund(_) | PaymentEvent::Account { .. } => Ok(Applied::Nothing),
        }
    }

    async fn record_card_payment(
        &self,
        checkout: &StoredCheckout,
        paid: &CardPaid,
        event: Option<SeenEvent<'_>>,
        now: i64,
    ) -> Result<Applied, CardError> {
        if !paid
            .currency
            .eq_ignore_ascii_case(MARKETPLACE_CURRENCY.as_str())
            || paid.amount_minor <= 0
        {
            return Err(CardError::Build(format!(
                "checkout {} was paid {} {}, not an amount in {}",
                checkout.id, paid.amount_minor, paid.currency, MARKETPLACE_CURRENCY
            )));
        }
        let tenant = checkout.tenant;
        let transaction = |id: i64| {
            Transaction::payment_received(&id.to_string(), now, tenant, paid.amount_minor)
                .map_err(|err| err.to_string())
        };
        let confirmed = self
            .store
            .record_card_payment(
                &NewCardPayment {
                    checkout: checkout.id,
                    invoice: checkout.invoice_id,
                    amount: paid.amount_minor,
                    received_on: &utc_date(now),
                    reference: &paid.payment,
                    charge: paid.charge.as_deref(),
                    now,
                },
                event,
                &transaction,
            )
            .await?;
        Ok(match confirmed {
            Confirmed::Recorded(_) => Applied::Recorded,
            Confirmed::AlreadyRecorded | Confirmed::Repeated => Applied::Nothing,
        })
    }

    /// Asks the method about the checkouts open for [`CHECK_AFTER_SECS`] since they were last
    /// looked at, and applies what it says; how many it asked about. A checkout the method
    /// cannot tell about now is asked again next time.
    pub async fn reconcile_checkouts(&self, now: i64) -> Result<usize, StoreError> {
        if !self.payments.takes_cards() {
            return Ok(0);
        }
        let due = self
            .store
            .checkouts_to_check(now - CHECK_AFTER_SECS, CHECKS_PER_ROUND)
            .await?;
        for checkout in &due {
            let Some(session) = &checkout.session else {
                continue;
            };
            let outcome = match self.payments.checkout_state(session, checkout.id).await {
                Ok(CheckoutState::Open) => self
                    .store
                    .checkout_checked(checkout.id, now)
                    .await
                    .map_err(CardError::from),
                Ok(CheckoutState::Settled(event)) => self
                    .apply_payment_event(None, &event, now)
                    .await
                    .map(|_| ()),
                Err(err) => Err(err.into()),
            };
            if let Err(err) = outcome {
                tracing::warn!(%err, checkout = checkout.id, "could not reconcile a card checkout; the next round retries");
                // Asked about again after the others, not before them at every round.
                self.store.checkout_checked(checkout.id, now).await?;
            }
        }
        Ok(due.len())
    }

    /// Ends the open checkout of invoice `invoice`, which was paid otherwise or cancelled, so
    /// that its payer cannot pay it twice. A checkout Stripe will not end was paid meanwhile:
    /// its confirmation records that payment. One still opening is given up: the request
    /// opening it then closes it instead of handing it out.
    pub(super) async fn end_open_checkout(&self, invoice: i64, now: i64) -> Result<(), StoreError> {
        let Some(open) = self.store.last_checkout(invoice).await? else {
            return Ok(());
        };
        let session = match (open.status, &open.session) {
            (CheckoutStatus::Opening, _) => {
                return self
                    .store
                    .checkout_expired(open.id, None, now)
                    .await
                    .map(|_| ());
            }
            (CheckoutStatus::Open, Some(session)) => session,
            _ => return Ok(()),
        };
        match self.payments.expire_checkout(session).await {
            Ok(()) => self
                .store
                .checkout_expired(open.id, None, now)
                .await
                .map(|_| ()),
            Err(err) => {
                tracing::warn!(%err, checkout = open.id, "an open card checkout of a settled invoice could not be ended");
                Ok(())
            }
        }
    }

    /// Whether tenants may pay by card, and whether invoice `invoice` has a card payment under
    /// way.
    pub(super) async fn card_offer(&self, invoice: i64) -> Result<Option<bool>, StoreError> {
        if !self.payments.takes_cards() {
            return Ok(None);
        }
        let last = self.store.last_checkout(invoice).await?;
        Ok(Some(last.is_some_and(|checkout| {
            matches!(
                checkout.status,
                CheckoutStatus::Open | CheckoutStatus::Opening
            )
        })))
    }
}
