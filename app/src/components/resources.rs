//! The resources of contract lines as provisioning moves them: state, progress, the provider's
//! last word, and the actions a member's role allows (retry a failed line, terminate a line).

use crate::api::contracts::{RetryLine, TerminateLine};
use crate::components::error_texts::ErrorTexts;
use crate::components::submit_form::SubmitForm;
use crate::format::kg;
use crate::i18n::*;
use crate::text::resource_state_text;
use broker::account::Role;
use broker::provisioning::{Progress, Resource, ResourceState};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

const SMALL_BUTTON: &str =
    "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-50";

/// A table of resources; `id` makes it follow the server while any of them is in flight.
#[component]
pub fn ResourceTable(
    resources: Vec<Resource>,
    role: Role,
    /// Show the contract of each line (the dashboard lists several contracts).
    #[prop(optional)]
    with_contract: bool,
    id: &'static str,
    /// Other parts of the page, by id, that change with the resources and follow with them.
    #[prop(optional)]
    also: Vec<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let in_flight = resources.iter().any(|r| r.state.is_in_flight());
    let states: Vec<ResourceState> = resources.iter().map(|r| r.state).collect();
    let progress = Progress::of(&states);
    let summary = format!(
        "{} / {} {}",
        progress.active,
        progress.total,
        td_string!(locale, resources.active_count)
    );
    let rows = resources
        .into_iter()
        .map(|r| {
            let action = |endpoint: &'static str, label: &'static str| {
                view! {
                    <SubmitForm action=endpoint class="inline" errors=ErrorTexts::new(locale)>
                        <input type="hidden" name="contract" value=r.contract.to_string() />
                        <input type="hidden" name="line" value=r.line.to_string() />
                        <button type="submit" class=SMALL_BUTTON>{label}</button>
                    </SubmitForm>
                }
                .into_any()
            };
            let retry = (r.state == ResourceState::Failed && role.can_retry())
                .then(|| action(RetryLine::url(), td_string!(locale, resources.retry)));
            let terminate = (matches!(r.state, ResourceState::Active | ResourceState::Failed)
                && role.can_terminate())
            .then(|| action(TerminateLine::url(), td_string!(locale, resources.terminate)));
            let progress = r.state.is_in_flight().then(|| {
                view! { <progress class="block w-24" max="100" value=r.progress_percent.to_string()></progress> }
            });
            view! {
                <tr class="border-t border-slate-100" data-line=r.line.to_string() data-component=r.component.clone()>
                    {with_contract.then(|| view! {
                        <td class="px-3 py-2"><a class="text-indigo-700 underline" href=format!("/contracts/{}", r.contract)>{format!("#{}", r.contract)}</a></td>
                    })}
                    <td class="px-3 py-2 font-medium">{format!("{} × {}", r.quantity, r.component)}</td>
                    <td class="px-3 py-2">{r.offer_name.clone()}<span class="block text-xs text-slate-500">{r.provider_slug.clone()}</span></td>
                    <td class="px-3 py-2">
                        <span data-state=r.state.as_str()>{resource_state_text(locale, r.state)}</span>
                        {progress}
                        <span class="block text-xs text-slate-500">{r.description.clone()}</span>
                    </td>
                    <td class="px-3 py-2 text-right whitespace-nowrap">{r.monthly_total.to_string()}</td>
                    <td class="px-3 py-2 text-right whitespace-nowrap">{kg(r.carbon_g_month)}</td>
                    <td class="px-3 py-2 whitespace-nowrap">{retry}" "{terminate}</td>
                </tr>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <div id=id data-in-flight=in_flight.to_string() class="overflow-x-auto">
            <p class="text-sm text-slate-600" data-progress="">{summary}</p>
            {view! { <table class="mt-2 min-w-full text-left text-sm">
                <thead class="text-slate-500">
                    <tr>
                        {with_contract.then(|| view! { <th scope="col" class="px-3 py-2">{t!(i18n, contract.title)}</th> })}
                        <th scope="col" class="px-3 py-2">{t!(i18n, quote.component)}</th>
                        <th scope="col" class="px-3 py-2">{t!(i18n, quote.offer)}</th>
                        <th scope="col" class="px-3 py-2">{t!(i18n, resources.state)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, quote.monthly)}</th>
                        <th scope="col" class="px-3 py-2 text-right">{t!(i18n, quote.carbon)}</th>
                        <th scope="col" class="px-3 py-2"></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table> }.into_any()}
        </div>
        <crate::components::live::Follow target=id.to_owned() also=also.into_iter().map(str::to_owned).collect() seconds=2 />
    }
    .into_any()
}
