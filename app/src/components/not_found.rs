//! What an unknown address shows, answered with status 404: the routes' fallback, and what a
//! page shows for something that is not there (or not the visitor's).

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, not_found.title)}</h1>
        <p class="mt-2 text-slate-700">{t!(i18n, errors.not_found)}</p>
        <a href="/" class="mt-4 inline-block text-indigo-700 underline">{t!(i18n, not_found.back)}</a>
    }
}
