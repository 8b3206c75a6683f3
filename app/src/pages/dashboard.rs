//! The tenant dashboard: the organisation and its members with their roles, which its owners
//! and admins change.

use crate::api::load_dashboard;
use crate::components::budget_form::BudgetForm;
use crate::components::failure::failure;
use crate::components::loading::loading;
use crate::components::member_actions::MemberActions;
use crate::components::organisation_invitations::OrganisationInvitations;
use crate::components::resources::ResourceTable;
use crate::format::{date, eur, kg, minute, percent};
use crate::i18n::*;
use crate::text::{contract_status_text, fill, role_text};
use broker::account::Role;
use leptos::prelude::*;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let data = loading(load_dashboard());
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(None) => view! { <p>{t!(i18n, dashboard.no_organisation)}</p> }.into_any(),
                Ok(Some(board)) => { let manages = board.role.can_manage(); view! {
                    <p class="text-sm uppercase tracking-wide text-slate-500">{t!(i18n, dashboard.title)}</p>
                    <h1 class="text-2xl font-bold">{board.tenant_name.clone()}</h1>
                    <p class="mt-1 text-slate-700">{t!(i18n, dashboard.your_role)}": "<strong>{role_text(locale, board.role)}</strong>
                        {board.role.can_manage().then(|| view! { " · "<a class="text-indigo-700 underline" href="/dashboard/activity">{t!(i18n, audit.activity_link)}</a> })}
                    </p>
                    {board.suspension.clone().map(|s| {
                        let text = fill(td_string!(locale, dashboard.suspended), &[("at", &date(s.at)), ("reason", &s.reason)]);
                        view! { <p role="status" class="mt-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-suspension="">{text}</p> }
                    })}
                    <section id="members" class="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white" tabindex="0" role="region" aria-label=td_string!(locale, dashboard.members)>
                        <table class="min-w-full text-left text-sm">
                            <caption class="px-4 pt-4 text-left text-lg font-semibold">{t!(i18n, dashboard.members)}</caption>
                            <thead class="text-slate-500">
                                <tr>
                                    <th scope="col" class="px-4 py-2">{t!(i18n, dashboard.name)}</th>
                                    <th scope="col" class="px-4 py-2">{t!(i18n, dashboard.email)}</th>
                                    <th scope="col" class="px-4 py-2">{t!(i18n, dashboard.role)}</th>
                                    {manages.then(|| view! { <th scope="col" class="px-4 py-2">{t!(i18n, dashboard.manage)}</th> })}
                                </tr>
                            </thead>
                            <tbody>
                                {board.members.into_iter().map(|m| view! {
                                    <tr class="border-t border-slate-100" data-member=m.email.to_string()>
                                        <td class="px-4 py-2">{m.name.clone()}</td>
                                        <td class="px-4 py-2">{m.email.to_string()}</td>
                                        <td class="px-4 py-2" data-role=m.role.as_str()>{role_text(locale, m.role)}</td>
                                        {manages.then(|| view! { <td class="px-4 py-2"><MemberActions actor=board.role member=m.user.get() name=m.name role=m.role /></td> })}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                    {manages.then(|| view! { <OrganisationInvitations actor=board.role /> })}
                    <Services role=board.role budget=board.budget_minor />
                }.into_any() }
            }
        })}
    }
}

/// The organisation's services: its contracts with their monthly totals, and what it is
/// committed to each month.
#[component]
fn Services(role: Role, budget: Option<i64>) -> impl IntoView {
    use crate::api::contracts::load_commitments;
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let data = loading(load_commitments());
    view! {
        {Suspend::new(async move {
            let board = match data.await {
                Ok(board) => board,
                Err(err) => return failure(err, locale),
            };
            let rows = board.contracts.iter().map(|c| view! {
                <tr class="border-t border-slate-100" data-contract=c.id.to_string()>
                    <td class="px-4 py-2"><a class="text-indigo-700 underline" href=format!("/contracts/{}", c.id)>{c.service.clone()}</a></td>
                    <td class="px-4 py-2">{contract_status_text(locale, c.status)}</td>
                    <td class="px-4 py-2 text-right">{c.lines}</td>
                    <td class="px-4 py-2 text-right whitespace-nowrap">{c.monthly.to_string()}</td>
                    <td class="px-4 py-2 text-right whitespace-nowrap">{kg(c.carbon_g_month)}</td>
                    <td class="px-4 py-2 whitespace-nowrap">{minute(c.created_at)}</td>
                </tr>
            }.into_any()).collect_view();
            view! {
                <section class="mt-6 grid gap-4 sm:grid-cols-2">
                    <div class="rounded-lg border border-slate-200 bg-white p-4">
                        <p class="text-sm text-slate-500">{t!(i18n, dashboard.committed_spend)}</p>
                        <p class="text-2xl font-semibold" data-committed-spend="">{board.committed.monthly.to_string()}</p>
                    </div>
                    <div class="rounded-lg border border-slate-200 bg-white p-4">
                        <p class="text-sm text-slate-500">{t!(i18n, dashboard.committed_carbon)}</p>
                        <p class="text-2xl font-semibold" data-committed-carbon="">{kg(board.committed.carbon_g_month)}</p>
                    </div>
                </section>
                <section id="budget" class="mt-4 rounded-lg border border-slate-200 bg-white p-4">
                    <h2 class="font-semibold">{t!(i18n, dashboard.budget)}</h2>
                    <p class="mt-1 text-slate-700" data-budget="">{match budget {
                        Some(budget) => {
                            let committed = board.committed.monthly.minor();
                            let used = u32::try_from(i128::from(committed) * 10_000 / i128::from(budget.max(1))).unwrap_or(u32::MAX);
                            fill(td_string!(locale, dashboard.budget_used), &[("committed", &eur(committed)), ("budget", &eur(budget)), ("percent", &percent(used))])
                        }
                        None => td_string!(locale, dashboard.no_budget).to_owned(),
                    }}</p>
                    {(role == Role::Owner).then(|| view! { <BudgetForm budget_minor=budget /> })}
                </section>
                {view! { <section class="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white">
                    <table class="min-w-full text-left text-sm">
                        <caption class="px-4 pt-4 text-left text-lg font-semibold">{t!(i18n, dashboard.contracts)}</caption>
                        <thead class="text-slate-500">
                            <tr>
                                <th scope="col" class="px-4 py-2">{t!(i18n, dashboard.service)}</th>
                                <th scope="col" class="px-4 py-2">{t!(i18n, contract.status)}</th>
                                <th scope="col" class="px-4 py-2 text-right">{t!(i18n, contract.lines)}</th>
                                <th scope="col" class="px-4 py-2 text-right">{t!(i18n, quote.monthly)}</th>
                                <th scope="col" class="px-4 py-2 text-right">{t!(i18n, quote.carbon)}</th>
                                <th scope="col" class="px-4 py-2">{t!(i18n, contract.issued)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                    {board.contracts.is_empty().then(|| view! {
                        <p class="px-4 pb-4 text-slate-600">{t!(i18n, dashboard.no_contracts)}" "<a class="text-indigo-700 underline" href="/compose">{t!(i18n, dashboard.compose_first)}</a></p>
                    })}
                </section> }.into_any()}
                {(!board.resources.is_empty()).then(|| view! {
                    <section class="mt-6 rounded-lg border border-slate-200 bg-white p-4">
                        <h2 class="text-lg font-semibold">{t!(i18n, resources.title)}</h2>
                        <ResourceTable resources=board.resources.clone() role with_contract=true id="dashboard-resources" />
                    </section>
                }.into_any())}
            }.into_any()
        })}
    }
}
