//! An offer's page: who sells it, its current terms (its meters in words) and every price it
//! had.

use crate::api::marketplace::load_offer_page;
use crate::components::failure::failure;
use crate::components::loading::loading;
use crate::format::{meter, minute, percent};
use crate::i18n::*;
use crate::text::{domain_text, offer_status_text};
use broker::catalog::{OfferPage, OfferStatus, OfferTerms};
use leptos::prelude::*;

fn attributes(terms: &OfferTerms) -> String {
    terms
        .attributes
        .iter()
        .map(|(key, value)| format!("{key} {value}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[component]
pub fn OfferPageView() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = crate::pages::id_param();
    let data = loading(load_offer_page(id));
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(page) => view! { <OfferView page /> }.into_any(),
            }
        })}
    }
}

#[component]
fn OfferView(page: OfferPage) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let OfferPage { offer, provider } = page;
    let Some(current) = offer.current().cloned() else {
        return failure(crate::error::AppError::NotFound, locale);
    };
    let terms = current.terms;
    let certifications = terms
        .certifications
        .iter()
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    let unit = terms.unit.clone();
    let meters = terms
        .meters
        .iter()
        .map(|m| meter(locale, m, terms.monthly_price.currency(), &terms.unit))
        .map(|sentence| view! { <li>{sentence}</li> })
        .collect_view();
    let history = offer.versions.iter().rev().map(|version| {
        let is_current = version.version == offer.current_version;
        view! {
            <tr class="border-t border-slate-100">
                <td class="px-3 py-2">{format!("v{}", version.version)}{is_current.then(|| view! { " "<span class="text-xs text-emerald-700">{t!(i18n, offer.current)}</span> })}</td>
                <td class="px-3 py-2 whitespace-nowrap">{minute(version.effective_from)}</td>
                <td class="px-3 py-2 text-right whitespace-nowrap">{version.terms.monthly_price.to_string()}</td>
                <td class="px-3 py-2 text-right whitespace-nowrap">{percent(version.terms.availability_bp)}</td>
                <td class="px-3 py-2 text-right whitespace-nowrap">{format!("{} g", version.terms.carbon_g_month)}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <p class="text-sm uppercase tracking-wide text-slate-500">{domain_text(locale, &offer.domain)}</p>
        <h1 class="text-2xl font-bold">{terms.name.clone()}</h1>
        <p class="mt-1 text-slate-700">{terms.tagline.clone()}</p>
        <p class="mt-2">
            {t!(i18n, offer.sold_by)}" "
            <a class="text-indigo-700 underline" href=format!("/providers/{}", provider.slug)>{provider.legal_name.clone()}</a>
        </p>
        {(offer.status != OfferStatus::Published).then(|| view! {
            <p class="mt-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
                {t!(i18n, offer.not_public)}" "<strong>{offer_status_text(locale, offer.status)}</strong>
                {offer.review_reason.clone().map(|reason| view! { " — "{reason} })}
            </p>
        })}
        {(!terms.description.is_empty()).then(|| view! { <p class="mt-4 whitespace-pre-line text-slate-800">{terms.description.clone()}</p> })}
        <dl class="mt-6 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3">
            <div><dt class="text-sm text-slate-500">{t!(i18n, catalog.price)}</dt><dd class="text-lg font-semibold">{terms.monthly_price.to_string()}" "<span class="text-sm font-normal text-slate-500">{t!(i18n, catalog.per, unit = move || unit.clone())}</span></dd></div>
            <div><dt class="text-sm text-slate-500">{t!(i18n, catalog.availability)}</dt><dd class="text-lg font-semibold">{percent(terms.availability_bp)}</dd></div>
            <div><dt class="text-sm text-slate-500">{t!(i18n, catalog.carbon)}</dt><dd class="text-lg font-semibold">{format!("{} g CO2e", terms.carbon_g_month)}</dd></div>
            <div><dt class="text-sm text-slate-500">{t!(i18n, catalog.location)}</dt><dd>{terms.country.to_string()}" · "{terms.jurisdiction.clone()}</dd></div>
            <div><dt class="text-sm text-slate-500">{t!(i18n, catalog.certifications)}</dt><dd>{certifications}</dd></div>
            <div><dt class="text-sm text-slate-500">{t!(i18n, offer.sizes)}</dt><dd>{attributes(&terms)}</dd></div>
            <div><dt class="text-sm text-slate-500">{t!(i18n, console.capacity)}</dt><dd>{offer.capacity.map_or_else(|| td_string!(locale, console.unlimited).to_owned(), |c| c.to_string())}</dd></div>
            <div><dt class="text-sm text-slate-500">{t!(i18n, offer.reference)}</dt><dd class="font-mono text-sm">{format!("{} · v{}", offer.external_id, offer.current_version)}</dd></div>
            {(!terms.meters.is_empty()).then(|| view! {
                <div class="sm:col-span-3"><dt class="text-sm text-slate-500">{t!(i18n, offer.meters)}</dt><dd><ul data-testid="meters">{meters}</ul></dd></div>
            })}
        </dl>
        <section class="mt-8">
            <h2 class="text-lg font-semibold">{t!(i18n, offer.history)}</h2>
            <div class="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white">
                <table class="min-w-full text-left text-sm" data-testid="price-history">
                    <thead class="text-slate-500">
                        <tr>
                            <th scope="col" class="px-3 py-2">{t!(i18n, offer.version)}</th>
                            <th scope="col" class="px-3 py-2">{t!(i18n, offer.effective_from)}</th>
                            <th scope="col" class="px-3 py-2 text-right">{t!(i18n, catalog.price)}</th>
                            <th scope="col" class="px-3 py-2 text-right">{t!(i18n, catalog.availability)}</th>
                            <th scope="col" class="px-3 py-2 text-right">{t!(i18n, catalog.carbon)}</th>
                        </tr>
                    </thead>
                    <tbody>{history}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}
