//! What a page shows when its data could not be loaded: the log-in page for a visitor, the 404
//! page for something that is not there (or not theirs), else the error with its status code.

use crate::components::error_texts::ErrorTexts;
use crate::components::not_found::NotFound;
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos_router::components::Redirect;

pub fn failure(err: AppError, locale: Locale) -> AnyView {
    match err {
        AppError::Unauthorized => view! { <Redirect path="/login" /> }.into_any(),
        AppError::NotFound => view! { <NotFound /> }.into_any(),
        err => {
            #[cfg(feature = "ssr")]
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                use axum::http::StatusCode;
                response.set_status(
                    StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                );
            }
            view! { <p role="alert" class="text-red-700">{ErrorTexts::new(locale).error(&err).to_owned()}</p> }
                .into_any()
        }
    }
}
