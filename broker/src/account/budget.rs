//! An organisation's monthly budget: the ceiling of its committed monthly spend (the monthly
//! price of the lines of its signed and active contracts still running). A signature that would
//! take the committed spend over it is refused with the figures; one that takes it past
//! [`ALERT_PERCENT`] of the budget tells the owners and admins by mail.

use serde::{Deserialize, Serialize};

/// The share of the budget past which the owners and admins are told.
pub const ALERT_PERCENT: i64 = 80;

/// A contract's monthly price against the organisation's committed spend and budget, in minor
/// units of the marketplace's currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetUse {
    pub committed_minor: i64,
    pub adding_minor: i64,
    pub budget_minor: i64,
}

impl BudgetUse {
    /// The committed spend once the contract is signed.
    pub fn after(&self) -> i64 {
        self.committed_minor.saturating_add(self.adding_minor)
    }

    /// Whether the contract keeps the committed spend within the budget.
    pub fn fits(&self) -> bool {
        self.after() <= self.budget_minor
    }

    /// Whether the contract takes the committed spend from below to at least
    /// [`ALERT_PERCENT`] of the budget.
    pub fn crosses_alert(&self) -> bool {
        let threshold = i128::from(self.budget_minor) * i128::from(ALERT_PERCENT);
        i128::from(self.committed_minor) * 100 < threshold
            && i128::from(self.after()) * 100 >= threshold
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spend(committed_minor: i64, adding_minor: i64) -> BudgetUse {
        BudgetUse {
            committed_minor,
            adding_minor,
            budget_minor: 100_000,
        }
    }

    #[test]
    fn a_contract_fits_up_to_the_budget_itself() {
        assert!(spend(91_200, 8_800).fits());
        assert!(!spend(91_200, 16_830).fits());
    }

    #[test]
    fn the_alert_goes_once_when_eighty_percent_is_passed() {
        assert!(spend(70_000, 10_000).crosses_alert());
        assert!(!spend(70_000, 9_999).crosses_alert());
        assert!(!spend(80_000, 5_000).crosses_alert(), "already past it");
    }
}
