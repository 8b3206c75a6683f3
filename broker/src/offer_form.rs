//! The offer form as a provider member types it: every field is text, since a person may type
//! anything. This turns it into an offer's terms, with an error for each field that does not
//! read, and back (to fill the form with an offer's current terms).
//!
//! The field texts:
//! - attributes: `vcpu=4, ram_gb=16` (a comma or a new line between pairs, `=` or `:` inside);
//! - certifications: `ISO27001, HDS`;
//! - availability in percent (`99.95`), price in currency units (`12.50`, with as many decimals
//!   as the currency has), carbon in grams per month, capacity in units (blank is unlimited);
//! - meters: one a line, `egress_gb: 0.02 per 1 GB, 100 included` (the whole syntax is in
//!   [`meters`]).

mod meters;

use crate::account::Field;
use crate::catalog::{CatalogInputError, NewOffer, OfferDetail, OfferTerms};
use crate::format::CountryCode;
use crate::money::{Currency, MARKETPLACE_CURRENCY, Money};
use crate::search::fixed_point;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

type FieldErrors = Vec<(Field, CatalogInputError)>;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferForm {
    pub external_id: String,
    pub domain: String,
    pub name: String,
    pub tagline: String,
    pub description: String,
    pub unit: String,
    pub country: String,
    pub jurisdiction: String,
    pub attributes: String,
    pub certifications: String,
    pub availability: String,
    pub currency: String,
    pub price: String,
    pub carbon: String,
    pub capacity: String,
    /// One meter a line; absent from a form that predates meters.
    #[serde(default)]
    pub meters: String,
}

/// A whole number of 0 or more, or a field error.
fn whole(raw: &str) -> Result<i64, CatalogInputError> {
    let raw = raw.trim();
    if raw.starts_with('-') {
        return Err(CatalogInputError::Negative);
    }
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CatalogInputError::Number);
    }
    raw.parse().map_err(|_| CatalogInputError::TooLarge)
}

/// A decimal with at most `places` decimals, in units of the last place ("12.5" at two places
/// is 1250).
fn fixed(raw: &str, places: u32) -> Result<i64, CatalogInputError> {
    if raw.trim().starts_with('-') {
        return Err(CatalogInputError::Negative);
    }
    fixed_point(&Some(raw.to_owned()), places).ok_or(CatalogInputError::Number)
}

fn country(raw: &str) -> Result<CountryCode, CatalogInputError> {
    CountryCode::parse(&raw.trim().to_ascii_uppercase()).map_err(|_| CatalogInputError::Country)
}

fn currency(raw: &str) -> Result<Currency, CatalogInputError> {
    Currency::parse(&raw.trim().to_ascii_uppercase()).map_err(|_| CatalogInputError::Currency)
}

/// Sizes typed `vcpu=4, ram_gb: 16` (a comma or a new line between pairs).
pub(crate) fn attributes(raw: &str) -> Result<BTreeMap<String, f64>, CatalogInputError> {
    raw.split([',', '\n'])
        .map(str::trim)
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair
                .split_once(['=', ':'])
                .ok_or(CatalogInputError::Attribute)?;
            let value: f64 = value
                .trim()
                .parse()
                .map_err(|_| CatalogInputError::Attribute)?;
            Ok((key.trim().to_ascii_lowercase(), value))
        })
        .collect()
}

