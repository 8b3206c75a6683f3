//! What the operator does with finalized invoices: records a payment received by transfer (the
//! embedded payment method; partial payments show what is left, an overpayment is refused),
//! cancels an unpaid invoice with a credit note, and pays each provider what it may be paid of
//! its shares of fully paid invoices.

use super::Billing;
use crate::account::CurrentUser;
use crate::audit::{Action, Actor, Record};
use crate::billing::{InvoiceNumber, PaymentError, PayoutMade, PayoutRequest, Settlement};
use crate::catalog::ProviderId;
use crate::format;
use crate::ledger::{self, Transaction};
use crate::money::MARKETPLACE_CURRENCY;
use crate::store::StoreError;
use crate::store::payments::{NewPayment, NewPayout, SettleError};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, thiserror::Error)]
pub enum SettlementError {
    #[error(transparent)]
    Refused(#[from] Settlement),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("building the ledger transaction: {0}")]
    Build(String),
    #[error(transparent)]
    Payment(#[from] PaymentError),
}

impl From<SettleError> for SettlementError {
    fn from(err: SettleError) -> Self {
        match err {
            SettleError::Changed => Self::Refused(Settlement::Changed),
            SettleError::Build(reason) => Self::Build(reason),
            SettleError::Store(err) => Self::Store(err),
        }
    }
}

pub(super) fn operator_only(user: &CurrentUser) -> Result<(), Settlement> {
    if user.is_operator {
        Ok(())
    } else {
        Err(Settlement::NotOperator)
    }
}

fn reference(raw: &str) -> Result<&str, Settlement> {
    let reference = raw.trim();
    if (1..=140).contains(&reference.chars().count()) {
        Ok(reference)
    } else {
        Err(Settlement::Reference)
    }
}

impl Billing {
    async fn open_invoice(
        &self,
        number: &str,
    ) -> Result<(InvoiceNumber, crate::store::payments::Payable), SettlementError> {
        let parsed = InvoiceNumber::parse(number.trim()).map_err(|_| Settlement::NoInvoice)?;
        let payable = self
            .store
            .invoice_by_number(parsed)
            .await?
            .ok_or(Settlement::NoInvoice)?;
        if payable.status != "finalized" || payable.invoice.cancels().is_some() {
            return Err(Settlement::NotOpen.into());
        }
        Ok((parsed, payable))
    }

    /// Records `amount_minor` received by transfer on `received_on` (a date as written on the
    /// bank statement) against invoice `number`; the payment's id.
    pub async fn record_payment(
        &self,
        user: &CurrentUser,
        number: &str,
        amount_minor: i64,
        received_on: &str,
        reference_text: &str,
        now: i64,
    ) -> Result<i64, SettlementError> {
        operator_only(user)?;
        let reference = reference(reference_text)?;
        if !(1..=40).contains(&received_on.trim().chars().count()) {
            return Err(Settlement::ReceivedOn.into());
        }
        if amount_minor <= 0 {
            return Err(Settlement::NotPositive.into());
        }
        let (parsed, payable) = self.open_invoice(number).await?;
        let left = payable.invoice.total_minor() - payable.paid_minor;
        if amount_minor > left {
            return Err(Settlement::Overpayment.into());
        }
        let tenant = payable.invoice.tenant();
        let transaction = |id: i64| {
            Transaction::payment_received(&id.to_string(), now, tenant, amount_minor)
                .map_err(|err| err.to_string())
        };
        let id = self
            .store
            .record_payment(
                &NewPayment {
                    invoice: payable.id,
                    amount: amount_minor,
                    received_on: received_on.trim(),
                    reference,
                    by: user.id,
                    now,
                },
                &transaction,
                &|payment| {
                    let action = Action::PaymentRecorded {
                        payment,
                        invoice: parsed.to_string(),
                        amount_minor,
                        currency: payable.invoice.total().currency().to_string(),
                    };
                    Record::new(Actor::operator(user).on_tenant(tenant), action, now)
                },
            )
            .await?;
        // An open checkout asks for what was left before this payment.
        self.end_open_checkout(payable.id, now).await?;
        Ok(id)
    }

    /// Cancels the unpaid invoice `number` with a credit note; the credit note's number.
    pub async fn cancel_invoice(
        &self,
        user: &CurrentUser,
        number: &str,
        reason: &str,
        now: i64,
    ) -> Result<String, SettlementError> {
        operator_only(user)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Settlement::NoReason.into());
        }
        let (parsed, payable) = self.open_invoice(number).await?;
        if payable.paid_minor > 0 {
            return Err(Settlement::PartlyPaid.into());
        }
        let payees = self.payees().await?;
        let credit_note = |number| {
            let note = payable
                .invoice
                .credit_note(number, now)
                .map_err(|err| err.to_string())?;
            let transaction = Transaction::credit_note_finalized(&note, &payees)
                .map_err(|err| err.to_string())?;
            Ok((note, transaction))
        };
        let number = self
            .store
            .cancel_invoice(payable.id, reason, now, &credit_note, &|note| {
                let action = Action::InvoiceCancelled {
                    invoice: parsed.to_string(),
                    credit_note: note.to_string(),
                    reason: reason.to_owned(),
                };
                let actor = Actor::operator(user).on_tenant(payable.invoice.tenant());
                Record::new(actor, action, now)
            })
            .await?;
        self.end_open_checkout(payable.id, now).await?;
        Ok(number.to_string())
    }

