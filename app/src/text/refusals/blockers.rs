//! The sentences of what blocks an infeasible plan.

use super::{RefusalTexts, fill, grams};
use broker::placement::{Blocker, Requirement};

impl RefusalTexts {
    /// One sentence per blocker, in the broker's order.
    pub fn blockers(&self, blockers: &[Blocker]) -> Vec<String> {
        blockers
            .iter()
            .map(|blocker| self.blocker(blocker))
            .collect()
    }

    fn and_list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{}{}{last}", init.join(", "), self.and),
        }
    }

    fn names(&self, names: &[String]) -> String {
        let quoted: Vec<String> = names.iter().map(|name| format!("“{name}”")).collect();
        self.and_list(&quoted)
    }

    fn listing(&self, names: &[String]) -> String {
        broker::placement::listing(names, |n| fill(&self.more, &[("n", &n.to_string())]))
    }

    fn step(&self, requirement: Requirement) -> String {
        match requirement {
            Requirement::Attributes => &self.step_attributes,
            Requirement::Certifications => &self.step_certifications,
            Requirement::Countries => &self.step_countries,
            Requirement::Jurisdictions => &self.step_jurisdictions,
            Requirement::Availability => &self.step_availability,
            Requirement::Capacity => &self.step_capacity,
        }
        .clone()
    }

    fn asked(&self, requirement: Requirement, asked: &str) -> String {
        let template = match requirement {
            Requirement::Attributes => &self.asked_attributes,
            Requirement::Certifications => &self.asked_certifications,
            Requirement::Countries => &self.asked_countries,
            Requirement::Jurisdictions => &self.asked_jurisdictions,
            Requirement::Availability => &self.asked_availability,
            Requirement::Capacity => &self.asked_capacity,
        };
        fill(template, &[("asked", asked)])
    }

    fn blocker(&self, blocker: &Blocker) -> String {
        match blocker {
            Blocker::NoOfferInDomain { component, domain } => fill(
                &self.no_offer_in_domain,
                &[("component", component), ("domain", domain)],
            ),
            Blocker::NoOfferLeft {
                component,
                domain,
                requirement,
                asked,
                passed,
                passed_steps,
            } => {
                let mut steps = vec![self.step_domain.clone()];
                steps.extend(passed_steps.iter().map(|r| self.step(*r)));
                fill(
                    &self.no_offer_left,
                    &[
                        ("component", component),
                        ("domain", domain),
                        ("asked", &self.asked(*requirement, asked)),
                        ("passed", &passed.to_string()),
                        ("steps", &self.and_list(&steps)),
                    ],
                )
            }
            Blocker::TiedAndApart { components } => fill(
                &self.tied_and_apart,
                &[("components", &self.names(components))],
            ),
            Blocker::NoCommonProvider {
                components,
                offered,
            } => {
                let offered: Vec<String> = offered
                    .iter()
                    .map(|(c, providers)| format!("{c}: {}", self.listing(providers)))
                    .collect();
                fill(
                    &self.no_common_provider,
                    &[
                        ("components", &self.names(components)),
                        ("offered", &offered.join("; ")),
                    ],
                )
            }
            Blocker::TooFewProviders {
                components,
                providers,
            } => {
                let template = match providers.len() {
                    0 => &self.too_few_providers_none,
                    1 => &self.too_few_providers_one,
                    _ => &self.too_few_providers,
                };
                fill(
                    template,
                    &[
                        ("components", &self.names(components)),
                        ("count", &providers.len().to_string()),
                        ("providers", &self.listing(providers)),
                    ],
                )
            }
            Blocker::NoProviderAllowed { components } => fill(
                &self.no_provider_allowed,
                &[("count", &components.to_string())],
            ),
            Blocker::BudgetTooLow { budget, cheapest } => fill(
                &self.budget_too_low,
                &[("budget", budget), ("cheapest", cheapest)],
            ),
            Blocker::CarbonCapTooLow { cap_g, lowest_g } => fill(
                &self.carbon_cap_too_low,
                &[("cap", &grams(*cap_g)), ("lowest", &grams(*lowest_g))],
            ),
            Blocker::BudgetAndCarbonCap {
                budget,
                cap_g,
                cheapest,
                cheapest_g,
                greenest,
                greenest_g,
            } => fill(
                &self.budget_and_carbon,
                &[
                    ("budget", budget),
                    ("cap", &grams(*cap_g)),
                    ("cheapest", cheapest),
                    ("cheapest_carbon", &grams(*cheapest_g)),
                    ("greenest", greenest),
                    ("greenest_carbon", &grams(*greenest_g)),
                ],
            ),
            Blocker::TooManyProvidersNeeded { max, needed } => fill(
                &self.too_many_providers,
                &[("max", &max.to_string()), ("needed", &needed.to_string())],
            ),
            Blocker::ApartUnmet { components } => fill(
                &self.apart_unmet,
                &[("components", &self.names(components))],
            ),
            Blocker::TogetherUnmet { components } => fill(
                &self.together_unmet,
                &[("components", &self.names(components))],
            ),
            Blocker::NotEnoughCapacity {
                offer,
                left,
                needed,
            } => fill(
                &self.not_enough_capacity,
                &[
                    ("offer", offer),
                    ("left", &left.to_string()),
                    ("needed", &needed.to_string()),
                ],
            ),
            Blocker::NoSingleRelaxation => self.no_single_relaxation.clone(),
            Blocker::DiagnosisStopped => self.diagnosis_stopped.clone(),
        }
    }
}
