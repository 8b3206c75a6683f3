//! The HTTP API for scripts, version 1: plain JSON routes beside the pages. Each handler parses
//! its parameters, calls `broker::service` and maps the outcome; errors are JSON objects with an
//! `error` message and, where one parameter is at fault, its name in `parameter`. The providers'
//! usage and downtime reports are in `reports`.

pub mod billing;
pub mod reports;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use broker::format::PlanDocument;
use broker::placement::{Explanation, OfferLabel};
use broker::search::CatalogFilters;
use broker::service::catalog::Marketplace;
use broker::service::transfer::ExportError;
use broker::transfer::{ExportScope, export_search};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The parameters of `GET /api/v1/catalog`: a provider's slug, the catalog page's filters, and
/// whether to download the document as a file.
#[derive(Debug, Deserialize)]
pub struct CatalogParams {
    provider: Option<String>,
    download: Option<String>,
    #[serde(flatten)]
    filters: CatalogFilters,
    /// Whatever else the query holds, refused so that a misspelt filter is not silently dropped.
    #[serde(flatten)]
    unknown: BTreeMap<String, String>,
}

fn error(status: StatusCode, parameter: Option<&str>, message: &str) -> Response {
    let body = match parameter {
        Some(parameter) => serde_json::json!({ "error": message, "parameter": parameter }),
        None => serde_json::json!({ "error": message }),
    };
    (status, Json(body)).into_response()
}

/// `GET /api/v1/catalog`: the public catalog as a `comptoir.catalog/v1` document, the offers of
/// one provider (`provider=<slug>`) or of a catalog search (the catalog page's filters), every
/// matching offer in one document. `download=1` asks the browser to save it as a file.
pub async fn catalog(
    State(marketplace): State<Marketplace>,
    params: Result<Query<CatalogParams>, QueryRejection>,
) -> Response {
    let params = match params {
        Ok(Query(params)) => params,
        Err(rejection) => return error(StatusCode::BAD_REQUEST, None, &rejection.body_text()),
    };
    if let Some(name) = params.unknown.keys().next() {
        return error(StatusCode::BAD_REQUEST, Some(name), "unknown parameter");
    }
    let download = match params.download.as_deref().map(str::trim) {
        None | Some("" | "0" | "false") => false,
        Some("1" | "true") => true,
        Some(_) => return error(StatusCode::BAD_REQUEST, Some("download"), "expected 1 or 0"),
    };
    let search = match export_search(&params.filters) {
        Ok(search) => search,
        Err(problem) => {
            return error(
                StatusCode::BAD_REQUEST,
                Some(&problem.field),
                &problem.message,
            );
        }
    };
    let scope = ExportScope {
        provider: params
            .provider
            .as_deref()
            .map(|slug| slug.trim().to_ascii_lowercase())
            .filter(|slug| !slug.is_empty()),
        search,
    };
    match marketplace.export_catalog(&scope).await {
        Ok(catalog) => {
            let json = (header::CONTENT_TYPE, "application/json");
            if download {
                let file = (
                    header::CONTENT_DISPOSITION,
                    r#"attachment; filename="comptoir-catalog.json""#,
                );
                ([json, file], catalog.to_json()).into_response()
            } else {
                ([json], catalog.to_json()).into_response()
            }
        }
        Err(ExportError::UnknownProvider) => error(
            StatusCode::NOT_FOUND,
            Some("provider"),
            "no approved provider has this slug",
        ),
        Err(err) => {
            tracing::error!(%err, "exporting the catalog failed");
            error(StatusCode::INTERNAL_SERVER_ERROR, None, "internal error")
        }
    }
}

/// `POST /api/v1/plans`: plans the `comptoir.blueprint/v1` document in the body against the live
/// catalog, for the session's organisation. The answer is the `comptoir.plan/v1` document for
/// the blueprint's objective, with `explanation` (candidates, exclusions and alternatives per
/// component), `alternative` (the plan and explanation for the other objective, cost or
/// carbon) and `offers` (the name, provider and location of every offer either plan names).
/// `explanation.search.complete` is false, with `stopped_after_ms`, when the search was stopped
/// by the planner's budget: the plan is the best found, not proven optimal.
///
/// Refusals carry a stable `code`: `blueprint_too_large` (400, with the `limit` exceeded),
/// `planner_busy` (503, with `Retry-After`) and `out_of_time` (422, with `ms`: no plan was found
/// in time, which does not mean none exists).
pub async fn plans(
    State(state): State<app::state::AppState>,
    session: tower_sessions::Session,
    body: String,
) -> Response {
    use app::error::AppError;
    match app::api::ssr::session_member(&state, &session).await {
        Ok(_) => {}
        Err(AppError::Unauthorized) => {
            return error(StatusCode::UNAUTHORIZED, None, "sign in first");
        }
        Err(AppError::NotFound) => {
            return error(
                StatusCode::FORBIDDEN,
                None,
                "you belong to no organisation: create one first",
            );
        }
        Err(_) => return error(StatusCode::INTERNAL_SERVER_ERROR, None, "internal error"),
    }
    let blueprint = match broker::format::Blueprint::from_json(&body) {
        Ok(blueprint) => blueprint,
        Err(problem) => return error(StatusCode::BAD_REQUEST, None, &problem.to_string()),
    };
    let live = match state.planner.plan(&blueprint).await {
        Ok(live) => live,
        Err(err) => return plan_refusal(err),
    };
    let answer = PlanAnswer {
        plan: &live.chosen.plan,
        explanation: &live.chosen.explanation,
        alternative: Alternative {
            plan: &live.other.plan,
            explanation: &live.other.explanation,
        },
        offers: &live.offers,
    };
    Json(answer).into_response()
}

/// The answer of `POST /api/v1/plans`: the plan document's fields, then how it was reached.
#[derive(Serialize)]
struct PlanAnswer<'a> {
    #[serde(flatten)]
    plan: &'a PlanDocument,
    explanation: &'a Explanation,
    alternative: Alternative<'a>,
    offers: &'a BTreeMap<String, OfferLabel>,
}

/// The plan for the other objective.
#[derive(Serialize)]
struct Alternative<'a> {
    plan: &'a PlanDocument,
    explanation: &'a Explanation,
}

/// The answer of `POST /api/v1/plans` when no plan was made: the refusal's status, code and
/// figures, in the broker's own words.
fn plan_refusal(err: broker::service::planning::PlanningError) -> Response {
    let message = err.to_string();
    let error = app::error::AppError::from(err);
    if error.status() >= 500 {
        // Logged where the error was mapped.
        return error.into_response();
    }
    error.into_response_saying(&message)
}
