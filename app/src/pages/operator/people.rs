//! The operator's search of the marketplace's people: users, organisations and providers by
//! name or email (an organisation also by a member's email), each linking to its page.

use crate::api::operator::search_people;
use crate::components::failure::failure;
use crate::components::loading::loading;
use crate::components::style::{BUTTON_CLASS, INPUT_CLASS};
use crate::format::date;
use crate::i18n::*;
use crate::text::provider_status_text;
use broker::operator::PeopleFound;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const CARD: &str = "mt-6 rounded-lg border border-slate-200 bg-white p-4";

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let q = use_query_map().with_untracked(|q| q.get("q").unwrap_or_default());
    let data = loading({
        let q = q.clone();
        async move { search_people(q).await }
    });
    view! {
        <p><a class="text-sm text-indigo-700 underline" href="/admin">{t!(i18n, nav.admin)}</a></p>
        <h1 class="text-2xl font-bold">{t!(i18n, people.title)}</h1>
        <p class="mt-1 text-slate-700">{t!(i18n, people.lead)}</p>
        <form method="get" action="/admin/people" role="search" class="mt-4 flex flex-wrap items-end gap-3">
            <label class="grow">{t!(i18n, people.search)}<input class=INPUT_CLASS type="search" name="q" value=q /></label>
            <button type="submit" class=BUTTON_CLASS>{t!(i18n, people.find)}</button>
        </form>
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(found) => view! { <Found found /> }.into_any(),
            }
        })}
    }
}

#[component]
fn Found(found: PeopleFound) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let suspended = td_string!(locale, people.suspended);
    let operator = td_string!(locale, people.operator);
    let none = || view! { <li class="text-slate-500">{t!(i18n, people.none)}</li> };
    let users = found.users.into_iter().map(|u| view! {
        <li data-user=u.email.clone()>
            <a class="text-indigo-700 underline" href=format!("/admin/users/{}", u.id)>{u.name.clone()}</a>
            " "<span class="text-sm text-slate-600">{u.email.clone()}" · "{date(u.created_at)}</span>
            {u.is_operator.then(|| view! { " "<span class="rounded bg-indigo-100 px-1 text-xs text-indigo-800">{operator}</span> })}
            {u.suspended.then(|| view! { " "<span class="rounded bg-red-100 px-1 text-xs text-red-800">{suspended}</span> })}
        </li>
    }).collect::<Vec<_>>();
    let organisations = found.organisations.into_iter().map(|o| {
        let members = crate::text::fill(td_string!(locale, people.members_count), &[("count", &o.members.to_string())]);
        view! {
            <li data-organisation=o.name.clone()>
                <a class="text-indigo-700 underline" href=format!("/admin/organisations/{}", o.id)>{o.name.clone()}</a>
                " "<span class="text-sm text-slate-600">{members}" · "{date(o.created_at)}</span>
                {o.suspended.then(|| view! { " "<span class="rounded bg-red-100 px-1 text-xs text-red-800">{suspended}</span> })}
            </li>
        }
    }).collect::<Vec<_>>();
    let providers = found.providers.into_iter().map(|p| view! {
        <li data-provider=p.slug.clone()>
            <a class="text-indigo-700 underline" href=format!("/providers/{}", p.slug)>{p.legal_name.clone()}</a>
            " "<span class="text-sm text-slate-600">{p.slug.clone()}" · "{provider_status_text(locale, p.status)}</span>
        </li>
    }).collect::<Vec<_>>();
    let list = |items: Vec<AnyView>| {
        if items.is_empty() {
            none().into_any()
        } else {
            items.collect_view().into_any()
        }
    };
    view! {
        <section class=CARD id="users"><h2 class="text-lg font-semibold">{t!(i18n, people.users)}</h2>
            <ul class="mt-2 space-y-1">{list(users.into_iter().map(IntoAny::into_any).collect())}</ul></section>
        <section class=CARD id="organisations"><h2 class="text-lg font-semibold">{t!(i18n, people.organisations)}</h2>
            <ul class="mt-2 space-y-1">{list(organisations.into_iter().map(IntoAny::into_any).collect())}</ul></section>
        <section class=CARD id="providers"><h2 class="text-lg font-semibold">{t!(i18n, people.providers)}</h2>
            <ul class="mt-2 space-y-1">{list(providers.into_iter().map(IntoAny::into_any).collect())}</ul></section>
    }
}
