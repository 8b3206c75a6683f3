//! The operator's overview of the marketplace: each of the last twelve months' figures (GMV net
//! of the finalized invoices and credit notes, commission and take rate, VAT collected, new
//! organisations and providers, contracts signed), what runs now (committed monthly spend,
//! resources active, their carbon), and who weighs most (the top providers by GMV and the top
//! organisations by spend, the rest grouped as others).

use crate::billing::Month;
use serde::{Deserialize, Serialize};

/// How many months the overview covers, the current one last.
pub const MONTHS: usize = 12;

/// How many providers and organisations are named before the others are grouped.
pub const TOP: usize = 5;

/// One month's figures. Amounts are minor units of the marketplace currency.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFigures {
    /// `YYYY-MM`.
    pub month: String,
    pub gmv_minor: i64,
    pub commission_minor: i64,
    pub vat_minor: i64,
    pub new_organisations: i64,
    pub new_providers: i64,
    pub contracts_signed: i64,
}

impl MonthFigures {
    /// The commission's share of the GMV in basis points, rounded half up; `None` without GMV.
    pub fn take_rate_bp(&self) -> Option<i64> {
        (self.gmv_minor > 0)
            .then(|| (self.commission_minor * 10_000 + self.gmv_minor / 2) / self.gmv_minor)
    }
}

/// A provider or an organisation with its amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    pub name: String,
    pub minor: i64,
}

/// The largest `TOP` of `all` (largest first, then by name) and the sum of the rest.
pub fn rank(mut all: Vec<Ranked>) -> (Vec<Ranked>, i64) {
    all.sort_by(|a, b| b.minor.cmp(&a.minor).then_with(|| a.name.cmp(&b.name)));
    let others = all.iter().skip(TOP).map(|r| r.minor).sum();
    all.truncate(TOP);
    (all, others)
}

/// The months of the overview ending with the one holding `now`, oldest first.
pub fn last_months(now: i64) -> Vec<Month> {
    let mut months = Vec::with_capacity(MONTHS);
    let mut month = Month::containing(now);
    while let Some(current) = month
        && months.len() < MONTHS
    {
        months.push(current);
        month = current.previous();
    }
    months.reverse();
    months
}

/// The marketplace's figures for the operator.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// [`MONTHS`] of them, oldest first; the last is the month so far.
    pub months: Vec<MonthFigures>,
    /// The monthly price of the lines of signed and active contracts still running.
    pub committed_minor: i64,
    /// Grams of CO2e a month of the same lines.
    pub carbon_g_month: i64,
    /// Orders whose resource is active now.
    pub resources_active: i64,
    /// By GMV over the months of the overview.
    pub top_providers: Vec<Ranked>,
    pub other_providers_minor: i64,
    /// By net spend over the months of the overview.
    pub top_organisations: Vec<Ranked>,
    pub other_organisations_minor: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_take_rate_rounds_half_up_and_needs_gmv() {
        let month = |gmv, commission| MonthFigures {
            gmv_minor: gmv,
            commission_minor: commission,
            ..MonthFigures::default()
        };
        assert_eq!(month(30_000, 1_000).take_rate_bp(), Some(333));
        assert_eq!(month(20_000, 1_001).take_rate_bp(), Some(501));
        assert_eq!(month(0, 0).take_rate_bp(), None);
    }

    #[test]
    fn the_rest_after_the_top_is_grouped() {
        let all = (1..=7)
            .map(|n| Ranked {
                name: format!("p{n}"),
                minor: n * 100,
            })
            .collect();
        let (top, others) = rank(all);
        assert_eq!(
            top.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["p7", "p6", "p5", "p4", "p3"]
        );
        assert_eq!(others, 300);
    }

    #[test]
    fn twelve_months_end_with_the_current_one() {
        // 2026-03-15.
        let months = last_months(1_773_532_800);
        assert_eq!(months.len(), MONTHS);
        assert_eq!(months[0].to_string(), "2025-04");
        assert_eq!(months[11].to_string(), "2026-03");
    }
}
