//! A provider's public page: who they are, where they answer to, their certifications and offers.

use crate::api::marketplace::load_provider_page;
use crate::components::failure::failure;
use crate::components::loading::loading;
use crate::format::{percent, price};
use crate::i18n::*;
use crate::text::domain_text;
use broker::catalog::ProviderPage;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProviderPageView() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let slug = use_params_map().with_untracked(|p| p.get("slug").unwrap_or_default());
    let data = loading(load_provider_page(slug));
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(page) => view! { <ProviderView page /> }.into_any(),
            }
        })}
    }
}

#[component]
fn ProviderView(page: ProviderPage) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let certifications = page
        .certifications()
        .into_iter()
        .collect::<Vec<_>>()
        .join(", ");
    let provider = page.provider;
    let count = page.offers.len();
    let export = format!("/api/v1/catalog?provider={}&download=1", provider.slug);
    view! {
        <p class="text-sm uppercase tracking-wide text-slate-500">{t!(i18n, provider.kicker)}</p>
        <h1 class="text-2xl font-bold">{provider.legal_name.clone()}</h1>
        <p class="mt-3 whitespace-pre-line text-slate-800">{provider.description.clone()}</p>
        <dl class="mt-6 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
            <div><dt class="text-sm text-slate-500">{t!(i18n, provider.seat)}</dt><dd>{provider.country.to_string()}</dd></div>
            <div><dt class="text-sm text-slate-500">{t!(i18n, provider.jurisdiction)}</dt><dd>{provider.jurisdiction.clone()}</dd></div>
            <div><dt class="text-sm text-slate-500">{t!(i18n, catalog.certifications)}</dt><dd>{certifications}</dd></div>
            <div><dt class="text-sm text-slate-500">{t!(i18n, provider.contact)}</dt>
                <dd><a class="text-indigo-700 underline" href=provider.website.clone() rel="nofollow noopener">{provider.website.clone()}</a>" · "{provider.support_contact.clone()}</dd></div>
        </dl>
        <section class="mt-8">
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 class="text-lg font-semibold">{t!(i18n, provider.offers, count = move || count)}</h2>
                <a class="text-indigo-700 underline" href=export>{t!(i18n, provider.export)}</a>
            </div>
            <ul class="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
                {page.offers.into_iter().map(|offer| view! {
                    <li class="flex flex-wrap items-baseline justify-between gap-2 px-4 py-2">
                        <span>
                            <a class="font-medium text-indigo-700 underline" href=format!("/offers/{}", offer.id)>{offer.terms.name.clone()}</a>
                            <span class="ml-2 text-xs text-slate-500">{domain_text(locale, &offer.domain)}" · "{offer.terms.country.to_string()}</span>
                        </span>
                        <span class="text-sm whitespace-nowrap">{price(&offer)}" · "{percent(offer.terms.availability_bp)}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
