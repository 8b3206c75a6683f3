//! Server functions of planning: a saved blueprint planned against the live catalog, and the
//! acceptance of a plan as a quote.

#[cfg(feature = "ssr")]
use super::ssr::{Ctx, now, redirect_to};
use crate::error::AppError;
use broker::account::Role;
use broker::format::Objective;
use broker::placement::LivePlan;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A saved blueprint's plans, cost-optimal and carbon-optimal.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PlanPage {
    pub draft: i64,
    pub name: String,
    pub components: usize,
    pub plan: LivePlan,
    pub role: Role,
}

#[server(prefix = "/api", endpoint = "plan")]
pub async fn load_plan(draft: i64) -> Result<PlanPage, AppError> {
    let ctx = Ctx::load().await?;
    let (user, tenant) = ctx.member().await?;
    let saved = ctx
        .state
        .blueprints
        .get(&user, tenant, broker::blueprint::BlueprintId::new(draft))
        .await?;
    let plan = ctx.state.planner.plan(&saved.blueprint).await?;
    let role = ctx.state.contracts.member_role(&user, tenant).await?;
    Ok(PlanPage {
        draft,
        name: saved.name,
        components: saved.blueprint.components().len(),
        plan,
        role,
    })
}

/// Accepts the plan of a saved blueprint for `objective` as a quote. The plan is made again
/// from the catalog as it is now, never taken from the page.
#[server(prefix = "/api", endpoint = "accept_plan")]
pub async fn accept_plan(draft: i64, objective: Objective) -> Result<String, AppError> {
    let ctx = Ctx::load().await?;
    let (user, tenant) = ctx.member().await?;
    let saved = ctx
        .state
        .blueprints
        .get(&user, tenant, broker::blueprint::BlueprintId::new(draft))
        .await?;
    let quote = ctx
        .state
        .planner
        .accept(
            &ctx.state.contracts,
            &user,
            tenant,
            &saved.blueprint,
            &saved.name,
            objective,
            now(),
        )
        .await?;
    Ok(redirect_to(&format!("/quotes/{quote}")))
}
