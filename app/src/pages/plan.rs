//! The plan of a saved blueprint against the live catalog: the plan for the blueprint's own
//! objective beside the plan for the other one (cost or carbon), each component's chosen offer
//! and why, the totals and the trade-off; when nothing fits, what to relax.

use crate::api::plans::{AcceptPlan, PlanPage, load_plan};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::loading::loading;
use crate::components::style::BUTTON_CLASS;
use crate::components::submit_form::SubmitForm;
use crate::format::{kg, money, percent, signed};
use crate::i18n::*;
use crate::text::RefusalTexts;
use crate::text::{domain_text, objective_title, requirement_text};
use broker::format::Objective;
use broker::money::Currency;
use broker::placement::OfferLabel;
use broker::placement::{ComponentExplanation, Placement};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use std::collections::BTreeMap;

fn as_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

#[component]
pub fn PlanPageView() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = crate::pages::id_param();
    let data = loading(load_plan(id));
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(page) => view! { <PlanView page /> }.into_any(),
            }
        })}
    }
}

#[component]
fn PlanView(page: PlanPage) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let PlanPage {
        draft,
        name,
        components,
        plan,
        role,
    } = page;
    let chosen = plan.chosen.plan.objective;
    let cost = plan.for_objective(Objective::Cost).clone();
    let carbon = plan.for_objective(Objective::Carbon).clone();
    let tradeoff = (cost.plan.feasible && carbon.plan.feasible).then(|| {
        let extra = as_i64(carbon.plan.total_monthly_minor) - as_i64(cost.plan.total_monthly_minor);
        let saved =
            as_i64(cost.plan.total_carbon_g_month) - as_i64(carbon.plan.total_carbon_g_month);
        let currency = cost.plan.currency;
        if extra == 0 && saved == 0 {
            td_string!(locale, plan.same_plan).to_owned()
        } else {
            format!(
                "{} {} {} {} {} {}",
                td_string!(locale, plan.tradeoff_costs),
                money(extra.saturating_abs(), currency),
                if extra >= 0 {
                    td_string!(locale, plan.more)
                } else {
                    td_string!(locale, plan.less)
                },
                td_string!(locale, plan.tradeoff_carbon),
                kg(saved.saturating_abs()),
                if saved >= 0 {
                    td_string!(locale, plan.less_carbon)
                } else {
                    td_string!(locale, plan.more_carbon)
                },
            )
        }
    });
    let accept = role.can_prepare();
    let offers = plan.offers.clone();
    let column = move |placement: Placement| {
        let objective = placement.plan.objective;
        view! {
            <PlanColumn placement offers=offers.clone() draft accept primary={objective == chosen} />
        }
    };
    view! {
        <p class="text-sm uppercase tracking-wide text-slate-500">{t!(i18n, plan.title)}</p>
        <h1 class="text-2xl font-bold">{name}</h1>
        <p class="mt-1 text-slate-700">{format!(
            "{} {} {} {} {}",
            td_string!(locale, plan.weighed), plan.catalog_offers, td_string!(locale, plan.offers_for), components, td_string!(locale, plan.components),
        )}</p>
        <p class="mt-1"><a class="text-indigo-700 underline" href=format!("/compose/{draft}")>{t!(i18n, plan.edit)}</a></p>
        {tradeoff.map(|text| view! { <p class="mt-4 rounded-md bg-slate-100 p-3" data-tradeoff="">{text}</p> })}
        <div class="mt-6 grid gap-6 lg:grid-cols-2">
            {column(cost)}
            {column(carbon)}
        </div>
    }
}

