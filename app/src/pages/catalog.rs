//! The public catalog: search by words, filter, sort and page through published offers. The
//! filters are a plain GET form, so every search is a URL that can be shared and works without
//! JavaScript.

use crate::api::search_catalog;
use crate::components::error_texts::ErrorTexts;
use crate::components::loading::loading;
use crate::components::style::{BUTTON_CLASS, INPUT_CLASS};
use crate::format::{form_encode, percent, price};
use crate::i18n::*;
use crate::text::{DOMAINS, domain_text, sort_text};
use broker::search::{CatalogFilters, CatalogPage, CatalogSort};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The same search as a catalog document, for download.
fn export_url(filters: &CatalogFilters) -> String {
    let query = filter_query(filters);
    format!(
        "/api/v1/catalog?{}download=1",
        query.iter().map(|p| format!("{p}&")).collect::<String>()
    )
}

/// The address of the same search on another page.
fn page_url(filters: &CatalogFilters, page: u32) -> String {
    let mut query = filter_query(filters);
    query.push(format!("page={page}"));
    format!("/catalog?{}", query.join("&"))
}

/// The search's filters as `key=value` pairs of a query string.
fn filter_query(filters: &CatalogFilters) -> Vec<String> {
    let fields = [
        ("q", &filters.q),
        ("domain", &filters.domain),
        ("country", &filters.country),
        ("jurisdiction", &filters.jurisdiction),
        ("certification", &filters.certification),
        ("min_availability", &filters.min_availability),
        ("min_price", &filters.min_price),
        ("max_price", &filters.max_price),
        ("max_carbon", &filters.max_carbon),
        ("sort", &filters.sort),
    ];
    fields
        .iter()
        .filter_map(|(key, value)| {
            value
                .as_deref()
                .filter(|v| !v.trim().is_empty())
                .map(|v| format!("{key}={}", form_encode(v)))
        })
        .collect()
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let filters = use_query_map().with_untracked(|q| CatalogFilters {
        q: q.get("q"),
        domain: q.get("domain"),
        country: q.get("country"),
        jurisdiction: q.get("jurisdiction"),
        certification: q.get("certification"),
        min_availability: q.get("min_availability"),
        min_price: q.get("min_price"),
        max_price: q.get("max_price"),
        max_carbon: q.get("max_carbon"),
        sort: q.get("sort"),
        page: q.get("page"),
    });
    let search = filters.search();
    let results = loading(search_catalog(filters.clone()));
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let input = move |id: &'static str,
                      label: &'static str,
                      current: String,
                      kind: &'static str| {
        view! {
            <div>
                <label for=id class="block text-sm font-medium text-slate-700">{label}</label>
                <input id=id name=id type=kind value=current class=INPUT_CLASS inputmode=if kind == "text" { "text" } else { "decimal" } />
            </div>
        }
    };
    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, catalog.title)}</h1>
        <p class="mt-1 text-slate-700">{t!(i18n, catalog.lead)}</p>
        <LiveFilters>
        <form method="get" action="/catalog" class="mt-6 grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4" role="search">
            <div class="sm:col-span-2">
                <label for="q" class="block text-sm font-medium text-slate-700">{t!(i18n, catalog.words)}</label>
                <input id="q" name="q" type="search" value=value(&filters.q) placeholder=td_string!(locale, catalog.words_placeholder) class=INPUT_CLASS />
            </div>
            <div>
                <label for="domain" class="block text-sm font-medium text-slate-700">{t!(i18n, catalog.domain)}</label>
                <select id="domain" name="domain" class=INPUT_CLASS>
                    <option value="">{t!(i18n, catalog.any)}</option>
                    {DOMAINS.map(|d| view! { <option value=d selected=search.domain.as_deref() == Some(d)>{domain_text(locale, d)}</option> }).collect_view()}
                </select>
            </div>
            <div>
                <label for="sort" class="block text-sm font-medium text-slate-700">{t!(i18n, catalog.sort)}</label>
                <select id="sort" name="sort" class=INPUT_CLASS>
                    {CatalogSort::ALL.map(|s| view! { <option value=s.as_str() selected=search.sort == s>{sort_text(locale, s)}</option> }).collect_view()}
                </select>
            </div>
            {input("country", td_string!(locale, catalog.country), value(&filters.country), "text")}
            {input("jurisdiction", td_string!(locale, catalog.jurisdiction), value(&filters.jurisdiction), "text")}
            {input("certification", td_string!(locale, catalog.certification), value(&filters.certification), "text")}
            {input("min_availability", td_string!(locale, catalog.min_availability), value(&filters.min_availability), "text")}
            {input("min_price", td_string!(locale, catalog.min_price), value(&filters.min_price), "text")}
            {input("max_price", td_string!(locale, catalog.max_price), value(&filters.max_price), "text")}
            {input("max_carbon", td_string!(locale, catalog.max_carbon), value(&filters.max_carbon), "text")}
            <div class="flex items-end gap-3">
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, catalog.apply)}</button>
                <a href="/catalog" class="py-2 text-indigo-700 underline">{t!(i18n, catalog.reset)}</a>
            </div>
        </form>
        <div id="results" aria-live="polite">
        {Suspend::new(async move {
            match results.await {
                Ok(page) => view! { <Results page filters /> }.into_any(),
                Err(err) => view! { <p role="alert" class="mt-6 text-red-700">{ErrorTexts::new(locale).error(&err).to_owned()}</p> }.into_any(),
            }
        })}
        </div>
        </LiveFilters>
    }
}

