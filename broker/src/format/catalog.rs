//! The catalog document (`comptoir.catalog/v1`): the offers a broker can choose from.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

use crate::money::Currency;

use super::{
    CATALOG_FORMAT, CountryCode, FormatError, Location, OfferId, ProviderId, from_value,
    non_negative_integer, object_with_format, parse_object,
};

/// A validated catalog: offer ids are unique and every number is in range.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    currency: Currency,
    offers: Vec<Offer>,
}

/// One offer of a catalog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Offer {
    id: OfferId,
    provider: ProviderId,
    domain: String,
    name: String,
    country: CountryCode,
    jurisdiction: String,
    attributes: BTreeMap<String, f64>,
    certifications: BTreeSet<String>,
    availability: f64,
    monthly_price_minor: u64,
    carbon_g_month: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    capacity: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(rename = "format")]
    _format: String,
    currency: String,
    offers: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffer {
    id: String,
    provider: String,
    domain: String,
    name: String,
    country: String,
    jurisdiction: String,
    attributes: BTreeMap<String, Number>,
    certifications: Vec<String>,
    availability: Number,
    monthly_price_minor: Number,
    carbon_g_month: Number,
    #[serde(default)]
    capacity: Option<Number>,
}

impl Catalog {
    /// Reads a catalog document.
    pub fn from_json(text: &str) -> Result<Self, FormatError> {
        Self::from_map(parse_object(text, CATALOG_FORMAT)?)
    }

    /// Reads a catalog document that is already parsed as JSON.
    pub fn from_value(value: Value) -> Result<Self, FormatError> {
        Self::from_map(object_with_format(value, CATALOG_FORMAT)?)
    }

    fn from_map(map: serde_json::Map<String, Value>) -> Result<Self, FormatError> {
        let raw: RawCatalog = from_value(&Location::Document, Value::Object(map))?;
        let currency = Currency::parse(&raw.currency).map_err(|_| {
            let code = &raw.currency;
            let problem =
                format!("expected an ISO 4217 code (three upper-case letters), got {code:?}");
            FormatError::field(Location::Document, "currency", problem)
        })?;
        let mut seen = BTreeSet::new();
        let mut offers = Vec::with_capacity(raw.offers.len());
        for (index, value) in raw.offers.into_iter().enumerate() {
            let offer = Offer::from_value(index, value)?;
            if !seen.insert(offer.id.clone()) {
                return Err(FormatError::DuplicateOffer(offer.id.as_str().to_owned()));
            }
            offers.push(offer);
        }
        Ok(Self { currency, offers })
    }

    /// Writes the catalog document.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Document<'a> {
            format: &'a str,
            currency: Currency,
            offers: &'a [Offer],
        }
        let document = Document {
            format: CATALOG_FORMAT,
            currency: self.currency,
            offers: &self.offers,
        };
        // Serialising plain structs of strings, numbers and maps into a string cannot fail.
        serde_json::to_string_pretty(&document).unwrap_or_default()
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn offers(&self) -> &[Offer] {
        &self.offers
    }
}

impl Offer {
    fn from_value(index: usize, value: Value) -> Result<Self, FormatError> {
        // Name the offer by id in every error when the id can be read at all.
        let at = match value.get("id").and_then(Value::as_str) {
            Some(id) if !id.trim().is_empty() => Location::Offer(id.to_owned()),
            _ => Location::OfferAt(index),
        };
        let raw: RawOffer = from_value(&at, value)?;
        let field = |name: &str, e: String| FormatError::field(at.clone(), name, e);
        let mut attributes = BTreeMap::new();
        for (key, number) in raw.attributes {
            let size = number
                .as_f64()
                .ok_or_else(|| field("attributes", format!("{key}: {number} is not a number")))?;
            attributes.insert(key, size);
        }
        let availability = raw.availability.as_f64().unwrap_or(f64::NAN);
        if !(0.0..=100.0).contains(&availability) {
            return Err(field(
                "availability",
                format!(
                    "expected a percentage from 0 to 100, got {}",
                    raw.availability
                ),
            ));
        }
        Ok(Self {
            id: OfferId::parse(&raw.id).map_err(|e| field("id", e))?,
            provider: ProviderId::parse(&raw.provider).map_err(|e| field("provider", e))?,
            domain: raw.domain,
            name: raw.name,
            country: CountryCode::parse(&raw.country).map_err(|e| field("country", e))?,
            jurisdiction: raw.jurisdiction,
            attributes,
            certifications: raw.certifications.into_iter().collect(),
            availability,
            monthly_price_minor: non_negative_integer(
                &at,
                "monthly_price_minor",
                &raw.monthly_price_minor,
            )?,
            carbon_g_month: non_negative_integer(&at, "carbon_g_month", &raw.carbon_g_month)?,
            capacity: raw
                .capacity
                .map(|number| non_negative_integer(&at, "capacity", &number))
                .transpose()?,
        })
    }

