//! The sentences of refusals that carry figures and names (a stale quote, a refused signature,
//! an infeasible plan, a refused catalog file): templates translated on the server, filled
//! wherever the refusal is shown, on the server or in a form's island.

use super::fill;
use crate::error::Refusal;
use crate::format::eur;
use crate::i18n::*;
use broker::contract::ContractStatus;
use broker::provisioning::{ResourceEvent, ResourceState};
use broker::quote::{StaleReason, Staleness};
use broker::transfer::{ImportIssue, ImportProblem};
use serde::{Deserialize, Serialize};

macro_rules! templates {
    ($($key:ident),* $(,)?) => {
        /// One template per sentence, with `{name}` where a figure or a name goes.
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub struct RefusalTexts {
            $($key: String,)*
            contract_statuses: [String; 4],
            resource_states: [String; 6],
        }

        impl RefusalTexts {
            pub fn new(locale: Locale) -> Self {
                use super::{contract_status_text, resource_state_text};
                Self {
                    $($key: td_string!(locale, refusals.$key).to_owned(),)*
                    contract_statuses: CONTRACT_STATUSES
                        .map(|status| contract_status_text(locale, status).to_owned()),
                    resource_states: RESOURCE_STATES
                        .map(|state| resource_state_text(locale, state).to_owned()),
                }
            }
        }
    };
}

templates!(
    signer_role,
    not_awaiting_signature,
    signature_mismatch,
    capacity_taken,
    quote_expired,
    plan_infeasible,
    offer_gone,
    offer_changed,
    unusable,
    retry_state,
    terminate_state,
    other_state,
    card_not_payable,
    cards_not_offered,
    card_unavailable,
    account_unavailable,
    card_refused,
    organisation_suspended,
    own_account,
    last_operator,
    owners_only,
    last_owner,
    reset_link_invalid,
    invitation_link_invalid,
    invitation_for_other,
    over_budget,
    stale_line,
    stale_expired,
    stale_newer,
    stale_withdrawn,
    stale_capacity,
    import_at_offer,
    import_at_index,
    import_at_id,
    import_at_document,
    import_field,
    import_duplicate,
    import_currency,
    import_other_provider,
    import_domain,
    import_in_review,
    import_retired,
    import_format,
    more,
    and,
    no_offer_in_domain,
    no_offer_left,
    tied_and_apart,
    no_common_provider,
    too_few_providers_none,
    too_few_providers_one,
    too_few_providers,
    no_provider_allowed,
    budget_too_low,
    carbon_cap_too_low,
    budget_and_carbon,
    too_many_providers,
    apart_unmet,
    together_unmet,
    not_enough_capacity,
    no_single_relaxation,
    diagnosis_stopped,
    step_domain,
    step_attributes,
    step_certifications,
    step_countries,
    step_jurisdictions,
    step_availability,
    step_capacity,
    asked_attributes,
    asked_certifications,
    asked_countries,
    asked_jurisdictions,
    asked_availability,
    asked_capacity,
);

const CONTRACT_STATUSES: [ContractStatus; 4] = [
    ContractStatus::AwaitingSignature,
    ContractStatus::Signed,
    ContractStatus::Active,
    ContractStatus::Terminated,
];

const RESOURCE_STATES: [ResourceState; 6] = [
    ResourceState::Requested,
    ResourceState::Provisioning,
    ResourceState::Active,
    ResourceState::Failed,
    ResourceState::Terminating,
    ResourceState::Terminated,
];

/// Grams of CO2e as the pages write them (`900 g`, `3.7 kg`).
fn grams(g: u64) -> String {
    crate::format::kg(i64::try_from(g).unwrap_or(i64::MAX))
}

impl RefusalTexts {
    fn contract_status(&self, status: ContractStatus) -> &str {
        let at = CONTRACT_STATUSES.iter().position(|s| *s == status);
        at.map_or("", |at| &self.contract_statuses[at])
    }

    fn resource_state(&self, state: ResourceState) -> &str {
        let at = RESOURCE_STATES.iter().position(|s| *s == state);
        at.map_or("", |at| &self.resource_states[at])
    }

