//! The provider's figures on its console: the orders its offers took each month, as a chart
//! drawn on the server with its table, and each offer's measured uptime over the finalized
//! months.

use crate::api::marketplace::load_provider_figures;
use crate::components::chart::{Bar, BarChart};
use crate::components::failure::failure;
use crate::components::loading::loading;
use crate::format::{count, duration, percent};
use crate::i18n::*;
use broker::catalog::ProviderFigures;
use leptos::prelude::*;

const CELL: &str = "px-3 py-2 text-right whitespace-nowrap";

#[component]
pub fn Figures(provider: i64) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let data = loading(load_provider_figures(provider));
    view! {
        <section id="figures" class="mt-8">
            <h2 class="text-lg font-semibold">{t!(i18n, console.figures)}</h2>
            {Suspend::new(async move {
                match data.await {
                    Err(err) => failure(err, locale),
                    Ok(figures) => view! { <Charts figures /> }.into_any(),
                }
            })}
        </section>
    }
}

#[component]
fn Charts(figures: ProviderFigures) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let bars = figures
        .orders
        .iter()
        .map(|m| Bar {
            label: m.month.get(2..).unwrap_or_default().to_owned(),
            value: m.orders,
        })
        .collect::<Vec<_>>();
    let rows = figures.uptime.into_iter().map(|offer| {
        let uptime = offer.uptime_bp().map(|bp| percent(u32::try_from(bp).unwrap_or(0))).unwrap_or_default();
        view! {
            <tr class="border-t border-slate-100" data-uptime=offer.external_id.clone()>
                <th scope="row" class="px-3 py-2 text-left font-normal">{offer.name.clone()}" "<span class="text-slate-600">{offer.external_id.clone()}</span></th>
                <td class=CELL>{uptime}</td>
                <td class=CELL>{duration(offer.downtime_unit_secs)}</td>
            </tr>
        }
    }).collect::<Vec<_>>();
    let uptime = if rows.is_empty() {
        view! { <p class="mt-4 text-slate-700">{t!(i18n, console.no_uptime)}</p> }.into_any()
    } else {
        view! {
            <div class="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white">
                <table class="min-w-full text-sm">
                    <caption class="px-3 pt-3 text-left font-semibold">{t!(i18n, console.uptime_title)}</caption>
                    <thead class="text-slate-600"><tr>
                        <th scope="col" class="px-3 py-2 text-left">{t!(i18n, catalog.offer)}</th>
                        <th scope="col" class=CELL>{t!(i18n, console.uptime)}</th>
                        <th scope="col" class=CELL>{t!(i18n, console.downtime)}</th>
                    </tr></thead>
                    <tbody>{rows.collect_view()}</tbody>
                </table>
            </div>
        }.into_any()
    };
    view! {
        <BarChart title=td_string!(locale, console.orders_chart).to_owned() x_label=td_string!(locale, console.chart_month).to_owned() y_label=td_string!(locale, console.orders_axis).to_owned() bars show=count testid="orders" table_label=td_string!(locale, console.chart_table).to_owned() />
        {uptime}
    }
}
