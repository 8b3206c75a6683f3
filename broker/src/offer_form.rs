//! The offer form as a provider member types it: every field is text, since a person may type
//! anything. This turns it into an offer's terms, with an error for each field that does not
//! read, and back (to fill the form with an offer's current terms).
//!
//! The field texts:
//! - attributes: `vcpu=4, ram_gb=16` (a comma or a new line between pairs, `=` or `:` inside);
//! - certifications: `ISO27001, HDS`;
//! - availability in percent (`99.95`), price in currency units (`12.50`, with as many decimals
//!   as the currency has), carbon in grams per month, capacity in units (blank is unlimited).

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
mod tests {
    use super::*;
    use crate::catalog::{OfferId, OfferStatus, OfferVersion, ProviderId};

    fn filled() -> OfferForm {
        OfferForm {
            external_id: "vm-s".into(),
            domain: "Compute".into(),
            name: "VM small".into(),
            tagline: "2 vCPU".into(),
            description: String::new(),
            unit: "instance".into(),
            country: "fr".into(),
            jurisdiction: "eu".into(),
            attributes: "vcpu=2, ram_gb: 4\nstorage_gb=40.5".into(),
            certifications: "ISO27001, HDS, ".into(),
            availability: "99,95".into(),
            currency: "EUR".into(),
            price: "12.5".into(),
            carbon: "1200".into(),
            capacity: " ".into(),
        }
    }

    #[test]
    fn a_filled_form_reads_as_an_offer_in_minor_units_and_basis_points() {
        let offer = filled().new_offer().unwrap();
        assert_eq!(offer.terms.monthly_price, Money::new(1250, Currency::EUR));
        assert_eq!(offer.terms.country.as_str(), "FR");
        assert_eq!(offer.terms.availability_bp, 9995);
        assert_eq!(offer.terms.carbon_g_month, 1200);
        assert_eq!(offer.capacity, None);
        assert_eq!(offer.terms.attributes["ram_gb"], 4.0);
        assert_eq!(offer.terms.attributes["storage_gb"], 40.5);
        assert_eq!(
            offer.terms.certifications.iter().collect::<Vec<_>>(),
            ["HDS", "ISO27001"]
        );
    }

    #[test]
    fn every_field_that_does_not_read_is_named_once() {
        let form = OfferForm {
            name: " ".into(),
            attributes: "vcpu".into(),
            availability: "101".into(),
            price: "-3".into(),
            carbon: "a lot".into(),
            capacity: "1.5".into(),
            country: "France".into(),
            ..filled()
        };
        let errors = form.new_offer().unwrap_err();
        let expected = [
            (Field::Price, CatalogInputError::Negative),
            (Field::Carbon, CatalogInputError::Number),
            (Field::Capacity, CatalogInputError::Number),
            (Field::Attributes, CatalogInputError::Attribute),
            (Field::Availability, CatalogInputError::Availability),
            (Field::OfferName, CatalogInputError::Empty),
            (Field::Country, CatalogInputError::Country),
        ];
        for pair in expected {
            assert!(errors.contains(&pair), "{pair:?} missing from {errors:?}");
        }
        assert_eq!(errors.len(), expected.len(), "{errors:?}");
    }

    #[test]
    fn a_price_with_three_decimals_is_refused_not_rounded() {
        let form = OfferForm {
            price: "1.005".into(),
            ..filled()
        };
        assert_eq!(
            form.new_offer().unwrap_err(),
            [(Field::Price, CatalogInputError::Number)]
        );
    }

    #[test]
    fn an_offer_fills_the_form_it_reads_back_from() {
        let terms = filled().new_offer().unwrap().terms.validate().unwrap();
        let detail = OfferDetail {
            id: OfferId::new(1),
            provider: ProviderId::new(1),
            external_id: "vm-s".into(),
            domain: "compute".into(),
            status: OfferStatus::Draft,
            review_reason: None,
            capacity: Some(7),
            current_version: 1,
            published_once: false,
            created_at: 0,
            versions: vec![OfferVersion {
                version: 1,
                terms: terms.get().clone(),
                effective_from: 0,
            }],
        };
        let form = OfferForm::from_detail(&detail);
        assert_eq!(form.price, "12.50");
        assert_eq!(form.availability, "99.95");
        assert_eq!(form.capacity, "7");
        assert_eq!(form.attributes, "ram_gb=4, storage_gb=40.5, vcpu=2");
        let again = form.new_offer().unwrap();
        assert_eq!(&again.terms, terms.get());
        assert_eq!(again.capacity, Some(7));
    }
}
