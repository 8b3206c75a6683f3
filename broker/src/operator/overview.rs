//! The operator's overview of the marketplace: each of the last twelve months' figures (GMV net
//! of the finalized invoices and credit notes, commission and take rate, VAT collected, new
//! organisations and providers, contracts signed, downtime and SLA credits), what runs now
//! (committed monthly spend, resources active, their carbon), who weighs most (the top providers
//! by GMV and the top organisations by spend, the rest grouped as others), the providers with
//! the worst measured uptime, and how provisioning goes.

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
    /// Downtime the providers reported starting in the month, in seconds of one resource.
    pub downtime_secs: i64,
    /// SLA credits granted on the month's finalized invoices (a positive amount).
    pub credits_minor: i64,
    /// The net of every invoice of the month so far, drafts included (a cancelled invoice and
    /// its credit note cancelling out): what the month has invoiced before it is finalized.
    pub invoiced_so_far_minor: i64,
    /// Grams of CO2e of the resources run in the month: each recurring line's grams per unit
    /// and month for the part of the month each unit ran.
    pub carbon_g: i64,
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

/// A provider's service over the finalized months of the overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderSla {
    pub name: String,
    /// Reported downtime, in resource-seconds (each second of each unit down).
    pub downtime_unit_secs: i64,
    /// Resource-seconds billed on the finalized invoices.
    pub billed_unit_secs: i64,
    pub credits_minor: i64,
}

impl ProviderSla {
    /// The share of billed time the resources were up, in basis points rounded down; `None`
    /// when nothing was billed.
    pub fn uptime_bp(&self) -> Option<i64> {
        crate::reports::uptime_bp(self.downtime_unit_secs, self.billed_unit_secs)
    }
}

/// The providers with the worst measured uptime first, at most [`TOP`] of them; those with no
/// billed time are left out.
pub fn worst_uptime(mut all: Vec<ProviderSla>) -> Vec<ProviderSla> {
    all.retain(|sla| sla.uptime_bp().is_some());
    all.sort_by(|a, b| {
        a.uptime_bp()
            .cmp(&b.uptime_bp())
            .then_with(|| a.name.cmp(&b.name))
    });
    all.truncate(TOP);
    all
}

/// A provider's service month by month, aligned with [`Overview::months`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMonths {
    pub name: String,
    /// Downtime reported starting in each month, in seconds of one resource (as
    /// [`MonthFigures::downtime_secs`], of which these are the provider's part).
    pub downtime_secs: Vec<i64>,
    /// SLA credits granted on each month's finalized invoices.
    pub credits_minor: Vec<i64>,
}

impl ProviderMonths {
    fn is_clean(&self) -> bool {
        self.downtime_secs
            .iter()
            .chain(&self.credits_minor)
            .all(|v| *v == 0)
    }
}

/// The providers with some downtime or credit in the months, by name (then as given): a
/// provider with neither would only fill the table with zeros.
pub fn with_incidents(mut all: Vec<ProviderMonths>) -> Vec<ProviderMonths> {
    all.retain(|provider| !provider.is_clean());
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all
}

/// How the provisioning goes: orders now in flight or failed, the failures that were retried,
/// and the time from signature to the last line active of the contracts signed in the months of
/// the overview.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisioningHealth {
    /// Requested or provisioning.
    pub in_flight: i64,
    pub failed: i64,
    /// Line failures whose order is no longer failed: retried since.
    pub retried: i64,
    /// Contracts that became active.
    pub activated: i64,
    pub median_secs: Option<i64>,
    pub p90_secs: Option<i64>,
}

/// The 0-based position of the `percent`th percentile of `count` sorted values by the nearest
/// rank (the smallest value with at least `percent` % of the values at or below it).
pub fn nearest_rank(count: i64, percent: i64) -> Option<i64> {
    (count > 0).then(|| ((count * percent + 99) / 100).clamp(1, count) - 1)
}

/// The marketplace's figures for the operator.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub counts: crate::account::MarketplaceCounts,
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
    /// The worst measured uptimes over the finalized months, worst first.
    pub worst_uptime: Vec<ProviderSla>,
    /// Each provider's downtime and credits month by month (see [`with_incidents`]).
    pub sla_by_provider: Vec<ProviderMonths>,
    pub provisioning: ProvisioningHealth,
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
    fn percentiles_take_the_nearest_rank() {
        assert_eq!(nearest_rank(0, 50), None);
        assert_eq!(nearest_rank(1, 90), Some(0));
        // Of 10 values, the median is the 5th and the 90th percentile the 9th.
        assert_eq!(
            (nearest_rank(10, 50), nearest_rank(10, 90)),
            (Some(4), Some(8))
        );
        assert_eq!(
            (nearest_rank(3, 50), nearest_rank(3, 90)),
            (Some(1), Some(2))
        );
    }

    #[test]
    fn the_worst_uptime_comes_first_and_unbilled_providers_are_left_out() {
        let sla = |name: &str, down, billed| ProviderSla {
            name: name.to_owned(),
            downtime_unit_secs: down,
            billed_unit_secs: billed,
            credits_minor: 0,
        };
        assert_eq!(sla("a", 36, 3_600).uptime_bp(), Some(9_900));
        assert_eq!(sla("a", 9_000, 3_600).uptime_bp(), Some(0));
        let worst = worst_uptime(vec![
            sla("good", 1, 10_000),
            sla("none", 5, 0),
            sla("bad", 100, 1_000),
        ]);
        let names: Vec<&str> = worst.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["bad", "good"]);
    }

    #[test]
    fn providers_without_incidents_are_left_out_and_the_rest_are_by_name() {
        let provider = |name: &str, down: i64, credit: i64| ProviderMonths {
            name: name.to_owned(),
            downtime_secs: vec![0, down],
            credits_minor: vec![credit, 0],
        };
        let kept = with_incidents(vec![
            provider("zeta", 60, 0),
            provider("clean", 0, 0),
            provider("alpha", 0, 250),
        ]);
        let names: Vec<&str> = kept.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["alpha", "zeta"]);
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
