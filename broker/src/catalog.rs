//! Providers and their offers as the marketplace keeps them: who may sell, what an offer's terms
//! are, which changes make a new version, and how statuses move between draft, review and
//! publication. Pure and wasm-safe; the store persists these values and the service applies the
//! rules.
//!
//! The typed ids here name rows of the marketplace; the string ids of a catalog document are
//! [`crate::format::OfferId`] and [`crate::format::ProviderId`], kept as an offer's external id
//! and a provider's slug.

use crate::account::{Email, Field, typed_id};
use crate::format::{self, CountryCode, Currency};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

typed_id!(
    /// An organisation that sells on the marketplace.
    ProviderId
);
typed_id!(
    /// One offer of a provider, across all its versions.
    OfferId
);

/// Why a value typed in a provider or offer form was refused. The UI translates the variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CatalogInputError {
    #[error("this field cannot be empty")]
    Empty,
    #[error("this field is too long (at most {max} characters)")]
    TooLong { max: usize },
    #[error("use 2 to 40 lower-case letters, digits and inner hyphens")]
    Slug,
    #[error("this name is already taken")]
    Taken,
    #[error("enter a two-letter country code such as FR")]
    Country,
    #[error("enter a short jurisdiction code such as EU")]
    Jurisdiction,
    #[error("enter an address that starts with https:// or http://")]
    Website,
    #[error("enter an email address like name@example.com")]
    Email,
    #[error("enter a three-letter currency code such as EUR")]
    Currency,
    #[error("availability is a percentage from 0 to 100 with at most two decimals")]
    Availability,
    #[error("this amount cannot be negative")]
    Negative,
    #[error("this amount is too large")]
    TooLarge,
    #[error("attribute names use lower-case letters, digits and _; sizes are 0 or more")]
    Attribute,
    #[error("certification names cannot be blank or longer than 40 characters")]
    Certification,
    #[error("enter a number such as 12.50")]
    Number,
}

type FieldErrors = Vec<(Field, CatalogInputError)>;

/// Trims `raw` and requires `1..=max` characters.
fn text(raw: &str, max: usize) -> Result<String, CatalogInputError> {
    let value = raw.trim();
    if value.is_empty() {
        Err(CatalogInputError::Empty)
    } else {
        optional_text(value, max)
    }
}

/// Trims `raw` and requires at most `max` characters; empty is allowed.
fn optional_text(raw: &str, max: usize) -> Result<String, CatalogInputError> {
    let value = raw.trim();
    if value.chars().count() > max {
        Err(CatalogInputError::TooLong { max })
    } else {
        Ok(value.to_owned())
    }
}

fn country(raw: &str) -> Result<String, CatalogInputError> {
    CountryCode::parse(&raw.trim().to_ascii_uppercase())
        .map(|code| code.as_str().to_owned())
        .map_err(|_| CatalogInputError::Country)
}

/// A jurisdiction is a short code (`EU`, `US`, `CH`), not a free text, so filters can match it.
fn jurisdiction(raw: &str) -> Result<String, CatalogInputError> {
    let code = raw.trim().to_ascii_uppercase();
    let valid = (1..=8).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(code)
    } else {
        Err(CatalogInputError::Jurisdiction)
    }
}

fn slug(raw: &str) -> Result<String, CatalogInputError> {
    let slug = raw.trim().to_ascii_lowercase();
    let valid = (2..=40).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if valid {
        Ok(slug)
    } else {
        Err(CatalogInputError::Slug)
    }
}

fn website(raw: &str) -> Result<String, CatalogInputError> {
    let url = raw.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !url.chars().any(char::is_whitespace) => {
            optional_text(url, 200)
        }
        _ => Err(CatalogInputError::Website),
    }
}

/// Collects one field's outcome into `errors`, keeping the value when it is valid.
fn check<T>(
    errors: &mut FieldErrors,
    field: Field,
    outcome: Result<T, CatalogInputError>,
) -> Option<T> {
    outcome.map_err(|err| errors.push((field, err))).ok()
}

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

/// How many offers a comparison shows side by side at most.
pub const COMPARE_MAX: usize = 4;

/// A member of a provider, as its members and the operator see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMember {
    pub user: crate::account::UserId,
    pub name: String,
    pub email: String,
    pub role: ProviderRole,
}

/// Where a provider stands with the marketplace operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderStatus {
    Pending,
    Approved,
    Rejected,
    Suspended,
}

