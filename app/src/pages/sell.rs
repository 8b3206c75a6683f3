//! Selling on Comptoir: the providers the user belongs to, and the application to open one.

use crate::api::market::{ApplyProvider, my_providers};
use crate::components::failure::failure;
use crate::components::field::{
    BUTTON_CLASS, ErrorTexts, FormErrors, TextArea, TextField, navigate_on_success,
};
use crate::i18n::*;
use broker::account::Field;
use broker::catalog::{OfferStatus, ProviderRole, ProviderStatus};
use leptos::form::ActionForm;
use leptos::prelude::*;

pub fn provider_status_text(locale: Locale, status: ProviderStatus) -> &'static str {
    match status {
        ProviderStatus::Pending => td_string!(locale, sell.status_pending),
        ProviderStatus::Approved => td_string!(locale, sell.status_approved),
        ProviderStatus::Rejected => td_string!(locale, sell.status_rejected),
        ProviderStatus::Suspended => td_string!(locale, sell.status_suspended),
    }
}

pub fn offer_status_text(locale: Locale, status: OfferStatus) -> &'static str {
    match status {
        OfferStatus::Draft => td_string!(locale, offers.status_draft),
        OfferStatus::InReview => td_string!(locale, offers.status_in_review),
        OfferStatus::Published => td_string!(locale, offers.status_published),
        OfferStatus::Retired => td_string!(locale, offers.status_retired),
        OfferStatus::Rejected => td_string!(locale, offers.status_rejected),
    }
}

pub fn provider_role_text(locale: Locale, role: ProviderRole) -> &'static str {
    match role {
        ProviderRole::Owner => td_string!(locale, roles.owner),
        ProviderRole::Member => td_string!(locale, sell.role_member),
    }
}

#[component]
pub fn SellPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let data = OnceResource::new(my_providers());
    let text = |s: &str| s.to_owned();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(err) => failure(err, locale),
                    Ok(providers) => view! {
                        <h1 class="text-2xl font-bold">{t!(i18n, sell.title)}</h1>
                        <p class="mt-1 text-slate-700">{t!(i18n, sell.lead)}</p>
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
                            <ApplyForm
                                labels=vec![
                                    text(td_string!(locale, sell.legal_name)),
                                    text(td_string!(locale, sell.slug)),
                                    text(td_string!(locale, sell.slug_hint)),
                                    text(td_string!(locale, sell.country)),
                                    text(td_string!(locale, sell.jurisdiction)),
                                    text(td_string!(locale, sell.jurisdiction_hint)),
                                    text(td_string!(locale, sell.website)),
                                    text(td_string!(locale, sell.description)),
                                    text(td_string!(locale, sell.support_contact)),
                                    text(td_string!(locale, sell.apply_submit)),
                                ]
                                errors=ErrorTexts::new(locale)
                            />
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The application form; `labels` are its translated texts in the order of its fields.
#[island]
fn ApplyForm(labels: Vec<String>, errors: ErrorTexts) -> impl IntoView {
    let action = ServerAction::<ApplyProvider>::new();
    let errors = FormErrors::of(action, errors);
    navigate_on_success(action);
    let label = move |i: usize| labels.get(i).cloned().unwrap_or_default();
    view! {
        <ActionForm action attr:class="mt-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" attr:novalidate="">
            <p class="mb-4 text-sm text-red-700 empty:mb-0" role="alert">{errors.general()}</p>
            <TextField name="form[legal_name]" id="apply-legal-name" label=label(0) autocomplete="organization" error=errors.field(Field::LegalName) />
            <TextField name="form[slug]" id="apply-slug" label=label(1) hint=label(2) error=errors.field(Field::Slug) />
            <div class="grid gap-x-4 sm:grid-cols-2">
                <TextField name="form[country]" id="apply-country" label=label(3) error=errors.field(Field::Country) />
                <TextField name="form[jurisdiction]" id="apply-jurisdiction" label=label(4) hint=label(5) error=errors.field(Field::Jurisdiction) />
            </div>
            <TextField name="form[website]" id="apply-website" label=label(6) kind="url" error=errors.field(Field::Website) />
            <TextArea name="form[description]" id="apply-description" label=label(7) error=errors.field(Field::Description) />
            <TextField name="form[support_contact]" id="apply-support" label=label(8) kind="email" error=errors.field(Field::SupportContact) />
            <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{label(9)}</button>
        </ActionForm>
    }
}
