//! Log-in.

use crate::api::LogIn;
use crate::components::field::{
    BUTTON_CLASS, ErrorTexts, FormErrors, TextField, navigate_on_success,
};
use crate::i18n::*;
use broker::account::Field;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn LogInPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <div class="mx-auto max-w-md">
            <h1 class="text-2xl font-bold">{t!(i18n, login.title)}</h1>
            <LogInForm
                email=td_string!(locale, login.email).to_owned()
                password=td_string!(locale, login.password).to_owned()
                submit=td_string!(locale, login.submit).to_owned()
                errors=ErrorTexts::new(locale)
            />
            <p class="mt-4 text-sm text-slate-700">
                {t!(i18n, login.no_account)}" "<a href="/signup" class="text-indigo-700 underline">{t!(i18n, nav.sign_up)}</a>
            </p>
        </div>
    }
}

#[island]
fn LogInForm(email: String, password: String, submit: String, errors: ErrorTexts) -> impl IntoView {
    let action = ServerAction::<LogIn>::new();
    let errors = FormErrors::of(action, errors);
    navigate_on_success(action);
    view! {
        <ActionForm action attr:class="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <p class="mb-4 text-sm font-medium text-red-700 empty:mb-0" role="alert">{errors.general()}</p>
            <TextField name="form[email]" id="login-email" label=email kind="email" autocomplete="username" error=errors.field(Field::Email) />
            <TextField name="form[password]" id="login-password" label=password kind="password" autocomplete="current-password" error=errors.field(Field::Password) />
            <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{submit}</button>
        </ActionForm>
    }
}
