//! The errors and the navigation of a form that lives in its own island (sign-up, which shows
//! the password while typing) rather than in a
//! [`SubmitForm`](crate::components::submit_form::SubmitForm).

use crate::components::error_texts::ErrorTexts;
use crate::error::AppError;
use broker::account::Field;
use leptos::prelude::*;

/// The errors of a form's last submission, as sentences for each field and for the whole form.
#[derive(Clone, Copy)]
pub struct FormErrors {
    error: Signal<Option<AppError>>,
    texts: StoredValue<ErrorTexts>,
}

impl FormErrors {
    pub fn of<S>(action: ServerAction<S>, texts: ErrorTexts) -> Self
    where
        S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        let error = Signal::derive(move || action.value().get().and_then(Result::err));
        Self {
            error,
            texts: StoredValue::new(texts),
        }
    }

    /// The sentence under `field`, when the server refused it.
    pub fn field(self, field: Field) -> Signal<Option<String>> {
        Signal::derive(move || {
            let problem = self.error.get()?.field(field)?;
            Some(
                self.texts
                    .with_value(|texts| texts.problem(problem).to_owned()),
            )
        })
    }

    /// The sentence above the form, for an error that is not about one field.
    pub fn general(self) -> Signal<Option<String>> {
        Signal::derive(move || {
            let error = self
                .error
                .get()
                .filter(|e| !matches!(e, AppError::Invalid(_) | AppError::BlueprintInvalid(_)))?;
            Some(
                self.texts
                    .with_value(|texts| texts.error(&error).to_owned()),
            )
        })
    }
}

/// After a successful submission through JavaScript, go where the server function says.
pub fn navigate_on_success<S>(action: ServerAction<S>)
where
    S: leptos::server_fn::ServerFn<Output = String, Error = AppError>
        + Clone
        + Send
        + Sync
        + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(target)) = action.value().get() {
            let _ = window().location().set_href(&target);
        }
    });
}
