//! What a page shows when its data could not be loaded: the log-in page for a visitor, the 404
//! page for something that is not there (or not theirs), else the error with its status code.

use crate::components::field::ErrorTexts;
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos_router::components::Redirect;

pub fn failure(err: AppError, locale: Locale) -> AnyView {
    match err {
        AppError::Unauthorized => view! { <Redirect path="/login" /> }.into_any(),
        AppError::NotFound => view! { <crate::pages::not_found::NotFound /> }.into_any(),
        err => {
            #[cfg(feature = "ssr")]
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                use axum::http::StatusCode;
                response.set_status(match err {
                    AppError::Forbidden => StatusCode::FORBIDDEN,
                    AppError::Invalid(_)
                    | AppError::TooManyOffers
                    | AppError::ImportRefused(_)
                    | AppError::BlueprintInvalid(_)
                    | AppError::BlueprintRefused(_) => StatusCode::BAD_REQUEST,
                    AppError::Conflict | AppError::Stale(_) | AppError::Refused(_) => {
                        StatusCode::CONFLICT
                    }
                    _ => StatusCode::INTERNAL_SERVER_ERROR,
                });
            }
            view! { <p role="alert" class="text-red-700">{ErrorTexts::new(locale).error(&err).to_owned()}</p> }
                .into_any()
        }
    }
}
