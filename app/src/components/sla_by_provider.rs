//! The providers' service month by month, for the operator: a row per provider that reported
//! downtime or was charged a credit, a column per month, each cell the downtime then the
//! credits. Twelve months are wider than a narrow screen: the table is a region the keyboard
//! can scroll.

use crate::format::{duration, eur};
use crate::i18n::*;
use broker::operator::overview::{MonthFigures, ProviderMonths};
use leptos::prelude::*;

const CELL: &str = "px-3 py-2 text-right whitespace-nowrap";

#[component]
pub fn SlaByProvider(months: Vec<MonthFigures>, providers: Vec<ProviderMonths>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if providers.is_empty() {
        return view! {
            <section class="mt-4 rounded-lg border border-slate-200 bg-white p-4" id="sla-by-provider">
                <h3 class="font-semibold">{t!(i18n, overview.sla_by_provider)}</h3>
                <p class="mt-2 text-sm text-slate-600">{t!(i18n, overview.sla_none)}</p>
            </section>
        }
        .into_any();
    }
    let heads = months
        .iter()
        .map(|m| view! { <th scope="col" class=CELL>{m.month.clone()}</th> })
        .collect_view();
    let rows = providers
        .into_iter()
        .map(|provider| {
            let cells = provider
                .downtime_secs
                .iter()
                .zip(&provider.credits_minor)
                .map(|(&down, &credits)| {
                    if down == 0 && credits == 0 {
                        view! { <td class=CELL>"–"</td> }.into_any()
                    } else {
                        view! {
                            <td class=CELL>
                                <span class="block">{duration(down)}</span>
                                <span class="block text-slate-600">{eur(credits)}</span>
                            </td>
                        }
                        .into_any()
                    }
                })
                .collect_view();
            view! {
                <tr class="border-t border-slate-100" data-sla=provider.name.clone()>
                    <th scope="row" class="px-3 py-2 text-left font-normal">{provider.name.clone()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white" id="sla-by-provider" tabindex="0" role="region" aria-label=td_string!(locale, overview.sla_by_provider)>
            <table class="min-w-full text-sm">
                <caption class="px-3 pt-3 text-left">
                    <span class="block font-semibold">{t!(i18n, overview.sla_by_provider)}</span>
                    <span class="block text-slate-600">{t!(i18n, overview.sla_legend)}</span>
                </caption>
                <thead class="text-slate-600"><tr>
                    <th scope="col" class="px-3 py-2 text-left">{t!(i18n, overview.provider)}</th>
                    {heads}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