    pub fn id(&self) -> &OfferId {
        &self.id
    }

    pub fn provider(&self) -> &ProviderId {
        &self.provider
    }

    pub fn domain(&self) -> &str {
        &self.domain
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn country(&self) -> CountryCode {
        self.country
    }

    pub fn jurisdiction(&self) -> &str {
        &self.jurisdiction
    }

    pub fn attributes(&self) -> &BTreeMap<String, f64> {
        &self.attributes
    }

    /// The size of one attribute, if the offer states it.
    pub fn attribute(&self, key: &str) -> Option<f64> {
        self.attributes.get(key).copied()
    }

    pub fn certifications(&self) -> &BTreeSet<String> {
        &self.certifications
    }

    /// The SLA's monthly availability, in percent.
    pub fn availability(&self) -> f64 {
        self.availability
    }

    pub fn monthly_price_minor(&self) -> u64 {
        self.monthly_price_minor
    }

    pub fn carbon_g_month(&self) -> u64 {
        self.carbon_g_month
    }

    /// Units still for sale; `None` means unlimited.
    pub fn capacity(&self) -> Option<u64> {
        self.capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog_with(offer_fields: &str) -> Result<Catalog, FormatError> {
        Catalog::from_json(&format!(
            r#"{{"format": "comptoir.catalog/v1", "currency": "EUR", "offers": [{{
                "id": "x", "provider": "p", "domain": "compute", "name": "X", "country": "FR",
                "jurisdiction": "EU", "attributes": {{"vcpu": 2}}, "certifications": ["HDS"],
                "availability": 99.9, {offer_fields}}}]}}"#
        ))
    }

    #[test]
    fn a_valid_offer_is_read_with_its_fields() {
        let catalog =
            catalog_with(r#""monthly_price_minor": 1150, "carbon_g_month": 1200, "capacity": 40"#)
                .expect("valid");
        let offer = &catalog.offers()[0];
        assert_eq!(offer.monthly_price_minor(), 1150);
        assert_eq!(offer.capacity(), Some(40));
        assert_eq!(offer.attribute("vcpu"), Some(2.0));
        assert_eq!(catalog.currency().as_str(), "EUR");
    }

    #[test]
    fn a_float_price_is_rejected_naming_the_offer_and_field() {
        let err =
            catalog_with(r#""monthly_price_minor": 11.5, "carbon_g_month": 1"#).expect_err("float");
        assert_eq!(
            err.to_string(),
            r#"offer "x": field monthly_price_minor: expected a non-negative integer, got 11.5"#
        );
    }

    #[test]
    fn a_negative_carbon_or_capacity_is_rejected() {
        let err = catalog_with(r#""monthly_price_minor": 1, "carbon_g_month": -3"#)
            .expect_err("negative");
        assert!(err.to_string().contains("field carbon_g_month"), "{err}");
        let err = catalog_with(r#""monthly_price_minor": 1, "carbon_g_month": 3, "capacity": 2.5"#)
            .expect_err("float capacity");
        assert!(err.to_string().contains("field capacity"), "{err}");
    }

    #[test]
    fn an_unknown_offer_field_is_rejected_naming_the_offer() {
        let err = catalog_with(r#""monthly_price_minor": 1, "carbon_g_month": 3, "colour": "red""#)
            .expect_err("unknown field");
        let text = err.to_string();
        assert!(
            text.starts_with(r#"offer "x": unknown field `colour`"#),
            "{text}"
        );
    }

    #[test]
    fn a_missing_required_field_is_rejected() {
        let err = catalog_with(r#""monthly_price_minor": 1"#).expect_err("no carbon");
        assert!(
            err.to_string().contains("missing field `carbon_g_month`"),
            "{err}"
        );
    }

    #[test]
    fn a_repeated_offer_id_is_rejected() {
        let offer = r#"{"id": "x", "provider": "p", "domain": "compute", "name": "X", "country": "FR",
            "jurisdiction": "EU", "attributes": {}, "certifications": [], "availability": 99.9,
            "monthly_price_minor": 1, "carbon_g_month": 1}"#;
        let text = format!(
            r#"{{"format": "comptoir.catalog/v1", "currency": "EUR", "offers": [{offer}, {offer}]}}"#
        );
        assert_eq!(
            Catalog::from_json(&text),
            Err(FormatError::DuplicateOffer("x".to_owned()))
        );
    }

    #[test]
    fn a_catalog_survives_writing_and_reading_back() {
        let catalog =
            catalog_with(r#""monthly_price_minor": 1150, "carbon_g_month": 1200"#).expect("valid");
        assert_eq!(Catalog::from_json(&catalog.to_json()), Ok(catalog));
    }
}
