//! Providers and their offers as the marketplace keeps them: who may sell, what an offer's terms
//! are, which changes make a new version, and how statuses move between draft, review and
//! publication. Pure and wasm-safe; the store persists these values and the service applies the
//! rules.
//!
//! `check` holds the rules of each field and their refusals, `input` what the forms carry,
//! `provider` and `offer` the two nouns and their lifecycles, and `views` what the pages show
//! of them.
//!
//! The typed ids here name rows of the marketplace; the string ids of a catalog document are
//! [`crate::format::OfferId`] and [`crate::format::ProviderId`], kept as an offer's external id
//! and a provider's slug.

mod check;
mod figures;
mod input;
mod offer;
mod provider;
mod views;

pub use check::{CatalogInputError, capacity, reason};
pub use figures::{MonthOrders, OfferUptime, ProviderFigures};
pub use input::{NewOffer, ProviderApplication, ValidApplication, ValidNewOffer};
pub use offer::{
    OfferId, OfferStatus, OfferTerms, OfferVersion, ValidOfferTerms, availability_bp,
    needs_new_version,
};
pub use provider::{
    Provider, ProviderDecision, ProviderId, ProviderMember, ProviderRole, ProviderStatus, Slug,
};
pub use views::{COMPARE_MAX, OfferDetail, OfferListing, OfferPage, ProviderConsole, ProviderPage};

#[cfg(test)]
mod tests;
