//! Refusals of the contract and provisioning use cases, as data: the page words them in its
//! reader's language, the HTTP API in English with a stable code.

use broker::contract::ContractStatus;
use broker::placement::Blocker;
use broker::provisioning::{ResourceEvent, ResourceState};
use serde::{Deserialize, Serialize};

/// Why the broker refused to accept a plan, prepare or sign a contract, or move a resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Refusal {
    /// Only an owner or an admin signs.
    SignerRole,
    /// The contract is past its signature (or terminated).
    NotAwaitingSignature { status: ContractStatus },
    /// The document changed since the person was shown it.
    SignatureMismatch,
    /// Another signature took the capacity of this offer first.
    CapacityTaken { offer: i64 },
    /// The quote's validity ended.
    QuoteExpired,
    /// The plan is not feasible: there is nothing to accept.
    PlanInfeasible { blockers: Vec<Blocker> },
    /// A line's offer left the catalog since the plan was made.
    OfferGone { line: String, offer: String },
    /// A line's offer changed since the plan was made.
    OfferChanged { line: String, offer: String },
    /// The quote does not make a contract as it stands (its lines or parties do not agree);
    /// the detail is logged.
    Unusable,
    /// The resource's state does not take this change.
    Lifecycle {
        state: ResourceState,
        event: ResourceEvent,
    },
    /// The invoice has nothing left to pay by card (paid, cancelled, a draft or a credit note).
    CardNotPayable,
    /// The marketplace takes no card.
    CardsNotOffered,
    /// The card payment could not start (the payment method failed or did not answer);
    /// nothing was charged.
    CardUnavailable,
    /// The payment method refused to open the card payment, for `reason` (its own words).
    CardRefused { reason: String },
    /// The provider's payout account could not be opened or reached at the payment method.
    AccountUnavailable,
    /// The operator suspended the organisation, for `reason`: it reads and pays, and takes no
    /// new quote, contract or order.
    OrganisationSuspended { reason: String },
    /// An operator does not suspend their own account nor revoke their own flag.
    OwnAccount,
    /// The marketplace keeps at least one operator who can log in.
    LastOperator,
    /// Making an owner, or changing or removing one, is an owner's decision.
    OwnersOnly,
    /// The organisation keeps at least one owner.
    LastOwner,
    /// The password reset link was used, expired, or never existed.
    ResetLinkInvalid,
    /// The invitation's link was used, revoked, replaced, or expired.
    InvitationLinkInvalid,
    /// The invitation names `email`, not the address signed in.
    InvitationForOther { email: String },
    /// The contract would take the committed monthly spend over the budget (amounts in minor
    /// units of the marketplace's currency).
    OverBudget {
        adding_minor: i64,
        committed_minor: i64,
        budget_minor: i64,
    },
}

impl Refusal {
    /// The stable code the HTTP API gives this refusal.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::SignerRole => "signer_role",
            Refusal::NotAwaitingSignature { .. } => "not_awaiting_signature",
            Refusal::SignatureMismatch => "signature_mismatch",
            Refusal::CapacityTaken { .. } => "capacity_taken",
            Refusal::QuoteExpired => "quote_expired",
            Refusal::PlanInfeasible { .. } => "plan_infeasible",
            Refusal::OfferGone { .. } => "offer_gone",
            Refusal::OfferChanged { .. } => "offer_changed",
            Refusal::Unusable => "quote_unusable",
            Refusal::Lifecycle { .. } => "lifecycle",
            Refusal::CardNotPayable => "card_not_payable",
            Refusal::CardsNotOffered => "cards_not_offered",
            Refusal::CardUnavailable => "card_unavailable",
            Refusal::AccountUnavailable => "account_unavailable",
            Refusal::CardRefused { .. } => "card_refused",
            Refusal::OrganisationSuspended { .. } => "organisation_suspended",
            Refusal::OwnAccount => "own_account",
            Refusal::LastOperator => "last_operator",
            Refusal::OwnersOnly => "owners_only",
            Refusal::LastOwner => "last_owner",
            Refusal::ResetLinkInvalid => "reset_link_invalid",
            Refusal::InvitationLinkInvalid => "invitation_link_invalid",
            Refusal::InvitationForOther { .. } => "invitation_for_other",
            Refusal::OverBudget { .. } => "over_budget",
        }
    }
}

#[cfg(feature = "ssr")]
mod from_broker {
    use super::Refusal;
    use broker::contract::{ContractError, SignError};
    use broker::provisioning::LifecycleError;
    use broker::quote::QuoteError;

    impl From<SignError> for Refusal {
        fn from(err: SignError) -> Self {
            match err {
                SignError::Forbidden => Refusal::SignerRole,
                SignError::NotAwaitingSignature(status) => Refusal::NotAwaitingSignature { status },
                SignError::DocumentChanged => Refusal::SignatureMismatch,
            }
        }
    }

    impl From<QuoteError> for Refusal {
        fn from(err: QuoteError) -> Self {
            match err {
                QuoteError::PlanInfeasible => Refusal::PlanInfeasible {
                    blockers: Vec::new(),
                },
                QuoteError::UnknownOffer { component, offer } => Refusal::OfferGone {
                    line: component,
                    offer,
                },
                QuoteError::PlanOutdated { component, offer } => Refusal::OfferChanged {
                    line: component,
                    offer,
                },
                other => {
                    tracing::warn!(cause = %other, "refused a quote that does not hold together");
                    Refusal::Unusable
                }
            }
        }
    }

    impl From<ContractError> for Refusal {
        fn from(err: ContractError) -> Self {
            match err {
                ContractError::QuoteExpired => Refusal::QuoteExpired,
                ContractError::Quote(err) => err.into(),
                other => {
                    tracing::warn!(cause = %other, "refused a contract that does not hold together");
                    Refusal::Unusable
                }
            }
        }
    }

    impl From<LifecycleError> for Refusal {
        fn from(err: LifecycleError) -> Self {
            Refusal::Lifecycle {
                state: err.from,
                event: err.event,
            }
        }
    }
}
