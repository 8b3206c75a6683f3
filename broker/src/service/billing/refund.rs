//! Refunds of card payments by the operator, whole or partial. A refund is written with its
//! idempotency key (`refund:PAYMENT:ATTEMPT`) before the payment method is called; it is posted
//! to the ledger (`refund:ID`: Dr the tenant's receivable, Cr operator:cash) and taken off the
//! invoice's paid amount only once the method says the money went back, at once, by a
//! notification, or when [`Billing::reconcile_refunds`] asks.

use super::Billing;
use super::settlement::{SettlementError, operator_only};
use crate::account::CurrentUser;
use crate::audit::{Action, Actor, Record};
use crate::billing::{
    InvoiceKind, InvoiceNumber, PaymentError, RefundAnswer, RefundRequest, RefundState, Settlement,
};
use crate::ledger::Transaction;
use crate::store::StoreError;
use crate::store::checkouts::SeenEvent;
use crate::store::refunds::{NewRefund, RefundStatus, StoredRefund};

/// How many refunds one reconciliation round looks at.
const CHECKS_PER_ROUND: i64 = 50;

/// Where a refund the operator asked for stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefundOutcome {
    /// The money went back and the refund is recorded.
    Refunded,
    /// The method took it (or did not answer yet): it is recorded when the method confirms.
    Pending,
}

impl Billing {
    /// Refunds `amount_minor` of the card payments of invoice `number`, from its latest card
    /// payment that still has that much to refund.
    pub async fn refund_card_payment(
        &self,
        user: &CurrentUser,
        number: &str,
        amount_minor: i64,
        reason: &str,
        now: i64,
    ) -> Result<RefundOutcome, SettlementError> {
        operator_only(user)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Settlement::NoReason.into());
        }
        if amount_minor <= 0 {
            return Err(Settlement::NotPositive.into());
        }
        let parsed = InvoiceNumber::parse(number.trim()).map_err(|_| Settlement::NoInvoice)?;
        let payable = self
            .store
            .invoice_by_number(parsed)
            .await?
            .ok_or(Settlement::NoInvoice)?;
        if payable.invoice.kind() != InvoiceKind::Invoice {
            return Err(Settlement::NoCardPayment.into());
        }
        let payments = self.store.card_payments_of(payable.id).await?;
        if payments.is_empty() {
            return Err(Settlement::NoCardPayment.into());
        }
        let payment = payments
            .iter()
            .find(|payment| payment.amount_minor - payment.refunded_minor >= amount_minor)
            .ok_or(Settlement::RefundTooLarge)?;
        let attempt = payment.attempts + 1;
        let key = format!("refund:{}:{attempt}", payment.id);
        let action = Action::RefundRequested {
            invoice: parsed.to_string(),
            amount_minor,
            currency: payable.invoice.total().currency().to_string(),
            reason: reason.to_owned(),
        };
        let actor = Actor::operator(user).on_tenant(payable.invoice.tenant());
        let record = Record::new(actor, action, now);
        let id = self
            .store
            .new_refund(
                &NewRefund {
                    payment: payment.id,
                    attempt,
                    key: &key,
                    amount: amount_minor,
                    reason,
                    by: user.id,
                    now,
                },
                &record,
            )
            .await?
            .ok_or(Settlement::Changed)?;
        let refund = self
            .store
            .stored_refund(id)
            .await?
            .ok_or(Settlement::Changed)?;
        match self.ask_refund(&refund).await {
            Ok(answer) => self.apply_refund(None, &answer, now).await,
            // Not known to be carried out: the reconciliation asks again, with the same key.
            Err(PaymentError::NoAnswer(_) | PaymentError::Unknown(_)) => Ok(RefundOutcome::Pending),
            Err(err) => {
                self.store
                    .refund_failed(id, None, &err.to_string(), None, now)
                    .await?;
                Err(Settlement::CardUnavailable.into())
            }
        }
    }

    async fn ask_refund(&self, refund: &StoredRefund) -> Result<RefundAnswer, PaymentError> {
        self.payments
            .refund(&RefundRequest {
                refund: refund.id,
                payment: &refund.payment,
                amount_minor: refund.amount_minor,
                idempotency_key: &refund.idempotency_key,
            })
            .await
    }

    /// Applies what the method says of a refund; `event` is its notification, `None` when
    /// Comptoir asked.
    pub(super) async fn apply_refund(
        &self,
        event: Option<SeenEvent<'_>>,
        answer: &RefundAnswer,
        now: i64,
    ) -> Result<RefundOutcome, SettlementError> {
        let Some(refund) = self.store.stored_refund(answer.refund).await? else {
            return Ok(RefundOutcome::Pending);
        };
        match &answer.state {
            RefundState::Pending => {
                self.store
                    .refund_pending(refund.id, &answer.method_ref, event, now)
                    .await?;
                Ok(RefundOutcome::Pending)
            }
            RefundState::Failed(why) => {
                self.store
                    .refund_failed(refund.id, Some(&answer.method_ref), why, event, now)
                    .await?;
                Ok(RefundOutcome::Pending)
            }
            RefundState::Succeeded => {
                let transaction = Transaction::refund(
                    &refund.id.to_string(),
                    now,
                    refund.tenant,
                    refund.amount_minor,
                )
                .map_err(|err| SettlementError::Build(err.to_string()))?;
                self.store
                    .record_refund(&refund, &answer.method_ref, event, now, &transaction)
                    .await?;
                Ok(RefundOutcome::Refunded)
            }
        }
    }

    /// Asks the method about refunds not settled since `before`: a request never answered is
    /// sent again under its key, a pending one is looked up. How many were looked at.
    pub async fn reconcile_refunds(&self, before: i64, now: i64) -> Result<usize, StoreError> {
        let due = self
            .store
            .refunds_to_check(before, CHECKS_PER_ROUND)
            .await?;
        for refund in &due {
            let answer = match (&refund.status, &refund.method_ref) {
                (RefundStatus::Pending, Some(method_ref)) => {
                    self.payments.refund_state(method_ref, refund.id).await
                }
                _ => self.ask_refund(refund).await,
            };
            let outcome = match answer {
                Ok(answer) => self.apply_refund(None, &answer, now).await.map(|_| ()),
                Err(err) => Err(SettlementError::Payment(err)),
            };
            if let Err(err) = outcome {
                tracing::warn!(%err, refund = refund.id, "could not reconcile a refund; the next round retries");
            }
            self.store.refund_checked(refund.id, now).await?;
        }
        Ok(due.len())
    }
}
