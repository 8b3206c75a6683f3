//! The operator's overview: what runs now, the last twelve months as charts drawn on the server
//! with their figures in a table, and the providers and organisations that weigh most.

use crate::components::chart::{Bar, BarChart};
use crate::components::sla_by_provider::SlaByProvider;
use crate::format::{count, duration, eur, kg, percent};
use crate::i18n::*;
use broker::operator::overview::{MonthFigures, Overview, ProviderSla, ProvisioningHealth, Ranked};
use leptos::prelude::*;

const CARD: &str = "rounded-lg border border-slate-200 bg-white p-4";
const CELL: &str = "px-3 py-2 text-right whitespace-nowrap";

#[component]
pub fn MarketplaceOverview(overview: Overview) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let bars = |value: fn(&MonthFigures) -> i64| {
        overview
            .months
            .iter()
            .map(|m| Bar {
                label: m.month.get(2..).unwrap_or_default().to_owned(),
                value: value(m),
            })
            .collect::<Vec<_>>()
    };
    let month = td_string!(locale, overview.month).to_owned();
    let table = td_string!(locale, overview.chart_table).to_owned();
    let (this, last) = match overview.months.as_slice() {
        [.., last, this] => (this.clone(), last.clone()),
        _ => Default::default(),
    };
    let versus = |now: i64, before: i64| {
        crate::text::fill(
            td_string!(locale, overview.versus),
            &[("now", &now.to_string()), ("before", &before.to_string())],
        )
    };
    let rows = overview.months.iter().rev().map(|m| view! {
        <tr class="border-t border-slate-100" data-month=m.month.clone()>
            <th scope="row" class="px-3 py-2 text-left font-normal">{m.month.clone()}</th>
            <td class=CELL data-gmv="">{eur(m.gmv_minor)}</td>
            <td class=CELL>{eur(m.commission_minor)}</td>
            <td class=CELL>{m.take_rate_bp().map(|bp| percent(u32::try_from(bp).unwrap_or(0))).unwrap_or_else(|| "–".to_owned())}</td>
            <td class=CELL>{eur(m.vat_minor)}</td>
            <td class=CELL>{m.new_organisations}</td>
            <td class=CELL>{m.new_providers}</td>
            <td class=CELL>{m.contracts_signed}</td>
            <td class=CELL>{duration(m.downtime_secs)}</td>
            <td class=CELL>{eur(m.credits_minor)}</td>
        </tr>
    }).collect_view();
    view! {
        <section id="overview" class="mt-6">
            <h2 class="text-lg font-semibold">{t!(i18n, overview.title)}</h2>
            <dl class="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
                <div class=CARD><dt class="text-slate-600">{t!(i18n, overview.committed)}</dt><dd class="text-2xl font-semibold" data-committed="">{eur(overview.committed_minor)}</dd></div>
                <div class=CARD><dt class="text-slate-600">{t!(i18n, overview.resources)}</dt><dd class="text-2xl font-semibold" data-resources="">{overview.resources_active}</dd></div>
                <div class=CARD><dt class="text-slate-600">{t!(i18n, overview.carbon)}</dt><dd class="text-2xl font-semibold">{kg(overview.carbon_g_month)}</dd></div>
                <div class=CARD><dt class="text-slate-600">{t!(i18n, overview.signed)}</dt><dd class="text-2xl font-semibold">{versus(this.contracts_signed, last.contracts_signed)}</dd></div>
                <div class=CARD><dt class="text-slate-600">{t!(i18n, overview.so_far)}</dt><dd class="text-2xl font-semibold" data-so-far="">{eur(this.invoiced_so_far_minor)}</dd><dd class="text-sm text-slate-600">{crate::text::fill(td_string!(locale, overview.last_month), &[("amount", &eur(last.invoiced_so_far_minor))])}</dd></div>
            </dl>
            <BarChart title=td_string!(locale, overview.gmv_chart).to_owned() x_label=month.clone() y_label=td_string!(locale, overview.eur_axis).to_owned() bars=bars(|m| m.gmv_minor) show=eur testid="gmv" table_label=table.clone() />
            <BarChart title=td_string!(locale, overview.commission_chart).to_owned() x_label=month.clone() y_label=td_string!(locale, overview.eur_axis).to_owned() bars=bars(|m| m.commission_minor) show=eur testid="commission" table_label=table.clone() />
            <BarChart title=td_string!(locale, overview.organisations_chart).to_owned() x_label=month.clone() y_label=td_string!(locale, overview.count_axis).to_owned() bars=bars(|m| m.new_organisations) show=count testid="organisations" table_label=table.clone() />
            <BarChart title=td_string!(locale, overview.credits_chart).to_owned() x_label=month.clone() y_label=td_string!(locale, overview.eur_axis).to_owned() bars=bars(|m| m.credits_minor) show=eur testid="credits" table_label=table.clone() />
            <BarChart title=td_string!(locale, overview.carbon_chart).to_owned() x_label=month.clone() y_label=td_string!(locale, overview.kg_axis).to_owned() bars=bars(|m| m.carbon_g) show=kg testid="carbon" table_label=table />
            // Wider than a narrow screen: a region the keyboard can scroll.
            <div class="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white" tabindex="0" role="region" aria-label=td_string!(locale, overview.months)>
                <table class="min-w-full text-sm">
                    <caption class="px-3 pt-3 text-left font-semibold">{t!(i18n, overview.months)}</caption>
                    <thead class="text-slate-600"><tr>
                        <th scope="col" class="px-3 py-2 text-left">{month}</th>
                        <th scope="col" class=CELL>{t!(i18n, overview.gmv)}</th>
                        <th scope="col" class=CELL>{t!(i18n, overview.commission)}</th>
                        <th scope="col" class=CELL>{t!(i18n, overview.take_rate)}</th>
                        <th scope="col" class=CELL>{t!(i18n, overview.vat)}</th>
                        <th scope="col" class=CELL>{t!(i18n, overview.new_organisations)}</th>
                        <th scope="col" class=CELL>{t!(i18n, overview.new_providers)}</th>
                        <th scope="col" class=CELL>{t!(i18n, overview.contracts_signed)}</th>
                        <th scope="col" class=CELL>{t!(i18n, overview.downtime)}</th>
                        <th scope="col" class=CELL>{t!(i18n, overview.credits)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <div class="mt-4 grid gap-4 md:grid-cols-2">
                <Top title=td_string!(locale, overview.top_providers).to_owned() id="top-providers" ranked=overview.top_providers others=overview.other_providers_minor />
                <Top title=td_string!(locale, overview.top_organisations).to_owned() id="top-organisations" ranked=overview.top_organisations others=overview.other_organisations_minor />
            </div>
            <SlaByProvider months=overview.months.clone() providers=overview.sla_by_provider />
            <div class="mt-4 grid gap-4 md:grid-cols-2">
                <Uptime worst=overview.worst_uptime />
                <Health health=overview.provisioning />
            </div>
        </section>
    }
}