#[component]
fn Results(page: CatalogPage, filters: CatalogFilters) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (current, pages, total) = (page.page, page.pages(), page.total);
    if page.offers.is_empty() {
        return view! {
            <p class="mt-6 text-slate-700" role="status">{t!(i18n, catalog.none)}</p>
        }
        .into_any();
    }
    let rows = page
        .offers
        .into_iter()
        .map(|offer| {
            let certifications = offer.terms.certifications.iter().cloned().collect::<Vec<_>>().join(", ");
            let unit = offer.terms.unit.clone();
            view! {
                <tr class="border-t border-slate-100 align-top">
                    <td class="px-3 py-2">
                        <input type="checkbox" name="id" value=offer.id.get() class="mr-2 align-middle"
                            aria-label=format!("{} {}", td_string!(locale, catalog.select), offer.terms.name) />
                    </td>
                    <td class="px-3 py-2">
                        <a class="font-medium text-indigo-700 underline" href=format!("/offers/{}", offer.id)>{offer.terms.name.clone()}</a>
                        <span class="block text-xs text-slate-500">{domain_text(locale, &offer.domain)}" · "{offer.terms.tagline.clone()}</span>
                    </td>
                    <td class="px-3 py-2"><a class="underline" href=format!("/providers/{}", offer.provider_slug)>{offer.provider_name.clone()}</a></td>
                    <td class="px-3 py-2">{offer.terms.country.to_string()}" · "{offer.terms.jurisdiction.clone()}</td>
                    <td class="px-3 py-2 text-right whitespace-nowrap">{price(&offer)}<span class="block text-xs text-slate-500">{t!(i18n, catalog.per, unit = move || unit.clone())}</span></td>
                    <td class="px-3 py-2 text-right whitespace-nowrap">{format!("{} g", offer.terms.carbon_g_month)}</td>
                    <td class="px-3 py-2 text-right whitespace-nowrap">{percent(offer.terms.availability_bp)}</td>
                    <td class="px-3 py-2 text-sm">{certifications}</td>
                </tr>
            }
        })
        .collect_view();
    let previous = (current > 1).then(|| page_url(&filters, current - 1));
    let next = (current < pages).then(|| page_url(&filters, current + 1));
    view! {
        <form method="get" action="/compare">
        <div class="mt-6 flex flex-wrap items-center justify-between gap-2">
            <p class="text-sm text-slate-600" role="status">{t!(i18n, catalog.results, count = move || total)}</p>
            <div class="flex items-center gap-3 text-sm">
                <a class="text-indigo-700 underline" href=export_url(&filters)>{t!(i18n, catalog.export)}</a>
                <button type="submit" class="rounded-md border border-indigo-600 px-3 py-1 font-medium text-indigo-700 hover:bg-indigo-50">{t!(i18n, catalog.compare)}</button>
            </div>
        </div>
        <div class="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table class="min-w-full text-left text-sm">
                <thead class="text-slate-500">
                    <tr>
                        <th scope="col" class="px-3 py-2"><span class="sr-only">{t!(i18n, catalog.select)}</span></th>
                        <th scope="col" class="px-3 py-2">{t!(i18n, catalog.offer)}</th>
                        <th scope="col" class="px-3 py-2">{t!(i18n, catalog.provider)}</th>
                        <th scope="col" class="px-3 py-2">{t!(i18n, catalog.location)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, catalog.price)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, catalog.carbon)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, catalog.availability)}</th>
                        <th scope="col" class="px-3 py-2">{t!(i18n, catalog.certifications)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        </form>
        <nav class="mt-4 flex items-center gap-4" aria-label=td_string!(locale, catalog.pages)>
            {previous.map(|href| view! { <a href=href rel="prev" class="text-indigo-700 underline">{t!(i18n, catalog.previous)}</a> })}
            <span class="text-sm text-slate-600">{t!(i18n, catalog.page, page = move || current, pages = move || pages)}</span>
            {next.map(|href| view! { <a href=href rel="next" class="text-indigo-700 underline">{t!(i18n, catalog.next)}</a> })}
        </nav>
    }
    .into_any()
}

/// The filter form and its results, with the results updated as the filters change when
/// JavaScript runs: the same search page is fetched and only its results are swapped in, and the
/// address follows, so a live search is still a URL. Without JavaScript the form's button does
/// the same by loading the page.
#[island]
fn LiveFilters(children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    let refresh = live::refresher();
    #[cfg(not(feature = "hydrate"))]
    let refresh = |_: leptos::ev::Event| {};
    view! { <div on:input=refresh on:change=refresh>{children()}</div> }
}

#[cfg(feature = "hydrate")]
mod live;
