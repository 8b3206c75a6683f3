//! A quote: the offer versions and prices a plan froze for seven days, whether it still holds,
//! and the way to its contract.

use crate::api::contracts::{PrepareContract, QuotePage, load_quote};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::loading::loading;
use crate::components::style::BUTTON_CLASS;
use crate::components::submit_form::SubmitForm;
use crate::format::{kg, minute, percent};
use crate::i18n::*;
use crate::text::RefusalTexts;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn QuotePageView() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = crate::pages::id_param();
    let data = loading(load_quote(id));
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(page) => view! { <QuoteView page /> }.into_any(),
            }
        })}
    }
}

#[component]
fn QuoteView(page: QuotePage) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let QuotePage {
        view: quote_view,
        role,
        ..
    } = page;
    let quote = quote_view.quote;
    let currency = quote.currency();
    let lines = quote
        .lines()
        .iter()
        .map(|line| {
            let offer = line.offer();
            view! {
                <tr class="border-t border-slate-100">
                    <td class="px-3 py-2 font-medium">{line.component().to_owned()}</td>
                    <td class="px-3 py-2">
                        <a class="text-indigo-700 underline" href=format!("/offers/{}", offer.offer)>{offer.name.clone()}</a>
                        <span class="block text-xs text-slate-500">{format!("{} · v{}", offer.provider_slug, offer.version)}</span>
                    </td>
                    <td class="px-3 py-2 text-right">{line.quantity()}</td>
                    <td class="px-3 py-2 text-right whitespace-nowrap">{line.unit_price().to_string()}</td>
                    <td class="px-3 py-2 text-right whitespace-nowrap">{line.monthly_total().to_string()}</td>
                    <td class="px-3 py-2 text-right whitespace-nowrap">{percent(offer.availability_bp)}</td>
                    <td class="px-3 py-2 whitespace-nowrap">{format!("{} · {}", offer.country, offer.jurisdiction)}</td>
                    <td class="px-3 py-2 text-right whitespace-nowrap">{kg(line.carbon_g_month())}</td>
                </tr>
            }
        })
        .collect_view();
    let holds = quote_view.stale.is_empty();
    let expires = minute(quote.expires_at());
    let stale = RefusalTexts::new(locale)
        .stale(&quote_view.stale)
        .into_iter()
        .map(|reason| view! { <li>{reason}</li> })
        .collect_view();
    let next = match (quote_view.contract, holds, role.can_prepare()) {
        (Some(contract), _, _) => view! {
            <a class=BUTTON_CLASS href=format!("/contracts/{contract}")>{t!(i18n, quote.open_contract)}</a>
        }
        .into_any(),
        (None, true, true) => view! {
            <SubmitForm action=PrepareContract::url() class="" errors=ErrorTexts::with_refusals(locale)>
                <input type="hidden" name="quote" value=quote_view.id.to_string() />
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, quote.prepare)}</button>
            </SubmitForm>
        }
        .into_any(),
        (None, true, false) => view! { <p class="text-slate-700">{t!(i18n, quote.viewer)}</p> }.into_any(),
        (None, false, _) => view! {
            <a class=BUTTON_CLASS href="/compose">{t!(i18n, quote.replan)}</a>
        }
        .into_any(),
    };
    view! {
        <p class="text-sm uppercase tracking-wide text-slate-500">{format!("{} {}", td_string!(locale, quote.title), quote_view.id)}</p>
        <h1 class="text-2xl font-bold">{quote.blueprint().to_owned()}</h1>
        {if holds {
            view! {
                <p class="mt-2 text-slate-700">{format!("{} {expires}.", td_string!(locale, quote.valid_until))}</p>
            }
            .into_any()
        } else {
            view! {
                <div role="alert" class="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
                    <p class="font-semibold">{t!(i18n, quote.stale)}</p>
                    <ul class="ml-5 mt-1 list-disc">{stale}</ul>
                </div>
            }
            .into_any()
        }}
        <section class="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table class="min-w-full text-left text-sm">
                <thead class="text-slate-500">
                    <tr>
                        <th scope="col" class="px-3 py-2">{t!(i18n, quote.component)}</th>
                        <th scope="col" class="px-3 py-2">{t!(i18n, quote.offer)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, quote.quantity)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, quote.unit_price)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, quote.monthly)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, quote.sla)}</th>
                        <th scope="col" class="px-3 py-2">{t!(i18n, quote.location)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, quote.carbon)}</th>
                    </tr>
                </thead>
                <tbody>{lines}</tbody>
                <tfoot class="border-t border-slate-300 font-semibold">
                    <tr>
                        <td class="px-3 py-2" colspan="4">{t!(i18n, quote.total)}</td>
                        <td class="px-3 py-2 text-right whitespace-nowrap" data-total="">{quote.total_monthly().to_string()}</td>
                        <td colspan="2"></td>
                        <td class="px-3 py-2 text-right whitespace-nowrap">{kg(quote.total_carbon_g_month())}</td>
                    </tr>
                </tfoot>
            </table>
        </section>
        <p class="mt-2 text-sm text-slate-500">{format!("{} {} · {}", td_string!(locale, quote.made), minute(quote.created_at()), currency)}</p>
        <div class="mt-6">{next}</div>
    }
}
