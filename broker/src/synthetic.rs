//! Deterministic synthetic marketplaces: catalogs and blueprints for tests, benchmarks and demos.
//!
//! The same `(size, seed)` always gives the same documents, on every platform, because the only
//! randomness is a small SplitMix64 generator written here. The figures aim at realism rather
//! than uniform noise: providers answer to EU, US or Swiss law and run in a few countries each,
//! prices follow the size of an offer and a provider's price level, carbon follows the power an
//! offer draws and the grid intensity of its country, some offers have little capacity left.

use serde_json::{Value, json};

use crate::format::{Blueprint, Catalog};

/// SplitMix64 (Steele, Lea and Flood, 2014): tiny, fast and good enough for test data.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` at least 1).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// The service domains of a marketplace.
pub const DOMAINS: [&str; 6] = [
    "compute", "storage", "database", "network", "platform", "software",
];

/// Countries and the carbon intensity of their grid, in g CO2e per kWh (rounded public figures).
const EU_COUNTRIES: [(&str, u64); 11] = [
    ("FR", 60),
    ("DE", 380),
    ("NL", 350),
    ("IE", 300),
    ("IT", 280),
    ("ES", 200),
    ("PL", 700),
    ("SE", 40),
    ("FI", 80),
    ("BE", 170),
    ("AT", 120),
];

fn intensity(country: &str) -> u64 {
    match country {
        "US" => 380,
        "CH" => 30,
        other => EU_COUNTRIES
            .iter()
            .find(|(c, _)| *c == other)
            .map_or(300, |(_, g)| *g),
    }
}

struct Provider {
    id: String,
    jurisdiction: &'static str,
    countries: Vec<&'static str>,
    certifications: Vec<&'static str>,
    /// Price level in percent of the market's.
    level: u64,
}

fn provider(index: usize, rng: &mut SplitMix64) -> Provider {
    let jurisdiction = match index % 10 {
        7 | 8 => "US",
        9 => "CH",
        _ => "EU",
    };
    let mut countries: Vec<&'static str> = match jurisdiction {
        "US" => vec!["US", "IE", "DE", "FR"],
        "CH" => vec!["CH"],
        _ => (0..1 + rng.below(3))
            .map(|_| rng.pick(&EU_COUNTRIES).0)
            .collect(),
    };
    countries.sort_unstable();
    countries.dedup();
    let mut certifications = Vec::new();
    for (name, percent) in [
        ("ISO27001", 90),
        ("SOC2", if jurisdiction == "US" { 100 } else { 25 }),
    ] {
        if rng.chance(percent) {
            certifications.push(name);
        }
    }
    if countries.contains(&"FR") && rng.chance(40) {
        certifications.push("HDS");
    }
    if countries.contains(&"FR") && jurisdiction == "EU" && rng.chance(20) {
        certifications.push("SecNumCloud");
    }
    if countries.contains(&"DE") && rng.chance(35) {
        certifications.push("C5");
    }
    Provider {
        id: format!("provider-{index:02}"),
        jurisdiction,
        countries,
        certifications,
        level: 75 + rng.below(60),
    }
}

/// An offer's attributes, list price in cents and power draw in watts, by domain.
fn sizing(domain: &str, rng: &mut SplitMix64) -> (Value, u64, u64) {
    match domain {
        "compute" | "platform" | "database" => {
            let vcpu = *rng.pick(&[1u64, 2, 4, 8, 16, 32, 64]);
            let ram = vcpu * *rng.pick(&[2u64, 4, 8]);
            let storage = *rng.pick(&[20u64, 40, 80, 160, 320, 640, 1280]);
            let premium = match domain {
                "database" => 170,
                "platform" => 130,
                _ => 100,
            };
            let price = (vcpu * 900 + ram * 250 + storage * 4) * premium / 100;
            let watts = vcpu * 8 + ram / 2 + storage / 100;
            (
                json!({"vcpu": vcpu, "ram_gb": ram, "storage_gb": storage}),
                price,
                watts,
            )
        }
        "storage" => {
            let storage = *rng.pick(&[100u64, 250, 500, 1000, 2000, 5000, 10000]);
            let iops = *rng.pick(&[1000u64, 3000, 10000]);
            (
                json!({"storage_gb": storage, "iops": iops}),
                storage * 2 + iops / 10,
                storage / 50 + 2,
            )
        }
        "network" => {
            let bandwidth = *rng.pick(&[100u64, 500, 1000, 10000]);
            (
                json!({"bandwidth_mbps": bandwidth}),
                500 + bandwidth * 3,
                5 + bandwidth / 200,
            )
        }
        _ => {
            let users = *rng.pick(&[10u64, 50, 100, 500, 1000]);
            (json!({"users": users}), users * 300, 2 + users / 20)
        }
    }
}

/// A catalog of `offers` offers from `providers` providers (at least one) across the six domains.
pub fn catalog(offers: usize, providers: usize, seed: u64) -> Catalog {
    let mut rng = SplitMix64::new(seed);
    let providers: Vec<Provider> = (0..providers.max(1))
        .map(|i| provider(i, &mut rng))
        .collect();
    let list: Vec<Value> = (0..offers)
        .map(|i| {
            let provider = &providers[i % providers.len()];
            let domain = *rng.pick(&DOMAINS);
            let country = *rng.pick(&provider.countries);
            let (attributes, list_price, watts) = sizing(domain, &mut rng);
            let price = list_price * provider.level / 100 * (90 + rng.below(21)) / 100;
            // Grams a month: watts over 730 hours at the grid's intensity, with a 1.3 PUE.
            let carbon = watts * 730 * intensity(country) * 13 / 10_000;
            let certifications: Vec<&str> = provider
                .certifications
                .iter()
                .copied()
                .filter(|_| rng.chance(90))
                .collect();
            let availability = *rng.pick(&[99.5, 99.9, 99.95, 99.99]);
            let mut offer = json!({
                "id": format!("{}-{domain}-{i:05}", provider.id),
                "provider": provider.id,
                "domain": domain,
                "name": format!("{} {domain} {i}", provider.id),
                "country": country,
                "jurisdiction": provider.jurisdiction,
                "attributes": attributes,
                "certifications": certifications,
                "availability": availability,
                "monthly_price_minor": price.max(1),
                "carbon_g_month": carbon,
            });
            if rng.chance(25) {
                offer["capacity"] = json!(1 + rng.below(40));
            }
            offer
        })
        .collect();
    let document = json!({"format": "comptoir.catalog/v1", "currency": "EUR", "offers": list});
    // The generator only writes valid offers; an empty catalog is the fallback if it ever did not.
    Catalog::from_value(document).unwrap_or_else(|_| empty_catalog())
}

