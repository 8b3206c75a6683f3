//! The ledger's accounts and their names: `tenant:ID:receivable`, `provider:ID:payable`,
//! `operator:commission`, `operator:vat` and `operator:cash`.

use super::LedgerError;
use crate::account::TenantId;
use crate::catalog::ProviderId;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An account of the ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Account {
    /// What a tenant owes the operator.
    TenantReceivable(TenantId),
    /// What the operator owes a provider.
    ProviderPayable(ProviderId),
    /// The operator's commissions earned.
    OperatorCommission,
    /// VAT collected, owed to the tax office.
    OperatorVat,
    /// Money the operator holds.
    OperatorCash,
}

impl Account {
    /// Reads an account's name exactly as [`Display`](fmt::Display) writes it.
    pub fn parse(name: &str) -> Result<Self, LedgerError> {
        let invalid = || LedgerError::InvalidAccount(name.to_owned());
        let id = |raw: &str| {
            raw.parse::<i64>()
                .ok()
                .filter(|id| id.to_string() == raw)
                .ok_or_else(invalid)
        };
        match name.split(':').collect::<Vec<_>>().as_slice() {
            ["tenant", raw, "receivable"] => Ok(Self::TenantReceivable(TenantId::new(id(raw)?))),
            ["provider", raw, "payable"] => Ok(Self::ProviderPayable(ProviderId::new(id(raw)?))),
            ["operator", "commission"] => Ok(Self::OperatorCommission),
            ["operator", "vat"] => Ok(Self::OperatorVat),
            ["operator", "cash"] => Ok(Self::OperatorCash),
            _ => Err(invalid()),
        }
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TenantReceivable(tenant) => write!(f, "tenant:{tenant}:receivable"),
            Self::ProviderPayable(provider) => write!(f, "provider:{provider}:payable"),
            Self::OperatorCommission => f.write_str("operator:commission"),
            Self::OperatorVat => f.write_str("operator:vat"),
            Self::OperatorCash => f.write_str("operator:cash"),
        }
    }
}

impl FromStr for Account {
    type Err = LedgerError;
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::parse(name)
    }
}

impl TryFrom<String> for Account {
    type Error = LedgerError;
    fn try_from(name: String) -> Result<Self, Self::Error> {
        Self::parse(&name)
    }
}

impl From<Account> for String {
    fn from(account: Account) -> Self {
        account.to_string()
    }
}
