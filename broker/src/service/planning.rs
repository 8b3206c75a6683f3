//! Planning against the live catalog: the published offers of approved providers, priced in the
//! marketplace's currency, become one `comptoir.catalog/v1` document (`transfer`), and the
//! placement engine answers a blueprint on it twice, once minimising its own objective and once
//! the other, so a tenant sees the cost/carbon trade-off side by side.
//!
//! The search is exact and may take a while on a large catalog; it runs on a blocking thread so
//! the server keeps answering meanwhile.

use crate::catalog::OfferListing;
use crate::format::{Blueprint, Catalog, FormatError, Objective};
use crate::placement::live::opposite;
pub use crate::placement::live::{LivePlan, OfferLabel};
use crate::placement::{self, Placement};
use crate::store::{Store, StoreError};
use crate::transfer::{self, ExportScope, MARKETPLACE_CURRENCY};
use std::collections::{BTreeMap, BTreeSet};

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
}

/// The planning use cases.
#[derive(Clone, Debug)]
pub struct Planner {
    store: Store,
}

impl Planner {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// The live catalog as a document, with the label of each of its offers.
    async fn live_catalog(&self) -> Result<(Catalog, BTreeMap<String, OfferLabel>), PlanningError> {
        let listings: Vec<OfferListing> = self
            .store
            .export_offers(&ExportScope::marketplace())
            .await?
            .into_iter()
            .filter(|offer| offer.terms.currency == MARKETPLACE_CURRENCY)
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
                        provider_slug: listing.provider_slug.clone(),
                        provider_name: listing.provider_name.clone(),
                        country: listing.terms.country.clone(),
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
        let (catalog, mut labels) = self.live_catalog().await?;
        let catalog_offers = catalog.offers().len();
        let own = blueprint.clone();
        let other = blueprint.with_objective(opposite(blueprint.objective()));
        let (chosen, other) = tokio::task::spawn_blocking(move || {
            (
                placement::plan(&catalog, &own),
                placement::plan(&catalog, &other),
            )
        })
        .await
        .map_err(|_| PlanningError::Interrupted)?;
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
        let (catalog, _) = self.live_catalog().await?;
        let blueprint = blueprint.with_objective(objective);
        tokio::task::spawn_blocking(move || placement::plan(&catalog, &blueprint))
            .await
            .map_err(|_| PlanningError::Interrupted)
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
