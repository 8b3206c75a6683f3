//! The HTTP status of each refusal, as the HTTP API gives it: a program calling a server function
//! (and the browser's network log) tells a refused form from a failed server.

use super::AppError;

impl AppError {
    /// The status the answer carries.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid(_)
            | AppError::BlueprintInvalid(_)
            | AppError::BlueprintRefused(_)
            | AppError::ImportRefused(_)
            | AppError::TooManyOffers
            | AppError::Malformed
            | AppError::BlueprintTooLarge => 400,
            AppError::BadCredentials | AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict | AppError::Stale(_) | AppError::Refused(_) => 409,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Internal | AppError::ServerFn(_) => 500,
            AppError::PlanOutOfTime { .. } => 422,
            AppError::PlannerBusy { .. } => 503,
        }
    }

    /// Seconds to wait before trying again (`Retry-After`), for a refusal that says so.
    pub fn retry_after_secs(&self) -> Option<i64> {
        match self {
            AppError::TooManyAttempts { retry_after_secs } => Some((*retry_after_secs).max(1)),
            AppError::PlannerBusy { retry_after_secs } => {
                Some(i64::try_from(*retry_after_secs).unwrap_or(i64::MAX).max(1))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AppError;

    #[test]
    fn refusals_are_client_errors_and_only_failures_are_server_errors() {
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::BadCredentials.status(), 401);
        assert_eq!(AppError::Malformed.status(), 400);
        assert_eq!(AppError::Conflict.status(), 409);
        assert_eq!(AppError::Internal.status(), 500);
        let limited = AppError::TooManyAttempts {
            retry_after_secs: 90,
        };
        assert_eq!(
            (limited.status(), limited.retry_after_secs()),
            (429, Some(90))
        );
        assert_eq!(AppError::NotFound.retry_after_secs(), None);
    }
}
