//! Sign-up: an account and the organisation it owns.

use crate::api::SignUp;
use crate::components::error_texts::ErrorTexts;
use crate::components::field::Input;
use crate::components::island_form::{FormErrors, navigate_on_success};
use crate::components::style::BUTTON_CLASS;
use crate::format::form_encode;
use crate::i18n::*;
use broker::account::Field;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let text = |s: &str| s.to_owned();
    let next = use_query_map().with_untracked(|q| q.get("next"));
    let login = match &next {
        Some(next) => format!("/login?next={}", form_encode(next)),
        None => "/login".to_owned(),
    };
    view! {
        <div class="mx-auto max-w-md">
            <h1 class="text-2xl font-bold">{t!(i18n, signup.title)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, signup.lead)}</p>
            <SignUpForm
                email=text(td_string!(locale, signup.email))
                password=text(td_string!(locale, signup.password))
                password_hint=text(td_string!(locale, signup.password_hint))
                show_password=text(td_string!(locale, signup.show_password))
                hide_password=text(td_string!(locale, signup.hide_password))
                name=text(td_string!(locale, signup.name))
                organisation=text(td_string!(locale, signup.organisation))
                submit=text(td_string!(locale, signup.submit))
                errors=ErrorTexts::new(locale)
                next=next.unwrap_or_default()
            />
            <p class="mt-4 text-sm text-slate-700">
                {t!(i18n, signup.have_account)}" "<a href=login class="text-indigo-700 underline">{t!(i18n, nav.log_in)}</a>
            </p>
        </div>
    }
}

/// The form, hydrated so that what was typed stays in place when the server refuses it, and so
/// that the password can be shown while typing. Its texts come translated from the server.
#[island]
#[expect(
    clippy::too_many_arguments,
    reason = "an island's props are its translated texts, one per label"
)]
fn SignUpForm(
    email: String,
    password: String,
    password_hint: String,
    show_password: String,
    hide_password: String,
    name: String,
    organisation: String,
    submit: String,
    errors: ErrorTexts,
    /// Where to go once signed up (an invitation's page), empty for the dashboard.
    next: String,
) -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let errors = FormErrors::of(action, errors);
    navigate_on_success(action);

    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let (shown, set_shown) = signal(false);
    let kind = Signal::derive(move || if shown.get() { "text" } else { "password" });
    let toggle_label = move || {
        if shown.get() {
            hide_password.clone()
        } else {
            show_password.clone()
        }
    };

    view! {
        <ActionForm action attr:class="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" attr:novalidate="">
            <p class="mb-4 text-sm text-red-700 empty:mb-0" role="alert">{errors.general()}</p>
            {(!next.is_empty()).then(|| view! { <input type="hidden" name="next" value=next.clone() /> })}
            <Input field=Field::Email name="form[email]" id="signup-email" label=email kind="email" autocomplete="email" error=errors.field(Field::Email) />
            <Input field=Field::Password name="form[password]" id="signup-password" label=password kind="password"
                autocomplete="new-password" hint=password_hint error=errors.field(Field::Password) kind_override=kind />
            <button type="button" class="-mt-2 mb-4 text-sm text-indigo-700 underline disabled:text-slate-400 disabled:no-underline"
                disabled=move || !hydrated.get() aria-controls="signup-password"
                on:click=move |_| set_shown.update(|s| *s = !*s)>
                {toggle_label}
            </button>
            <Input field=Field::Name name="form[name]" id="signup-name" label=name autocomplete="name" error=errors.field(Field::Name) />
            <Input field=Field::Organisation name="form[organisation]" id="signup-organisation" label=organisation autocomplete="organization" error=errors.field(Field::Organisation) />
            <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{submit}</button>
        </ActionForm>
    }
}
