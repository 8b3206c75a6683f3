//! Planning against the live catalog: the published offers of approved providers, priced in the
//! marketplace's currency, become one `comptoir.catalog/v1` document (`transfer`), and the
//! placement engine answers a blueprint on it twice, once minimising its own objective and once
//! the other, so a tenant sees the cost/carbon trade-off side by side.
//!
//! The search is exact but may take exponential time, so the marketplace bounds it
//! ([`PlanningLimits`]): blueprints of at most [`crate::blueprint::MAX_COMPONENTS`] components
//! ([`crate::blueprint::check_size`]); a node budget from the blueprint's size and a deadline
//! shared by both objectives, after which the best plan found is returned and marked as not
//! proven optimal; a few plans at once, each on a blocking thread so the server keeps answering,
//! and a request that waits too long for one is told the planner is busy. A plan whose request is
//! gone (its future dropped) stops at the search's next check.

mod accept;

pub use accept::AcceptError;

use crate::blueprint::{SizeError, check_size};
use crate::catalog::OfferListing;
use crate::format::{Blueprint, Catalog, FormatError, Objective};
use crate::money::MARKETPLACE_CURRENCY;
use crate::placement::live::opposite;
pub use crate::placement::live::{LivePlan, OfferLabel};
use crate::placement::{self, Budget, Placement};
use crate::store::{Store, StoreError};
use crate::transfer::{self, ExportScope};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// Why a plan could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PlanningError {
    /// The live catalog could not be written as a document (a stored offer breaks the format).
    #[error("the catalog could not be read: {0}")]
    Catalog(#[from] FormatError),
    #[error("the planner stopped before answering")]
    Interrupted,
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Larger than the marketplace plans: refused before any work.
    #[error(transparent)]
    TooLarge(#[from] SizeError),
    /// Every planner stayed busy for [`PlanningLimits::queue_wait`].
    #[error("the planner is busy; try again in {retry_after_secs} seconds")]
    Busy { retry_after_secs: u64 },
    /// The budget ran out before any plan was found: feasibility is unknown, not refuted.
    #[error("the search was stopped after {ms} ms before it found a plan")]
    OutOfTime { ms: u64 },
    /// The caller cancelled the plan (its request is gone).
    #[error("the plan was cancelled")]
    Cancelled,
}

/// How much planning the marketplace does at once, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanningLimits {
    /// Plans searched at the same time; each keeps one core busy.
    pub concurrent: usize,
    /// How long a request waits for a free planner before it is told the planner is busy.
    pub queue_wait: Duration,
    /// How long one request's search may take, both objectives together.
    pub deadline: Duration,
}

impl Default for PlanningLimits {
    /// Two plans at once (a small server's cores), a two-second wait, a five-second search.
    fn default() -> Self {
        Self {
            concurrent: 2,
            queue_wait: Duration::from_secs(2),
            deadline: Duration::from_secs(5),
        }
    }
}

/// A request to stop a plan at the search's next check. The planner sets it when the future of
/// a plan is dropped (the request is gone); the caller may set it too.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Held by a plan's future while the search runs on its blocking thread: dropped with the
/// future before the answer came, it cancels the search.
struct CancelOnDrop(Option<Cancel>);

impl CancelOnDrop {
    /// The answer came: nothing to cancel any more.
    fn answered(mut self) {
        self.0 = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(cancel) = &self.0 {
            cancel.cancel();
        }
    }
}

/// The time of one request's search, as the blocking thread sees it.
struct Clock {
    started: Instant,
    deadline: Duration,
    cancel: Cancel,
}

impl Clock {
    fn ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Places `blueprint` within its budget and until `share` of the deadline has passed.
    fn place(
        &self,
        catalog: &Catalog,
        blueprint: &Blueprint,
        share: (u32, u32),
    ) -> Result<Placement, PlanningError> {
        let until = self.deadline * share.0 / share.1;
        let stop = || self.cancel.is_cancelled() || self.started.elapsed() >= until;
        let budget = Budget::for_blueprint(blueprint, &stop);
        match placement::plan_within(catalog, blueprint, &budget) {
            // Whatever was found, the one who cancelled no longer wants it.
            _ if self.cancel.is_cancelled() => Err(PlanningError::Cancelled),
            Ok(mut placement) => {
                let search = &mut placement.explanation.search;
                if !search.complete {
                    search.stopped_after_ms = Some(self.ms());
                }
                Ok(placement)
            }
            Err(_) => Err(PlanningError::OutOfTime { ms: self.ms() }),
        }
    }
}

/// The planning use cases.
#[derive(Clone, Debug)]
pub struct Planner {
    store: Store,
    limits: PlanningLimits,
    permits: Arc<Semaphore>,
}

impl Planner {
    pub fn new(store: Store) -> Self {
        Self::with_limits(store, PlanningLimits::default())
    }

    /// A planner within `limits` (at least one plan at a time).
    pub fn with_limits(store: Store, limits: PlanningLimits) -> Self {
        let limits = PlanningLimits {
            concurrent: limits.concurrent.max(1),
            ..limits
        };
        Self {
            store,
            permits: Arc::new(Semaphore::new(limits.concurrent)),
            limits,
        }
    }

