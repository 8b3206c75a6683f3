//! The marketplace's double-entry ledger, as the billing specification defines it: accounts of
//! tenants, providers and the operator, transactions whose debits and credits always balance,
//! one transaction for each event (an invoice or credit note finalized, a payment, a refund, a
//! payout), the balances folded from them, and what a provider may be paid out. Pure: the store
//! appends the transactions, and posting a key twice posts once.
//!
//! `account` names the accounts, `transaction` holds entries and transactions, `events` builds
//! the transaction of each event, `journal` posts them once per key, and `balance` folds them
//! into balances and payout allowances.

mod account;
mod balance;
mod events;
mod journal;
mod transaction;

pub use account::Account;
pub use balance::{Balance, balances, balances_before, payout_allowance, payout_parts};
pub use journal::{Journal, Posted};
pub use transaction::{Entry, Side, Transaction, TransactionKind};

use crate::format;

/// Why a ledger value or transaction is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("{0:?} is not an account")]
    InvalidAccount(String),
    #[error("{0:?} is not a transaction key of its kind")]
    InvalidKey(String),
    #[error("an entry's amount is positive, not {0}")]
    NotPositive(i64),
    #[error("an entry has both a debit and a credit, or neither")]
    OneSide,
    #[error("the debits ({debit}) and credits ({credit}) do not balance")]
    Unbalanced { debit: i128, credit: i128 },
    #[error("an amount is out of range")]
    Overflow,
    #[error("only a finalized invoice, or credit note, of that kind is posted")]
    NotFinalized,
    #[error("no provider account for {0}")]
    UnknownProvider(format::ProviderId),
    #[error("a payout of {amount} exceeds what the provider may be paid ({allowance})")]
    ExceedsAllowance { amount: i64, allowance: i64 },
    #[error("key {0} was already posted with other entries")]
    KeyConflict(String),
}

#[cfg(test)]
mod tests;
