//! The tenant dashboard: the organisation and its members with their roles.

use crate::api::load_dashboard;
use crate::error::AppError;
use crate::i18n::*;
use broker::account::Role;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

pub fn role_text(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Owner => td_string!(locale, roles.owner),
        Role::Admin => td_string!(locale, roles.admin),
        Role::Buyer => td_string!(locale, roles.buyer),
        Role::Viewer => td_string!(locale, roles.viewer),
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let org =
        use_query_map().with_untracked(|q| q.get("org").and_then(|raw| raw.parse::<i64>().ok()));
    let data = OnceResource::new(load_dashboard(org));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::pages::not_found::NotFound /> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-red-700">{crate::components::field::ErrorTexts::new(locale).error(&err).to_owned()}</p> }.into_any(),
                    Ok(None) => view! { <p>{t!(i18n, dashboard.no_organisation)}</p> }.into_any(),
                    Ok(Some(board)) => view! {
                        <p class="text-sm uppercase tracking-wide text-slate-500">{t!(i18n, dashboard.title)}</p>
                        <h1 class="text-2xl font-bold">{board.tenant_name.clone()}</h1>
                        <p class="mt-1 text-slate-700">{t!(i18n, dashboard.your_role)}": "<strong>{role_text(locale, board.role)}</strong></p>
                        <section class="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white">
                            <table class="min-w-full text-left text-sm">
                                <caption class="px-4 pt-4 text-left text-lg font-semibold">{t!(i18n, dashboard.members)}</caption>
                                <thead class="text-slate-500">
                                    <tr>
                                        <th scope="col" class="px-4 py-2">{t!(i18n, dashboard.name)}</th>
                                        <th scope="col" class="px-4 py-2">{t!(i18n, dashboard.email)}</th>
                                        <th scope="col" class="px-4 py-2">{t!(i18n, dashboard.role)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {board.members.into_iter().map(|m| view! {
                                        <tr class="border-t border-slate-100">
                                            <td class="px-4 py-2">{m.name}</td>
                                            <td class="px-4 py-2">{m.email.to_string()}</td>
                                            <td class="px-4 py-2">{role_text(locale, m.role)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
