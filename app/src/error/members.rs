//! How the refusals over an organisation's members, its invitations and its budget reach the
//! pages.

use super::{AppError, FieldProblem, Refusal, internal};
use broker::account::Field;
use broker::account::members::MemberRefusal;
use broker::service::members::MemberError;

impl From<MemberError> for AppError {
    fn from(err: MemberError) -> Self {
        match err {
            MemberError::NotFound => AppError::NotFound,
            MemberError::Conflict => AppError::Conflict,
            MemberError::Refused(MemberRefusal::NotManager) => AppError::Forbidden,
            MemberError::Refused(MemberRefusal::OwnersOnly) => {
                AppError::Refused(Refusal::OwnersOnly)
            }
            MemberError::Refused(MemberRefusal::LastOwner) => AppError::Refused(Refusal::LastOwner),
            MemberError::Invalid(field, problem) => {
                AppError::invalid(field, FieldProblem::Input(problem))
            }
            MemberError::AlreadyInvited => {
                AppError::invalid(Field::Member, FieldProblem::AlreadyInvited)
            }
            MemberError::LinkInvalid => AppError::Refused(Refusal::InvitationLinkInvalid),
            MemberError::OtherAddress { invited } => {
                AppError::Refused(Refusal::InvitationForOther {
                    email: invited.to_string(),
                })
            }
            MemberError::Store(cause) => internal(&format!("a change to a membership: {cause}")),
            MemberError::Random(cause) => internal(&format!("an invitation's token: {cause}")),
        }
    }
}

impl From<broker::service::budget::BudgetError> for AppError {
    fn from(err: broker::service::budget::BudgetError) -> Self {
        use broker::service::budget::BudgetError as E;
        match err {
            E::NotOwner => AppError::Forbidden,
            E::Invalid(problem) => {
                AppError::invalid(Field::Amount, FieldProblem::Settlement(problem))
            }
            E::Store(cause) => internal(&format!("setting a budget: {cause}")),
        }
    }
}
