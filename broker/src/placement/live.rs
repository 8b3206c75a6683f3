//! A blueprint planned on the live catalog for both objectives, as the plan page and the API
//! show it: the two placements and the labels of the offers they name.

use super::Placement;
use crate::catalog::OfferId;
use crate::format::Objective;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a person needs beside a plan's offer ids: the offer's page, names and where it runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferLabel {
    /// The offer's page is `/offers/{offer}`.
    pub offer: OfferId,
    pub name: String,
    pub unit: String,
    pub provider_slug: String,
    pub provider_name: String,
    pub country: String,
    pub jurisdiction: String,
    /// Basis points of a percent.
    pub availability_bp: u32,
}

/// A blueprint planned on the live catalog for both objectives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LivePlan {
    /// The plan for the blueprint's own objective.
    pub chosen: Placement,
    /// The plan for the other objective.
    pub other: Placement,
    /// The offers either plan or its explanation names, by their id in the plan.
    pub offers: BTreeMap<String, OfferLabel>,
    /// How many published offers the broker weighed.
    pub catalog_offers: usize,
}

impl LivePlan {
    /// The placement minimising `objective`.
    pub fn for_objective(&self, objective: Objective) -> &Placement {
        if self.chosen.plan.objective == objective {
            &self.chosen
        } else {
            &self.other
        }
    }
}

/// The other objective.
pub fn opposite(objective: Objective) -> Objective {
    match objective {
        Objective::Cost => Objective::Carbon,
        Objective::Carbon => Objective::Cost,
    }
}
