//! The demo marketplace that a fresh Comptoir loads on its first start: invented providers and
//! the offers generated from `data/demo-marketplace.json`. Pure: this module reads the file and
//! produces the applications and offers; `service::demo` records them through the ordinary use
//! cases.
//!
//! The file is compact on purpose: each provider names its regions, its domains, a price factor
//! and a capacity factor, and every domain lists its sizes once. One offer is generated per
//! provider, region, domain and size, in the file's order, so the result is the same on every
//! start. An offer's carbon per unit per month is its energy use (the sum of its attributes times
//! the file's kWh coefficients) times the grid intensity of its country, rounded to the gram; the
//! file names the public source of the intensities.

use crate::billing::Meter;
use crate::catalog::{self, NewOffer, OfferTerms, ProviderApplication};
use crate::format::CountryCode;
use crate::money::{Currency, Money};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

const DATA: &str = include_str!("../data/demo-marketplace.json");

/// Why the demo file could not become a marketplace.
#[derive(Debug, thiserror::Error)]
pub enum DemoDataError {
    #[error("the demo file is not valid JSON for its shape: {0}")]
    Json(#[from] serde_json::Error),
    #[error("provider {provider} sells in {country}, which has no grid intensity")]
    NoIntensity { provider: String, country: String },
    #[error("provider {provider} names the unknown domain {domain}")]
    UnknownDomain { provider: String, domain: String },
    #[error("attribute {0} has no energy coefficient")]
    NoEnergy(String),
    #[error("provider {0} has an availability outside 0 to 100")]
    Availability(String),
    #[error("a generated price or carbon value is out of range for {0}")]
    OutOfRange(String),
}

#[derive(Debug, Deserialize)]
struct File {
    currency: Currency,
    grid_intensity: GridIntensity,
    energy: Energy,
    domains: BTreeMap<String, Domain>,
    providers: Vec<ProviderTemplate>,
}

#[derive(Debug, Deserialize)]
struct GridIntensity {
    source: String,
    values: BTreeMap<String, f64>,
}

#[derive(Debug, Deserialize)]
struct Energy {
    kwh_month: BTreeMap<String, f64>,
}

#[derive(Debug, Deserialize)]
struct Domain {
    unit: String,
    sizes: Vec<Size>,
}

#[derive(Debug, Deserialize)]
struct Size {
    id: String,
    name: String,
    tagline: String,
    attributes: BTreeMap<String, f64>,
    price_minor: i64,
    capacity: i64,
    #[serde(default)]
    meters: Vec<Meter>,
}

#[derive(Debug, Deserialize)]
struct ProviderTemplate {
    slug: String,
    legal_name: String,
    brand: String,
    country: String,
    jurisdiction: String,
    description: String,
    regions: Vec<CountryCode>,
    domains: Vec<String>,
    price_pct: i64,
    capacity_pct: i64,
    availability: f64,
    certifications: Vec<String>,
}

/// One demo provider: what it applies with, and the offers it then publishes.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoProvider {
    pub application: ProviderApplication,
    pub offers: Vec<NewOffer>,
}

/// The whole demo marketplace, providers in the file's order.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoMarketplace {
    pub providers: Vec<DemoProvider>,
    /// Where the grid intensities come from, as the file names it.
    pub intensity_source: String,
    /// Grid intensity per country code, in gCO2e per kWh.
    pub intensities: BTreeMap<String, f64>,
    /// Energy per unit of each attribute, in kWh per month.
    pub kwh_month: BTreeMap<String, f64>,
}

impl DemoMarketplace {
    /// Every offer of every provider.
    pub fn offers(&self) -> impl Iterator<Item = &NewOffer> {
        self.providers
            .iter()
            .flat_map(|provider| provider.offers.iter())
    }
}

/// The energy an offer of these attributes uses in a month, in kWh.
pub fn energy_kwh_month(
    attributes: &BTreeMap<String, f64>,
    kwh_month: &BTreeMap<String, f64>,
) -> Result<f64, DemoDataError> {
    attributes.iter().try_fold(0.0, |total, (name, size)| {
        let per_unit = kwh_month
            .get(name)
            .ok_or_else(|| DemoDataError::NoEnergy(name.clone()))?;
        Ok(total + size * per_unit)
    })
}

