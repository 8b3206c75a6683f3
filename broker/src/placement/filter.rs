//! Which offers fit a component, and which requirement excluded the others.
//!
//! The requirements are applied in a fixed order (domain, attributes, certifications, countries,
//! jurisdictions, availability, capacity) so that the counts of excluded offers, and the sentence
//! saying which requirement removed a component's last candidates, are the same on every run.

use serde::Serialize;

use crate::format::{Blueprint, Catalog, Component, Offer};

/// A requirement that can exclude an offer from a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    pub blocked: Option<String>,
}

/// Whether `offer` passes `requirement` for `component`.
fn passes(
    requirement: Requirement,
    offer: &Offer,
    component: &Component,
    blueprint: &Blueprint,
) -> bool {
    let constraints = blueprint.constraints();
    match requirement {
        Requirement::Attributes => component
            .min()
            .iter()
            .all(|(key, min)| offer.attribute(key).is_some_and(|size| size >= *min)),
        Requirement::Certifications => component.certifications().is_subset(offer.certifications()),
        Requirement::Countries => [component.countries(), constraints.countries()]
            .into_iter()
            .flatten()
            .all(|allowed| allowed.contains(&offer.country())),
        Requirement::Jurisdictions => constraints
            .jurisdictions()
            .is_none_or(|allowed| allowed.contains(offer.jurisdiction())),
        Requirement::Availability => constraints
            .min_availability()
            .is_none_or(|min| offer.availability() >= min),
        Requirement::Capacity => offer
            .capacity()
            .is_none_or(|units| units >= component.quantity().get()),
    }
}

/// Says what a requirement asks, for the sentence naming the one that removed the last offers.
fn describe(requirement: Requirement, component: &Component, blueprint: &Blueprint) -> String {
    let constraints = blueprint.constraints();
    let list = |items: Vec<String>| format!("[{}]", items.join(", "));
    match requirement {
        Requirement::Attributes => {
            let mins: Vec<String> = component
                .min()
                .iter()
                .map(|(k, v)| format!("{k} >= {v}"))
                .collect();
            format!("attributes {}", list(mins))
        }
        Requirement::Certifications => {
            format!(
                "certifications {}",
                list(component.certifications().iter().cloned().collect())
            )
        }
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
            format!("countries {}", list(allowed))
        }
        Requirement::Jurisdictions => format!(
            "jurisdictions {}",
            list(
                constraints
                    .jurisdictions()
                    .map(|j| j.iter().cloned().collect())
                    .unwrap_or_default()
            )
        ),
        Requirement::Availability => {
            format!(
                "availability >= {}%",
                constraints.min_availability().unwrap_or_default()
            )
        }
        Requirement::Capacity => format!("capacity (needs {} units)", component.quantity().get()),
    }
}

fn name(requirement: Requirement) -> &'static str {
    match requirement {
        Requirement::Attributes => "attributes",
        Requirement::Certifications => "certifications",
        Requirement::Countries => "countries",
        Requirement::Jurisdictions => "jurisdictions",
        Requirement::Availability => "availability",
        Requirement::Capacity => "capacity",
    }
}

/// Applies every requirement to every offer of the component's domain.
pub(crate) fn fit(catalog: &Catalog, blueprint: &Blueprint, component: &Component) -> Fit {
    let mut remaining: Vec<usize> = (0..catalog.offers().len())
        .filter(|&i| catalog.offers()[i].domain() == component.domain())
        .collect();
    let considered = remaining.len();
    let mut excluded = Vec::with_capacity(ORDER.len());
    let mut blocked = (considered == 0).then(|| {
        format!(
            "component {:?}: no offer in domain {:?} (the catalog has none)",
            component.name(),
            component.domain()
        )
    });
    let mut passed = vec!["domain"];
    for requirement in ORDER {
        let before = remaining.len();
        remaining.retain(|&i| passes(requirement, &catalog.offers()[i], component, blueprint));
        excluded.push((requirement, before - remaining.len()));
        if before > 0 && remaining.is_empty() {
            blocked = Some(format!(
                "component {:?}: no offer left after {} ({before} {} offers had passed {})",
                component.name(),
                describe(requirement, component, blueprint),
                component.domain(),
                join_and(&passed),
            ));
        }
        passed.push(name(requirement));
    }
    Fit {
        considered,
        excluded,
        fitting: remaining,
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
