//! A labelled form input with its error shown beneath it, and the translation of form problems.

use crate::error::{AppError, FieldProblem};
use crate::i18n::*;
use broker::account::InputError;
use leptos::prelude::*;

/// The sentence for a problem with one field, in the page's language.
pub fn problem_text(locale: Locale, problem: FieldProblem) -> &'static str {
    match problem {
        FieldProblem::Input(InputError::EmailInvalid) => td_string!(locale, errors.email_invalid),
        FieldProblem::Input(InputError::PasswordTooShort) => td_string!(locale, errors.password_too_short),
        FieldProblem::Input(InputError::PasswordTooLong) => td_string!(locale, errors.password_too_long),
        FieldProblem::Input(InputError::PasswordWeak) => td_string!(locale, errors.password_weak),
        FieldProblem::Input(InputError::Empty) => td_string!(locale, errors.empty),
        FieldProblem::Input(InputError::TooLong) => td_string!(locale, errors.too_long),
        FieldProblem::EmailTaken => td_string!(locale, errors.email_taken),
        FieldProblem::WrongCurrentPassword => td_string!(locale, errors.wrong_current_password),
    }
}

/// The sentence for an error that is not about one field.
pub fn error_text(locale: Locale, error: &AppError) -> &'static str {
    match error {
        AppError::Invalid(_) => td_string!(locale, errors.form),
        AppError::BadCredentials => td_string!(locale, errors.bad_credentials),
        AppError::TooManyAttempts => td_string!(locale, errors.too_many_attempts),
        AppError::Unauthorized => td_string!(locale, errors.unauthorized),
        AppError::Forbidden => td_string!(locale, errors.forbidden),
        AppError::NotFound => td_string!(locale, errors.not_found),
        AppError::Internal | AppError::ServerFn(_) => td_string!(locale, errors.internal),
    }
}

pub const INPUT_CLASS: &str = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 aria-[invalid=true]:border-red-600";
pub const BUTTON_CLASS: &str = "inline-flex items-center justify-center rounded-md bg-indigo-600 px-4 py-2 font-medium text-white shadow-sm hover:bg-indigo-700 disabled:opacity-50";

/// An input with its label, an optional hint and the error for it, linked for screen readers.
#[component]
pub fn TextField(
    /// The form name, e.g. `form[email]`.
    name: &'static str,
    /// A unique id for the input.
    id: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into)] error: Signal<Option<&'static str>>,
    /// Overrides `kind` reactively, for the show-password toggle.
    #[prop(optional, into)]
    kind_override: Option<Signal<&'static str>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    let kind = move || kind_override.map_or(kind, |k| k.get());
    view! {
        <div class="mb-4">
            <label for=id class="block text-sm font-medium text-slate-700">{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                class=INPUT_CLASS
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
            />
            {hint.map(|hint| view! { <p id=hint_id class="mt-1 text-sm text-slate-500">{hint}</p> })}
            <p id=error_id class="mt-1 text-sm text-red-700" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// After a successful submission through JavaScript, go where the server function says.
pub fn navigate_on_success<S>(action: ServerAction<S>)
where
    S: leptos::server_fn::ServerFn<Output = String, Error = AppError> + Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(target)) = action.value().get() {
            let _ = window().location().set_href(&target);
        }
    });
}
