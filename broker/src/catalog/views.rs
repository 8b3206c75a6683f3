//! What the catalog's pages show: an offer with its price history, offers in a list, a
//! provider's public page and its members' console.

use super::offer::{OfferId, OfferStatus, OfferTerms, OfferVersion};
use super::provider::{Provider, ProviderId, ProviderMember, ProviderRole, Slug};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How many offers a comparison shows side by side at most.
pub const COMPARE_MAX: usize = 4;

/// An offer's page: the offer with its price history and who sells it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferPage {
    pub offer: OfferDetail,
    pub provider: Provider,
}

/// What a provider's members see of it: its record, their role, the team and every offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderConsole {
    pub provider: Provider,
    pub role: ProviderRole,
    pub members: Vec<ProviderMember>,
    /// The open invitations to the team, for owners (empty for other members).
    pub invitations: Vec<crate::invitation::ProviderInvitation>,
    pub offers: Vec<OfferListing>,
}

/// A provider's public page: who they are and what they sell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderPage {
    pub provider: Provider,
    pub offers: Vec<OfferListing>,
}

impl ProviderPage {
    /// Every certification any of its offers holds, in order.
    pub fn certifications(&self) -> BTreeSet<&str> {
        self.offers
            .iter()
            .flat_map(|offer| offer.terms.certifications.iter().map(String::as_str))
            .collect()
    }
}

/// An offer with every version it had, oldest first: the price history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferDetail {
    pub id: OfferId,
    pub provider: ProviderId,
    pub external_id: String,
    pub domain: String,
    pub status: OfferStatus,
    pub review_reason: Option<String>,
    pub capacity: Option<i64>,
    pub current_version: i64,
    pub published_once: bool,
    pub created_at: i64,
    pub versions: Vec<OfferVersion>,
}

impl OfferDetail {
    /// The terms in force now.
    pub fn current(&self) -> Option<&OfferVersion> {
        self.versions
            .iter()
            .find(|version| version.version == self.current_version)
    }
}

/// An offer in a list (the public catalog, a provider's offers, the review queue): its current
/// version and who sells it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferListing {
    pub id: OfferId,
    pub provider: ProviderId,
    pub provider_slug: Slug,
    pub provider_name: String,
    pub external_id: String,
    pub domain: String,
    pub status: OfferStatus,
    pub version: i64,
    pub terms: OfferTerms,
    pub capacity: Option<i64>,
}
