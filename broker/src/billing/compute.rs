//! How a tenant's month becomes its invoice: the plain inputs (contract lines with their terms and
//! billable times, the month's usage, late usage of earlier months, downtime, commission rates and
//! the parties' countries) and the function that turns them into the draft invoice.

use super::BillingError;
use super::invoice::Invoice;
use super::lines::{LateUsageLine, Line, RecurringLine, SlaCreditLine, UsageLine};
use super::meter::{Meter, MeterId};
use super::month::Month;
use super::rules::{self, Interval};
use super::vat::{self, VatId};
use crate::account::TenantId;
use crate::contract::ContractId;
use crate::format::{CountryCode, OfferId, ProviderId};
use std::collections::BTreeMap;

/// A contract line of the tenant, as the contract and its events fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractLine {
    pub contract: ContractId,
    /// The line's index in its contract.
    pub line: u32,
    pub provider: ProviderId,
    pub offer: OfferId,
    /// 1 or more.
    pub quantity: i64,
    /// The monthly price of one unit; 0 or more.
    pub unit_price_minor: i64,
    /// The SLA, 0 to 10000.
    pub availability_bp: u32,
    /// When the contract's `line active` event made the resource billable.
    pub active_at: i64,
    /// When its termination was requested, if it was.
    pub termination_requested_at: Option<i64>,
    /// The meters of the line's offer.
    pub meters: Vec<Meter>,
}

/// Usage of the month on a line's meter: one record's quantity or a sum of them (records of the
/// same line and meter are added up).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Usage {
    pub contract: ContractId,
    pub line: u32,
    pub meter: MeterId,
    pub quantity: i64,
}

/// Usage of an earlier month received after that month's invoice was finalized: `used` late
/// units, after `previously_used` units already invoiced for that month (by its invoice and by
/// earlier late lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LateUsage {
    pub month: Month,
    pub contract: ContractId,
    pub line: u32,
    pub meter: MeterId,
    pub previously_used: i64,
    pub used: i64,
}

/// A reported interval `[from, to)` during which a line's resource was down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Downtime {
    pub contract: ContractId,
    pub line: u32,
    pub from: i64,
    pub to: i64,
}

/// Everything one tenant's invoice for one month depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceInput {
    pub month: Month,
    pub tenant: TenantId,
    /// Every line of the tenant's contracts that may bill this month, or that late usage names.
    pub lines: Vec<ContractLine>,
    pub usage: Vec<Usage>,
    pub late_usage: Vec<LateUsage>,
    pub downtime: Vec<Downtime>,
    /// Each provider's commission rate in force at the start of the month.
    pub commission_bp: BTreeMap<ProviderId, u32>,
    pub operator_country: CountryCode,
    pub customer_country: CountryCode,
    pub customer_vat_id: Option<VatId>,
}

type LineKey = (ContractId, u32);

/// The tenant's draft invoice for the month, or `None` when it has no line.
pub fn compute_invoice(input: &InvoiceInput) -> Result<Option<Invoice>, BillingError> {
    let contract_lines = index_lines(&input.lines)?;
    let mut lines = recurring_and_credits(input, &contract_lines)?;
    lines.extend(usage_lines(input, &contract_lines)?);
    lines.extend(late_usage_lines(input, &contract_lines)?);
    if lines.is_empty() {
        return Ok(None);
    }
    let treatment = vat::treatment(
        input.operator_country,
        input.customer_country,
        input.customer_vat_id.as_ref(),
    )?;
    let rate_of = |provider: &ProviderId| {
        input
            .commission_bp
            .get(provider)
            .copied()
            .ok_or_else(|| BillingError::NoCommission(provider.clone()))
    };
    Invoice::draft(input.tenant, input.month, lines, rate_of, treatment).map(Some)
}

fn index_lines(lines: &[ContractLine]) -> Result<BTreeMap<LineKey, &ContractLine>, BillingError> {
    let mut index = BTreeMap::new();
    for line in lines {
        let valid = line.quantity >= 1
            && line.unit_price_minor >= 0
            && line.availability_bp <= 10_000
            && Meter::check_list(&line.meters).is_ok();
        if !valid || index.insert((line.contract, line.line), line).is_some() {
            return Err(BillingError::InvalidLine {
                contract: line.contract.get(),
                line: line.line,
            });
        }
    }
    Ok(index)
}

fn find<'a>(
    lines: &BTreeMap<LineKey, &'a ContractLine>,
    contract: ContractId,
    line: u32,
) -> Result<&'a ContractLine, BillingError> {
    lines
        .get(&(contract, line))
        .copied()
        .ok_or(BillingError::UnknownLine {
            contract: contract.get(),
            line,
        })
}

fn meter<'a>(line: &'a ContractLine, id: &MeterId) -> Result<&'a Meter, BillingError> {
    line.meters
        .iter()
        .find(|meter| meter.id() == id)
        .ok_or_else(|| BillingError::UnknownMeter {
            contract: line.contract.get(),
            line: line.line,
            meter: id.to_string(),
        })
}

