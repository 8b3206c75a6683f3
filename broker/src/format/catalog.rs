//! The catalog document (`comptoir.catalog/v1`): the offers a broker can choose from.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

use crate::billing::Meter;
use crate::money::Currency;

use super::{
    CATALOG_FORMAT, CountryCode, FormatError, Location, OfferId, ProviderId, from_value,
    non_negative_integer, object_with_format, parse_object,
};

mod meters;

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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    meters: Vec<Meter>,
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
    #[serde(default)]
    meters: Option<Vec<Value>>,
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
            meters: meters::read(&at, raw.meters)?,
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

    /// The metered usage priced on top of the monthly price, in minor units of the catalog's
    /// currency; none when the document gives none.
    pub fn meters(&self) -> &[Meter] {
        &self.meters
    }
}

#[cfg(test)]
mod tests;
