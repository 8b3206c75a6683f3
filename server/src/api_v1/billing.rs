//! `GET /api/v1/billing?month=YYYY-MM`: a month's `comptoir.billing/v1` document, for the
//! operator signed in. Errors are JSON with an `error` message and a stable `code`:
//! `unauthorized` (401), `forbidden` (403), `invalid_month` (400), `internal` (500).

use app::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use broker::billing::Month;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct BillingParams {
    month: Option<String>,
}

fn refused(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(serde_json::json!({ "error": message, "code": code })),
    )
        .into_response()
}

pub async fn billing(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    Query(params): Query<BillingParams>,
) -> Response {
    let user = match app::api::ssr::session_user(&state, &session).await {
        Ok(Some((_, user))) => user,
        Ok(None) => return refused(StatusCode::UNAUTHORIZED, "unauthorized", "sign in first"),
        Err(_) => {
            return refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
            );
        }
    };
    if !user.is_operator {
        return refused(
            StatusCode::FORBIDDEN,
            "forbidden",
            "only the marketplace operator reads the billing export",
        );
    }
    let Some(month) = params
        .month
        .as_deref()
        .and_then(|raw| Month::parse(raw.trim()).ok())
    else {
        return refused(
            StatusCode::BAD_REQUEST,
            "invalid_month",
            "month must be YYYY-MM",
        );
    };
    match state.billing.operator_export(&user, month).await {
        Ok(document) => Json(document).into_response(),
        Err(err) => {
            tracing::error!(%err, %month, "exporting the month's billing failed");
            refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
            )
        }
    }
}
