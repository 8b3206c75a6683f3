//! The one error type at the edge: what server functions return and pages show.
//!
//! A 5xx never carries its cause to the browser: the cause is logged once, where it is mapped
//! here, and the page shows a fixed message.

use broker::account::{Field, InputError};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod billing;
#[cfg(feature = "ssr")]
mod members;
#[cfg(feature = "ssr")]
mod operator;
mod refusal;
mod status;

pub use refusal::Refusal;

/// What went wrong with one field of a form, as a stable code the page translates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldProblem {
    Input(InputError),
    EmailTaken,
    WrongCurrentPassword,
    Catalog(broker::catalog::CatalogInputError),
    /// A box that must be ticked (the agreement before a signature).
    Unticked,
    /// The team already has an open invitation for this address.
    AlreadyInvited,
    /// A provider API token's name that is empty or too long.
    TokenName(broker::reports::TokenNameError),
    /// A field of the billing profile.
    Billing(broker::billing::ProfileError),
    /// A field of the operator's billing forms (a payment, a credit note, a rate).
    Settlement(broker::billing::Settlement),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub problem: FieldProblem,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("some fields are invalid")]
    Invalid(Vec<FieldError>),
    #[error("invalid email or password")]
    BadCredentials,
    /// The operator suspended the account, for `reason`, which the person reads.
    #[error("this account is suspended")]
    Suspended { reason: String },
    #[error("too many failed attempts")]
    TooManyAttempts { retry_after_secs: i64 },
    #[error("sign-in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// The change does not apply in the current state (someone changed it meanwhile).
    #[error("conflict")]
    Conflict,
    #[error("too many offers to compare")]
    TooManyOffers,
    /// A catalog file that was not imported, with every problem in it.
    #[error("the catalog file was not imported")]
    ImportRefused(broker::transfer::ImportReport),
    /// A quote that no longer holds, with every reason, each saying what to re-plan.
    #[error("the quote must be re-planned")]
    Stale(Vec<broker::quote::StaleReason>),
    /// A refusal of the broker (a signature on a changed document, capacity taken by another
    /// signature, a plan that is not feasible), as data the page words.
    #[error("refused: {}", .0.code())]
    Refused(Refusal),
    /// A blueprint form with fields that do not read, each named as in the form
    /// (`components[2].quantity`).
    #[error("some blueprint fields are invalid")]
    BlueprintInvalid(Vec<broker::blueprint_form::FieldError>),
    /// A blueprint file that was not imported, with the format's reason.
    #[error("the blueprint file was not imported")]
    BlueprintRefused(String),
    /// A request that does not read as the server function's input (a missing or malformed
    /// argument); what the parser said is logged, never sent.
    #[error("the request could not be read")]
    Malformed,
    #[error("internal error")]
    Internal,
    #[error("request failed: {0}")]
    ServerFn(ServerFnErrorErr),
    /// A blueprint larger than the marketplace plans (`broker::blueprint::MAX_COMPONENTS`).
    #[error("the blueprint is larger than the marketplace plans")]
    BlueprintTooLarge { limit: usize },
    /// Every planner stayed busy while the request waited for one.
    #[error("the planner is busy")]
    PlannerBusy { retry_after_secs: u64 },
    /// The search was stopped after `ms` milliseconds before it found any plan: nothing is
    /// known about the blueprint's feasibility.
    #[error("the search was stopped before it found a plan")]
    PlanOutOfTime { ms: u64 },
}

impl AppError {
    /// The problem with `field`, if this error has one.
    pub fn field(&self, field: Field) -> Option<FieldProblem> {
        match self {
            AppError::Invalid(errors) => {
                errors.iter().find(|e| e.field == field).map(|e| e.problem)
            }
            _ => None,
        }
    }

