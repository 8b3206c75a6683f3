//! Selling on Comptoir: the invitations to join a provider's team, the providers the user
//! belongs to, and the application to open one.

use crate::api::marketplace::{ApplyProvider, my_providers};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::field::Input;
use crate::components::invitations::ReceivedInvitations;
use crate::components::loading::loading;
use crate::components::style::BUTTON_CLASS;
use crate::components::style::FORM_CLASS;
use crate::components::submit_form::SubmitForm;
use crate::i18n::*;
use crate::text::{provider_role_text, provider_status_text};
use broker::account::Field;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn SellPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let data = loading(my_providers());
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(providers) => view! {
                    <h1 class="text-2xl font-bold">{t!(i18n, sell.title)}</h1>
                    <p class="mt-1 text-slate-700">{t!(i18n, sell.lead)}</p>
                    <ReceivedInvitations back="sell" />
                    {(!providers.is_empty()).then(|| view! {
                        <section class="mt-6">
                            <h2 class="text-lg font-semibold">{t!(i18n, sell.yours)}</h2>
                            <ul class="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
                                {providers.into_iter().map(|(provider, role)| view! {
                                    <li class="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                                        <a class="font-medium text-indigo-700 underline" href=format!("/sell/{}", provider.id)>{provider.legal_name.clone()}</a>
                                        <span class="text-sm text-slate-600">{provider_role_text(locale, role)}" · "{provider_status_text(locale, provider.status)}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                    <section class="mt-8 max-w-2xl">
                        <h2 class="text-lg font-semibold">{t!(i18n, sell.apply_title)}</h2>
                        <p class="mt-1 text-slate-700">{t!(i18n, sell.apply_lead)}</p>
                        <SubmitForm action=ApplyProvider::url() class=FORM_CLASS errors=ErrorTexts::new(locale)>
                            <Input field=Field::LegalName name="form[legal_name]" label=td_string!(locale, sell.legal_name) />
                            <Input field=Field::Slug name="form[slug]" label=td_string!(locale, sell.slug) hint=td_string!(locale, sell.slug_hint) />
                            <div class="grid gap-x-4 sm:grid-cols-2">
                                <Input field=Field::Country name="form[country]" label=td_string!(locale, sell.country) />
                                <Input field=Field::Jurisdiction name="form[jurisdiction]" label=td_string!(locale, sell.jurisdiction) hint=td_string!(locale, sell.jurisdiction_hint) />
                            </div>
                            <Input field=Field::Website name="form[website]" kind="url" label=td_string!(locale, sell.website) />
                            <Input field=Field::Description name="form[description]" rows=3 label=td_string!(locale, sell.description) />
                            <Input field=Field::SupportContact name="form[support_contact]" kind="email" label=td_string!(locale, sell.support_contact) />
                            <button type="submit" class=BUTTON_CLASS>{t!(i18n, sell.apply_submit)}</button>
                        </SubmitForm>
                    </section>
                }.into_any(),
            }
        })}
    }
}
