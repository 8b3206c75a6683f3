//! How the operator's refusals over accounts reach the pages.

use super::{AppError, FieldProblem, Refusal, internal};
use broker::operator::AccountRefusal;
use broker::service::operator::OperatorError;

impl From<OperatorError> for AppError {
    fn from(err: OperatorError) -> Self {
        match err {
            OperatorError::Forbidden => AppError::Forbidden,
            OperatorError::NotFound => AppError::NotFound,
            OperatorError::Conflict => AppError::Conflict,
            OperatorError::Invalid(field, problem) => {
                AppError::invalid(field, FieldProblem::Catalog(problem))
            }
            OperatorError::Refused(AccountRefusal::OwnAccount) => {
                AppError::Refused(Refusal::OwnAccount)
            }
            OperatorError::Refused(AccountRefusal::LastOperator) => {
                AppError::Refused(Refusal::LastOperator)
            }
            OperatorError::Store(cause) => {
                internal(&format!("an operator's account change: {cause}"))
            }
        }
    }
}
