//! The security headers every answer carries, set in one layer.
//!
//! Each request gets a fresh nonce: the page's own hydration scripts carry it (Leptos writes
//! the nonce it finds in context on them) and the Content Security Policy allows only scripts
//! from the site and scripts with that nonce, so markup that slipped into a page could not run.
//! The WASM needs `'wasm-unsafe-eval'` to be compiled, which allows no JavaScript `eval`.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;

/// What the headers depend on: whether the site is served over https, and the path of the
/// built assets.
#[derive(Clone, Debug)]
pub struct Policy {
    pub https: bool,
    /// `/pkg/`: assets whose names change with their content, cached for a year.
    pub assets_prefix: String,
    /// Whether the asset names carry a hash of their content (cargo-leptos `hash-files`).
    pub hashed_assets: bool,
}

pub async fn secure(
    State(policy): State<Policy>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let assets = request.uri().path().starts_with(&policy.assets_prefix);
    let mut response = next.run(request).await;
    apply(response.headers_mut(), &policy, &nonce, assets);
    response
}

/// The nonce of this request, for the pages' context: what the policy header allows.
pub fn nonce_of(parts: &axum::http::request::Parts) -> Option<Nonce> {
    parts.extensions.get::<Nonce>().cloned()
}

fn apply(headers: &mut HeaderMap, policy: &Policy, nonce: &Nonce, assets: bool) {
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    let cache = match (assets, policy.hashed_assets) {
        (true, true) => "public, max-age=31536000, immutable",
        // Without a hash in their names, assets are checked again on each use.
        (true, false) => "no-cache",
        // Pages and answers may hold a signed-in user's data: never kept by a browser or proxy.
        (false, _) => "no-store",
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if policy.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{Policy, apply};
    use axum::http::{HeaderMap, header};
    use leptos::nonce::Nonce;

    fn policy(https: bool, hashed_assets: bool) -> Policy {
        Policy {
            https,
            assets_prefix: "/pkg/".to_owned(),
            hashed_assets,
        }
    }

    #[test]
    fn the_policy_allows_scripts_with_this_requests_nonce_only() {
        let mut headers = HeaderMap::new();
        let nonce = Nonce::from_value("abc123");
        apply(&mut headers, &policy(false, false), &nonce, false);
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert!(!headers.contains_key(header::STRICT_TRANSPORT_SECURITY));
    }

    #[test]
    fn hashed_assets_are_kept_a_year_and_https_sites_ask_for_https_only() {
        let mut headers = HeaderMap::new();
        apply(
            &mut headers,
            &policy(true, true),
            &Nonce::from_value("n"),
            true,
        );
        assert_eq!(
            headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert!(headers.contains_key(header::STRICT_TRANSPORT_SECURITY));
        let mut unhashed = HeaderMap::new();
        apply(
            &mut unhashed,
            &policy(false, false),
            &Nonce::from_value("n"),
            true,
        );
        assert_eq!(unhashed[header::CACHE_CONTROL], "no-cache");
    }
}
