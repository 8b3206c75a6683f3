//! What blocks a blueprint that has no feasible plan, as data: the plan document's `reasons` are
//! these in English (their `Display`), and a page words them in its reader's language.
//!
//! Amounts are kept as the broker writes them (`12.34 EUR`), carbon in grams, names as the
//! blueprint and the catalog spell them.

use super::filter::{Requirement, join_and};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One reason that no plan is feasible, naming what to relax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Blocker {
    /// The catalog has no offer at all in the component's domain.
    NoOfferInDomain {
        component: String,
        domain: String,
    },
    /// Offers of the domain were there, and `requirement` removed the last of them.
    NoOfferLeft {
        component: String,
        domain: String,
        requirement: Requirement,
        /// What the requirement asks (`[vcpu >= 2]`, `[DE, FR]`, `99.9`, `4`).
        asked: String,
        /// How many offers had passed every earlier step.
        passed: usize,
        /// The requirements checked before `requirement` (the domain is always first).
        passed_steps: Vec<Requirement>,
    },
    /// `same_provider` groups tie these components to one provider, and a `distinct_providers`
    /// group wants two of them apart.
    TiedAndApart {
        components: Vec<String>,
    },
    /// Components that must share a provider have no provider in common; `offered` lists, per
    /// component, the providers with fitting offers.
    NoCommonProvider {
        components: Vec<String>,
        offered: Vec<(String, Vec<String>)>,
    },
    /// Components that must use different providers have too few providers between them.
    TooFewProviders {
        components: Vec<String>,
        providers: Vec<String>,
    },
    /// `max_providers` is 0 and there is something to place.
    NoProviderAllowed {
        components: usize,
    },
    BudgetTooLow {
        budget: String,
        cheapest: String,
    },
    CarbonCapTooLow {
        cap_g: u64,
        lowest_g: u64,
    },
    BudgetAndCarbonCap {
        budget: String,
        cap_g: u64,
        cheapest: String,
        cheapest_g: u64,
        greenest: String,
        greenest_g: u64,
    },
    TooManyProvidersNeeded {
        max: u64,
        needed: usize,
    },
    ApartUnmet {
        components: Vec<String>,
    },
    TogetherUnmet {
        components: Vec<String>,
    },
    NotEnoughCapacity {
        offer: String,
        left: u64,
        needed: u64,
    },
    /// Infeasible, and no single constraint relaxed makes it feasible.
    NoSingleRelaxation,
    /// Infeasible (proven), but the budget ran out before the culprit was found.
    DiagnosisStopped,
}

/// How many names a listing shows before "and N more".
pub const SHOWN: usize = 5;

/// `"a", "b" and "c"`.
pub fn quoted(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("{name:?}")).collect();
    let refs: Vec<&str> = quoted.iter().map(String::as_str).collect();
    join_and(&refs)
}

/// `a, b, c, d, e and 2 more`, with `more` saying "and N more" in the reader's language.
pub fn listing(names: &[String], more: impl Fn(usize) -> String) -> String {
    let mut text = names
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        text.push_str(&more(names.len() - SHOWN));
    }
    text
}

fn english_more(n: usize) -> String {
    format!(" and {n} more")
}

impl Requirement {
    /// The requirement's name in the blueprint's vocabulary.
    pub fn name(self) -> &'static str {
        match self {
            Requirement::Attributes => "attributes",
            Requirement::Certifications => "certifications",
            Requirement::Countries => "countries",
            Requirement::Jurisdictions => "jurisdictions",
            Requirement::Availability => "availability",
            Requirement::Capacity => "capacity",
        }
    }
}

fn asked_english(requirement: Requirement, asked: &str) -> String {
    match requirement {
        Requirement::Availability => format!("availability >= {asked}%"),
        Requirement::Capacity => format!("capacity (needs {asked} units)"),
        other => format!("{} {asked}", other.name()),
    }
}

impl fmt::Display for Blocker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Blocker::NoOfferInDomain { component, domain } => write!(
                f,
                "component {component:?}: no offer in domain {domain:?} (the catalog has none)"
            ),
            Blocker::NoOfferLeft {
                component,
                domain,
                requirement,
                asked,
                passed,
                passed_steps,
            } => {
                let mut steps = vec!["domain"];
                steps.extend(passed_steps.iter().map(|r| r.name()));
                write!(
                    f,
                    "component {component:?}: no offer left after {} ({passed} {domain} offers had passed {})",
                    asked_english(*requirement, asked),
                    join_and(&steps)
                )
            }
            Blocker::TiedAndApart { components } => write!(
                f,
                "{} are tied to one provider by same_provider groups, but a distinct_providers group asks two of them to use different providers",
                quoted(components)
            ),
            Blocker::NoCommonProvider {
                components,
                offered,
            } => {
                let offered: Vec<String> = offered
                    .iter()
                    .map(|(c, providers)| format!("{c}: {}", listing(providers, english_more)))
                    .collect();
                write!(
                    f,
                    "{} must use the same provider, but no provider has fitting offers for all of them ({})",
                    quoted(components),
                    offered.join("; ")
                )
            }
            Blocker::TooFewProviders {
                components,
                providers,
            } => {
                let count = match providers.as_slice() {
                    [] => "no provider offers".to_owned(),
                    [one] => format!("only one provider ({one}) offers"),
                    many => format!(
                        "only {} providers ({}) offer",
                        many.len(),
                        listing(many, english_more)
                    ),
                };
                write!(
                    f,
                    "{} must use different providers but {count} fitting offers for them",
                    quoted(components)
                )
            }
            Blocker::NoProviderAllowed { components } => write!(
                f,
                "max_providers is 0 but the blueprint has {components} components to place"
            ),
            Blocker::BudgetTooLow { budget, cheapest } => write!(
                f,
                "budget {budget} is below the cheapest feasible plan's {cheapest}"
            ),
            Blocker::CarbonCapTooLow { cap_g, lowest_g } => write!(
                f,
                "carbon cap {cap_g} g CO2e/month is below the lowest-carbon feasible plan's {lowest_g} g"
            ),
            Blocker::BudgetAndCarbonCap {
                budget,
                cap_g,
                cheapest,
                cheapest_g,
                greenest,
                greenest_g,
            } => write!(
                f,
                "budget {budget} and carbon cap {cap_g} g CO2e/month cannot both be met: the cheapest feasible plan costs {cheapest} and emits {cheapest_g} g, the lowest-carbon one costs {greenest} and emits {greenest_g} g"
            ),
            Blocker::TooManyProvidersNeeded { max, needed } => write!(
                f,
                "at most {max} providers are allowed, but no plan meeting the other constraints uses so few (the best one without this limit uses {needed})"
            ),
            Blocker::ApartUnmet { components } => write!(
                f,
                "{} must use different providers, but no plan meeting the other constraints gives them different providers",
                quoted(components)
            ),
            Blocker::TogetherUnmet { components } => write!(
                f,
                "{} must use the same provider, but no provider can serve all of them within the other constraints",
                quoted(components)
            ),
            Blocker::NotEnoughCapacity {
                offer,
                left,
                needed,
            } => write!(
                f,
                "not enough capacity: offer {offer:?} has {left} units left but the best plan without capacity limits needs {needed} of it, and no other assignment meets the constraints"
            ),
            Blocker::NoSingleRelaxation => f.write_str(
                "no plan meets all the constraints together, and relaxing any single one is not enough",
            ),
            Blocker::DiagnosisStopped => f.write_str(
                "no plan meets all the constraints together; the broker stopped before finding which one to relax",
            ),
        }
    }
}