/// Grams of CO2e for `kwh` at `intensity` gCO2e/kWh, rounded to the gram.
pub fn carbon_g(kwh: f64, intensity: f64) -> Option<i64> {
    let grams = (kwh * intensity).round();
    // The range check makes the cast exact.
    (0.0..=1e12).contains(&grams).then_some(grams as i64)
}

/// Reads the demo file compiled into Comptoir.
pub fn marketplace() -> Result<DemoMarketplace, DemoDataError> {
    from_json(DATA)
}

fn from_json(json: &str) -> Result<DemoMarketplace, DemoDataError> {
    let file: File = serde_json::from_str(json)?;
    let providers = file
        .providers
        .iter()
        .map(|template| provider(&file, template))
        .collect::<Result<_, _>>()?;
    Ok(DemoMarketplace {
        providers,
        intensity_source: file.grid_intensity.source,
        intensities: file.grid_intensity.values,
        kwh_month: file.energy.kwh_month,
    })
}

fn provider(file: &File, template: &ProviderTemplate) -> Result<DemoProvider, DemoDataError> {
    let application = ProviderApplication {
        slug: template.slug.clone(),
        legal_name: template.legal_name.clone(),
        country: template.country.clone(),
        jurisdiction: template.jurisdiction.clone(),
        website: format!("https://{}.example", template.slug),
        description: template.description.clone(),
        support_contact: format!("support@{}.example", template.slug),
    };
    let availability_bp = catalog::availability_bp(template.availability)
        .ok_or_else(|| DemoDataError::Availability(template.slug.clone()))?;
    let certifications: BTreeSet<String> = template.certifications.iter().cloned().collect();
    let mut offers = Vec::new();
    for region in &template.regions {
        let intensity = *file
            .grid_intensity
            .values
            .get(region.as_str())
            .ok_or_else(|| DemoDataError::NoIntensity {
                provider: template.slug.clone(),
                country: region.to_string(),
            })?;
        for domain_name in &template.domains {
            let domain =
                file.domains
                    .get(domain_name)
                    .ok_or_else(|| DemoDataError::UnknownDomain {
                        provider: template.slug.clone(),
                        domain: domain_name.clone(),
                    })?;
            for size in &domain.sizes {
                let external_id = format!(
                    "{domain_name}-{}-{}",
                    size.id,
                    region.as_str().to_lowercase()
                );
                let out_of_range = || DemoDataError::OutOfRange(external_id.clone());
                let kwh = energy_kwh_month(&size.attributes, &file.energy.kwh_month)?;
                let carbon_g_month = carbon_g(kwh, intensity).ok_or_else(out_of_range)?;
                // Integer percent of integer cents, rounded half up: money never passes
                // through floating point.
                let monthly_price_minor = size
                    .price_minor
                    .checked_mul(template.price_pct)
                    .map(|scaled| (scaled + 50) / 100)
                    .ok_or_else(out_of_range)?;
                let capacity = size
                    .capacity
                    .checked_mul(template.capacity_pct)
                    .map(|scaled| scaled / 100)
                    .ok_or_else(out_of_range)?;
                offers.push(NewOffer {
                    terms: OfferTerms {
                        name: format!("{} {} ({region})", template.brand, size.name),
                        description: format!(
                            "{} by {}, hosted in {region}.",
                            size.tagline, template.legal_name
                        ),
                        tagline: size.tagline.clone(),
                        unit: domain.unit.clone(),
                        country: *region,
                        jurisdiction: template.jurisdiction.clone(),
                        attributes: size.attributes.clone(),
                        certifications: certifications.clone(),
                        availability_bp,
                        monthly_price: Money::new(monthly_price_minor, file.currency),
                        carbon_g_month,
                        meters: size.meters.clone(),
                    },
                    external_id,
                    domain: domain_name.clone(),
                    capacity: Some(capacity),
                });
            }
        }
    }
    Ok(DemoProvider {
        application,
        offers,
    })
}

#[cfg(test)]
mod tests;
