//! Sign-up: an account and the organisation it owns.

use crate::api::SignUp;
use crate::components::field::{BUTTON_CLASS, TextField, error_text, navigate_on_success, problem_text};
use crate::error::AppError;
use crate::i18n::*;
use broker::account::Field;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="mx-auto max-w-md">
            <h1 class="text-2xl font-bold">{t!(i18n, signup.title)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, signup.lead)}</p>
            <SignUpForm />
            <p class="mt-4 text-sm text-slate-700">
                {t!(i18n, signup.have_account)}" "<a href="/login" class="text-indigo-700 underline">{t!(i18n, nav.log_in)}</a>
            </p>
        </div>
    }
}

/// The form, hydrated so that what was typed stays in place when the server refuses it, and so
/// that the password can be shown while typing.
#[island]
fn SignUpForm() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let action = ServerAction::<SignUp>::new();
    let error = move || action.value().get().and_then(Result::err);
    let field = move |field: Field| Signal::derive(move || error().and_then(|e| e.field(field)).map(|p| problem_text(locale, p)));
    let general = move || error().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| error_text(locale, &e));
    navigate_on_success(action);

    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let (shown, set_shown) = signal(false);
    let kind = Signal::derive(move || if shown.get() { "text" } else { "password" });

    view! {
        <ActionForm action attr:class="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" attr:novalidate="">
            <p class="mb-4 text-sm text-red-700" role="alert">{general}</p>
            <TextField name="form[email]" id="signup-email" label=td_string!(locale, signup.email) kind="email" autocomplete="email" error=field(Field::Email) />
            <TextField name="form[password]" id="signup-password" label=td_string!(locale, signup.password) kind="password"
                autocomplete="new-password" hint=td_string!(locale, signup.password_hint) error=field(Field::Password) kind_override=kind />
            <button type="button" class="-mt-2 mb-4 text-sm text-indigo-700 underline disabled:text-slate-400 disabled:no-underline"
                disabled=move || !hydrated.get() aria-controls="signup-password"
                on:click=move |_| set_shown.update(|s| *s = !*s)>
                {move || if shown.get() { td_string!(locale, signup.hide_password) } else { td_string!(locale, signup.show_password) }}
            </button>
            <TextField name="form[name]" id="signup-name" label=td_string!(locale, signup.name) autocomplete="name" error=field(Field::Name) />
            <TextField name="form[organisation]" id="signup-organisation" label=td_string!(locale, signup.organisation) autocomplete="organization" error=field(Field::Organisation) />
            <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{td_string!(locale, signup.submit)}</button>
        </ActionForm>
    }
}
