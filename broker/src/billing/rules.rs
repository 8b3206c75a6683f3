//! How each figure of an invoice line follows from its inputs: the billable interval and the
//! prorated recurring amount, metered usage and late usage, and the SLA credit of a line whose
//! measured uptime fell short of its availability.

use super::BillingError;
use super::meter::Meter;
use super::month::Month;
use super::rounding::{product, round_half_up};

/// A span of time `[start, end)` in unix seconds, possibly empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Interval {
    start: i64,
    end: i64,
}

impl Interval {
    /// `None` when `end < start`.
    pub fn new(start: i64, end: i64) -> Option<Self> {
        (start <= end).then_some(Self { start, end })
    }

    pub fn start(self) -> i64 {
        self.start
    }

    pub fn end(self) -> i64 {
        self.end
    }

    pub fn seconds(self) -> i64 {
        self.end - self.start
    }

    /// The part of `self` inside `within`, if any second is.
    pub fn clip(self, within: Interval) -> Option<Interval> {
        let clipped = Interval::new(self.start.max(within.start), self.end.min(within.end))?;
        (clipped.seconds() > 0).then_some(clipped)
    }
}

/// The part of the month during which a resource was billable: from the moment it became active
/// until its termination was requested, or the end of the month. Empty (`seconds() == 0`) when
/// the resource was not billable during the month.
pub fn billable_interval(
    month: Month,
    active_at: i64,
    termination_requested_at: Option<i64>,
) -> Interval {
    let start = active_at.max(month.start());
    let end = termination_requested_at
        .unwrap_or(month.end())
        .min(month.end())
        .max(start);
    Interval { start, end }
}

/// `round(quantity * unit_price_minor * seconds / month_seconds)`.
pub fn recurring_amount(
    quantity: i64,
    unit_price_minor: i64,
    seconds: i64,
    month_seconds: i64,
) -> Result<i64, BillingError> {
    round_half_up(
        product(&[quantity, unit_price_minor, seconds])?,
        i128::from(month_seconds),
    )
}

/// The figures of a `usage` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UsageFigures {
    pub used: i64,
    /// `included * quantity`: the free units of the line this month.
    pub included: i64,
    /// `max(0, used - included * quantity)`.
    pub billed: i64,
    pub amount_minor: i64,
}

/// What `used` units of a meter cost a line of `quantity` in a month.
pub fn usage(meter: &Meter, quantity: i64, used: i64) -> Result<UsageFigures, BillingError> {
    let included = included(meter, quantity)?;
    let billed = billed(used, included)?;
    Ok(UsageFigures {
        used,
        included,
        billed,
        amount_minor: charge(meter, billed)?,
    })
}

/// The figures of a `late_usage` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LateUsageFigures {
    pub previously_used: i64,
    pub used: i64,
    pub amount_minor: i64,
}

/// The difference `used` late units make to a month whose `previously_used` units were already
/// invoiced: the cost of them all less the cost of those already invoiced, so that however a
/// month's records are split between invoices, no unit is billed twice.
pub fn late_usage(
    meter: &Meter,
    quantity: i64,
    previously_used: i64,
    used: i64,
) -> Result<LateUsageFigures, BillingError> {
    let included = included(meter, quantity)?;
    let all = previously_used
        .checked_add(used)
        .ok_or(BillingError::Overflow)?;
    let amount = charge(meter, billed(all, included)?)?
        .checked_sub(charge(meter, billed(previously_used, included)?)?)
        .ok_or(BillingError::Overflow)?;
    Ok(LateUsageFigures {
        previously_used,
        used,
        amount_minor: amount,
    })
}

fn included(meter: &Meter, quantity: i64) -> Result<i64, BillingError> {
    meter
        .included()
        .checked_mul(quantity)
        .ok_or(BillingError::Overflow)
}

fn billed(used: i64, included: i64) -> Result<i64, BillingError> {
    used.checked_sub(included)
        .map(|billed| billed.max(0))
        .ok_or(BillingError::Overflow)
}

/// `round(billed * price_minor / per)`.
fn charge(meter: &Meter, billed: i64) -> Result<i64, BillingError> {
    round_half_up(
        product(&[billed, meter.price_minor()])?,
        i128::from(meter.per()),
    )
}

/// The length of the union of `intervals` inside `billable`: overlapping and nested intervals
/// count once, and what lies outside does not count.
pub fn downtime_within<I: IntoIterator<Item = Interval>>(billable: Interval, intervals: I) -> i64 {
    let mut inside: Vec<Interval> = intervals
        .into_iter()
        .filter_map(|interval| interval.clip(billable))
        .collect();
    inside.sort();
    let mut total = 0;
    let mut covered_to = i64::MIN;
    for interval in inside {
        let from = interval.start.max(covered_to);
        if interval.end > from {
            total += interval.end - from;
            covered_to = interval.end;
        }
    }
    total
}

/// The SLA credit of a line in breach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlaCredit {
    /// 100, 30 or 10.
    pub percent: i64,
    /// `-round(amount * percent / 100)`: zero or negative.
    pub amount_minor: i64,
}

/// The credit of a recurring line of `amount_minor` billed for `seconds` with `downtime`
/// seconds down, or `None` when the line is not in breach: `(seconds - downtime) * 10000 <
/// availability_bp * seconds`. The percent is 100 below 95 % uptime, 30 below 99 %, 10 above;
/// every comparison is made in integers.
pub fn sla_credit(
    seconds: i64,
    downtime: i64,
    availability_bp: u32,
    amount_minor: i64,
) -> Result<Option<SlaCredit>, BillingError> {
    let seconds = i128::from(seconds);
    let up = seconds - i128::from(downtime.clamp(0, i64::MAX)).min(seconds);
    if seconds <= 0 || up * 10_000 >= i128::from(availability_bp) * seconds {
        return Ok(None);
    }
    let percent = if up * 100 < 95 * seconds {
        100
    } else if up * 100 < 99 * seconds {
        30
    } else {
        10
    };
    let credit = round_half_up(i128::from(amount_minor) * i128::from(percent), 100)?;
    Ok(Some(SlaCredit {
        percent,
        amount_minor: -credit,
    }))
}
