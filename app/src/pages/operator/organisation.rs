//! An organisation's page in the operator's console: its members and their roles, its
//! contracts and invoices, the balance it owes, and the controls over it.

use crate::api::operator::{AccountKind, load_organisation_page};
use crate::components::account_actions::{SuspendForm, SuspensionNote};
use crate::components::failure::failure;
use crate::components::loading::loading;
use crate::format::{date, eur};
use crate::i18n::*;
use crate::text::{contract_status_text, invoice_status, role_text};
use broker::operator::OrganisationPage;
use leptos::prelude::*;

const CARD: &str = "mt-6 rounded-lg border border-slate-200 bg-white p-4";
const CELL: &str = "px-3 py-2 align-top";
const FIGURE: &str = "px-3 py-2 text-right whitespace-nowrap";

#[component]
pub fn OperatorOrganisationPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = crate::pages::id_param();
    let data = loading(async move { load_organisation_page(id).await });
    view! {
        <p><a class="text-sm text-indigo-700 underline" href="/admin/people">{t!(i18n, people.title)}</a></p>
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(page) => view! { <Organisation page /> }.into_any(),
            }
        })}
    }
}

#[component]
fn Organisation(page: OrganisationPage) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let organisation = page.organisation;
    let id = organisation.id.get();
    let members = page.members.into_iter().map(|m| view! {
        <tr class="border-t border-slate-100" data-member=m.email.clone()>
            <td class=CELL><a class="text-indigo-700 underline" href=format!("/admin/users/{}", m.user)>{m.name.clone()}</a>
                {m.suspended.then(|| view! { " "<span class="rounded bg-red-100 px-1 text-xs text-red-800">{t!(i18n, people.suspended)}</span> })}</td>
            <td class=CELL>{m.email.clone()}</td>
            <td class=CELL>{role_text(locale, m.role)}</td>
        </tr>
    }).collect_view();
    let contracts = page
        .contracts
        .into_iter()
        .map(|c| {
            view! {
                <tr class="border-t border-slate-100" data-contract=c.id.to_string()>
                    <td class=CELL>{c.id.to_string()}</td>
                    <td class=CELL>{c.service.clone()}</td>
                    <td class=CELL>{contract_status_text(locale, c.status)}</td>
                    <td class=CELL>{date(c.created_at)}</td>
                    <td class=FIGURE>{c.monthly.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let invoices = page
        .invoices
        .into_iter()
        .map(|i| {
            let number = i.summary.number.clone().unwrap_or_default();
            view! {
                <tr class="border-t border-slate-100" data-invoice=number.clone()>
                    <td class=CELL>{number.clone()}</td>
                    <td class=CELL>{i.summary.month.clone()}</td>
                    <td class=CELL>{invoice_status(locale, &i.summary.status, &i.summary.kind)}</td>
                    <td class=FIGURE>{eur(i.summary.total_minor)}</td>
                    <td class=FIGURE>{eur(i.summary.paid_minor)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1 class="text-2xl font-bold" data-organisation=organisation.name.clone()>{organisation.name.clone()}</h1>
        <p class="mt-1 text-slate-700">{t!(i18n, people.since)}" "{date(organisation.created_at)}" · "{t!(i18n, people.balance_due)}" "<span data-balance="">{page.balance_due.to_string()}</span></p>
        <SuspensionNote suspension=page.suspension />
        <SuspendForm kind=AccountKind::Organisation id suspended=organisation.suspended />
        <section class=CARD id="members"><h2 class="text-lg font-semibold">{t!(i18n, people.members)}</h2>
            <table class="mt-2 w-full text-left text-sm">
                <thead><tr><th scope="col" class=CELL>{t!(i18n, people.name)}</th><th scope="col" class=CELL>{t!(i18n, people.email)}</th><th scope="col" class=CELL>{t!(i18n, people.role)}</th></tr></thead>
                <tbody>{members}</tbody>
            </table></section>
        <section class=CARD id="contracts"><h2 class="text-lg font-semibold">{t!(i18n, people.contracts)}</h2>
            <table class="mt-2 w-full text-left text-sm">
                <thead><tr><th scope="col" class=CELL>"#"</th><th scope="col" class=CELL>{t!(i18n, people.service)}</th><th scope="col" class=CELL>{t!(i18n, people.status)}</th><th scope="col" class=CELL>{t!(i18n, people.prepared)}</th><th scope="col" class=FIGURE>{t!(i18n, people.monthly)}</th></tr></thead>
                <tbody>{contracts}</tbody>
            </table></section>
        <section class=CARD id="invoices"><h2 class="text-lg font-semibold">{t!(i18n, people.invoices)}</h2>
            <table class="mt-2 w-full text-left text-sm">
                <thead><tr><th scope="col" class=CELL>{t!(i18n, people.number)}</th><th scope="col" class=CELL>{t!(i18n, people.month)}</th><th scope="col" class=CELL>{t!(i18n, people.status)}</th><th scope="col" class=FIGURE>{t!(i18n, people.total)}</th><th scope="col" class=FIGURE>{t!(i18n, people.paid)}</th></tr></thead>
                <tbody>{invoices}</tbody>
            </table></section>
    }
}