impl ProviderStatus {
    pub const ALL: [Self; 4] = [
        Self::Pending,
        Self::Approved,
        Self::Rejected,
        Self::Suspended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Suspended => "suspended",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == raw)
    }

    /// The status after the operator's `decision`, or `None` when it does not apply: only a
    /// pending application is approved or rejected, only an approved provider is suspended, and
    /// only a suspended one is reinstated.
    pub fn decide(self, decision: &ProviderDecision) -> Option<Self> {
        match (self, decision) {
            (Self::Pending, ProviderDecision::Approve) => Some(Self::Approved),
            (Self::Pending, ProviderDecision::Reject { .. }) => Some(Self::Rejected),
            (Self::Approved, ProviderDecision::Suspend { .. }) => Some(Self::Suspended),
            (Self::Suspended, ProviderDecision::Reinstate) => Some(Self::Approved),
            _ => None,
        }
    }
}

/// What the operator decides about a provider; refusals carry the reason the provider reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "decision")]
pub enum ProviderDecision {
    Approve,
    Reject { reason: String },
    Suspend { reason: String },
    Reinstate,
}

impl ProviderDecision {
    /// The validated reason of a refusal; approvals carry none.
    pub fn reason(&self) -> Result<Option<String>, CatalogInputError> {
        match self {
            Self::Approve | Self::Reinstate => Ok(None),
            Self::Reject { reason } | Self::Suspend { reason } => self::reason(reason).map(Some),
        }
    }
}

/// The reason the operator gives for a refusal, which the provider reads: not blank.
pub fn reason(raw: &str) -> Result<String, CatalogInputError> {
    text(raw, 1000)
}

/// What a provider member may do: owners also manage the members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderRole {
    Owner,
    Member,
}

impl ProviderRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Member => "member",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Owner, Self::Member]
            .into_iter()
            .find(|role| role.as_str() == raw)
    }
}

/// What a person types to apply as a provider; [`ProviderApplication::validate`] parses it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderApplication {
    pub slug: String,
    pub legal_name: String,
    pub country: String,
    pub jurisdiction: String,
    pub website: String,
    pub description: String,
    pub support_contact: String,
}

/// An application whose every field passed its rule; only these reach the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidApplication(ProviderApplication);

impl ProviderApplication {
    /// Trims and normalises every field (upper-case codes, lower-case slug and email), or says
    /// what is wrong with each refused field.
    pub fn validate(&self) -> Result<ValidApplication, FieldErrors> {
        let mut errors = Vec::new();
        let slug = check(&mut errors, Field::Slug, slug(&self.slug));
        let legal_name = check(&mut errors, Field::LegalName, text(&self.legal_name, 120));
        let country = check(&mut errors, Field::Country, country(&self.country));
        let jurisdiction = check(
            &mut errors,
            Field::Jurisdiction,
            jurisdiction(&self.jurisdiction),
        );
        let website = check(&mut errors, Field::Website, website(&self.website));
        let description = check(
            &mut errors,
            Field::Description,
            text(&self.description, 4000),
        );
        let support_contact = check(
            &mut errors,
            Field::SupportContact,
            Email::parse(&self.support_contact)
                .map(String::from)
                .map_err(|_| CatalogInputError::Email),
        );
        match (
            slug,
            legal_name,
            country,
            jurisdiction,
            website,
            description,
            support_contact,
        ) {
            (
                Some(slug),
                Some(legal_name),
                Some(country),
                Some(jurisdiction),
                Some(website),
                Some(description),
                Some(support_contact),
            ) => Ok(ValidApplication(ProviderApplication {
                slug,
                legal_name,
                country,
                jurisdiction,
                website,
                description,
                support_contact,
            })),
            _ => Err(errors),
        }
    }
}

impl ValidApplication {
    pub fn get(&self) -> &ProviderApplication {
        &self.0
    }
}

/// A provider as its members and the operator see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub id: ProviderId,
    pub slug: String,
    pub legal_name: String,
    pub country: String,
    pub jurisdiction: String,
    pub website: String,
    pub description: String,
    pub support_contact: String,
    pub status: ProviderStatus,
    pub decision_reason: Option<String>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

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
/// stored; attribute sizes are numbers as in the catalog format.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OfferTerms {
    pub name: String,
    pub description: String,
    pub tagline: String,
    pub unit: String,
    pub country: String,
    pub jurisdiction: String,
    pub attributes: BTreeMap<String, f64>,
    pub certifications: BTreeSet<String>,
    pub availability_bp: u32,
    pub currency: String,
    pub monthly_price_minor: i64,
    pub carbon_g_month: i64,
}

/// Terms whose every field passed its rule; only these reach the store.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidOfferTerms(OfferTerms);

