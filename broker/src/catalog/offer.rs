//! An offer's lifecycle and terms: how its status moves between draft, review, publication and
//! retirement, what its versioned terms hold and which of their fields a contract relies on,
//! and how the terms of a catalog document's offer become an offer's.

use super::check::{CatalogInputError, FieldCheck, FieldErrors, jurisdiction, optional_text, text};
use crate::account::Field;
use crate::billing::Meter;
use crate::format::{self, CountryCode};
use crate::ids::typed_id;
use crate::money::{Currency, Money};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

typed_id!(
    /// One offer of a provider, across all its versions.
    OfferId
);

/// Where an offer stands: drafted by its provider, waiting for the operator, for sale, withdrawn,
/// or refused at review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferStatus {
    Draft,
    InReview,
    Published,
    Retired,
    Rejected,
}

impl OfferStatus {
    pub const ALL: [Self; 5] = [
        Self::Draft,
        Self::InReview,
        Self::Published,
        Self::Retired,
        Self::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::InReview => "in_review",
            Self::Published => "published",
            Self::Retired => "retired",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == raw)
    }

    /// Terms can change except while the operator reviews them (the review would approve terms
    /// it never read) and once the offer is retired.
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::Published | Self::Rejected)
    }

    /// The status a submission leads to: the first publication waits for the operator's review;
    /// an offer that was published once before (and then retired) comes back directly.
    pub fn after_submit(self, published_once: bool) -> Option<Self> {
        match self {
            Self::Draft | Self::Rejected | Self::Retired if published_once => Some(Self::Published),
            Self::Draft | Self::Rejected | Self::Retired => Some(Self::InReview),
            Self::InReview | Self::Published => None,
        }
    }

    /// The status after the operator's review, which only applies to an offer in review.
    pub fn after_review(self, approve: bool) -> Option<Self> {
        match (self, approve) {
            (Self::InReview, true) => Some(Self::Published),
            (Self::InReview, false) => Some(Self::Rejected),
            _ => None,
        }
    }

    /// Any offer not yet retired can be withdrawn.
    pub fn after_retire(self) -> Option<Self> {
        (self != Self::Retired).then_some(Self::Retired)
    }
}

/// The versioned part of an offer: everything a contract relies on, and its presentation.
/// `availability_bp` is in basis points of a percent (99.95 % is 9995) so that no float is
/// stored; attribute sizes are numbers as in the catalog format. The price is per unit and
/// month; the carbon in grams of CO2e per unit and month. The meters price usage on top of
/// the monthly price, in minor units of its currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferTerms {
    pub name: String,
    pub description: String,
    pub tagline: String,
    pub unit: String,
    pub country: CountryCode,
    pub jurisdiction: String,
    pub attributes: BTreeMap<String, f64>,
    pub certifications: BTreeSet<String>,
    pub availability_bp: u32,
    pub monthly_price: Money,
    pub carbon_g_month: i64,
    #[serde(default)]
    pub meters: Vec<Meter>,
}

/// Terms whose every field passed its rule; only these reach the store.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidOfferTerms(pub(super) OfferTerms);

impl ValidOfferTerms {
    pub fn get(&self) -> &OfferTerms {
        &self.0
    }
}

impl OfferTerms {
    /// Trims and normalises every field (an upper-case jurisdiction), or says what is wrong
    /// with each refused field.
    pub fn validate(&self) -> Result<ValidOfferTerms, FieldErrors> {
        let mut check = FieldCheck::default();
        let terms = self.normalised(&mut check);
        check.finish(|| ValidOfferTerms(terms))
    }

