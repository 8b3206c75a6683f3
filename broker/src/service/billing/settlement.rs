//! What the operator does with finalized invoices: records a payment received by transfer (the
//! embedded payment method; partial payments show what is left, an overpayment is refused),
//! cancels an unpaid invoice with a credit note, and pays each provider what it may be paid of
//! its shares of fully paid invoices.

use super::Billing;
use crate::account::CurrentUser;
use crate::billing::InvoiceNumber;
use crate::catalog::ProviderId;
use crate::format;
use crate::ledger::{self, Transaction};
use crate::store::StoreError;
use crate::store::payments::{NewPayment, NewPayout, SettleError};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Why the operator's action on an invoice or a payout was refused; the pages translate it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum Settlement {
    #[error("only the marketplace operator may do this")]
    NotOperator,
    #[error("there is no invoice {0}")]
    NoInvoice(String),
    #[error("invoice {number} is {status}: only a finalized invoice can be paid or cancelled")]
    NotOpen { number: String, status: String },
    #[error("the amount must be a positive number of cents")]
    NotPositive,
    #[error("this pays more than is left to pay ({left} cents)")]
    Overpayment { left: i64 },
    #[error("a payment was recorded against invoice {0}: it cannot be cancelled")]
    PartlyPaid(String),
    #[error("say why the invoice is cancelled")]
    NoReason,
    #[error("the reference must be 1 to 140 characters")]
    Reference,
    #[error("the invoice changed meanwhile: look at it again")]
    Changed,
}

#[derive(Debug, thiserror::Error)]
pub enum SettlementError {
    #[error(transparent)]
    Refused(#[from] Settlement),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("building the ledger transaction: {0}")]
    Build(String),
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

fn operator_only(user: &CurrentUser) -> Result<(), Settlement> {
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
        let missing = || Settlement::NoInvoice(number.trim().to_owned());
        let parsed = InvoiceNumber::parse(number.trim()).map_err(|_| missing())?;
        let payable = self
            .store
            .invoice_by_number(parsed)
            .await?
            .ok_or_else(missing)?;
        if payable.status != "finalized" || payable.invoice.cancels().is_some() {
            return Err(Settlement::NotOpen {
                number: parsed.to_string(),
                status: payable.status,
            }
            .into());
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
        if amount_minor <= 0 {
            return Err(Settlement::NotPositive.into());
        }
        let (_, payable) = self.open_invoice(number).await?;
        let left = payable.invoice.total_minor() - payable.paid_minor;
        if amount_minor > left {
            return Err(Settlement::Overpayment { left }.into());
        }
        let tenant = payable.invoice.tenant();
        let transaction = |id: i64| {
            Transaction::payment_received(&id.to_string(), now, tenant, amount_minor)
                .map_err(|err| err.to_string())
        };
        Ok(self
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
            )
            .await?)
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
            return Err(Settlement::PartlyPaid(parsed.to_string()).into());
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
            .cancel_invoice(payable.id, reason, now, &credit_note)
            .await?;
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
        for provider in self.payees().await?.into_values() {
            let allowance = ledger::payout_allowance(provider, &transactions, &paid)
                .map_err(|err| SettlementError::Build(err.to_string()))?;
            if allowance == 0 {
                continue;
            }
            let transaction = |id: i64| {
                Transaction::payout(&id.to_string(), now, provider, allowance, allowance)
                    .map_err(|err| err.to_string())
            };
            let count = before + i64::try_from(made.len()).unwrap_or(i64::MAX);
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
                )
                .await?;
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
