//! A provider's figures on its console: the orders its offers took each month, and the
//! measured uptime of each offer over the finalized months.

use serde::{Deserialize, Serialize};

/// How many orders (contract lines) of the provider's offers were signed in a month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthOrders {
    /// `YYYY-MM`.
    pub month: String,
    pub orders: i64,
}

/// An offer's service over the finalized months.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferUptime {
    pub external_id: String,
    pub name: String,
    pub downtime_unit_secs: i64,
    pub billed_unit_secs: i64,
}

impl OfferUptime {
    pub fn uptime_bp(&self) -> Option<i64> {
        crate::reports::uptime_bp(self.downtime_unit_secs, self.billed_unit_secs)
    }
}

/// What the provider's console charts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderFigures {
    /// The last twelve months, oldest first.
    pub orders: Vec<MonthOrders>,
    /// Every offer billed in the finalized months, by external id.
    pub uptime: Vec<OfferUptime>,
}
