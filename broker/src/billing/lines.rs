//! The four kinds of invoice line, in the export's JSON shape: `recurring`, `usage`,
//! `late_usage` and `sla_credit`, each naming its contract line and the provider (by slug).

use super::meter::MeterId;
use super::month::Month;
use crate::contract::ContractId;
use crate::format::{OfferId, ProviderId};
use serde::{Deserialize, Deserializer, Serialize};

/// One line of an invoice. Lines are data as the export shows them; an [`Invoice`] is only
/// computed, so its totals always follow from its lines.
///
/// [`Invoice`]: super::Invoice
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Line {
    Recurring(RecurringLine),
    Usage(UsageLine),
    LateUsage(LateUsageLine),
    SlaCredit(SlaCreditLine),
}

/// A contract line's price for the part of the month it was billable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecurringLine {
    pub contract: ContractId,
    pub line: u32,
    #[serde(deserialize_with = "provider_slug")]
    pub provider: ProviderId,
    #[serde(deserialize_with = "offer_id")]
    pub offer: OfferId,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub seconds: i64,
    pub availability_bp: u32,
    pub amount_minor: i64,
}

/// A meter's usage of the month beyond what the line includes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageLine {
    pub contract: ContractId,
    pub line: u32,
    #[serde(deserialize_with = "provider_slug")]
    pub provider: ProviderId,
    pub meter: MeterId,
    pub quantity: i64,
    pub used: i64,
    /// The meter's free units per unit of quantity (the line includes `included * quantity`).
    pub included: i64,
    pub price_minor: i64,
    pub per: i64,
    pub amount_minor: i64,
}

/// Usage of an earlier, already invoiced month that arrived after its invoice was finalized.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateUsageLine {
    pub month: Month,
    pub contract: ContractId,
    pub line: u32,
    #[serde(deserialize_with = "provider_slug")]
    pub provider: ProviderId,
    pub meter: MeterId,
    pub quantity: i64,
    pub previously_used: i64,
    pub used: i64,
    pub included: i64,
    pub price_minor: i64,
    pub per: i64,
    pub amount_minor: i64,
}

/// The credit a recurring line earns when its measured uptime fell short of its availability.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaCreditLine {
    pub contract: ContractId,
    pub line: u32,
    #[serde(deserialize_with = "provider_slug")]
    pub provider: ProviderId,
    pub seconds: i64,
    pub downtime: i64,
    pub availability_bp: u32,
    pub percent: i64,
    pub amount_minor: i64,
}

/// Where a line sorts on its invoice: by contract line, then recurring, usage, late usage
/// (oldest month first) and credit, then meter.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct LineOrder<'a> {
    contract: ContractId,
    line: u32,
    rank: u8,
    month: Option<Month>,
    meter: Option<&'a MeterId>,
}

impl Line {
    pub fn amount_minor(&self) -> i64 {
        match self {
            Line::Recurring(line) => line.amount_minor,
            Line::Usage(line) => line.amount_minor,
            Line::LateUsage(line) => line.amount_minor,
            Line::SlaCredit(line) => line.amount_minor,
        }
    }

    pub fn provider(&self) -> &ProviderId {
        match self {
            Line::Recurring(line) => &line.provider,
            Line::Usage(line) => &line.provider,
            Line::LateUsage(line) => &line.provider,
            Line::SlaCredit(line) => &line.provider,
        }
    }

    /// The contract line the line bills.
    pub fn contract_line(&self) -> (ContractId, u32) {
        match self {
            Line::Recurring(line) => (line.contract, line.line),
            Line::Usage(line) => (line.contract, line.line),
            Line::LateUsage(line) => (line.contract, line.line),
            Line::SlaCredit(line) => (line.contract, line.line),
        }
    }

    /// The unit-seconds a recurring line billed (`quantity × seconds`); 0 for the other kinds.
    /// What ran, for the carbon of a month.
    pub fn unit_seconds(&self) -> i64 {
        match self {
            Line::Recurring(line) => line.quantity.saturating_mul(line.seconds),
            _ => 0,
        }
    }

    /// The line's `kind`, as the export writes it.
    pub fn kind(&self) -> &'static str {
        match self {
            Line::Recurring(_) => "recurring",
            Line::Usage(_) => "usage",
            Line::LateUsage(_) => "late_usage",
            Line::SlaCredit(_) => "sla_credit",
        }
    }

    /// The same line with the opposite amount, as a credit note copies it.
    pub(super) fn negated(&self) -> Line {
        let mut line = self.clone();
        let amount = match &mut line {
            Line::Recurring(line) => &mut line.amount_minor,
            Line::Usage(line) => &mut line.amount_minor,
            Line::LateUsage(line) => &mut line.amount_minor,
            Line::SlaCredit(line) => &mut line.amount_minor,
        };
        *amount = -*amount;
        line
    }

    pub(super) fn order(&self) -> LineOrder<'_> {
        let (contract, line, rank, month, meter) = match self {
            Line::Recurring(l) => (l.contract, l.line, 0, None, None),
            Line::Usage(l) => (l.contract, l.line, 1, None, Some(&l.meter)),
            Line::LateUsage(l) => (l.contract, l.line, 2, Some(l.month), Some(&l.meter)),
            Line::SlaCredit(l) => (l.contract, l.line, 3, None, None),
        };
        LineOrder {
            contract,
            line,
            rank,
            month,
            meter,
        }
    }
}

/// Reads a provider's slug, which [`ProviderId`] only writes.
pub(super) fn provider_slug<'de, D: Deserializer<'de>>(d: D) -> Result<ProviderId, D::Error> {
    let text = String::deserialize(d)?;
    ProviderId::parse(&text).map_err(serde::de::Error::custom)
}

fn offer_id<'de, D: Deserializer<'de>>(d: D) -> Result<OfferId, D::Error> {
    let text = String::deserialize(d)?;
    OfferId::parse(&text).map_err(serde::de::Error::custom)
}
