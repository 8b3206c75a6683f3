//! Cross-site request forgery protection for every state-changing request, server functions
//! included: a browser says where a request comes from (`Sec-Fetch-Site`, `Origin`), and anything
//! that is not this site's own origin gets 403 before any handler runs. Requests with neither
//! header come from programs, not browsers, and cannot carry a victim's cookies.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The origin (`scheme://host:port`) that may change state.
#[derive(Clone, Debug)]
pub struct SiteOrigin(pub Arc<str>);

pub async fn protect(
    State(site): State<SiteOrigin>,
    request: Request<Body>,
    next: Next,
) -> Response {
    if is_safe(request.method()) || comes_from(&request, &site.0) {
        next.run(request).await
    } else {
        tracing::warn!(method = %request.method(), uri = %request.uri(), "refused a cross-site request");
        (StatusCode::FORBIDDEN, "Cross-site request refused").into_response()
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the browser says the request comes from this site. When it sends both headers, both
/// must say so: a forged or confused one is enough to refuse.
fn comes_from(request: &Request<Body>, origin: &str) -> bool {
    let headers = request.headers();
    // `none` is the user's own action: typing an address, a bookmark.
    let by_fetch_site = headers
        .get("sec-fetch-site")
        .map(|site| matches!(site.to_str(), Ok("same-origin" | "none")));
    let by_origin = headers
        .get(header::ORIGIN)
        .map(|value| value.to_str().is_ok_and(|v| v == origin));
    by_fetch_site.unwrap_or(true) && by_origin.unwrap_or(true)
}