fn empty_catalog() -> Catalog {
    let empty = json!({"format": "comptoir.catalog/v1", "currency": "EUR", "offers": []});
    Catalog::from_value(empty).unwrap_or_else(|e| unreachable!("the empty catalog is valid: {e}"))
}

/// Minimum sizes a component of `domain` may ask for.
fn minimum(domain: &str, rng: &mut SplitMix64) -> Value {
    match domain {
        "compute" | "platform" | "database" => {
            json!({"vcpu": *rng.pick(&[1, 2, 4]), "ram_gb": *rng.pick(&[2, 4, 8])})
        }
        "storage" => json!({"storage_gb": *rng.pick(&[100, 500, 1000])}),
        "network" => json!({"bandwidth_mbps": *rng.pick(&[100, 500])}),
        _ => json!({"users": *rng.pick(&[10, 50, 100])}),
    }
}

/// A blueprint of `components` components for `catalog`, with coupling constraints: pairs that
/// share a provider, pairs or triples on different providers, a provider count and a budget
/// (twice the sum of each component's cheapest offer of its domain and sizes).
pub fn blueprint(components: usize, seed: u64, catalog: &Catalog) -> Blueprint {
    let mut rng = SplitMix64::new(seed ^ 0xC0FF_EE00_D15C_0C0A);
    let mut list = Vec::with_capacity(components);
    let mut budget = 0u64;
    for i in 0..components {
        let domain = *rng.pick(&DOMAINS);
        let min = minimum(domain, &mut rng);
        let quantity = 1 + rng.below(4);
        let mut component = json!({"name": format!("{domain}-{i}"), "domain": domain, "quantity": quantity, "min": min});
        if rng.chance(20) {
            component["certifications"] = json!(["ISO27001"]);
        }
        let cheapest = catalog
            .offers()
            .iter()
            .filter(|o| o.domain() == domain)
            .filter(|o| {
                component["min"].as_object().is_some_and(|mins| {
                    mins.iter()
                        .all(|(k, v)| o.attribute(k).unwrap_or(-1.0) >= v.as_f64().unwrap_or(0.0))
                })
            })
            .map(|o| o.monthly_price_minor())
            .min()
            .unwrap_or(0);
        budget = budget.saturating_add(cheapest.saturating_mul(quantity));
        list.push(component);
    }
    let names: Vec<String> = list
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    // Coupling: components 5k and 5k+1 share a provider; 5k+2, 5k+3 (and 5k+4 every other
    // block) must use different providers.
    let mut same = Vec::new();
    let mut distinct = Vec::new();
    for block in names.chunks(5) {
        if block.len() >= 2 {
            same.push(vec![block[0].clone(), block[1].clone()]);
        }
        if block.len() >= 4 {
            let mut group = vec![block[2].clone(), block[3].clone()];
            if block.len() == 5 && rng.chance(50) {
                group.push(block[4].clone());
            }
            distinct.push(group);
        }
    }
    let max_providers = 3 + components / 8;
    let document = json!({
        "format": "comptoir.blueprint/v1",
        "name": format!("synthetic {components} components, seed {seed}"),
        "objective": if rng.chance(75) { "cost" } else { "carbon" },
        "components": list,
        "constraints": {
            "jurisdictions": ["EU", "CH"],
            "min_availability": 99.9,
            "max_monthly_minor": budget.saturating_mul(2),
            "same_provider": same,
            "distinct_providers": distinct,
            "max_providers": max_providers,
        }
    });
    Blueprint::from_value(document)
        .unwrap_or_else(|e| unreachable!("generated blueprints are valid: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_catalog_and_another_seed_another() {
        assert_eq!(catalog(300, 10, 1), catalog(300, 10, 1));
        assert_ne!(catalog(300, 10, 1), catalog(300, 10, 2));
    }

    #[test]
    fn a_catalog_has_the_asked_size_and_every_domain() {
        let cat = catalog(1200, 50, 3);
        assert_eq!(cat.offers().len(), 1200);
        for domain in DOMAINS {
            assert!(
                cat.offers().iter().any(|o| o.domain() == domain),
                "{domain}"
            );
        }
        let providers: std::collections::BTreeSet<&str> =
            cat.offers().iter().map(|o| o.provider().as_str()).collect();
        assert_eq!(providers.len(), 50);
    }

    #[test]
    fn a_blueprint_has_the_asked_components_and_coupling_constraints() {
        let cat = catalog(500, 10, 4);
        let bp = blueprint(20, 4, &cat);
        assert_eq!(bp.components().len(), 20);
        assert_eq!(bp.constraints().same_provider().len(), 4);
        assert_eq!(bp.constraints().distinct_providers().len(), 4);
        assert_eq!(bp.constraints().max_providers(), Some(5));
        assert!(bp.constraints().max_monthly_minor().is_some());
    }
}
