//! What a tenant's members read of its contracts: the list, the monthly commitment, and a quote
//! with the contract prepared from it.

use super::{ContractId, ContractStatus};
use crate::money::{MARKETPLACE_CURRENCY, Money};
use crate::quote::{Quote, QuoteId, StaleReason};
use serde::{Deserialize, Serialize};

/// One contract in its tenant's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractSummary {
    pub id: ContractId,
    pub status: ContractStatus,
    /// The name of the blueprint the contract's quote was planned from.
    pub service: String,
    pub created_at: i64,
    pub lines: i64,
    /// The lines' price per month (a quote has one currency).
    pub monthly: Money,
    pub carbon_g_month: i64,
}

/// What a tenant is committed to each month: the price and the grams of CO2e of the lines of
/// its signed and active contracts that still run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    pub monthly: Money,
    pub carbon_g_month: i64,
}

impl Commitment {
    /// No line running: nothing, in the marketplace currency.
    pub const fn nothing() -> Self {
        Self {
            monthly: Money::zero(MARKETPLACE_CURRENCY),
            carbon_g_month: 0,
        }
    }
}

/// A quote as its tenant's members read it: its lines, whether it still holds, and the
/// contract prepared from it, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteView {
    pub id: QuoteId,
    pub quote: Quote,
    /// Why it must be re-planned; empty while it holds.
    pub stale: Vec<StaleReason>,
    pub contract: Option<ContractId>,
}
