//! Balances folded from transactions, and the payout allowance of a provider: its shares of fully
//! paid invoices less what it was already paid.

use super::LedgerError;
use super::account::Account;
use super::transaction::{Entry, Side, Transaction, TransactionKind};
use crate::billing::InvoiceNumber;
use crate::catalog::ProviderId;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The sums of an account's debits and credits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Balance {
    pub account: Account,
    pub debit_minor: i64,
    pub credit_minor: i64,
}

impl Balance {
    /// Debits less credits: what a tenant still owes on its receivable, say.
    pub fn net_debit_minor(&self) -> i64 {
        self.debit_minor - self.credit_minor
    }
}

/// The balance of every account that `transactions` touch, in the order of the accounts.
pub fn balances<'a, I>(transactions: I) -> Result<Vec<Balance>, LedgerError>
where
    I: IntoIterator<Item = &'a Transaction>,
{
    let mut sums: BTreeMap<Account, (i64, i64)> = BTreeMap::new();
    for entry in transactions.into_iter().flat_map(Transaction::entries) {
        let (debit, credit) = sums.entry(entry.account()).or_default();
        let sum = match entry.side() {
            Side::Debit => debit,
            Side::Credit => credit,
        };
        *sum = sum
            .checked_add(entry.amount_minor())
            .ok_or(LedgerError::Overflow)?;
    }
    Ok(sums
        .into_iter()
        .map(|(account, (debit_minor, credit_minor))| Balance {
            account,
            debit_minor,
            credit_minor,
        })
        .collect())
}

/// The balances of every entry posted before `end` (the end of a month, for its export).
pub fn balances_before<'a, I>(transactions: I, end: i64) -> Result<Vec<Balance>, LedgerError>
where
    I: IntoIterator<Item = &'a Transaction>,
{
    balances(transactions.into_iter().filter(|t| t.at() < end))
}

/// What `provider` may still be paid out: the net of what its payable was credited by the
/// finalizations of the `fully_paid` invoices, less the net of what payouts debited it; never
/// negative. An invoice that a credit note cancelled is void, not paid, and so not counted.
pub fn payout_allowance<'a, I>(
    provider: ProviderId,
    transactions: I,
    fully_paid: &BTreeSet<InvoiceNumber>,
) -> Result<i64, LedgerError>
where
    I: IntoIterator<Item = &'a Transaction>,
{
    let payable = Account::ProviderPayable(provider);
    let counts = |transaction: &Transaction| match transaction.kind() {
        TransactionKind::Invoice => transaction
            .invoice_number()
            .is_some_and(|number| fully_paid.contains(&number)),
        TransactionKind::Payout => true,
        _ => false,
    };
    // A payout debits the payable, so the net credit of both kinds together is what is left.
    let allowance: i128 = transactions
        .into_iter()
        .filter(|transaction| counts(transaction))
        .flat_map(Transaction::entries)
        .filter(|entry| entry.account() == payable)
        .map(|entry| match entry.side() {
            Side::Credit => i128::from(entry.amount_minor()),
            Side::Debit => -i128::from(entry.amount_minor()),
        })
        .sum();
    i64::try_from(allowance.max(0)).map_err(|_| LedgerError::Overflow)
}

/// How [`payout_allowance`] splits by invoice, for payouts made one per invoice (a transfer in
/// the invoice's group): the newest fully paid invoices first, each for at most what it credited
/// `provider`, until the allowance is reached. Newest first, because the oldest shares are the
/// ones earlier payouts paid. The parts add up to the allowance exactly.
pub fn payout_parts<'a, I>(
    provider: ProviderId,
    transactions: I,
    fully_paid: &BTreeSet<InvoiceNumber>,
) -> Result<Vec<(InvoiceNumber, i64)>, LedgerError>
where
    I: IntoIterator<Item = &'a Transaction> + Clone,
{
    let mut left = payout_allowance(provider, transactions.clone(), fully_paid)?;
    let payable = Account::ProviderPayable(provider);
    let mut parts = Vec::new();
    let invoices: Vec<&Transaction> = transactions
        .into_iter()
        .filter(|transaction| transaction.kind() == TransactionKind::Invoice)
        .collect();
    for transaction in invoices.into_iter().rev() {
        if left == 0 {
            break;
        }
        let Some(number) = transaction
            .invoice_number()
            .filter(|number| fully_paid.contains(number))
        else {
            continue;
        };
        let credited: i64 = transaction
            .entries()
            .iter()
            .filter(|entry| entry.account() == payable && entry.side() == Side::Credit)
            .map(Entry::amount_minor)
            .sum();
        let part = credited.min(left);
        if part > 0 {
            parts.push((number, part));
            left -= part;
        }
    }
    Ok(parts)
}
