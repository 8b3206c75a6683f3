//! Log-in, with the way to a forgotten password.

use crate::api::LogIn;
use crate::components::error_texts::ErrorTexts;
use crate::components::field::Input;
use crate::components::style::BUTTON_CLASS;
use crate::components::submit_form::SubmitForm;
use crate::format::form_encode;
use crate::i18n::*;
use broker::account::Field;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LogInPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (reset, next) =
        use_query_map().with_untracked(|q| (q.get("reset").is_some(), q.get("next")));
    let signup = signup_link(next.as_deref());
    view! {
        <div class="mx-auto max-w-md">
            <h1 class="text-2xl font-bold">{t!(i18n, login.title)}</h1>
            {reset.then(|| view! { <p role="status" class="mt-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-800" data-password-reset="">{t!(i18n, reset.done)}</p> })}
            <SubmitForm action=LogIn::url() class="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" errors=ErrorTexts::new(locale)>
                {next.map(|next| view! { <input type="hidden" name="next" value=next /> })}
                <Input field=Field::Email name="form[email]" id="login-email" kind="email" autocomplete="username" label=td_string!(locale, login.email) />
                <Input field=Field::Password name="form[password]" id="login-password" kind="password" autocomplete="current-password" label=td_string!(locale, login.password) />
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, login.submit)}</button>
            </SubmitForm>
            <p class="mt-4 text-sm text-slate-700">
                <a href="/forgot-password" class="text-indigo-700 underline">{t!(i18n, login.forgot)}</a>
            </p>
            <p class="mt-2 text-sm text-slate-700">
                {t!(i18n, login.no_account)}" "<a href=signup class="text-indigo-700 underline">{t!(i18n, nav.sign_up)}</a>
            </p>
        </div>
    }
}

/// The sign-up page, going on to `next` afterwards as this log-in would.
fn signup_link(next: Option<&str>) -> String {
    match next {
        Some(next) => format!("/signup?next={}", form_encode(next)),
        None => "/signup".to_owned(),
    }
}
