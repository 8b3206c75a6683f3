//! A user's page in the operator's console: who they are, their organisations and providers,
//! their last log-ins, and the controls over their account.

use crate::api::operator::{AccountKind, load_user_page};
use crate::components::account_actions::{OperatorFlagForm, SuspendForm, SuspensionNote};
use crate::components::failure::failure;
use crate::components::loading::loading;
use crate::format::{date, minute};
use crate::i18n::*;
use crate::text::{provider_role_text, role_text};
use broker::operator::UserPage;
use leptos::prelude::*;

const CARD: &str = "mt-6 rounded-lg border border-slate-200 bg-white p-4";
const CELL: &str = "px-3 py-2 align-top";

#[component]
pub fn OperatorUserPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = crate::pages::id_param();
    let data = loading(async move { load_user_page(id).await });
    view! {
        <p><a class="text-sm text-indigo-700 underline" href="/admin/people">{t!(i18n, people.title)}</a></p>
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(page) => view! { <User page /> }.into_any(),
            }
        })}
    }
}

#[component]
fn User(page: UserPage) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let user = page.user;
    let id = user.id.get();
    let memberships = page.memberships.into_iter().map(|m| view! {
        <li>
            <a class="text-indigo-700 underline" href=format!("/admin/organisations/{}", m.tenant)>{m.tenant_name.clone()}</a>
            " · "{role_text(locale, m.role)}
            {m.tenant_suspended.then(|| view! { " "<span class="rounded bg-red-100 px-1 text-xs text-red-800">{t!(i18n, people.suspended)}</span> })}
        </li>
    }).collect_view();
    let providers = page
        .providers
        .into_iter()
        .map(|p| {
            view! {
                <li>{p.legal_name.clone()}" · "{provider_role_text(locale, p.role)}</li>
            }
        })
        .collect_view();
    let log_ins = page.log_ins.into_iter().map(|l| view! {
        <tr class="border-t border-slate-100" data-log-in="">
            <td class=CELL>{minute(l.at)}</td><td class=CELL>{l.address.clone()}</td><td class="px-3 py-2 align-top break-all">{l.agent.clone()}</td>
        </tr>
    }).collect_view();
    view! {
        <h1 class="text-2xl font-bold" data-user=user.email.clone()>{user.name.clone()}</h1>
        <p class="mt-1 text-slate-700">{user.email.clone()}" · "{t!(i18n, people.since)}" "{date(user.created_at)}
            {user.is_operator.then(|| view! { " · "<span class="rounded bg-indigo-100 px-1 text-xs text-indigo-800">{t!(i18n, people.operator)}</span> })}
        </p>
        <SuspensionNote suspension=page.suspension />
        <div class="flex flex-wrap gap-6">
            <SuspendForm kind=AccountKind::User id suspended=user.suspended />
            <OperatorFlagForm id is_operator=user.is_operator />
        </div>
        <section class=CARD id="memberships"><h2 class="text-lg font-semibold">{t!(i18n, people.organisations)}</h2>
            <ul class="mt-2 space-y-1">{memberships}</ul></section>
        <section class=CARD id="provider-memberships"><h2 class="text-lg font-semibold">{t!(i18n, people.providers)}</h2>
            <ul class="mt-2 space-y-1">{providers}</ul></section>
        <section class=CARD id="log-ins"><h2 class="text-lg font-semibold">{t!(i18n, people.log_ins)}</h2>
            <table class="mt-2 w-full text-left text-sm">
                <thead><tr><th scope="col" class=CELL>{t!(i18n, people.at)}</th><th scope="col" class=CELL>{t!(i18n, people.address)}</th><th scope="col" class=CELL>{t!(i18n, people.browser)}</th></tr></thead>
                <tbody>{log_ins}</tbody>
            </table></section>
    }
}