#[component]
fn Top(title: String, id: &'static str, ranked: Vec<Ranked>, others: i64) -> impl IntoView {
    let i18n = use_i18n();
    let rows = ranked.into_iter().map(|r| view! {
        <tr class="border-t border-slate-100"><th scope="row" class="px-3 py-2 text-left font-normal">{r.name}</th><td class=CELL>{eur(r.minor)}</td></tr>
    }).collect_view();
    view! {
        <table class="min-w-full rounded-lg border border-slate-200 bg-white text-sm" id=id>
            <caption class="px-3 pt-3 text-left font-semibold">{title}</caption>
            <tbody>
                {rows}
                <tr class="border-t border-slate-100 text-slate-600"><th scope="row" class="px-3 py-2 text-left font-normal">{t!(i18n, overview.others)}</th><td class=CELL>{eur(others)}</td></tr>
            </tbody>
        </table>
    }
}

/// The providers with the worst measured uptime over the finalized months.
#[component]
fn Uptime(worst: Vec<ProviderSla>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = worst
        .into_iter()
        .map(|sla| {
            let uptime = sla
                .uptime_bp()
                .map(|bp| percent(u32::try_from(bp).unwrap_or(0)))
                .unwrap_or_default();
            view! {
                <tr class="border-t border-slate-100" data-uptime=sla.name.clone()>
                    <th scope="row" class="px-3 py-2 text-left font-normal">{sla.name.clone()}</th>
                    <td class=CELL>{uptime}</td>
                    <td class=CELL>{duration(sla.downtime_unit_secs)}</td>
                    <td class=CELL>{eur(sla.credits_minor)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="min-w-full rounded-lg border border-slate-200 bg-white text-sm" id="worst-uptime">
            <caption class="px-3 pt-3 text-left font-semibold">{t!(i18n, overview.worst_uptime)}</caption>
            <thead class="text-slate-600"><tr>
                <th scope="col" class="px-3 py-2 text-left">{t!(i18n, overview.provider)}</th>
                <th scope="col" class=CELL>{t!(i18n, overview.uptime)}</th>
                <th scope="col" class=CELL>{t!(i18n, overview.downtime)}</th>
                <th scope="col" class=CELL>{t!(i18n, overview.credits)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// How provisioning goes now, and how long signed contracts took to run.
#[component]
fn Health(health: ProvisioningHealth) -> impl IntoView {
    let i18n = use_i18n();
    let took = |secs: Option<i64>| secs.map(duration).unwrap_or_else(|| "–".to_owned());
    view! {
        <section class=CARD id="provisioning">
            <h3 class="font-semibold">{t!(i18n, overview.provisioning)}</h3>
            <dl class="mt-2 grid grid-cols-2 gap-2 text-sm">
                <dt class="text-slate-600">{t!(i18n, overview.in_flight)}</dt><dd data-in-flight="">{health.in_flight}</dd>
                <dt class="text-slate-600">{t!(i18n, overview.failed)}</dt><dd>{health.failed}</dd>
                <dt class="text-slate-600">{t!(i18n, overview.retried)}</dt><dd>{health.retried}</dd>
                <dt class="text-slate-600">{t!(i18n, overview.activated)}</dt><dd>{health.activated}</dd>
                <dt class="text-slate-600">{t!(i18n, overview.median)}</dt><dd data-median="">{took(health.median_secs)}</dd>
                <dt class="text-slate-600">{t!(i18n, overview.p90)}</dt><dd>{took(health.p90_secs)}</dd>
            </dl>
        </section>
    }
}
