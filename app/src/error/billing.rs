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
            cause @ (TenantBillingError::Clock(_)
            | TenantBillingError::Rules(_)
            | TenantBillingError::Payment(_)) => {
                internal(&format!("an organisation's spend: {cause}"))
            }
        }
    }
}

impl From<broker::service::billing::SettlementError> for AppError {
    fn from(err: broker::service::billing::SettlementError) -> Self {
        use broker::account::Field;
        use broker::service::billing::{Settlement as S, SettlementError as E};
        let refusal = match err {
            E::Refused(refusal) => refusal,
            E::Store(cause) => return internal(&format!("settling an invoice: {cause}")),
            E::Build(cause) => return internal(&format!("building a ledger transaction: {cause}")),
            E::Payment(cause) => return internal(&format!("paying out: {cause}")),
        };
        let field = match refusal {
            S::NotOperator => return AppError::Forbidden,
            S::Changed => return AppError::Conflict,
            S::NoInvoice | S::NotOpen | S::PartlyPaid => Field::Invoice,
            S::NotPositive | S::Overpayment => Field::Amount,
            S::NoReason => Field::Reason,
            S::Reference => Field::Reference,
            S::ReceivedOn => Field::ReceivedOn,
            S::Rate => Field::Rate,
            S::FromMonth => Field::Month,
            S::NoCardPayment => Field::Invoice,
            S::RefundTooLarge => Field::Amount,
            S::CardUnavailable => return AppError::Refused(crate::error::Refusal::CardUnavailable),
        };
        AppError::invalid(field, FieldProblem::Settlement(refusal))
    }
}

impl From<broker::service::billing::CardError> for AppError {
    fn from(err: broker::service::billing::CardError) -> Self {
        use crate::error::Refusal;
        use broker::service::billing::CardError as E;
        match err {
            E::NotFound => AppError::NotFound,
            E::NotPayable => AppError::Refused(Refusal::CardNotPayable),
            E::NoCards => AppError::Refused(Refusal::CardsNotOffered),
            E::Changed => AppError::Conflict,
            E::Unavailable(broker::billing::PaymentError::Failed(reason)) => {
                AppError::Refused(Refusal::CardRefused { reason })
            }
            E::Unavailable(cause) => {
                tracing::warn!(%cause, "a card payment could not start");
                AppError::Refused(Refusal::CardUnavailable)
            }
            E::Store(cause) => internal(&format!("a card payment: {cause}")),
            E::Build(cause) => internal(&format!("a card payment: {cause}")),
            E::Refund(cause) => cause.into(),
        }
    }
}

impl From<broker::service::billing::ConnectError> for AppError {
    fn from(err: broker::service::billing::ConnectError) -> Self {
        use broker::service::billing::ConnectError as E;
        match err {
            E::NotFound | E::NotOffered => AppError::NotFound,
            E::Forbidden => AppError::Forbidden,
            E::Unavailable(cause) => {
                tracing::warn!(%cause, "a provider's payout account could not be connected");
                AppError::Refused(crate::error::Refusal::AccountUnavailable)
            }
            E::Store(cause) => internal(&format!("a provider's payout account: {cause}")),
        }
    }
}

impl From<broker::service::billing::RevenueError> for AppError {
    fn from(err: broker::service::billing::RevenueError) -> Self {
        use broker::service::billing::RevenueError as E;
        match err {
            E::NotFound => AppError::NotFound,
            E::Store(cause) => internal(&format!("a provider's revenue: {cause}")),
        }
    }
}