#[component]
fn PlanColumn(
    placement: Placement,
    offers: BTreeMap<String, OfferLabel>,
    draft: i64,
    accept: bool,
    primary: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let plan = placement.plan;
    let objective = plan.objective;
    let currency = plan.currency;
    // A search stopped by its budget returns the best plan it found, which may not be the best.
    let search = placement.explanation.search;
    let not_proven = (!search.complete).then(|| {
        format!(
            "{} {} ms.",
            td_string!(locale, plan.not_proven),
            search.stopped_after_ms.unwrap_or_default()
        )
    });
    let border = if primary {
        "rounded-lg border-2 border-indigo-400 bg-white p-5"
    } else {
        "rounded-lg border border-slate-200 bg-white p-5"
    };
    let body = if plan.feasible {
        let rows = plan
            .assignments
            .iter()
            .map(|assignment| {
                let label = offers.get(&assignment.offer);
                let why = placement
                    .explanation
                    .components
                    .iter()
                    .find(|c| c.component == assignment.component)
                    .cloned();
                view! {
                    <li class="border-t border-slate-100 py-3" data-component=assignment.component.clone()>
                        <div class="flex flex-wrap items-baseline justify-between gap-2">
                            <span class="font-medium">{format!("{} × {}", assignment.quantity, assignment.component)}</span>
                            <span class="whitespace-nowrap">{money(as_i64(assignment.monthly_minor), currency)}" · "{kg(as_i64(assignment.carbon_g_month))}</span>
                        </div>
                        {label.map(|label| view! {
                            <p class="text-sm">
                                <a class="text-indigo-700 underline" href=format!("/offers/{}", label.offer) data-offer=label.name.clone()>{label.name.clone()}</a>
                                {format!(" · {} · {} ({}) · {}", label.provider_name, label.country, label.jurisdiction, percent(label.availability_bp))}
                            </p>
                        })}
                        {why.map(|why| view! { <Why why offers=offers.clone() currency=currency /> })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <dl class="mt-3 grid grid-cols-2 gap-2">
                <div><dt class="text-sm text-slate-500">{t!(i18n, plan.monthly)}</dt><dd class="text-xl font-semibold" data-total-monthly="">{money(as_i64(plan.total_monthly_minor), currency)}</dd></div>
                <div><dt class="text-sm text-slate-500">{t!(i18n, plan.carbon)}</dt><dd class="text-xl font-semibold" data-total-carbon="">{kg(as_i64(plan.total_carbon_g_month))}</dd></div>
            </dl>
            {not_proven.map(|text| view! { <p role="status" class="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-not-proven="">{text}</p> })}
            <ul class="mt-3">{rows}</ul>
            {accept.then(|| view! {
                <SubmitForm action=AcceptPlan::url() class="mt-4" errors=ErrorTexts::with_refusals(locale)>
                    <input type="hidden" name="draft" value=draft.to_string() />
                    <input type="hidden" name="objective" value=objective.to_string() />
                    <button type="submit" class=BUTTON_CLASS>{t!(i18n, plan.accept)}</button>
                </SubmitForm>
            })}
        }
        .into_any()
    } else {
        let reasons = RefusalTexts::new(locale)
            .blockers(&placement.blockers)
            .into_iter()
            .map(|reason| view! { <li>{reason}</li> })
            .collect_view();
        view! {
            <div role="alert" class="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900" data-infeasible="">
                <p class="font-semibold">{t!(i18n, plan.nothing_fits)}</p>
                <ul class="ml-5 mt-1 list-disc">{reasons}</ul>
                <p class="mt-2"><a class="underline" href=format!("/compose/{draft}")>{t!(i18n, plan.relax)}</a></p>
            </div>
        }
        .into_any()
    };
    view! {
        <section class=border data-objective=objective.to_string()>
            <h2 class="text-lg font-semibold">{objective_title(locale, objective)}</h2>
            {primary.then(|| view! { <p class="text-sm text-indigo-700">{t!(i18n, plan.your_objective)}</p> })}
            {body}
        </section>
    }
}

/// Why this offer: what was considered and excluded, and the next best alternatives.
#[component]
fn Why(
    why: ComponentExplanation,
    offers: BTreeMap<String, OfferLabel>,
    currency: Currency,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let excluded = why
        .excluded
        .iter()
        .filter(|e| e.offers > 0)
        .map(|e| view! { <li>{format!("{} {}", e.offers, requirement_text(locale, e.requirement))}</li> })
        .collect_view();
    let alternatives = why
        .alternatives
        .iter()
        .map(|alt| {
            let name = offers
                .get(&alt.offer)
                .map(|label| format!("{} ({})", label.name, label.provider_name))
                .unwrap_or_else(|| alt.offer.clone());
            view! {
                <li>{format!(
                    "{name}: {} · {}",
                    signed(alt.cost_difference_minor, |d| money(d, currency)),
                    signed(alt.carbon_difference_g, kg),
                )}</li>
            }
        })
        .collect_view();
    view! {
        <details class="mt-1 text-sm text-slate-700">
            <summary class="cursor-pointer text-slate-500">{t!(i18n, plan.why)}</summary>
            <p class="mt-1">{format!(
                "{} {} {}: {} {}, {} {}.",
                why.considered, td_string!(locale, plan.considered), domain_text(locale, &why.domain),
                why.fitting, td_string!(locale, plan.fitting), why.searched, td_string!(locale, plan.searched),
            )}</p>
            {(!why.excluded.iter().all(|e| e.offers == 0)).then(|| view! {
                <p class="mt-1">{t!(i18n, plan.excluded)}</p>
                <ul class="ml-5 list-disc">{excluded}</ul>
            })}
            {(!why.alternatives.is_empty()).then(|| view! {
                <p class="mt-1">{t!(i18n, plan.alternatives)}</p>
                <ul class="ml-5 list-disc">{alternatives}</ul>
            })}
        </details>
    }
}
