//! Which offers fit a component, and which requirement excluded the others.
//!
//! The requirements are applied in a fixed order (domain, attributes, certifications, countries,
//! jurisdictions, availability, capacity) so that the counts of excluded offers, and the sentence
//! saying which requirement removed a component's last candidates, are the same on every run.

use serde::{Deserialize, Serialize};

use super::Blocker;
use crate::format::{Blueprint, Catalog, Component, Offer};

/// A requirement that can exclude an offer from a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    Attributes,
    Certifications,
    Countries,
    Jurisdictions,
    Availability,
    /// The offer has fewer units left than the component's quantity.
    Capacity,
}

const ORDER: [Requirement; 6] = [
    Requirement::Attributes,
    Requirement::Certifications,
    Requirement::Countries,
    Requirement::Jurisdictions,
    Requirement::Availability,
    Requirement::Capacity,
];

/// The offers that fit one component.
#[derive(Debug, Clone)]
pub(crate) struct Fit {
    /// Offers of the component's domain.
    pub considered: usize,
    /// How many offers each requirement excluded, in the order they were applied.
    pub excluded: Vec<(Requirement, usize)>,
    /// Indices (into the catalog's offers) of the fitting offers.
    pub fitting: Vec<usize>,
    /// Why nothing fits, when nothing does.
    pub blocked: Option<Blocker>,
}

/// String equality without a library call: the keys compared here are a few bytes long, and
/// this check runs for every offer of a domain.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// What a component asks of an offer, resolved against its domain's attribute keys.
struct Asked<'a> {
    component: &'a Component,
    /// (index into the domain's keys, minimum).
    mins: Vec<(usize, f64)>,
}

/// The requirements that depend on the offer and the blueprint alone, checked once per offer.
#[derive(Clone, Copy)]
struct Shared {
    countries: bool,
    jurisdictions: bool,
    availability: bool,
}

impl Shared {
    fn of(offer: &Offer, blueprint: &Blueprint) -> Self {
        let constraints = blueprint.constraints();
        Self {
            countries: constraints
                .countries()
                .is_none_or(|allowed| allowed.contains(&offer.country())),
            jurisdictions: constraints
                .jurisdictions()
                .is_none_or(|allowed| allowed.iter().any(|j| same(j, offer.jurisdiction()))),
            availability: constraints
                .min_availability()
                .is_none_or(|min| offer.availability() >= min),
        }
    }
}

/// The position in `ORDER` of the first requirement `offer` fails for `asked`, if any;
/// `sizes` holds the offer's value of each of the domain's attribute keys, `shared` the
/// offer's blueprint-wide checks once computed.
fn first_failure(
    offer: &Offer,
    asked: &Asked<'_>,
    sizes: &[Option<f64>],
    shared: &mut Option<Shared>,
    blueprint: &Blueprint,
) -> Option<usize> {
    let component = asked.component;
    let attributes = || {
        asked
            .mins
            .iter()
            .all(|&(key, min)| sizes[key].is_some_and(|size| size >= min))
    };
    let certifications = || {
        component
            .certifications()
            .iter()
            .all(|needed| offer.certifications().iter().any(|held| same(held, needed)))
    };
    if !attributes() {
        return Some(0);
    }
    // Read the offer's blueprint-wide fields only for offers that get this far.
    let shared = *shared.get_or_insert_with(|| Shared::of(offer, blueprint));
    let countries = || {
        shared.countries
            && component
                .countries()
                .is_none_or(|allowed| allowed.contains(&offer.country()))
    };
    let capacity = || {
        offer
            .capacity()
            .is_none_or(|units| units >= component.quantity().get())
    };
    if !certifications() {
        Some(1)
    } else if !countries() {
        Some(2)
    } else if !shared.jurisdictions {
        Some(3)
    } else if !shared.availability {
        Some(4)
    } else if !capacity() {
        Some(5)
    } else {
        None
    }
}

/// What a requirement asks of `component`, for the blocker naming the one that removed the last
/// offers: `[vcpu >= 2]`, `[DE, FR]`, `99.9` (a percentage), `4` (units).
fn asked(requirement: Requirement, component: &Component, blueprint: &Blueprint) -> String {
    let constraints = blueprint.constraints();
    let list = |items: Vec<String>| format!("[{}]", items.join(", "));
    match requirement {
        Requirement::Attributes => list(
            component
                .min()
                .iter()
                .map(|(k, v)| format!("{k} >= {v}"))
                .collect(),
        ),
        Requirement::Certifications => list(component.certifications().iter().cloned().collect()),
        Requirement::Countries => {
            let mut allowed: Vec<String> = Vec::new();
            for set in [component.countries(), constraints.countries()]
                .into_iter()
                .flatten()
            {
                allowed.extend(set.iter().map(|c| c.to_string()));
            }
            allowed.sort();
            allowed.dedup();
            list(allowed)
        }
        Requirement::Jurisdictions => list(
            constraints
                .jurisdictions()
                .map(|j| j.iter().cloned().collect())
                .unwrap_or_default(),
        ),
        Requirement::Availability => constraints
            .min_availability()
            .unwrap_or_default()
            .to_string(),
        Requirement::Capacity => component.quantity().get().to_string(),
    }
}

