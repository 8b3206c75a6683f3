//! The few plain HTTP routes beside the Leptos pages.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use broker::store::Store;
use serde::Deserialize;

/// 200 `ok` when the database answers, 503 otherwise.
pub async fn healthz(State(store): State<Store>) -> Response {
    if store.ping().await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

#[derive(Deserialize)]
pub struct LocaleForm {
    locale: String,
}

/// The language switch: remembers the choice in the cookie the i18n layer reads, then goes back
/// to the page the visitor was on.
pub async fn set_locale(headers: HeaderMap, Form(form): Form<LocaleForm>) -> Response {
    let Some(locale) = ["en", "fr"].into_iter().find(|l| *l == form.locale) else {
        return (StatusCode::BAD_REQUEST, "Unknown language").into_response();
    };
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(local_path)
        .unwrap_or_else(|| "/".to_owned());
    let cookie = format!("i18n_pref_locale={locale}; Path=/; Max-Age=31536000; SameSite=Lax");
    ([(header::SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}

/// The path and query of a referring URL, never another site (no open redirect). Browsers read
/// a backslash as a slash, so `/\evil.example` would leave the site like `//evil.example`: a path
/// with a backslash or a control character is not kept.
fn local_path(referer: &str) -> Option<String> {
    let after_scheme = referer.split_once("://").map_or(referer, |(_, rest)| rest);
    let path = &after_scheme[after_scheme.find('/')?..];
    let local =
        !path.starts_with("//") && !path.contains('\\') && !path.chars().any(char::is_control);
    local.then(|| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{healthz, local_path};
    use axum::extract::State;
    use axum::http::StatusCode;
    use broker::store::Store;

    #[tokio::test]
    async fn healthz_is_503_when_the_database_does_not_answer() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}", dir.path().join("h.db").display()))
            .await
            .unwrap();
        assert_eq!(healthz(State(store.clone())).await.status(), StatusCode::OK);
        store.close().await;
        assert_eq!(
            healthz(State(store)).await.status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
    }

    #[test]
    fn only_the_local_path_of_a_referer_is_kept() {
        assert_eq!(
            local_path("http://127.0.0.1:3000/login?x=1").as_deref(),
            Some("/login?x=1")
        );
        assert_eq!(local_path("http://127.0.0.1:3000").as_deref(), None);
        assert_eq!(
            local_path("https://evil.example//other.example/").as_deref(),
            None
        );
        assert_eq!(
            local_path("http://127.0.0.1:3000/\\evil.example").as_deref(),
            None
        );
        assert_eq!(local_path("/\\evil.example").as_deref(), None);
        assert_eq!(local_path("http://127.0.0.1:3000/a\tb").as_deref(), None);
    }
}