/// Each billable line's recurring line, and its SLA credit when it is in breach.
fn recurring_and_credits(
    input: &InvoiceInput,
    contract_lines: &BTreeMap<LineKey, &ContractLine>,
) -> Result<Vec<Line>, BillingError> {
    let mut downtime: BTreeMap<LineKey, Vec<Interval>> = BTreeMap::new();
    for down in &input.downtime {
        find(contract_lines, down.contract, down.line)?;
        let interval = Interval::new(down.from, down.to).ok_or(BillingError::InvalidDowntime {
            contract: down.contract.get(),
            line: down.line,
        })?;
        downtime
            .entry((down.contract, down.line))
            .or_default()
            .push(interval);
    }
    let mut lines = Vec::new();
    for (key, line) in contract_lines {
        let billable =
            rules::billable_interval(input.month, line.active_at, line.termination_requested_at);
        let seconds = billable.seconds();
        if seconds == 0 {
            continue;
        }
        let amount = rules::recurring_amount(
            line.quantity,
            line.unit_price_minor,
            seconds,
            input.month.seconds(),
        )?;
        lines.push(Line::Recurring(RecurringLine {
            contract: line.contract,
            line: line.line,
            provider: line.provider.clone(),
            offer: line.offer.clone(),
            quantity: line.quantity,
            unit_price_minor: line.unit_price_minor,
            seconds,
            availability_bp: line.availability_bp,
            amount_minor: amount,
        }));
        let intervals = downtime.remove(key).unwrap_or_default();
        let down = rules::downtime_within(billable, intervals);
        if let Some(credit) = rules::sla_credit(seconds, down, line.availability_bp, amount)? {
            lines.push(Line::SlaCredit(SlaCreditLine {
                contract: line.contract,
                line: line.line,
                provider: line.provider.clone(),
                seconds,
                downtime: down,
                availability_bp: line.availability_bp,
                percent: credit.percent,
                amount_minor: credit.amount_minor,
            }));
        }
    }
    Ok(lines)
}

/// One `usage` line per line and meter with usage in the month.
fn usage_lines(
    input: &InvoiceInput,
    contract_lines: &BTreeMap<LineKey, &ContractLine>,
) -> Result<Vec<Line>, BillingError> {
    let mut used: BTreeMap<(LineKey, &MeterId), i64> = BTreeMap::new();
    for record in &input.usage {
        if record.quantity < 0 {
            return Err(BillingError::NegativeUsage);
        }
        let total = used
            .entry(((record.contract, record.line), &record.meter))
            .or_default();
        *total = total
            .checked_add(record.quantity)
            .ok_or(BillingError::Overflow)?;
    }
    used.into_iter()
        .map(|(((contract, index), meter_id), used)| {
            let line = find(contract_lines, contract, index)?;
            let meter = meter(line, meter_id)?;
            let figures = rules::usage(meter, line.quantity, used)?;
            Ok(Line::Usage(UsageLine {
                contract,
                line: index,
                provider: line.provider.clone(),
                meter: meter_id.clone(),
                quantity: line.quantity,
                used,
                included: meter.included(),
                price_minor: meter.price_minor(),
                per: meter.per(),
                amount_minor: figures.amount_minor,
            }))
        })
        .collect()
}

/// One `late_usage` line per earlier month, line and meter with late usage.
fn late_usage_lines(
    input: &InvoiceInput,
    contract_lines: &BTreeMap<LineKey, &ContractLine>,
) -> Result<Vec<Line>, BillingError> {
    let mut late: BTreeMap<(Month, LineKey, &MeterId), (i64, i64)> = BTreeMap::new();
    for record in &input.late_usage {
        if record.month >= input.month {
            return Err(BillingError::LateUsageNotEarlier(record.month));
        }
        if record.used < 0 || record.previously_used < 0 {
            return Err(BillingError::NegativeUsage);
        }
        let key = (record.month, (record.contract, record.line), &record.meter);
        let (previously_used, used) = late.entry(key).or_insert((record.previously_used, 0));
        if *previously_used != record.previously_used {
            return Err(BillingError::InconsistentLateUsage);
        }
        *used = used
            .checked_add(record.used)
            .ok_or(BillingError::Overflow)?;
    }
    late.into_iter()
        .map(
            |((month, (contract, index), meter_id), (previously_used, used))| {
                let line = find(contract_lines, contract, index)?;
                let meter = meter(line, meter_id)?;
                let figures = rules::late_usage(meter, line.quantity, previously_used, used)?;
                Ok(Line::LateUsage(LateUsageLine {
                    month,
                    contract,
                    line: index,
                    provider: line.provider.clone(),
                    meter: meter_id.clone(),
                    quantity: line.quantity,
                    previously_used,
                    used,
                    included: meter.included(),
                    price_minor: meter.price_minor(),
                    per: meter.per(),
                    amount_minor: figures.amount_minor,
                }))
            },
        )
        .collect()
}
