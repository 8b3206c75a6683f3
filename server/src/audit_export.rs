//! `GET /audit.csv?of=…&<the log's filters>`: the audit log's entries that the filters keep, as
//! a CSV file, for the readers of that log: `of=marketplace` for the operator,
//! `of=organisation` for the owners and admins of the organisation the reader works in,
//! `of=provider-ID` for the provider's owners. The filters are the log page's (`actor`,
//! `organisation`, `provider`, `action`, `from`, `until`). Errors are JSON with an `error`
//! message and a stable `code`: `unauthorized` (401), `forbidden` (403), `not_found` (404, no
//! organisation), `invalid_scope` and `invalid_filter` (400), `internal` (500).

use app::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use broker::audit::{FilterForm, FilterProblem, Scope};
use broker::catalog::ProviderId;
use broker::service::audit::AuditError;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExportParams {
    of: String,
    #[serde(flatten)]
    form: FilterForm,
}

fn refused(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(serde_json::json!({ "error": message, "code": code })),
    )
        .into_response()
}

fn internal(err: &dyn std::fmt::Display) -> Response {
    tracing::error!(%err, "exporting the audit log failed");
    refused(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "internal error",
    )
}

pub async fn export(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    Query(params): Query<ExportParams>,
) -> Response {
    let filter = match params.form.parse() {
        Ok(filter) => filter,
        Err(problems) => {
            let field = match problems.first() {
                Some(FilterProblem::Until) => "until",
                _ => "from",
            };
            return refused(
                StatusCode::BAD_REQUEST,
                "invalid_filter",
                &format!("{field} must be a day written YYYY-MM-DD, not before from"),
            );
        }
    };
    let signed_in = if params.of == "organisation" {
        app::api::ssr::session_member(&state, &session)
            .await
            .map(|(user, tenant)| Some((user, Scope::Tenant(tenant))))
    } else {
        app::api::ssr::session_user(&state, &session)
            .await
            .map(|user| user.map(|(_, user)| (user, Scope::Marketplace)))
    };
    let (user, scope) = match signed_in {
        Ok(Some(found)) => found,
        Ok(None) | Err(app::error::AppError::Unauthorized) => {
            return refused(StatusCode::UNAUTHORIZED, "unauthorized", "sign in first");
        }
        Err(app::error::AppError::NotFound) => {
            return refused(StatusCode::NOT_FOUND, "not_found", "no organisation");
        }
        // Logged where it was mapped.
        Err(_) => {
            return refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
            );
        }
    };
    let scope = match (params.of.as_str(), scope) {
        ("marketplace", _) | ("organisation", Scope::Tenant(_)) => scope,
        (of, _) => match of.strip_prefix("provider-").and_then(|id| id.parse().ok()) {
            Some(id) => Scope::Provider(ProviderId::new(id)),
            None => {
                return refused(
                    StatusCode::BAD_REQUEST,
                    "invalid_scope",
                    "of must be marketplace, organisation or provider-ID",
                );
            }
        },
    };
    match state.audit.export(&user, scope, &filter).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    r#"attachment; filename="comptoir-audit-log.csv""#,
                ),
            ],
            csv,
        )
            .into_response(),
        Err(AuditError::Forbidden) => refused(
            StatusCode::FORBIDDEN,
            "forbidden",
            "this log is for the operator, or the owners and admins it concerns",
        ),
        Err(AuditError::Store(err)) => internal(&err),
    }
}