impl ValidOfferTerms {
    pub fn get(&self) -> &OfferTerms {
        &self.0
    }
}

impl OfferTerms {
    /// Trims and normalises every field (upper-case codes), or says what is wrong with each
    /// refused field.
    pub fn validate(&self) -> Result<ValidOfferTerms, FieldErrors> {
        let mut errors = Vec::new();
        let name = check(&mut errors, Field::OfferName, text(&self.name, 120));
        let description = check(
            &mut errors,
            Field::Description,
            optional_text(&self.description, 4000),
        );
        let tagline = check(
            &mut errors,
            Field::Tagline,
            optional_text(&self.tagline, 160),
        );
        let unit = check(&mut errors, Field::Unit, text(&self.unit, 40));
        let country = check(&mut errors, Field::Country, country(&self.country));
        let jurisdiction = check(
            &mut errors,
            Field::Jurisdiction,
            jurisdiction(&self.jurisdiction),
        );
        let attributes_valid = self.attributes.iter().all(|(key, size)| {
            (1..=40).contains(&key.len())
                && key
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                && size.is_finite()
                && *size >= 0.0
        });
        if !attributes_valid {
            errors.push((Field::Attributes, CatalogInputError::Attribute));
        }
        let certifications: BTreeSet<String> = self
            .certifications
            .iter()
            .map(|name| name.trim().to_owned())
            .collect();
        if certifications
            .iter()
            .any(|name| name.is_empty() || name.chars().count() > 40)
        {
            errors.push((Field::Certifications, CatalogInputError::Certification));
        }
        if self.availability_bp > 10_000 {
            errors.push((Field::Availability, CatalogInputError::Availability));
        }
        let currency = check(
            &mut errors,
            Field::Currency,
            Currency::parse(&self.currency.trim().to_ascii_uppercase())
                .map(|code| code.as_str().to_owned())
                .map_err(|_| CatalogInputError::Currency),
        );
        if self.monthly_price_minor < 0 {
            errors.push((Field::Price, CatalogInputError::Negative));
        }
        if self.carbon_g_month < 0 {
            errors.push((Field::Carbon, CatalogInputError::Negative));
        }
        match (
            name,
            description,
            tagline,
            unit,
            country,
            jurisdiction,
            currency,
        ) {
            (
                Some(name),
                Some(description),
                Some(tagline),
                Some(unit),
                Some(country),
                Some(jurisdiction),
                Some(currency),
            ) if errors.is_empty() => Ok(ValidOfferTerms(OfferTerms {
                name,
                description,
                tagline,
                unit,
                country,
                jurisdiction,
                attributes: self.attributes.clone(),
                certifications,
                availability_bp: self.availability_bp,
                currency,
                monthly_price_minor: self.monthly_price_minor,
                carbon_g_month: self.carbon_g_month,
            })),
            _ => Err(errors),
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
            country: offer.country().as_str().to_owned(),
            jurisdiction: offer.jurisdiction().to_owned(),
            attributes: offer.attributes().clone(),
            certifications: offer.certifications().clone(),
            availability_bp,
            currency: currency.as_str().to_owned(),
            monthly_price_minor: money(offer.monthly_price_minor(), Field::Price)?,
            carbon_g_month: money(offer.carbon_g_month(), Field::Carbon)?,
        })
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
/// place, jurisdiction, sizes, certifications, unit or name) makes a new version; the description
/// and tagline only present the offer and are corrected in place.
pub fn needs_new_version(old: &OfferTerms, new: &OfferTerms) -> bool {
    let presentation_only = |terms: &OfferTerms| OfferTerms {
        description: String::new(),
        tagline: String::new(),
        ..terms.clone()
    };
    presentation_only(old) != presentation_only(new)
}

/// What a provider member fills in to create an offer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewOffer {
    /// The offer's id in catalog documents, unique within the provider.
    pub external_id: String,
    pub domain: String,
    pub terms: OfferTerms,
    /// Units for sale; `None` is unlimited.
    pub capacity: Option<i64>,
}

/// A [`NewOffer`] whose fields passed their rules; only these reach the store.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidNewOffer {
    external_id: String,
    domain: String,
    terms: ValidOfferTerms,
    capacity: Option<i64>,
}

impl ValidNewOffer {
    pub fn external_id(&self) -> &str {
        &self.external_id
    }

    /// The domain, lower-cased.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    pub fn terms(&self) -> &ValidOfferTerms {
        &self.terms
    }

    pub fn capacity(&self) -> Option<i64> {
        self.capacity
    }
}

