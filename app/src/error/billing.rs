//! How billing's refusals reach the pages.

use super::{AppError, FieldError, FieldProblem, internal};
use broker::service::billing::TenantBillingError;

impl From<TenantBillingError> for AppError {
    fn from(err: TenantBillingError) -> Self {
        match err {
            TenantBillingError::NotFound => AppError::NotFound,
            TenantBillingError::Forbidden => AppError::Forbidden,
            TenantBillingError::Invalid(errors) => AppError::Invalid(
                errors
                    .into_iter()
                    .map(|(field, problem)| FieldError {
                        field,
                        problem: FieldProblem::Billing(problem),
                    })
                    .collect(),
            ),
            TenantBillingError::Store(cause) => internal(&format!("billing: {cause}")),
        }
    }
}
