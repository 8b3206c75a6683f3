//! Up to four offers side by side: attributes, price, SLA, carbon, jurisdiction, certifications.
//! The offers are chosen with the check boxes of the catalog, so the comparison is a URL too
//! (`/compare?id=3&id=8`).

use crate::api::marketplace::compare_offers;
use crate::components::failure::failure;
use crate::components::loading::loading;
use crate::format::{percent, price};
use crate::i18n::*;
use crate::text::domain_text;
use broker::catalog::OfferListing;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeSet;

#[component]
pub fn ComparePage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let ids: Vec<i64> = use_query_map().with_untracked(|q| {
        q.get_all("id")
            .unwrap_or_default()
            .iter()
            .filter_map(|raw| raw.trim().parse().ok())
            .collect()
    });
    let data = loading(compare_offers(ids));
    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, compare.title)}</h1>
        {Suspend::new(async move {
            match data.await {
                Err(err) => view! {
                    {failure(err, locale)}
                    <a href="/catalog" class="text-indigo-700 underline">{t!(i18n, compare.back)}</a>
                }.into_any(),
                Ok(offers) if offers.is_empty() => view! { <p class="mt-2 text-slate-700">{t!(i18n, compare.none)}</p> }.into_any(),
                Ok(offers) => view! { <Comparison offers /> }.into_any(),
            }
        })}
    }
}

#[component]
fn Comparison(offers: Vec<OfferListing>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let sizes: BTreeSet<String> = offers
        .iter()
        .flat_map(|o| o.terms.attributes.keys().cloned())
        .collect();
    let cells = |value: &dyn Fn(&OfferListing) -> String| {
        offers
            .iter()
            .map(|offer| view! { <td class="px-3 py-2">{value(offer)}</td> })
            .collect_view()
    };
    let row = |label: String, value: &dyn Fn(&OfferListing) -> String| {
        view! { <tr class="border-t border-slate-100"><th scope="row" class="px-3 py-2 text-left font-medium text-slate-500">{label}</th>{cells(value)}</tr> }
    };
    let size_rows = sizes
        .iter()
        .map(|key| {
            row(key.clone(), &|o: &OfferListing| {
                o.terms
                    .attributes
                    .get(key)
                    .map_or("—".to_owned(), |v| v.to_string())
            })
        })
        .collect_view();
    view! {
        <div class="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table class="min-w-full text-sm" data-testid="comparison">
                <thead>
                    <tr>
                        <td></td>
                        {offers.iter().map(|o| view! {
                            <th scope="col" class="px-3 py-2 text-left">
                                <a class="text-indigo-700 underline" href=format!("/offers/{}", o.id)>{o.terms.name.clone()}</a>
                                <span class="block text-xs font-normal text-slate-500">{o.provider_name.clone()}</span>
                            </th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {row(td_string!(locale, catalog.domain).to_owned(), &|o| domain_text(locale, &o.domain))}
                    {row(td_string!(locale, catalog.price).to_owned(), &|o| format!("{} / {}", price(o), o.terms.unit))}
                    {row(td_string!(locale, catalog.availability).to_owned(), &|o| percent(o.terms.availability_bp))}
                    {row(td_string!(locale, catalog.carbon).to_owned(), &|o| format!("{} g", o.terms.carbon_g_month))}
                    {row(td_string!(locale, catalog.country).to_owned(), &|o| o.terms.country.to_string())}
                    {row(td_string!(locale, catalog.jurisdiction).to_owned(), &|o| o.terms.jurisdiction.clone())}
                    {row(td_string!(locale, catalog.certifications).to_owned(), &|o| o.terms.certifications.iter().cloned().collect::<Vec<_>>().join(", "))}
                    {size_rows}
                </tbody>
            </table>
        </div>
    }
}
