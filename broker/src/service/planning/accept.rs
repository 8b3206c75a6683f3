//! Accepting a plan: the blueprint planned again on the catalog as it is now, and the plan
//! kept as a quote, or what blocks the blueprint.

use super::{Planner, PlanningError};
use crate::account::{CurrentUser, TenantId};
use crate::format::{Blueprint, Objective};
use crate::placement::Blocker;
use crate::quote::QuoteId;
use crate::service::contracts::{Contracts, ContractsError};

/// Why a plan was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    #[error(transparent)]
    Planning(#[from] PlanningError),
    /// Nothing fits the blueprint any more: what blocks it.
    #[error("the plan is not feasible, so there is nothing to accept: relax the blueprint")]
    Infeasible(Vec<Blocker>),
    #[error(transparent)]
    Contracts(#[from] ContractsError),
}

impl Planner {
    /// Plans `blueprint` (saved as `name`) for `objective` on the live catalog and accepts that
    /// plan as a quote of `tenant`. What a tenant accepts is planned again now, never taken from
    /// a page, so the quote holds the offers and prices of this moment.
    #[allow(clippy::too_many_arguments)]
    pub async fn accept(
        &self,
        contracts: &Contracts,
        user: &CurrentUser,
        tenant: TenantId,
        blueprint: &Blueprint,
        name: &str,
        objective: Objective,
        now: i64,
    ) -> Result<QuoteId, AcceptError> {
        let placement = self.plan_for(blueprint, objective).await?;
        if !placement.plan.feasible {
            return Err(AcceptError::Infeasible(placement.blockers));
        }
        Ok(contracts
            .accept_plan(user, tenant, &placement.plan, name, now)
            .await?)
    }
}
