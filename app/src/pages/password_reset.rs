//! A forgotten password: the page that asks for a reset link by mail, and the page of the link
//! that sets the new password.

use crate::api::password_reset::{ForgotPassword, ResetPassword, reset_link_works};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::field::Input;
use crate::components::loading::loading;
use crate::components::style::{BUTTON_CLASS, FORM_CLASS};
use crate::components::submit_form::SubmitForm;
use crate::i18n::*;
use broker::account::Field;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let sent = use_query_map().with_untracked(|q| q.get("sent").is_some());
    let language = match locale {
        Locale::fr => "fr",
        _ => "en",
    };
    view! {
        <div class="mx-auto max-w-md">
            <h1 class="text-2xl font-bold">{t!(i18n, reset.forgot_title)}</h1>
            {sent.then(|| view! { <p role="status" class="mt-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-800" data-reset-sent="">{t!(i18n, reset.sent)}</p> })}
            <p class="mt-2 text-slate-700">{t!(i18n, reset.forgot_lead)}</p>
            <SubmitForm action=ForgotPassword::url() class=FORM_CLASS errors=ErrorTexts::new(locale)>
                <input type="hidden" name="form[language]" value=language />
                <Input field=Field::Email name="form[email]" id="forgot-email" kind="email" autocomplete="username" label=td_string!(locale, login.email) />
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, reset.send)}</button>
            </SubmitForm>
        </div>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let token = use_query_map().with_untracked(|q| q.get("token").unwrap_or_default());
    let works = loading(reset_link_works(token.clone()));
    view! {
        <div class="mx-auto max-w-md">
            <h1 class="text-2xl font-bold">{t!(i18n, reset.title)}</h1>
            {Suspend::new(async move {
                match works.await {
                    Err(err) => failure(err, locale),
                    Ok(false) => view! {
                        <p class="mt-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-reset-invalid="">
                            {t!(i18n, reset.invalid)}" "<a class="text-indigo-700 underline" href="/forgot-password">{t!(i18n, reset.again)}</a>
                        </p>
                    }.into_any(),
                    Ok(true) => view! {
                        <SubmitForm action=ResetPassword::url() class=FORM_CLASS errors=ErrorTexts::with_refusals(locale)>
                            <input type="hidden" name="form[token]" value=token.clone() />
                            <Input field=Field::NewPassword name="form[password]" id="reset-password" kind="password" autocomplete="new-password" label=td_string!(locale, reset.new_password) hint=td_string!(locale, reset.hint) />
                            <button type="submit" class=BUTTON_CLASS>{t!(i18n, reset.submit)}</button>
                        </SubmitForm>
                    }.into_any(),
                }
            })}
        </div>
    }
}
