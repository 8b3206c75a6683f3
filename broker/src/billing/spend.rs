//! What an organisation spent through the marketplace and the carbon of what it ran, month by
//! month: the totals of its invoices (drafts included, a cancelled invoice and its credit note
//! cancelling out) and, from each recurring line, the offer's grams of CO2e per unit and month
//! for the part of the month each unit ran.

use super::BillingError;
use super::month::Month;
use super::rounding::round_half_up;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many months the spend chart shows, the current one last.
pub const SPEND_MONTHS: usize = 12;

/// One month's sums, as the store adds them up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpendSums {
    /// The invoices' totals, VAT included.
    pub total_minor: i64,
    /// `Σ carbon_g_month × quantity × seconds` of the recurring lines.
    pub carbon_g_seconds: i128,
}

/// One month of an organisation's spend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendMonth {
    pub month: String,
    pub total_minor: i64,
    /// Grams of CO2e: `round(carbon_g_seconds / seconds of the month)`.
    pub carbon_g: i64,
}

/// The first of the [`SPEND_MONTHS`] months that end with `last`.
pub fn first_spend_month(last: Month) -> Month {
    (1..SPEND_MONTHS).fold(last, |month, _| month.previous().unwrap_or(month))
}

/// The [`SPEND_MONTHS`] months that end with `last`, oldest first, a month without invoices at
/// zero.
pub fn spend_months(
    last: Month,
    sums: &BTreeMap<Month, SpendSums>,
) -> Result<Vec<SpendMonth>, BillingError> {
    let mut month = first_spend_month(last);
    let mut months = Vec::with_capacity(SPEND_MONTHS);
    loop {
        let sum = sums.get(&month).copied().unwrap_or_default();
        months.push(SpendMonth {
            month: month.to_string(),
            total_minor: sum.total_minor,
            carbon_g: round_half_up(sum.carbon_g_seconds, i128::from(month.seconds()))?,
        });
        match month.next() {
            Some(next) if month < last => month = next,
            _ => break,
        }
    }
    Ok(months)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_months_end_with_the_last_and_carbon_follows_what_ran() {
        let last = Month::parse("2026-03").unwrap();
        let february = Month::parse("2026-02").unwrap();
        // 2 units of 1,000 g a month, for half of February.
        let half = i128::from(february.seconds() / 2);
        let sums = BTreeMap::from([(
            february,
            SpendSums {
                total_minor: 8_400,
                carbon_g_seconds: 1_000 * 2 * half,
            },
        )]);
        let months = spend_months(last, &sums).unwrap();
        assert_eq!(months.len(), SPEND_MONTHS);
        assert_eq!(months[0].month, "2025-04");
        assert_eq!(months[11].month, "2026-03");
        assert_eq!(
            (months[10].total_minor, months[10].carbon_g),
            (8_400, 1_000)
        );
        assert_eq!((months[11].total_minor, months[11].carbon_g), (0, 0));
    }
}