fn certifications(raw: &str) -> BTreeSet<String> {
    raw.split([',', '\n'])
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The value of a field that reads, or `stand_in` with the field's error noted.
fn read<T>(
    errors: &mut FieldErrors,
    field: Field,
    outcome: Result<T, CatalogInputError>,
    stand_in: T,
) -> T {
    outcome.unwrap_or_else(|err| {
        errors.push((field, err));
        stand_in
    })
}

/// `1250` at two places as `12.50`; `7` at none as `7`.
fn decimal(value: i64, places: u32) -> String {
    if places == 0 {
        return value.to_string();
    }
    let scale = 10i64.pow(places);
    let width = places as usize;
    format!("{}.{:0width$}", value / scale, value % scale)
}

/// A size as typed back: `4`, not `4.0`.
pub(crate) fn size(value: f64) -> String {
    format!("{value}")
}

impl OfferForm {
    /// The form filled with an offer's current terms and capacity.
    pub fn from_detail(detail: &OfferDetail) -> Self {
        let mut form = Self {
            external_id: detail.external_id.clone(),
            domain: detail.domain.clone(),
            capacity: detail.capacity.map(|c| c.to_string()).unwrap_or_default(),
            ..Self::default()
        };
        if let Some(current) = detail.current() {
            form.set_terms(&current.terms);
        }
        form
    }

    fn set_terms(&mut self, terms: &OfferTerms) {
        self.name = terms.name.clone();
        self.tagline = terms.tagline.clone();
        self.description = terms.description.clone();
        self.unit = terms.unit.clone();
        self.country = terms.country.to_string();
        self.jurisdiction = terms.jurisdiction.clone();
        self.attributes = terms
            .attributes
            .iter()
            .map(|(key, value)| format!("{key}={}", size(*value)))
            .collect::<Vec<_>>()
            .join(", ");
        self.certifications = terms
            .certifications
            .iter()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        self.availability = decimal(i64::from(terms.availability_bp), 2);
        let currency = terms.monthly_price.currency();
        self.currency = currency.to_string();
        self.price = decimal(terms.monthly_price.minor(), currency.exponent());
        self.carbon = terms.carbon_g_month.to_string();
        self.meters = meters::write(&terms.meters, currency);
    }

    /// The capacity typed: blank is unlimited.
    pub fn capacity(&self) -> Result<Option<i64>, CatalogInputError> {
        if self.capacity.trim().is_empty() {
            Ok(None)
        } else {
            whole(&self.capacity).map(Some)
        }
    }

    /// The offer this form describes, or every field that does not read or breaks a rule.
    pub fn new_offer(&self) -> Result<NewOffer, FieldErrors> {
        let mut errors = Vec::new();
        // A field that does not read is noted and stands in as `stand_in`, so the rules of the
        // other fields are still checked; any error keeps the offer from being returned.
        let availability = read(
            &mut errors,
            Field::Availability,
            fixed(&self.availability, 2),
            0,
        );
        let carbon = read(&mut errors, Field::Carbon, whole(&self.carbon), 0);
        let country = read(
            &mut errors,
            Field::Country,
            country(&self.country),
            CountryCode::STAND_IN,
        );
        let currency = read(
            &mut errors,
            Field::Currency,
            currency(&self.currency),
            MARKETPLACE_CURRENCY,
        );
        let price = read(
            &mut errors,
            Field::Price,
            fixed(&self.price, currency.exponent()),
            0,
        );
        let meters = read(
            &mut errors,
            Field::Meters,
            meters::read(&self.meters, currency),
            Vec::new(),
        );
        let capacity = self
            .capacity()
            .map_err(|err| errors.push((Field::Capacity, err)))
            .ok()
            .flatten();
        let attributes = attributes(&self.attributes)
            .map_err(|err| errors.push((Field::Attributes, err)))
            .unwrap_or_default();
        let availability_bp = match u32::try_from(availability) {
            Ok(bp) if bp <= 10_000 => bp,
            _ => {
                errors.push((Field::Availability, CatalogInputError::Availability));
                0
            }
        };
        let offer = NewOffer {
            external_id: self.external_id.clone(),
            domain: self.domain.clone(),
            terms: OfferTerms {
                name: self.name.clone(),
                description: self.description.clone(),
                tagline: self.tagline.clone(),
                unit: self.unit.clone(),
                country,
                jurisdiction: self.jurisdiction.clone(),
                attributes,
                certifications: certifications(&self.certifications),
                availability_bp,
                monthly_price: Money::new(price, currency),
                carbon_g_month: carbon,
                meters,
            },
            capacity,
        };
        // The rules of the offer itself, for the fields that did read.
        if let Err(more) = offer.validate() {
            for (field, err) in more {
                if !errors.iter().any(|(f, _)| *f == field) {
                    errors.push((field, err));
                }
            }
        }
        if errors.is_empty() {
            Ok(offer)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests;