impl NewOffer {
    pub fn validate(&self) -> Result<ValidNewOffer, FieldErrors> {
        let mut errors = Vec::new();
        let external_id = check(&mut errors, Field::ExternalId, text(&self.external_id, 80));
        let domain = check(
            &mut errors,
            Field::Domain,
            text(&self.domain, 40).map(|domain| domain.to_ascii_lowercase()),
        );
        let capacity = check(&mut errors, Field::Capacity, capacity(self.capacity));
        let terms = self
            .terms
            .validate()
            .map_err(|more| errors.extend(more))
            .ok();
        match (external_id, domain, terms, capacity) {
            (Some(external_id), Some(domain), Some(terms), Some(capacity)) => Ok(ValidNewOffer {
                external_id,
                domain,
                terms,
                capacity,
            }),
            _ => Err(errors),
        }
    }
}

/// A capacity is 0 or more units, or unlimited.
pub fn capacity(units: Option<i64>) -> Result<Option<i64>, CatalogInputError> {
    match units {
        Some(units) if units < 0 => Err(CatalogInputError::Negative),
        other => Ok(other),
    }
}

/// One version of an offer's terms, from the moment it took effect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferVersion {
    pub version: i64,
    pub terms: OfferTerms,
    pub effective_from: i64,
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
    pub provider_slug: String,
    pub provider_name: String,
    pub external_id: String,
    pub domain: String,
    pub status: OfferStatus,
    pub version: i64,
    pub terms: OfferTerms,
    pub capacity: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn application() -> ProviderApplication {
        ProviderApplication {
            slug: " Nimbus-Cloud ".to_owned(),
            legal_name: "Nimbus Cloud SAS".to_owned(),
            country: "fr".to_owned(),
            jurisdiction: "eu".to_owned(),
            website: "https://nimbus.example".to_owned(),
            description: "Sovereign compute in Lyon.".to_owned(),
            support_contact: "Support@Nimbus.example".to_owned(),
        }
    }

    fn terms() -> OfferTerms {
        OfferTerms {
            name: "N1-M".to_owned(),
            description: "Four cores".to_owned(),
            tagline: "Fast".to_owned(),
            unit: "instance".to_owned(),
            country: "FR".to_owned(),
            jurisdiction: "EU".to_owned(),
            attributes: BTreeMap::from([("vcpu".to_owned(), 4.0)]),
            certifications: BTreeSet::from(["HDS".to_owned()]),
            availability_bp: 9995,
            currency: "EUR".to_owned(),
            monthly_price_minor: 1150,
            carbon_g_month: 1200,
        }
    }

    #[test]
    fn a_valid_application_is_normalised() {
        let valid = application().validate().expect("valid");
        let app = valid.get();
        assert_eq!(app.slug, "nimbus-cloud");
        assert_eq!(
            (app.country.as_str(), app.jurisdiction.as_str()),
            ("FR", "EU")
        );
        assert_eq!(app.support_contact, "support@nimbus.example");
    }

    #[test]
    fn an_application_names_every_refused_field() {
        let bad = ProviderApplication {
            slug: "-x".to_owned(),
            legal_name: "  ".to_owned(),
            country: "FRA".to_owned(),
            jurisdiction: "European Union".to_owned(),
            website: "nimbus.example".to_owned(),
            description: String::new(),
            support_contact: "support".to_owned(),
        };
        let fields: Vec<Field> = bad
            .validate()
            .expect_err("all invalid")
            .into_iter()
            .map(|(field, _)| field)
            .collect();
        assert_eq!(
            fields,
            [
                Field::Slug,
                Field::LegalName,
                Field::Country,
                Field::Jurisdiction,
                Field::Website,
                Field::Description,
                Field::SupportContact
            ]
        );
    }

    #[test]
    fn a_website_needs_an_http_scheme_and_a_host() {
        assert!(website("http://nimbus.example").is_ok());
        for bad in ["ftp://nimbus.example", "https://", "https://a b.example"] {
            assert_eq!(website(bad), Err(CatalogInputError::Website), "{bad}");
        }
    }

    #[test]
    fn terms_with_a_negative_price_or_too_high_availability_are_refused() {
        let bad = OfferTerms {
            availability_bp: 10_001,
            monthly_price_minor: -1,
            attributes: BTreeMap::from([("vcpu".to_owned(), f64::NAN)]),
            ..terms()
        };
        let errors = bad.validate().expect_err("invalid");
        assert_eq!(
            errors,
            [
                (Field::Attributes, CatalogInputError::Attribute),
                (Field::Availability, CatalogInputError::Availability),
                (Field::Price, CatalogInputError::Negative)
            ]
        );
        assert!(terms().validate().is_ok());
    }

    #[test]
    fn a_price_change_makes_a_new_version() {
        let new = OfferTerms {
            monthly_price_minor: 1200,
            ..terms()
        };
        assert!(needs_new_version(&terms(), &new));
    }

    #[test]
    fn any_change_of_a_term_makes_a_new_version() {
        let changes = [
            OfferTerms {
                name: "N2".to_owned(),
                ..terms()
            },
            OfferTerms {
                country: "DE".to_owned(),
                ..terms()
            },
            OfferTerms {
                availability_bp: 9990,
                ..terms()
            },
            OfferTerms {
                certifications: BTreeSet::new(),
                ..terms()
            },
            OfferTerms {
                carbon_g_month: 1,
                ..terms()
            },
            OfferTerms {
                unit: "GB".to_owned(),
                ..terms()
            },
        ];
        for new in changes {
            assert!(needs_new_version(&terms(), &new), "{new:?}");
        }
    }

    #[test]
    fn a_new_description_or_tagline_keeps_the_version() {
        let new = OfferTerms {
            description: "Four fast cores".to_owned(),
            tagline: "Faster".to_owned(),
            ..terms()
        };
        assert!(!needs_new_version(&terms(), &new));
    }

    #[test]
    fn availability_percentages_become_basis_points_exactly() {
        assert_eq!(availability_bp(99.95), Some(9995));
        assert_eq!(availability_bp(100.0), Some(10_000));
        assert_eq!(availability_bp(100.5), None);
    }

    #[test]
    fn catalog_offers_become_terms() {
        let catalog = format::Catalog::from_json(
            r#"{"format": "comptoir.catalog/v1", "currency": "EUR", "offers": [{
                "id": "x", "provider": "p", "domain": "compute", "name": "X", "country": "FR",
                "jurisdiction": "EU", "attributes": {"vcpu": 2}, "certifications": ["HDS"],
                "availability": 99.9, "monthly_price_minor": 1150, "carbon_g_month": 7}]}"#,
        )
        .expect("valid catalog");
        let terms = OfferTerms::from_catalog_offer(&catalog.offers()[0], catalog.currency())
            .expect("representable");
        assert_eq!(
            (terms.availability_bp, terms.monthly_price_minor),
            (9990, 1150)
        );
        assert!(terms.validate().is_ok());
    }

    #[test]
    fn a_first_submission_waits_for_review_and_a_republication_does_not() {
        assert_eq!(
            OfferStatus::Draft.after_submit(false),
            Some(OfferStatus::InReview)
        );
        assert_eq!(
            OfferStatus::Retired.after_submit(true),
            Some(OfferStatus::Published)
        );
        assert_eq!(OfferStatus::InReview.after_submit(false), None);
    }

    #[test]
    fn only_an_offer_in_review_is_reviewed() {
        assert_eq!(
            OfferStatus::InReview.after_review(false),
            Some(OfferStatus::Rejected)
        );
        assert_eq!(OfferStatus::Draft.after_review(true), None);
    }

    #[test]
    fn only_pending_providers_are_approved_and_only_approved_ones_suspended() {
        let suspend = ProviderDecision::Suspend {
            reason: "fraud".to_owned(),
        };
        assert_eq!(
            ProviderStatus::Pending.decide(&ProviderDecision::Approve),
            Some(ProviderStatus::Approved)
        );
        assert_eq!(ProviderStatus::Pending.decide(&suspend), None);
        assert_eq!(
            ProviderStatus::Approved.decide(&suspend),
            Some(ProviderStatus::Suspended)
        );
        assert_eq!(
            ProviderStatus::Rejected.decide(&ProviderDecision::Approve),
            None
        );
    }

    #[test]
    fn a_refusal_needs_a_reason() {
        let reject = ProviderDecision::Reject {
            reason: " ".to_owned(),
        };
        assert_eq!(reject.reason(), Err(CatalogInputError::Empty));
        assert_eq!(ProviderDecision::Approve.reason(), Ok(None));
    }

    #[test]
    fn statuses_and_roles_round_trip_through_their_names() {
        for status in ProviderStatus::ALL {
            assert_eq!(ProviderStatus::parse(status.as_str()), Some(status));
        }
        for status in OfferStatus::ALL {
            assert_eq!(OfferStatus::parse(status.as_str()), Some(status));
        }
        for role in [ProviderRole::Owner, ProviderRole::Member] {
            assert_eq!(ProviderRole::parse(role.as_str()), Some(role));
        }
    }
}
