//! How the refusals over an organisation's members reach the pages.

use super::{AppError, Refusal, internal};
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
            MemberError::Store(cause) => internal(&format!("a change to a membership: {cause}")),
        }
    }
}
