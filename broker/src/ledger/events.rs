//! The transaction of each event of the billing: an invoice or a credit note finalized, a
//! payment received, a refund, a payout to a provider.

use super::LedgerError;
use super::account::Account;
use super::transaction::{Side, Transaction, TransactionKind};
use crate::account::TenantId;
use crate::billing::{Invoice, InvoiceKind};
use crate::catalog::ProviderId;
use crate::format;
use std::collections::BTreeMap;

impl Transaction {
    /// `invoice:NUMBER`: Dr the tenant's receivable the total; Cr each provider's payable its
    /// share, operator:commission the sum of the commissions, operator:vat the VAT. A negative
    /// figure (a provider whose credits exceed its lines) is posted on the opposite side.
    /// `payees` gives the account of each provider slug on the invoice.
    pub fn invoice_finalized(
        invoice: &Invoice,
        payees: &BTreeMap<format::ProviderId, ProviderId>,
    ) -> Result<Self, LedgerError> {
        finalization(invoice, InvoiceKind::Invoice, payees)
    }

    /// `invoice:NUMBER` of a credit note: the mirror of the invoice it cancels (its figures are
    /// the invoice's with opposite signs, so each entry lands on the other side).
    pub fn credit_note_finalized(
        credit_note: &Invoice,
        payees: &BTreeMap<format::ProviderId, ProviderId>,
    ) -> Result<Self, LedgerError> {
        finalization(credit_note, InvoiceKind::CreditNote, payees)
    }

    /// `payment:ID`: Dr operator:cash, Cr the tenant's receivable.
    pub fn payment_received(
        id: &str,
        at: i64,
        tenant: TenantId,
        amount_minor: i64,
    ) -> Result<Self, LedgerError> {
        let account = Account::TenantReceivable(tenant);
        transfer(
            TransactionKind::Payment,
            id,
            at,
            Account::OperatorCash,
            account,
            amount_minor,
        )
    }

    /// `refund:ID`: Dr the tenant's receivable, Cr operator:cash.
    pub fn refund(
        id: &str,
        at: i64,
        tenant: TenantId,
        amount_minor: i64,
    ) -> Result<Self, LedgerError> {
        let account = Account::TenantReceivable(tenant);
        transfer(
            TransactionKind::Refund,
            id,
            at,
            account,
            Account::OperatorCash,
            amount_minor,
        )
    }

    /// `payout:ID`: Dr the provider's payable, Cr operator:cash; refused beyond `allowance`,
    /// what the provider may be paid ([`payout_allowance`](super::payout_allowance)).
    pub fn payout(
        id: &str,
        at: i64,
        provider: ProviderId,
        amount_minor: i64,
        allowance: i64,
    ) -> Result<Self, LedgerError> {
        if amount_minor > allowance {
            return Err(LedgerError::ExceedsAllowance {
                amount: amount_minor,
                allowance,
            });
        }
        let account = Account::ProviderPayable(provider);
        transfer(
            TransactionKind::Payout,
            id,
            at,
            account,
            Account::OperatorCash,
            amount_minor,
        )
    }
}

fn transfer(
    kind: TransactionKind,
    id: &str,
    at: i64,
    debit: Account,
    credit: Account,
    amount_minor: i64,
) -> Result<Transaction, LedgerError> {
    if amount_minor <= 0 {
        return Err(LedgerError::NotPositive(amount_minor));
    }
    let postings = [
        (debit, Side::Debit, amount_minor),
        (credit, Side::Credit, amount_minor),
    ];
    Transaction::new(kind, id, at, postings)
}

fn finalization(
    invoice: &Invoice,
    kind: InvoiceKind,
    payees: &BTreeMap<format::ProviderId, ProviderId>,
) -> Result<Transaction, LedgerError> {
    let (Some(number), Some(at)) = (invoice.number(), invoice.finalized_at()) else {
        return Err(LedgerError::NotFinalized);
    };
    if invoice.kind() != kind {
        return Err(LedgerError::NotFinalized);
    }
    let mut postings = vec![(
        Account::TenantReceivable(invoice.tenant()),
        Side::Debit,
        invoice.total_minor(),
    )];
    let mut commission = 0i64;
    for part in invoice.split() {
        let provider = payees
            .get(&part.provider)
            .ok_or_else(|| LedgerError::UnknownProvider(part.provider.clone()))?;
        postings.push((
            Account::ProviderPayable(*provider),
            Side::Credit,
            part.share_minor,
        ));
        commission = commission
            .checked_add(part.commission_minor)
            .ok_or(LedgerError::Overflow)?;
    }
    postings.push((Account::OperatorCommission, Side::Credit, commission));
    postings.push((
        Account::OperatorVat,
        Side::Credit,
        invoice.vat().amount_minor,
    ));
    let kind = match kind {
        InvoiceKind::Invoice => TransactionKind::Invoice,
        InvoiceKind::CreditNote => TransactionKind::CreditNote,
    };
    Transaction::new(kind, &number.to_string(), at, postings)
}
