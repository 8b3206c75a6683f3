//! What an export covers and how listed offers become a catalog document.

use crate::catalog::OfferListing;
use crate::format::{self, CATALOG_FORMAT, FormatError};
use crate::money::MARKETPLACE_CURRENCY;
use crate::search::{CatalogFilters, CatalogSearch, CatalogSort};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Which offers an export holds: always the public catalog (published offers of approved
/// providers, at their current version, priced in the marketplace's currency), narrowed to one
/// provider and to the offers a catalog search finds, every page of it, in its order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportScope {
    /// A provider's slug.
    pub provider: Option<String>,
    pub search: CatalogSearch,
}

impl ExportScope {
    /// The whole public catalog.
    pub fn marketplace() -> Self {
        Self::default()
    }

    /// The public offers of one provider.
    pub fn provider(slug: &str) -> Self {
        Self {
            provider: Some(slug.trim().to_ascii_lowercase()),
            search: CatalogSearch::default(),
        }
    }

    /// Every offer a catalog search finds (its page does not matter).
    pub fn search(search: CatalogSearch) -> Self {
        Self {
            provider: None,
            search,
        }
    }
}

/// A filter of the catalog page that an export cannot apply as given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FilterProblem {
    pub field: String,
    pub message: String,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The search of the catalog page's filters, refusing what the page would quietly drop (a
/// malformed number, an unknown sort): a script that exports with a typo gets an error rather
/// than a larger catalog than it asked for. The page number is ignored.
pub fn export_search(filters: &CatalogFilters) -> Result<CatalogSearch, FilterProblem> {
    let search = filters.search();
    let numbers = [
        (
            "min_availability",
            &filters.min_availability,
            search.min_availability_bp,
            "a percentage from 0 to 100 with at most two decimals",
        ),
        (
            "min_price",
            &filters.min_price,
            search.min_price_minor,
            "an amount of 0 or more with at most two decimals",
        ),
        (
            "max_price",
            &filters.max_price,
            search.max_price_minor,
            "an amount of 0 or more with at most two decimals",
        ),
        (
            "max_carbon",
            &filters.max_carbon,
            search.max_carbon_g_month,
            "a whole number of grams, 0 or more",
        ),
    ];
    for (field, raw, parsed, expected) in numbers {
        if let (Some(raw), None) = (given(raw), parsed) {
            return Err(FilterProblem {
                field: field.to_owned(),
                message: format!("expected {expected}, got {raw:?}"),
            });
        }
    }
    if let Some(sort) = given(&filters.sort)
        && CatalogSort::parse(sort).is_none()
    {
        let known: Vec<&str> = CatalogSort::ALL.iter().map(|s| s.as_str()).collect();
        return Err(FilterProblem {
            field: "sort".to_owned(),
            message: format!("expected one of {}, got {sort:?}", known.join(", ")),
        });
    }
    Ok(CatalogSearch { page: 1, ..search })
}

/// The catalog document of `offers`, in their order. Offer ids are unique per provider only, so
/// a document that spans several providers names every offer `provider/id`; a document of one
/// provider uses its own ids, except one that starts with `provider/` itself. Offers priced in
/// another currency than the marketplace's are left out, since a document has one currency.
pub fn catalog_document(offers: &[OfferListing]) -> Result<format::Catalog, FormatError> {
    let offers: Vec<&OfferListing> = offers
        .iter()
        .filter(|offer| offer.terms.monthly_price.currency() == MARKETPLACE_CURRENCY)
        .collect();
    let providers: BTreeSet<&str> = offers.iter().map(|o| o.provider_slug.as_str()).collect();
    let qualify = providers.len() > 1;
    let offers: Vec<Value> = offers
        .iter()
        .map(|offer| {
            let terms = &offer.terms;
            // An id that the reader would take as prefixed keeps its prefix, so it reads back.
            let id = if qualify
                || super::import::own_id(&offer.external_id, offer.provider_slug.as_str())
                    != offer.external_id
            {
                format!("{}/{}", offer.provider_slug, offer.external_id)
            } else {
                offer.external_id.clone()
            };
            let mut value = json!({
                "id": id,
                "provider": offer.provider_slug,
                "domain": offer.domain,
                "name": terms.name,
                "country": terms.country,
                "jurisdiction": terms.jurisdiction,
                "attributes": terms.attributes,
                "certifications": terms.certifications,
                "availability": f64::from(terms.availability_bp) / 100.0,
                "monthly_price_minor": terms.monthly_price.minor(),
                "carbon_g_month": terms.carbon_g_month,
            });
            if let Value::Object(map) = &mut value {
                if let Some(capacity) = offer.capacity {
                    map.insert("capacity".to_owned(), capacity.into());
                }
                // Absent rather than empty, so that documents of offers without meters keep
                // their shape.
                if !terms.meters.is_empty() {
                    map.insert("meters".to_owned(), json!(terms.meters));
                }
            }
            value
        })
        .collect();
    format::Catalog::from_value(json!({
        "format": CATALOG_FORMAT,
        "currency": MARKETPLACE_CURRENCY.as_str(),
        "offers": offers,
    }))
}