    pub fn limits(&self) -> PlanningLimits {
        self.limits
    }

    /// Plans being searched now, on their blocking threads (a cancelled one until it stops).
    pub fn running(&self) -> usize {
        self.limits.concurrent - self.permits.available_permits()
    }

    /// Runs `work` on a blocking thread once a planner is free, with the request's clock. The
    /// permit goes with the work, so it is held until the search really stops, even after the
    /// request is gone.
    async fn search<T: Send + 'static>(
        &self,
        cancel: &Cancel,
        work: impl FnOnce(&Clock) -> Result<T, PlanningError> + Send + 'static,
    ) -> Result<T, PlanningError> {
        let busy = PlanningError::Busy {
            retry_after_secs: self.limits.deadline.as_secs().max(1),
        };
        let permit =
            tokio::time::timeout(self.limits.queue_wait, self.permits.clone().acquire_owned())
                .await
                .map_err(|_| busy)?
                .map_err(|_| PlanningError::Interrupted)?;
        let guard = CancelOnDrop(Some(cancel.clone()));
        let clock = Clock {
            started: Instant::now(),
            deadline: self.limits.deadline,
            cancel: cancel.clone(),
        };
        let answer = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&clock)
        })
        .await
        .map_err(|_| PlanningError::Interrupted)?;
        guard.answered();
        answer
    }

    /// The live catalog as a document, with the label of each of its offers.
    async fn live_catalog(&self) -> Result<(Catalog, BTreeMap<String, OfferLabel>), PlanningError> {
        let listings: Vec<OfferListing> = self
            .store
            .export_offers(&ExportScope::marketplace())
            .await?
            .into_iter()
            .filter(|offer| offer.terms.monthly_price.currency() == MARKETPLACE_CURRENCY)
            .collect();
        let catalog = transfer::catalog_document(&listings)?;
        // The document keeps the listings' order, one offer each.
        let labels = catalog
            .offers()
            .iter()
            .zip(&listings)
            .map(|(offer, listing)| {
                (
                    offer.id().to_string(),
                    OfferLabel {
                        offer: listing.id,
                        name: listing.terms.name.clone(),
                        unit: listing.terms.unit.clone(),
                        provider_slug: listing.provider_slug.to_string(),
                        provider_name: listing.provider_name.clone(),
                        country: listing.terms.country.to_string(),
                        jurisdiction: listing.terms.jurisdiction.clone(),
                        availability_bp: listing.terms.availability_bp,
                    },
                )
            })
            .collect();
        Ok((catalog, labels))
    }

    /// Plans `blueprint` on the live catalog for its objective and for the other one.
    pub async fn plan(&self, blueprint: &Blueprint) -> Result<LivePlan, PlanningError> {
        self.plan_unless(blueprint, &Cancel::new()).await
    }

    /// [`Planner::plan`], stopped at the search's next check once `cancel` is set.
    pub async fn plan_unless(
        &self,
        blueprint: &Blueprint,
        cancel: &Cancel,
    ) -> Result<LivePlan, PlanningError> {
        check_size(blueprint)?;
        let (catalog, mut labels) = self.live_catalog().await?;
        let catalog_offers = catalog.offers().len();
        let own = blueprint.clone();
        let other = blueprint.with_objective(opposite(blueprint.objective()));
        // The blueprint's own objective may take up to half the deadline, the other one the rest.
        let (chosen, other) = self
            .search(cancel, move |clock| {
                let chosen = clock.place(&catalog, &own, (1, 2))?;
                Ok((chosen, clock.place(&catalog, &other, (1, 1))?))
            })
            .await?;
        let named = named_offers(&chosen)
            .chain(named_offers(&other))
            .collect::<BTreeSet<_>>();
        labels.retain(|id, _| named.contains(id));
        Ok(LivePlan {
            chosen,
            other,
            offers: labels,
            catalog_offers,
        })
    }

    /// Plans `blueprint` on the live catalog for `objective` only, as it is now: what a tenant
    /// accepts is planned again when they accept it, never taken from the page.
    pub async fn plan_for(
        &self,
        blueprint: &Blueprint,
        objective: Objective,
    ) -> Result<Placement, PlanningError> {
        check_size(blueprint)?;
        let (catalog, _) = self.live_catalog().await?;
        let blueprint = blueprint.with_objective(objective);
        self.search(&Cancel::new(), move |clock| {
            clock.place(&catalog, &blueprint, (1, 1))
        })
        .await
    }
}

/// Every offer id a placement names: its assignments, chosen offers and alternatives.
fn named_offers(placement: &Placement) -> impl Iterator<Item = String> + '_ {
    let assigned = placement.plan.assignments.iter().map(|a| a.offer.clone());
    let explained = placement.explanation.components.iter().flat_map(|c| {
        c.chosen
            .iter()
            .map(|s| s.offer.clone())
            .chain(c.alternatives.iter().map(|a| a.offer.clone()))
    });
    assigned.chain(explained)
}