    pub fn invalid(field: Field, problem: FieldProblem) -> Self {
        AppError::Invalid(vec![FieldError { field, problem }])
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => {
                #[cfg(feature = "ssr")]
                tracing::info!(cause = %value, "refused a request that does not read");
                AppError::Malformed
            }
            other => AppError::ServerFn(other),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<broker::service::AccountError> for AppError {
    fn from(err: broker::service::AccountError) -> Self {
        use broker::service::AccountError as E;
        match err {
            E::Invalid(errors) => AppError::Invalid(
                errors
                    .into_iter()
                    .map(|(field, e)| FieldError {
                        field,
                        problem: FieldProblem::Input(e),
                    })
                    .collect(),
            ),
            E::EmailTaken => AppError::invalid(Field::Email, FieldProblem::EmailTaken),
            E::BadCredentials => AppError::BadCredentials,
            E::WrongCurrentPassword => {
                AppError::invalid(Field::CurrentPassword, FieldProblem::WrongCurrentPassword)
            }
            E::TooManyAttempts { retry_after_secs } => {
                AppError::TooManyAttempts { retry_after_secs }
            }
            E::Suspended { reason } => AppError::Suspended { reason },
            E::NotFound => AppError::NotFound,
            E::ResetLinkInvalid => AppError::Refused(Refusal::ResetLinkInvalid),
            E::Store(cause) => internal(&cause),
            E::Hash(cause) => internal(&cause),
            E::Random(cause) => internal(&cause),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<broker::service::catalog::CatalogError> for AppError {
    fn from(err: broker::service::catalog::CatalogError) -> Self {
        use broker::service::catalog::CatalogError as E;
        match err {
            E::Invalid(errors) => AppError::Invalid(
                errors
                    .into_iter()
                    .map(|(field, e)| FieldError {
                        field,
                        problem: FieldProblem::Catalog(e),
                    })
                    .collect(),
            ),
            E::NotFound => AppError::NotFound,
            E::Forbidden => AppError::Forbidden,
            E::Conflict => AppError::Conflict,
            E::TooMany => AppError::TooManyOffers,
            E::Store(cause) => internal(&cause),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<broker::service::invitations::InvitationError> for AppError {
    fn from(err: broker::service::invitations::InvitationError) -> Self {
        use broker::service::invitations::InvitationError as E;
        match err {
            E::Invalid(field, e) => AppError::invalid(field, FieldProblem::Input(e)),
            E::AlreadyInvited => AppError::invalid(Field::Member, FieldProblem::AlreadyInvited),
            E::NotFound => AppError::NotFound,
            E::Forbidden => AppError::Forbidden,
            E::Store(cause) => internal(&cause),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<broker::service::audit::AuditError> for AppError {
    fn from(err: broker::service::audit::AuditError) -> Self {
        use broker::service::audit::AuditError as E;
        match err {
            E::Forbidden => AppError::Forbidden,
            E::Store(cause) => internal(&cause),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<broker::service::reports::TokenError> for AppError {
    fn from(err: broker::service::reports::TokenError) -> Self {
        use broker::service::reports::TokenError as E;
        match err {
            E::Invalid(e) => AppError::invalid(Field::TokenName, FieldProblem::TokenName(e)),
            E::NotFound => AppError::NotFound,
            E::Random(cause) => internal(&cause),
            E::Store(cause) => internal(&cause),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<broker::service::transfer::ImportError> for AppError {
    fn from(err: broker::service::transfer::ImportError) -> Self {
        use broker::service::transfer::ImportError as E;
        match err {
            E::Invalid(report) => AppError::ImportRefused(report),
            E::Forbidden => AppError::Forbidden,
            E::Conflict => AppError::Conflict,
            E::Store(cause) => internal(&cause),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<broker::service::contracts::ContractsError> for AppError {
    fn from(err: broker::service::contracts::ContractsError) -> Self {
        use broker::service::contracts::ContractsError as E;
        match err {
            E::NotFound => AppError::NotFound,
            E::Forbidden => AppError::Forbidden,
            E::Stale(reasons) => AppError::Stale(reasons),
            E::Suspended { reason } => AppError::Refused(Refusal::OrganisationSuspended { reason }),
            E::Store(cause) => internal(&cause),
            E::CapacityTaken(offer) => {
                AppError::Refused(Refusal::CapacityTaken { offer: offer.get() })
            }
            E::OverBudget(spend) => AppError::Refused(Refusal::OverBudget {
                adding_minor: spend.adding_minor,
                committed_minor: spend.committed_minor,
                budget_minor: spend.budget_minor,
            }),
            E::Quote(err) => AppError::Refused(err.into()),
            E::Contract(err) => AppError::Refused(err.into()),
            E::Sign(err) => AppError::Refused(err.into()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<broker::service::provisioning::ProvisioningError> for AppError {
    fn from(err: broker::service::provisioning::ProvisioningError) -> Self {
        use broker::service::provisioning::ProvisioningError as E;
        match err {
            E::NotFound => AppError::NotFound,
            E::Forbidden => AppError::Forbidden,
            E::Lifecycle(err) => AppError::Refused(err.into()),
            E::Store(cause) => internal(&cause),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<broker::service::blueprints::BlueprintsError> for AppError {
    fn from(err: broker::service::blueprints::BlueprintsError) -> Self {
        use broker::service::blueprints::BlueprintsError as E;
        match err {
            E::NotFound => AppError::NotFound,
            E::Forbidden => AppError::Forbidden,
            E::Invalid(errors) => AppError::BlueprintInvalid(errors),
            E::Format(reason) => AppError::BlueprintRefused(reason.to_string()),
            template @ E::Template { .. } => internal(&template),
            E::Store(cause) => internal(&cause),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<broker::service::planning::PlanningError> for AppError {
    fn from(err: broker::service::planning::PlanningError) -> Self {
        use broker::service::planning::PlanningError as E;
        match err {
            E::TooLarge(size) => AppError::BlueprintTooLarge {
                limit: size.limit(),
            },
            E::Busy { retry_after_secs } => AppError::PlannerBusy { retry_after_secs },
            E::OutOfTime { ms } => AppError::PlanOutOfTime { ms },
            E::Cancelled => {
                // Only a request that is gone cancels its plan: nobody reads this answer.
                tracing::debug!("a plan was cancelled");
                AppError::Internal
            }
            E::Catalog(_) | E::Interrupted | E::Store(_) => internal(&err),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<broker::service::planning::AcceptError> for AppError {
    fn from(err: broker::service::planning::AcceptError) -> Self {
        use broker::service::planning::AcceptError as E;
        match err {
            E::Planning(err) => err.into(),
            E::Infeasible(blockers) => AppError::Refused(Refusal::PlanInfeasible { blockers }),
            E::Contracts(err) => err.into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<broker::blueprint::SizeError> for AppError {
    fn from(size: broker::blueprint::SizeError) -> Self {
        AppError::BlueprintTooLarge {
            limit: size.limit(),
        }
    }
}

/// Logs the cause of a server-side failure once and hides it from the browser.
#[cfg(feature = "ssr")]
pub fn internal(cause: &dyn std::fmt::Display) -> AppError {
    tracing::error!(%cause, "request failed");
    AppError::Internal
}
