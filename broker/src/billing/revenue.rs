//! What a provider earned through the marketplace, month by month: what its lines billed
//! (gross), the SLA credits it granted, the operator's commission, its share, what it was paid
//! out and the balance still due; the lines behind the figures; its payouts; and what it may be
//! paid now.

use super::month::Month;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The sums of a provider's lines and split over one month's finalized invoices and credit
/// notes, as the store adds them up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthSums {
    pub gross_minor: i64,
    pub credits_minor: i64,
    pub commission_minor: i64,
    pub share_minor: i64,
    /// The lowest and highest commission rate of the month's invoices, in basis points.
    pub rates_bp: (u32, u32),
}

/// One month of a provider's revenue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueMonth {
    pub month: String,
    /// What the provider's lines billed before credits.
    pub gross_minor: i64,
    /// The SLA credits granted (zero or less).
    pub credits_minor: i64,
    pub commission_minor: i64,
    /// The commission rates applied: one rate, or the lowest and highest when it changed.
    pub rates_bp: (u32, u32),
    pub share_minor: i64,
    /// What the operator paid out to the provider during the month.
    pub paid_out_minor: i64,
    /// The shares to the end of the month, less everything paid out by then.
    pub balance_minor: i64,
}

/// One line behind a month's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueLine {
    pub month: String,
    pub invoice: String,
    pub organisation: String,
    pub contract: i64,
    pub offer: String,
    /// `recurring`, `usage`, `late_usage` or `sla_credit`.
    pub kind: String,
    pub amount_minor: i64,
}

/// A payout the provider received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutReceived {
    pub amount_minor: i64,
    pub reference: String,
    pub at: i64,
}

/// A provider's revenue page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderRevenue {
    /// Newest month first.
    pub months: Vec<RevenueMonth>,
    /// The lines of those months, newest month first.
    pub lines: Vec<RevenueLine>,
    /// Newest first.
    pub payouts: Vec<PayoutReceived>,
    /// The shares of fully paid invoices not paid out yet: what the next payout run pays.
    pub due_now_minor: i64,
    /// The shares of invoices the organisations have not fully paid yet.
    pub awaiting_minor: i64,
    /// The provider's own account at the payment method, where the method pays into one.
    pub account: Option<PayoutAccount>,
}

/// A provider's account at the payment method, for its payouts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutAccount {
    pub connected: bool,
    /// As the method last said: payouts are transferred into it.
    pub payouts_enabled: bool,
    /// Whether the reader may connect it (the provider's owners).
    pub can_connect: bool,
    /// The last transfer, if it failed.
    pub failed: Option<FailedTransfer>,
}

/// A transfer of a payout that failed: its amount stays due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedTransfer {
    pub invoice_number: String,
    pub amount_minor: i64,
    pub failure: String,
    pub at: i64,
}

/// Each month with invoices or payouts, newest first, with the balance due at its end.
pub fn revenue_months(
    sums: &BTreeMap<Month, MonthSums>,
    payouts: &[PayoutReceived],
) -> Vec<RevenueMonth> {
    let mut paid_out: BTreeMap<Month, i64> = BTreeMap::new();
    for payout in payouts {
        if let Some(month) = Month::containing(payout.at) {
            *paid_out.entry(month).or_default() += payout.amount_minor;
        }
    }
    let mut months: Vec<Month> = sums.keys().chain(paid_out.keys()).copied().collect();
    months.sort();
    months.dedup();
    let mut balance = 0;
    let mut rows: Vec<RevenueMonth> = months
        .into_iter()
        .map(|month| {
            let sum = sums.get(&month).cloned().unwrap_or_default();
            let out = paid_out.get(&month).copied().unwrap_or(0);
            balance += sum.share_minor - out;
            RevenueMonth {
                month: month.to_string(),
                gross_minor: sum.gross_minor,
                credits_minor: sum.credits_minor,
                commission_minor: sum.commission_minor,
                rates_bp: sum.rates_bp,
                share_minor: sum.share_minor,
                paid_out_minor: out,
                balance_minor: balance,
            }
        })
        .collect();
    rows.reverse();
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> Month {
        text.parse().unwrap()
    }

    fn sums(gross: i64, credits: i64, bp: u32) -> MonthSums {
        let net = gross + credits;
        let commission = net * i64::from(bp) / 10_000;
        MonthSums {
            gross_minor: gross,
            credits_minor: credits,
            commission_minor: commission,
            share_minor: net - commission,
            rates_bp: (bp, bp),
        }
    }

    #[test]
    fn the_balance_runs_over_the_months_and_payouts_land_in_their_own_month() {
        let mut by_month = BTreeMap::new();
        by_month.insert(month("2026-09"), sums(10_000, 0, 1000));
        by_month.insert(month("2026-10"), sums(20_000, -2_000, 1000));
        // Paid out on 2026-11-03, for September's share: November has no invoice of its own.
        let payouts = [PayoutReceived {
            amount_minor: 9_000,
            reference: "PAYOUT-1".into(),
            at: month("2026-11").start() + 2 * 86_400,
        }];
        let rows = revenue_months(&by_month, &payouts);
        let summary: Vec<_> = rows
            .iter()
            .map(|row| {
                (
                    row.month.as_str(),
                    row.share_minor,
                    row.paid_out_minor,
                    row.balance_minor,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("2026-11", 0, 9_000, 16_200),
                ("2026-10", 16_200, 0, 25_200),
                ("2026-09", 9_000, 0, 9_000),
            ]
        );
        assert_eq!(rows[1].credits_minor, -2_000);
        assert_eq!(rows[1].commission_minor, 1_800);
    }

    #[test]
    fn a_provider_with_nothing_billed_has_no_month() {
        assert!(revenue_months(&BTreeMap::new(), &[]).is_empty());
    }
}
