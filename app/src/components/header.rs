//! The app shell's header: navigation, the organisation switcher, the account menu and the
//! language switch. It is plain HTML: links and small forms that work without JavaScript.

use crate::api::{LogOut, SessionInfo, get_session};
use crate::components::loading::loading;
use crate::components::organisation_switch::SwitchOrganisationButton;
use crate::i18n::*;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

const LINK: &str = "rounded px-2 py-1 text-slate-700 hover:bg-slate-100 hover:text-slate-900";

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = loading(get_session());
    view! {
        <header class="border-b border-slate-200 bg-white">
            <nav class="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3" aria-label=t_string!(i18n, nav.menu)>
                <a href="/" class="mr-4 text-lg font-semibold text-indigo-700">{t!(i18n, brand)}</a>
                <a href="/catalog" class=LINK>{t!(i18n, nav.catalog)}</a>
                <a href="/compose" class=LINK>{t!(i18n, nav.compose)}</a>
                {Suspend::new(async move {
                    match session.await {
                        Ok(Some(info)) => view! { <SignedInMenu info /> }.into_any(),
                        _ => view! { <VisitorMenu /> }.into_any(),
                    }
                })}
                <LanguageSwitch />
            </nav>
        </header>
    }
}

#[component]
fn VisitorMenu() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="ml-auto flex items-center gap-2">
            <a href="/login" class=LINK>{t!(i18n, nav.log_in)}</a>
            <a href="/signup" class="rounded-md bg-indigo-600 px-3 py-1 font-medium text-white hover:bg-indigo-700">
                {t!(i18n, nav.sign_up)}
            </a>
        </div>
    }
}

#[component]
fn SignedInMenu(info: SessionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let active = info.active_tenant;
    let active_name = info
        .memberships
        .iter()
        .find(|m| Some(m.tenant) == active)
        .map(|m| m.tenant_name.clone());
    let others: Vec<_> = info
        .memberships
        .iter()
        .filter(|m| Some(m.tenant) != active)
        .cloned()
        .collect();
    view! {
        <a href="/dashboard" class=LINK>{t!(i18n, nav.dashboard)}</a>
        {active_name.is_some().then(|| view! { <a href="/billing" class=LINK>{t!(i18n, nav.billing)}</a> })}
        <a href="/sell" class=LINK>{t!(i18n, nav.sell)}</a>
        {info.user.is_operator.then(|| view! { <a href="/admin" class=LINK>{t!(i18n, nav.admin)}</a> })}
        <div class="ml-auto flex flex-wrap items-center gap-2">
            {active_name.map(|name| view! {
                <details class="relative">
                    <summary class="cursor-pointer rounded px-2 py-1 text-slate-700 hover:bg-slate-100" title=t_string!(i18n, dashboard.switch)>
                        <span class="sr-only">{t!(i18n, nav.organisation)}": "</span>{name}
                    </summary>
                    <ul class="absolute right-0 z-10 mt-1 min-w-48 rounded-md border border-slate-200 bg-white py-1 shadow">
                        {others.into_iter().map(|m| view! {
                            <li><SwitchOrganisationButton tenant=m.tenant name=m.tenant_name class="block w-full px-3 py-1 text-left hover:bg-slate-100" /></li>
                        }).collect_view()}
                        <li><a class="block px-3 py-1 text-indigo-700 hover:bg-slate-100" href="/account#organisations">{t!(i18n, account.new_organisation)}</a></li>
                    </ul>
                </details>
            })}
            <a href="/account" class=LINK>{info.user.name}</a>
            <form method="post" action=LogOut::url()>
                <button type="submit" class=LINK>{t!(i18n, nav.log_out)}</button>
            </form>
        </div>
    }
}

/// Posts the chosen language to `/locale`, which stores it in a cookie and comes back here.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let current = i18n.get_locale_untracked();
    let button = move |locale: Locale, label: &'static str| {
        let pressed = locale == current;
        view! {
            <button type="submit" name="locale" value=locale.as_str() aria-pressed=pressed.to_string() lang=locale.as_str()
                class=if pressed { "rounded px-2 py-1 font-semibold text-indigo-700" } else { "rounded px-2 py-1 text-slate-600 hover:bg-slate-100" }>
                {label}
            </button>
        }
    };
    view! {
        <form method="post" action="/locale" class="flex items-center gap-1 text-sm" aria-label=t_string!(i18n, nav.language)>
            {button(Locale::en, "English")}
            {button(Locale::fr, "Français")}
        </form>
    }
}