    /// The terms with every field normalised, noting each refused field in `check`; an offer
    /// form checks its own fields and these in one go.
    pub(super) fn normalised(&self, check: &mut FieldCheck) -> OfferTerms {
        let name = check.field(Field::OfferName, text(&self.name, 120));
        let description = check.field(Field::Description, optional_text(&self.description, 4000));
        let tagline = check.field(Field::Tagline, optional_text(&self.tagline, 160));
        let unit = check.field(Field::Unit, text(&self.unit, 40));
        let jurisdiction = check.field(Field::Jurisdiction, jurisdiction(&self.jurisdiction));
        let attributes_valid = self.attributes.iter().all(|(key, size)| {
            (1..=40).contains(&key.len())
                && key
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                && size.is_finite()
                && *size >= 0.0
        });
        check.require(
            Field::Attributes,
            attributes_valid,
            CatalogInputError::Attribute,
        );
        let certifications: BTreeSet<String> = self
            .certifications
            .iter()
            .map(|name| name.trim().to_owned())
            .collect();
        check.require(
            Field::Certifications,
            certifications
                .iter()
                .all(|name| !name.is_empty() && name.chars().count() <= 40),
            CatalogInputError::Certification,
        );
        check.require(
            Field::Availability,
            self.availability_bp <= 10_000,
            CatalogInputError::Availability,
        );
        check.require(
            Field::Price,
            self.monthly_price.minor() >= 0,
            CatalogInputError::Negative,
        );
        check.require(
            Field::Carbon,
            self.carbon_g_month >= 0,
            CatalogInputError::Negative,
        );
        let meters = check.field(Field::Meters, meters(&self.meters));
        OfferTerms {
            name,
            description,
            tagline,
            unit,
            country: self.country,
            jurisdiction,
            attributes: self.attributes.clone(),
            certifications,
            availability_bp: self.availability_bp,
            monthly_price: self.monthly_price,
            carbon_g_month: self.carbon_g_month,
            meters,
        }
    }

    /// The terms of one offer of a catalog document, for loading a provider's catalog file; the
    /// presentation fields the format does not carry start empty and the unit is one "unit".
    pub fn from_catalog_offer(
        offer: &format::Offer,
        currency: Currency,
    ) -> Result<Self, (Field, CatalogInputError)> {
        let availability_bp = availability_bp(offer.availability())
            .ok_or((Field::Availability, CatalogInputError::Availability))?;
        let money = |value: u64, field| {
            i64::try_from(value).map_err(|_| (field, CatalogInputError::TooLarge))
        };
        Ok(Self {
            name: offer.name().to_owned(),
            description: String::new(),
            tagline: String::new(),
            unit: "unit".to_owned(),
            country: offer.country(),
            jurisdiction: offer.jurisdiction().to_owned(),
            attributes: offer.attributes().clone(),
            certifications: offer.certifications().clone(),
            availability_bp,
            monthly_price: Money::new(money(offer.monthly_price_minor(), Field::Price)?, currency),
            carbon_g_month: money(offer.carbon_g_month(), Field::Carbon)?,
            meters: offer.meters().to_vec(),
        })
    }
}

/// Each meter is valid on its own ([`Meter::new`]); the terms also require distinct ids, and
/// units that a page and the offer form can write on one line.
fn meters(meters: &[Meter]) -> Result<Vec<Meter>, CatalogInputError> {
    if Meter::check_list(meters).is_err() {
        Err(CatalogInputError::MeterTwice)
    } else if meters
        .iter()
        .any(|meter| meter.unit().chars().any(char::is_control))
    {
        Err(CatalogInputError::MeterUnit)
    } else {
        Ok(meters.to_vec())
    }
}

/// A percentage (99.95) as basis points of a percent (9995); `None` outside 0 to 100.
pub fn availability_bp(percent: f64) -> Option<u32> {
    let bp = (percent * 100.0).round();
    // The range check makes the cast exact: 0 to 10 000 fits in u32 without loss.
    (0.0..=10_000.0).contains(&bp).then_some(bp as u32)
}

/// Whether going from `old` to `new` terms needs a new version. A contract keeps the version it
/// was signed on, so any change of what it relies on (price, currency, carbon, availability,
/// place, jurisdiction, sizes, certifications, meters, unit or name) makes a new version; the
/// description and tagline only present the offer and are corrected in place.
pub fn needs_new_version(old: &OfferTerms, new: &OfferTerms) -> bool {
    let presentation_only = |terms: &OfferTerms| OfferTerms {
        description: String::new(),
        tagline: String::new(),
        ..terms.clone()
    };
    presentation_only(old) != presentation_only(new)
}

/// One version of an offer's terms, from the moment it took effect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferVersion {
    pub version: i64,
    pub terms: OfferTerms,
    pub effective_from: i64,
}