/// Applies every requirement to every offer of each component's domain, in one pass over the
/// catalog: offers are grouped by the blueprint's domains and the blueprint-wide requirements
/// are checked once per offer. An offer counts against the first requirement it fails, which
/// gives the same counts as applying the requirements one after another.
/// `on_fit` sees each offer that fits some component, once, in catalog order.
pub(crate) fn fit_all<'a>(
    catalog: &'a Catalog,
    blueprint: &Blueprint,
    on_fit: &mut dyn FnMut(usize, &'a Offer),
) -> Vec<Fit> {
    let components = blueprint.components();
    let mut domains: Vec<&str> = components.iter().map(Component::domain).collect();
    domains.sort_unstable();
    domains.dedup();
    // Per domain: the attribute keys its components ask about (each read once per offer), and
    // its components with their minimums resolved to those keys.
    let mut keys: Vec<Vec<&str>> = vec![Vec::new(); domains.len()];
    let mut asked: Vec<Vec<(usize, Asked<'_>)>> = Vec::new();
    asked.resize_with(domains.len(), Vec::new);
    for (c, component) in components.iter().enumerate() {
        let Some(d) = domains.iter().position(|&d| d == component.domain()) else {
            continue;
        };
        let mut mins = Vec::with_capacity(component.min().len());
        for (key, &min) in component.min() {
            let k = match keys[d].iter().position(|&k| k == key) {
                Some(k) => k,
                None => {
                    keys[d].push(key);
                    keys[d].len() - 1
                }
            };
            mins.push((k, min));
        }
        asked[d].push((c, Asked { component, mins }));
    }
    let mut considered = vec![0usize; components.len()];
    let mut failures = vec![[0usize; ORDER.len()]; components.len()];
    let mut fitting: Vec<Vec<usize>> = vec![Vec::new(); components.len()];
    let mut sizes: Vec<Option<f64>> = Vec::new();
    // One pass over the catalog, in offer order, so each offer is read once.
    for (o, offer) in catalog.offers().iter().enumerate() {
        let Some(d) = domains.iter().position(|d| same(d, offer.domain())) else {
            continue;
        };
        // One walk over the offer's attributes; comparing lengths first spares reading most
        // key bytes, which live elsewhere in memory.
        sizes.clear();
        sizes.resize(keys[d].len(), None);
        for (key, &size) in offer.attributes() {
            if let Some(k) = keys[d].iter().position(|wanted| same(wanted, key)) {
                sizes[k] = Some(size);
            }
        }
        let mut shared = None;
        let mut fits = false;
        for (c, asked) in &asked[d] {
            considered[*c] += 1;
            match first_failure(offer, asked, &sizes, &mut shared, blueprint) {
                Some(position) => failures[*c][position] += 1,
                None => {
                    fitting[*c].push(o);
                    fits = true;
                }
            }
        }
        if fits {
            on_fit(o, offer);
        }
    }
    components
        .iter()
        .zip(fitting)
        .enumerate()
        .map(|(c, (component, fitting))| {
            fit(blueprint, component, considered[c], failures[c], fitting)
        })
        .collect()
}

fn fit(
    blueprint: &Blueprint,
    component: &Component,
    considered: usize,
    failures: [usize; ORDER.len()],
    fitting: Vec<usize>,
) -> Fit {
    let excluded: Vec<(Requirement, usize)> = ORDER.into_iter().zip(failures).collect();
    let blocked = if considered == 0 {
        Some(Blocker::NoOfferInDomain {
            component: component.name().to_owned(),
            domain: component.domain().to_owned(),
        })
    } else if fitting.is_empty() {
        // The requirement that removed the last offers is the last one that removed any.
        let last = failures.iter().rposition(|&n| n > 0).unwrap_or(0);
        Some(Blocker::NoOfferLeft {
            component: component.name().to_owned(),
            domain: component.domain().to_owned(),
            requirement: ORDER[last],
            asked: asked(ORDER[last], component, blueprint),
            passed: failures[last..].iter().sum(),
            passed_steps: ORDER[..last].to_vec(),
        })
    } else {
        None
    };
    Fit {
        considered,
        excluded,
        fitting,
        blocked,
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
