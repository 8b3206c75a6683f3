//! Posting transactions once per key: the ledger is append-only, and a key posted again with
//! the same entries is a safe resend that changes nothing.

use super::LedgerError;
use super::transaction::Transaction;
use std::collections::BTreeMap;

/// The transactions posted so far, in the order they were posted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Journal {
    transactions: Vec<Transaction>,
    by_key: BTreeMap<String, usize>,
}

/// What posting a transaction did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Posted {
    /// It was appended.
    New,
    /// The same transaction was already posted; nothing changed.
    Duplicate,
}

impl Journal {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `transaction` unless its key is already posted: the same transaction again is a
    /// [`Posted::Duplicate`], another one under the same key a [`LedgerError::KeyConflict`].
    pub fn post(&mut self, transaction: Transaction) -> Result<Posted, LedgerError> {
        if let Some(index) = self.by_key.get(transaction.key()) {
            return if self.transactions.get(*index) == Some(&transaction) {
                Ok(Posted::Duplicate)
            } else {
                Err(LedgerError::KeyConflict(transaction.key().to_owned()))
            };
        }
        self.by_key
            .insert(transaction.key().to_owned(), self.transactions.len());
        self.transactions.push(transaction);
        Ok(Posted::New)
    }

    pub fn transactions(&self) -> &[Transaction] {
        &self.transactions
    }
}
