//! The marketplace's forms: a [`SubmitForm`] of server-rendered [`Input`]s inside one small
//! island that, with JavaScript, posts the form to its server function and shows each refusal
//! next to its field, so nothing typed is lost; without JavaScript the form posts and the page
//! comes back with the refusal shown. Every form shares that one piece of WASM instead of
//! shipping its own.
//!
//! [`Input`]: crate::components::field::Input

use crate::components::error_texts::ErrorTexts;
#[cfg(feature = "ssr")]
use crate::components::field::Refusal;
use crate::error::AppError;
use leptos::prelude::*;

/// The error in this page's address, when it came from the server function at `action`.
#[cfg(feature = "ssr")]
fn refusal_for(action: &str) -> Option<AppError> {
    use leptos::server_fn::error::ServerFnUrlError;
    leptos_router::hooks::use_query_map().with_untracked(|query| {
        let path = query.get("__path")?;
        let error = query.get("__err")?;
        (path.trim_end_matches('/') == action)
            .then(|| ServerFnUrlError::<AppError>::decode_err(&error))
    })
}

/// A form posted to the server function at `action` (its `ServerFn::url()`). Its children are
/// the fields and buttons. With JavaScript it is sent without leaving the page and each refusal
/// is written in place; without, the browser posts it and comes back to the page with the
/// refusal shown.
#[component]
pub fn SubmitForm(
    action: &'static str,
    class: &'static str,
    errors: ErrorTexts,
    children: Children,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let refusal = refusal_for(action);
    #[cfg(not(feature = "ssr"))]
    let refusal: Option<AppError> = None;
    let general = refusal.as_ref().and_then(|error| errors.general(error));
    #[cfg(feature = "ssr")]
    provide_context(Refusal(refusal));
    view! {
        <Enhance errors>
            <form method="post" action=action class=class novalidate="">
                <p class="mb-4 whitespace-pre-line text-sm text-red-700 empty:mb-0" role="alert" data-form-error="">{general}</p>
                {children()}
            </form>
        </Enhance>
    }
}

/// Sends the forms inside it with JavaScript (a submit event bubbles up to it).
#[island]
fn Enhance(errors: ErrorTexts, children: Children) -> impl IntoView {
    let texts = StoredValue::new(errors);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        browser::submit(event, texts);
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, texts);
    };
    view! { <div on:submit=on_submit>{children()}</div> }
}

#[cfg(feature = "hydrate")]
mod browser;
