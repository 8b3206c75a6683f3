//! Log-in.

use crate::api::LogIn;
use crate::components::field::{BUTTON_CLASS, TextField, error_text, navigate_on_success, problem_text};
use crate::error::AppError;
use crate::i18n::*;
use broker::account::Field;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn LogInPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="mx-auto max-w-md">
            <h1 class="text-2xl font-bold">{t!(i18n, login.title)}</h1>
            <LogInForm />
            <p class="mt-4 text-sm text-slate-700">
                {t!(i18n, login.no_account)}" "<a href="/signup" class="text-indigo-700 underline">{t!(i18n, nav.sign_up)}</a>
            </p>
        </div>
    }
}

#[island]
fn LogInForm() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let action = ServerAction::<LogIn>::new();
    let error = move || action.value().get().and_then(Result::err);
    let field = move |field: Field| Signal::derive(move || error().and_then(|e| e.field(field)).map(|p| problem_text(locale, p)));
    let general = move || error().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| error_text(locale, &e));
    navigate_on_success(action);
    view! {
        <ActionForm action attr:class="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <p class="mb-4 text-sm font-medium text-red-700" role="alert">{general}</p>
            <TextField name="form[email]" id="login-email" label=td_string!(locale, login.email) kind="email" autocomplete="username" error=field(Field::Email) />
            <TextField name="form[password]" id="login-password" label=td_string!(locale, login.password) kind="password" autocomplete="current-password" error=field(Field::Password) />
            <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{td_string!(locale, login.submit)}</button>
        </ActionForm>
    }
}
