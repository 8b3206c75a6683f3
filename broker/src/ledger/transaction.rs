//! Entries and transactions: an entry debits or credits one account with a positive amount; a
//! transaction's entries always balance, and its key says which event it records.

use super::LedgerError;
use super::account::Account;
use crate::billing::InvoiceNumber;
use serde::{Deserialize, Serialize};

/// The longest id a transaction key may carry after its prefix.
const KEY_ID_MAX_CHARS: usize = 128;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Debit,
    Credit,
}

impl Side {
    pub fn opposite(self) -> Self {
        match self {
            Self::Debit => Self::Credit,
            Self::Credit => Self::Debit,
        }
    }
}

/// A debit or a credit of a positive amount on one account, written
/// `{ "account": "operator:cash", "debit_minor": 100 }` (or `credit_minor`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "EntryWire", into = "EntryWire")]
pub struct Entry {
    account: Account,
    side: Side,
    amount_minor: i64,
}

#[derive(Serialize, Deserialize)]
struct EntryWire {
    account: Account,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    debit_minor: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    credit_minor: Option<i64>,
}

impl Entry {
    /// Refuses an amount that is not positive.
    pub fn new(account: Account, side: Side, amount_minor: i64) -> Result<Self, LedgerError> {
        if amount_minor <= 0 {
            return Err(LedgerError::NotPositive(amount_minor));
        }
        Ok(Self {
            account,
            side,
            amount_minor,
        })
    }

    /// A signed amount on `side`: a negative one is the positive amount on the other side, and
    /// zero is no entry.
    fn signed(
        account: Account,
        side: Side,
        amount_minor: i64,
    ) -> Result<Option<Self>, LedgerError> {
        match amount_minor {
            0 => Ok(None),
            amount if amount < 0 => {
                let positive = amount.checked_neg().ok_or(LedgerError::Overflow)?;
                Self::new(account, side.opposite(), positive).map(Some)
            }
            amount => Self::new(account, side, amount).map(Some),
        }
    }

    pub fn account(&self) -> Account {
        self.account
    }

    pub fn side(&self) -> Side {
        self.side
    }

    pub fn amount_minor(&self) -> i64 {
        self.amount_minor
    }
}

impl TryFrom<EntryWire> for Entry {
    type Error = LedgerError;
    fn try_from(wire: EntryWire) -> Result<Self, Self::Error> {
        match (wire.debit_minor, wire.credit_minor) {
            (Some(amount), None) => Self::new(wire.account, Side::Debit, amount),
            (None, Some(amount)) => Self::new(wire.account, Side::Credit, amount),
            _ => Err(LedgerError::OneSide),
        }
    }
}

impl From<Entry> for EntryWire {
    fn from(entry: Entry) -> Self {
        let amount = Some(entry.amount_minor);
        match entry.side {
            Side::Debit => Self {
                account: entry.account,
                debit_minor: amount,
                credit_minor: None,
            },
            Side::Credit => Self {
                account: entry.account,
                debit_minor: None,
                credit_minor: amount,
            },
        }
    }
}

/// The event a transaction records; its key is `PREFIX:ID`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransactionKind {
    Invoice,
    CreditNote,
    Payment,
    Refund,
    Payout,
}

impl TransactionKind {
    /// The key's prefix: `invoice` for invoices and credit notes alike, as they share numbers.
    pub fn key_prefix(self) -> &'static str {
        match self {
            Self::Invoice | Self::CreditNote => "invoice",
            Self::Payment => "payment",
            Self::Refund => "refund",
            Self::Payout => "payout",
        }
    }
}

/// A balanced set of entries posted at once, under a unique key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawTransaction")]
pub struct Transaction {
    key: String,
    kind: TransactionKind,
    at: i64,
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct RawTransaction {
    key: String,
    kind: TransactionKind,
    at: i64,
    entries: Vec<Entry>,
}

impl Transaction {
    /// The transaction of `kind` keyed `PREFIX:id` at `at` with the signed amounts `postings`
    /// (a negative amount is posted on the other side, a zero one left out). Refused when its
    /// debits and credits do not add up to the same total, or the id is empty, has a space or
    /// is too long (an invoice's or credit note's id is its number).
    pub fn new<I>(
        kind: TransactionKind,
        id: &str,
        at: i64,
        postings: I,
    ) -> Result<Self, LedgerError>
    where
        I: IntoIterator<Item = (Account, Side, i64)>,
    {
        let entries = postings
            .into_iter()
            .filter_map(|(account, side, amount)| Entry::signed(account, side, amount).transpose())
            .collect::<Result<Vec<_>, _>>()?;
        Self::checked(format!("{}:{id}", kind.key_prefix()), kind, at, entries)
    }

    fn checked(
        key: String,
        kind: TransactionKind,
        at: i64,
        entries: Vec<Entry>,
    ) -> Result<Self, LedgerError> {
        let id = key
            .strip_prefix(kind.key_prefix())
            .and_then(|rest| rest.strip_prefix(':'))
            .unwrap_or_default();
        let valid_id = match kind {
            TransactionKind::Invoice | TransactionKind::CreditNote => {
                InvoiceNumber::parse(id).is_ok()
            }
            _ => {
                !id.is_empty()
                    && id.chars().count() <= KEY_ID_MAX_CHARS
                    && !id.chars().any(|c| c.is_whitespace() || c.is_control())
            }
        };
        if !valid_id {
            return Err(LedgerError::InvalidKey(key));
        }
        let total = |side| {
            entries
                .iter()
                .filter(|entry| entry.side == side)
                .map(|entry| i128::from(entry.amount_minor))
                .sum::<i128>()
        };
        let (debit, credit) = (total(Side::Debit), total(Side::Credit));
        if debit != credit {
            return Err(LedgerError::Unbalanced { debit, credit });
        }
        Ok(Self {
            key,
            kind,
            at,
            entries,
        })
    }

    /// The idempotency key: `invoice:NUMBER`, `payment:ID`, `refund:ID` or `payout:ID`.
    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn kind(&self) -> TransactionKind {
        self.kind
    }

    pub fn at(&self) -> i64 {
        self.at
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The number of the invoice or credit note a finalization records.
    pub fn invoice_number(&self) -> Option<InvoiceNumber> {
        match self.kind {
            TransactionKind::Invoice | TransactionKind::CreditNote => self
                .key
                .strip_prefix("invoice:")
                .and_then(|number| InvoiceNumber::parse(number).ok()),
            _ => None,
        }
    }
}

impl TryFrom<RawTransaction> for Transaction {
    type Error = LedgerError;
    fn try_from(raw: RawTransaction) -> Result<Self, Self::Error> {
        Self::checked(raw.key, raw.kind, raw.at, raw.entries)
    }
}