    /// The refusal's sentences: what was refused, then what blocks it, if it says.
    pub fn refusal(&self, refusal: &Refusal) -> Vec<String> {
        let one = match refusal {
            Refusal::SignerRole => self.signer_role.clone(),
            Refusal::NotAwaitingSignature { status } => fill(
                &self.not_awaiting_signature,
                &[("status", self.contract_status(*status))],
            ),
            Refusal::SignatureMismatch => self.signature_mismatch.clone(),
            Refusal::CapacityTaken { offer } => {
                fill(&self.capacity_taken, &[("offer", &offer.to_string())])
            }
            Refusal::QuoteExpired => self.quote_expired.clone(),
            Refusal::PlanInfeasible { blockers } => {
                let mut lines = vec![self.plan_infeasible.clone()];
                lines.extend(self.blockers(blockers));
                return lines;
            }
            Refusal::OfferGone { line, offer } => {
                fill(&self.offer_gone, &[("line", line), ("offer", offer)])
            }
            Refusal::OfferChanged { line, offer } => {
                fill(&self.offer_changed, &[("line", line), ("offer", offer)])
            }
            Refusal::Unusable => self.unusable.clone(),
            Refusal::CardNotPayable => self.card_not_payable.clone(),
            Refusal::CardsNotOffered => self.cards_not_offered.clone(),
            Refusal::CardUnavailable => self.card_unavailable.clone(),
            Refusal::AccountUnavailable => self.account_unavailable.clone(),
            Refusal::CardRefused { reason } => fill(&self.card_refused, &[("reason", reason)]),
            Refusal::OrganisationSuspended { reason } => {
                fill(&self.organisation_suspended, &[("reason", reason)])
            }
            Refusal::OwnAccount => self.own_account.clone(),
            Refusal::LastOperator => self.last_operator.clone(),
            Refusal::OwnersOnly => self.owners_only.clone(),
            Refusal::LastOwner => self.last_owner.clone(),
            Refusal::ResetLinkInvalid => self.reset_link_invalid.clone(),
            Refusal::InvitationLinkInvalid => self.invitation_link_invalid.clone(),
            Refusal::InvitationForOther { email } => {
                fill(&self.invitation_for_other, &[("email", email)])
            }
            Refusal::OverBudget {
                adding_minor,
                committed_minor,
                budget_minor,
            } => fill(
                &self.over_budget,
                &[
                    ("adding", &eur(*adding_minor)),
                    ("committed", &eur(*committed_minor)),
                    ("budget", &eur(*budget_minor)),
                ],
            ),
            Refusal::Lifecycle { state, event } => {
                let template = match event {
                    ResourceEvent::Retried => &self.retry_state,
                    ResourceEvent::TerminationRequested => &self.terminate_state,
                    _ => &self.other_state,
                };
                fill(template, &[("state", self.resource_state(*state))])
            }
        };
        vec![one]
    }

    /// One sentence per reason a quote no longer holds.
    pub fn stale(&self, reasons: &[StaleReason]) -> Vec<String> {
        reasons
            .iter()
            .map(|reason| self.stale_reason(reason))
            .collect()
    }

    fn stale_reason(&self, reason: &StaleReason) -> String {
        let what = match &reason.reason {
            Staleness::Expired { at } => {
                let at = broker::calendar::utc_minute(*at);
                return fill(&self.stale_expired, &[("at", &at)]);
            }
            Staleness::NewerVersion { quoted, current } => fill(
                &self.stale_newer,
                &[
                    ("current", &current.to_string()),
                    ("quoted", &quoted.to_string()),
                ],
            ),
            Staleness::Withdrawn => self.stale_withdrawn.clone(),
            Staleness::NotEnoughCapacity { wanted, left } => fill(
                &self.stale_capacity,
                &[("left", &left.to_string()), ("wanted", &wanted.to_string())],
            ),
        };
        match (&reason.line, &reason.offer) {
            (Some(line), Some(offer)) => fill(
                &self.stale_line,
                &[("line", line), ("offer", offer), ("reason", &what)],
            ),
            _ => what,
        }
    }

    /// One sentence per problem of a refused catalog file; `rule` words the offer form's own
    /// refusals.
    pub fn import_problem(
        &self,
        problem: &ImportProblem,
        rule: impl Fn(broker::catalog::CatalogInputError) -> String,
    ) -> String {
        let n = problem.index.map(|index| (index + 1).to_string());
        let mut text = match (&problem.offer, &n) {
            (Some(offer), Some(n)) => fill(&self.import_at_offer, &[("offer", offer), ("n", n)]),
            (None, Some(n)) => fill(&self.import_at_index, &[("n", n)]),
            (Some(offer), None) => fill(&self.import_at_id, &[("offer", offer)]),
            (None, None) => self.import_at_document.clone(),
        };
        if let Some(field) = &problem.field {
            text.push_str(&fill(&self.import_field, &[("field", field)]));
        }
        text.push_str(&match &problem.issue {
            ImportIssue::Rule { problem } => rule(*problem),
            ImportIssue::OtherProvider { provider, expected } => fill(
                &self.import_other_provider,
                &[("provider", provider), ("expected", expected)],
            ),
            ImportIssue::DomainFixed { domain } => fill(&self.import_domain, &[("domain", domain)]),
            ImportIssue::DuplicateId => self.import_duplicate.clone(),
            ImportIssue::Currency { expected, found } => fill(
                &self.import_currency,
                &[("expected", expected), ("found", found)],
            ),
            ImportIssue::InReview => self.import_in_review.clone(),
            ImportIssue::Retired => self.import_retired.clone(),
            ImportIssue::Format => fill(&self.import_format, &[("message", &problem.message)]),
        });
        text
    }
}

mod blockers;

#[cfg(test)]
mod tests;