    /// Pays each provider all it may be paid now, by a transfer made by hand under
    /// `reference`: the payouts made, by provider.
    pub async fn run_payouts(
        &self,
        user: &CurrentUser,
        reference_text: &str,
        now: i64,
    ) -> Result<Vec<(ProviderId, i64)>, SettlementError> {
        operator_only(user)?;
        let reference = reference(reference_text)?;
        let before = self.store.payout_count().await?;
        let transactions = self.store.transactions_between(i64::MIN, i64::MAX).await?;
        let paid: BTreeSet<InvoiceNumber> = self.store.paid_invoices().await?.into_iter().collect();
        let mut made = Vec::new();
        let accounts: BTreeSet<ProviderId> = if self.payments.pays_accounts() {
            self.store
                .payable_accounts()
                .await?
                .into_iter()
                .map(|(provider, _)| provider)
                .collect()
        } else {
            BTreeSet::new()
        };
        // Payouts made so far, this run's included: each write checks that no other was made.
        let mut payouts = before;
        for provider in self.payees().await?.into_values() {
            if accounts.contains(&provider) {
                let sent = self
                    .transfer_shares(user, provider, &transactions, &paid, &mut payouts, now)
                    .await?;
                if sent > 0 {
                    made.push((provider, sent));
                }
                continue;
            }
            // A transfer not known to be made may have been: nothing more until it is known.
            if self.store.transfer_in_flight(provider).await? {
                continue;
            }
            let allowance = ledger::payout_allowance(provider, &transactions, &paid)
                .map_err(|err| SettlementError::Build(err.to_string()))?;
            if allowance == 0 {
                continue;
            }
            let request = PayoutRequest {
                provider,
                amount_minor: allowance,
                reference,
            };
            match self.payments.pay_out(&request).await? {
                PayoutMade::ByHand => {}
            }
            let transaction = |id: i64| {
                Transaction::payout(&id.to_string(), now, provider, allowance, allowance)
                    .map_err(|err| err.to_string())
            };
            let count = payouts;
            let record = |payout| {
                let action = Action::PayoutRecorded {
                    payout,
                    provider,
                    amount_minor: allowance,
                    currency: MARKETPLACE_CURRENCY.to_string(),
                    reference: reference.to_owned(),
                };
                Record::new(Actor::operator(user).on_provider(provider), action, now)
            };
            self.store
                .record_payout(
                    &NewPayout {
                        provider,
                        amount: allowance,
                        reference,
                        by: user.id,
                        now,
                    },
                    count,
                    &transaction,
                    &record,
                )
                .await?;
            payouts += 1;
            made.push((provider, allowance));
        }
        Ok(made)
    }

    /// Every provider's ledger account by the slug its invoice lines name.
    pub(super) async fn payees(
        &self,
    ) -> Result<BTreeMap<format::ProviderId, ProviderId>, StoreError> {
        Ok(self
            .store
            .provider_ids()
            .await?
            .into_iter()
            .filter_map(|(slug, id)| format::ProviderId::parse(&slug).ok().map(|slug| (slug, id)))
            .collect())
    }
}

/// An amount typed in euros (`84`, `84.5`, `84,50`) as cents; refused unless more than 0 with
/// at most two decimals.
pub fn typed_amount(raw: &str) -> Result<i64, Settlement> {
    crate::search::fixed_point(&Some(raw.trim().replace(',', ".")), 2)
        .filter(|minor| *minor > 0)
        .ok_or(Settlement::NotPositive)
}

/// A rate typed in percent (`8`, `8.5`) as basis points, 0 to 10000.
pub fn typed_rate(raw: &str) -> Result<u32, Settlement> {
    crate::search::fixed_point(&Some(raw.trim().replace(',', ".")), 2)
        .and_then(|bp| u32::try_from(bp).ok())
        .filter(|bp| *bp <= 10_000)
        .ok_or(Settlement::Rate)
}
