//! The HTTP status of each refusal, as the HTTP API gives it: a program calling a server function
//! (and the browser's network log) tells a refused form from a failed server.

use super::{AppError, Refusal};

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
            | AppError::BlueprintTooLarge { .. } => 400,
            AppError::BadCredentials | AppError::Unauthorized => 401,
            AppError::Forbidden | AppError::Suspended { .. } => 403,
            AppError::NotFound => 404,
            AppError::Refused(Refusal::CardUnavailable | Refusal::AccountUnavailable) => 503,
            AppError::Conflict | AppError::Stale(_) | AppError::Refused(_) => 409,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Internal | AppError::ServerFn(_) => 500,
            AppError::PlanOutOfTime { .. } => 422,
            AppError::PlannerBusy { .. } => 503,
        }
    }

    /// The stable, machine-readable name of the refusal that the HTTP API gives with it.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Invalid(_) | AppError::BlueprintInvalid(_) => "invalid",
            AppError::BadCredentials => "bad_credentials",
            AppError::TooManyAttempts { .. } => "too_many_attempts",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::Suspended { .. } => "account_suspended",
            AppError::NotFound => "not_found",
            AppError::Conflict => "conflict",
            AppError::TooManyOffers => "too_many_offers",
            AppError::ImportRefused(_) => "import_refused",
            AppError::Stale(_) => "stale_quote",
            AppError::Refused(refusal) => refusal.code(),
            AppError::BlueprintRefused(_) => "blueprint_refused",
            AppError::Malformed => "malformed",
            AppError::Internal | AppError::ServerFn(_) => "internal",
            AppError::BlueprintTooLarge { .. } => "blueprint_too_large",
            AppError::PlannerBusy { .. } => "planner_busy",
            AppError::PlanOutOfTime { .. } => "out_of_time",
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

/// The answer of the HTTP API: the status, `Retry-After` where it applies, and a JSON body with
/// the English `error`, the stable `code` and the refusal's data (`limit`, `ms`, `blockers`...).
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let texts =
            crate::components::error_texts::ErrorTexts::with_refusals(crate::i18n::Locale::en);
        // The sentence a form shows above its fields; a form's field errors travel as data.
        let message = texts
            .general(&self)
            .unwrap_or_else(|| texts.error(&self).to_owned());
        self.into_response_saying(&message)
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// [`IntoResponse`](axum::response::IntoResponse) with `message` as the English `error`, for
    /// a refusal the broker words more precisely than the page does.
    pub fn into_response_saying(self, message: &str) -> axum::response::Response {
        use axum::http::{HeaderValue, StatusCode, header};
        use axum::response::IntoResponse;
        use serde_json::{Value, json};
        let status =
            StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = json!({ "error": message, "code": self.code() });
        // A refusal's data beside its code; a failure's stays in the log.
        let data = match serde_json::to_value(&self) {
            Ok(Value::Object(tagged)) if status.is_client_error() => {
                tagged.into_iter().next().map(|(_, data)| data)
            }
            _ => None,
        };
        match (body.as_object_mut(), data) {
            (Some(body), Some(Value::Object(fields))) => body.extend(fields),
            (Some(body), Some(other)) => {
                body.insert("detail".to_owned(), other);
            }
            _ => {}
        }
        let mut response = (status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs() {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
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
