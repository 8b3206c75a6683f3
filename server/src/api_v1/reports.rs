//! `POST /api/v1/usage` and `POST /api/v1/downtime`: a provider reports usage and downtime of its
//! instances with one of its API tokens (`Authorization: Bearer cpt_…`), in batches of
//! `{ "records": [...] }` of at most 100 records (see `broker::reports`).
//!
//! A missing token is 401 `missing_token`, an unknown or revoked one 401 `invalid_token`; a body
//! that is not such a batch is 400 `malformed_batch`, a batch of more than 100 records 400
//! `batch_too_large` with its `limit`. Otherwise the answer is 200 with each record's status, in
//! the batch's order: `{ "records": [{ "id": "u-42", "status": "accepted" }, { "id": "u-43",
//! "status": "refused", "code": "unknown_meter", "message": "…" }] }`, the status being
//! `accepted`, `duplicate`, `conflict` or `refused`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use broker::provisioning::port::{Clock, SystemClock};
use broker::reports::{
    Batch, BatchTooLarge, DowntimeRecord, MAX_BATCH, Refusal, Report, UsageRecord, Verdict,
};
use broker::service::reports::{ReportError, Reporter, Reports};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

/// `POST /api/v1/usage`: `{ "id", "instance_id", "meter", "quantity", "at" }` records.
pub async fn usage(
    State(reports): State<Reports>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Answer>, Refused> {
    let now = SystemClock.now();
    let reporter = authenticate(&reports, &headers, now).await?;
    let batch: Batch<UsageRecord> = read_batch(&body)?;
    let verdicts = reports.report_usage(&reporter, &batch, now).await;
    answer(&reporter, "usage", &batch.records, verdicts)
}

/// `POST /api/v1/downtime`: `{ "id", "instance_id", "from", "to" }` records.
pub async fn downtime(
    State(reports): State<Reports>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Answer>, Refused> {
    let now = SystemClock.now();
    let reporter = authenticate(&reports, &headers, now).await?;
    let batch: Batch<DowntimeRecord> = read_batch(&body)?;
    let verdicts = reports.report_downtime(&reporter, &batch, now).await;
    answer(&reporter, "downtime", &batch.records, verdicts)
}

/// Why a batch was answered without a status for each record.
#[derive(Debug)]
pub enum Refused {
    MissingToken,
    InvalidToken,
    Malformed(String),
    TooLarge(BatchTooLarge),
    /// Logged where it happened.
    Internal,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            Refused::MissingToken => (
                StatusCode::UNAUTHORIZED,
                json!({ "code": "missing_token",
                    "error": "send a provider API token as Authorization: Bearer <token>" }),
            ),
            Refused::InvalidToken => (
                StatusCode::UNAUTHORIZED,
                json!({ "code": "invalid_token", "error": "the token is unknown or revoked" }),
            ),
            Refused::Malformed(reason) => (
                StatusCode::BAD_REQUEST,
                json!({ "code": "malformed_batch",
                    "error": format!("expected {{ \"records\": [...] }} of records: {reason}") }),
            ),
            Refused::TooLarge(too_large) => (
                StatusCode::BAD_REQUEST,
                json!({ "code": "batch_too_large", "error": too_large.to_string(),
                    "limit": MAX_BATCH }),
            ),
            Refused::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({ "code": "internal", "error": "internal error" }),
            ),
        };
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// The provider of the request's bearer token.
async fn authenticate(
    reports: &Reports,
    headers: &HeaderMap,
    now: i64,
) -> Result<Reporter, Refused> {
    let token = bearer(headers).ok_or(Refused::MissingToken)?;
    match reports.authenticate(token, now).await {
        Ok(Some(reporter)) => Ok(reporter),
        Ok(None) => Err(Refused::InvalidToken),
        Err(err) => {
            tracing::error!(%err, "looking up a provider API token failed");
            Err(Refused::Internal)
        }
    }
}

/// The token of an `Authorization: Bearer <token>` header (the scheme in any case).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

fn read_batch<R: DeserializeOwned>(body: &[u8]) -> Result<Batch<R>, Refused> {
    serde_json::from_slice(body).map_err(|err| Refused::Malformed(err.to_string()))
}

/// One record's status in the answer.
#[derive(Debug, Serialize)]
pub struct Status {
    id: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

/// The statuses of a batch's records, in its order.
#[derive(Debug, Serialize)]
pub struct Answer {
    records: Vec<Status>,
}

fn answer<R: Report>(
    reporter: &Reporter,
    kind: &str,
    records: &[R],
    verdicts: Result<Vec<Verdict>, ReportError>,
) -> Result<Json<Answer>, Refused> {
    let verdicts = match verdicts {
        Ok(verdicts) => verdicts,
        Err(ReportError::TooLarge(too_large)) => return Err(Refused::TooLarge(too_large)),
        Err(ReportError::Store(err)) => {
            let provider = reporter.provider();
            tracing::error!(%err, %provider, kind, "keeping reported records failed");
            return Err(Refused::Internal);
        }
    };
    let records = records
        .iter()
        .zip(verdicts)
        .map(|(record, verdict)| status(record.id(), verdict))
        .collect();
    Ok(Json(Answer { records }))
}

fn status(id: &str, verdict: Verdict) -> Status {
    let (status, refused) = match verdict {
        Verdict::Accept { .. } => ("accepted", None),
        Verdict::Duplicate => ("duplicate", None),
        Verdict::Conflict => ("conflict", None),
        Verdict::Refused(refusal) => ("refused", Some(refusal)),
    };
    Status {
        id: id.to_owned(),
        status,
        code: refused.map(code),
        message: refused.map(|refusal| refusal.to_string()),
    }
}

/// The stable code of each refusal.
fn code(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::InvalidId => "invalid_id",
        Refusal::UnknownInstance => "unknown_instance",
        Refusal::ForeignInstance => "foreign_instance",
        Refusal::UnknownMeter => "unknown_meter",
        Refusal::NegativeQuantity => "negative_quantity",
        Refusal::EmptyInterval => "empty_interval",
        Refusal::InFuture => "in_future",
    }
}

#[cfg(test)]
mod tests {
    use super::bearer;
    use axum::http::{HeaderMap, HeaderValue, header};

    fn with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn the_token_is_what_follows_the_bearer_scheme() {
        assert_eq!(bearer(&with("Bearer cpt_abc")), Some("cpt_abc"));
        assert_eq!(bearer(&with("bearer  cpt_abc ")), Some("cpt_abc"));
        assert_eq!(bearer(&with("Basic dXNlcjpwdw==")), None);
        assert_eq!(bearer(&with("Bearer ")), None);
        assert_eq!(bearer(&HeaderMap::new()), None);
    }
}
