//! Log-in.

use crate::api::LogIn;
use crate::components::error_texts::ErrorTexts;
use crate::components::field::Input;
use crate::components::style::BUTTON_CLASS;
use crate::components::submit_form::SubmitForm;
use crate::i18n::*;
use broker::account::Field;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn LogInPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <div class="mx-auto max-w-md">
            <h1 class="text-2xl font-bold">{t!(i18n, login.title)}</h1>
            <SubmitForm action=LogIn::url() class="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" errors=ErrorTexts::new(locale)>
                <Input field=Field::Email name="form[email]" id="login-email" kind="email" autocomplete="username" label=td_string!(locale, login.email) />
                <Input field=Field::Password name="form[password]" id="login-password" kind="password" autocomplete="current-password" label=td_string!(locale, login.password) />
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, login.submit)}</button>
            </SubmitForm>
            <p class="mt-4 text-sm text-slate-700">
                {t!(i18n, login.no_account)}" "<a href="/signup" class="text-indigo-700 underline">{t!(i18n, nav.sign_up)}</a>
            </p>
        </div>
    }
}
