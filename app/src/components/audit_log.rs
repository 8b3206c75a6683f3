//! The audit log as its readers see it: the filter form (a plain GET form, so the filters live
//! in the address and work without JavaScript), the entries newest first, a page at a time, the
//! link to older entries and the CSV export of the same filters.

use crate::api::audit::{LogScope, load_audit_log};
use crate::components::failure::failure;
use crate::components::loading::loading;
use crate::components::style::{BUTTON_CLASS, INPUT_CLASS};
use crate::format::{minute, query_string};
use crate::i18n::*;
use crate::text::{action_text, capacity_text, fill, kind_text};
use broker::audit::{ActionKind, FilterForm, FilterProblem, Listed};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const CELL: &str = "px-3 py-2 align-top";

/// The log of `of`, on the page at `path`.
#[component]
pub fn AuditLog(of: LogScope, #[prop(into)] path: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (form, before) = use_query_map().with_untracked(|q| {
        let get = |key: &str| q.get(key).unwrap_or_default();
        let form = FilterForm {
            actor: get("actor"),
            organisation: get("organisation"),
            provider: get("provider"),
            action: get("action"),
            from: get("from"),
            until: get("until"),
        };
        let before = q.get("before").and_then(|raw| raw.parse::<i64>().ok());
        (form, before)
    });
    let parsed = form.parse();
    let problems = parsed.clone().err().unwrap_or_default();
    let data = loading(async move {
        match parsed {
            Ok(filter) => load_audit_log(of, filter, before).await.map(Some),
            // The form says what to correct; nothing is read meanwhile.
            Err(_) => Ok(None),
        }
    });
    let query = query_string(form.pairs());
    let export = format!(
        "/audit.csv?{}",
        query_string(
            [("of", of.query_value().as_str())]
                .into_iter()
                .chain(form.pairs())
        )
    );
    let newest = format!("{path}?{query}");
    view! {
        <Filters form=form.clone() problems path=path.clone() />
        <p class="mt-4 text-sm"><a class="text-indigo-700 underline" href=export data-export="csv">{t!(i18n, audit.export)}</a></p>
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(None) => ().into_any(),
                Ok(Some(page)) => {
                    let older = page.older.map(|seq| {
                        let sep = if query.is_empty() { "" } else { "&" };
                        view! { <a class="text-indigo-700 underline" rel="next" href=format!("{path}?{query}{sep}before={seq}")>{t!(i18n, audit.older)}</a> }
                    });
                    let back = before.map(|_| view! { <a class="text-indigo-700 underline" href=newest.clone()>{t!(i18n, audit.newest)}</a> });
                    view! {
                        <Entries entries=page.entries path=path.clone() />
                        <p class="mt-3 flex gap-4 text-sm">{back}{older}</p>
                    }.into_any()
                }
            }
        })}
    }
}

fn problem_text(locale: Locale, problem: FilterProblem) -> &'static str {
    match problem {
        FilterProblem::From => td_string!(locale, audit.bad_from),
        FilterProblem::Until => td_string!(locale, audit.bad_until),
        FilterProblem::Order => td_string!(locale, audit.bad_order),
    }
}

#[component]
fn Filters(form: FilterForm, problems: Vec<FilterProblem>, path: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let error = |field: &'static str, wanted: &[FilterProblem]| {
        let text = problems
            .iter()
            .find(|problem| wanted.contains(problem))
            .map(|problem| problem_text(locale, *problem));
        let id = format!("audit-{field}-error");
        let invalid = text.is_some().to_string();
        let shown = text
            .map(|text| view! { <p id=id.clone() class="mt-1 text-sm text-red-700">{text}</p> });
        (invalid, shown)
    };
    let (from_invalid, from_error) = error("from", &[FilterProblem::From, FilterProblem::Order]);
    let (until_invalid, until_error) = error("until", &[FilterProblem::Until]);
    let actions = ActionKind::ALL
        .into_iter()
        .map(|kind| {
            let selected = form.action.trim() == kind.as_str();
            view! { <option value=kind.as_str() selected=selected>{kind_text(locale, kind)}</option> }
        })
        .collect_view();
    let chip = |key: &'static str, value: &str, label: String| {
        let value = value.trim().to_owned();
        (!value.is_empty()).then(|| view! {
            <input type="hidden" name=key value=value.clone() />
            <p class="text-sm text-slate-700" data-scope-filter=key>{fill(&label, &[("id", &value)])}</p>
        })
    };
    let action = path.clone();
    view! {
        <form method="get" action=action class="mt-6 rounded-lg border border-slate-200 bg-white p-4" aria-label=t_string!(i18n, audit.filters)>
            <div class="grid gap-4 sm:grid-cols-2">
                <label class="block text-sm font-medium">{t!(i18n, audit.actor)}
                    <input class=INPUT_CLASS type="email" name="actor" value=form.actor.clone() autocomplete="off" />
                </label>
                <label class="block text-sm font-medium">{t!(i18n, audit.action)}
                    <select class=INPUT_CLASS name="action">
                        <option value="">{t!(i18n, audit.any_action)}</option>
                        {actions}
                    </select>
                </label>
                <div>
                    <label class="block text-sm font-medium" for="audit-from">{t!(i18n, audit.from)}</label>
                    <input id="audit-from" class=INPUT_CLASS name="from" value=form.from.clone() placeholder="2026-12-01" inputmode="numeric" aria-invalid=from_invalid aria-describedby="audit-from-error" />
                    {from_error}
                </div>
                <div>
                    <label class="block text-sm font-medium" for="audit-until">{t!(i18n, audit.until)}</label>
                    <input id="audit-until" class=INPUT_CLASS name="until" value=form.until.clone() placeholder="2026-12-31" inputmode="numeric" aria-invalid=until_invalid aria-describedby="audit-until-error" />
                    {until_error}
                </div>
            </div>
            {chip("organisation", &form.organisation, td_string!(locale, audit.only_organisation).to_owned())}
            {chip("provider", &form.provider, td_string!(locale, audit.only_provider).to_owned())}
            <div class="mt-4 flex items-center gap-4">
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, audit.apply)}</button>
                <a class="text-sm text-indigo-700 underline" href=path>{t!(i18n, audit.clear)}</a>
            </div>
        </form>
    }
}

#[component]
fn Entries(entries: Vec<Listed>, path: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if entries.is_empty() {
        return view! { <p class="mt-4 text-slate-600" role="status">{t!(i18n, audit.none)}</p> }
            .into_any();
    }
    let rows = entries
        .into_iter()
        .map(|listed| {
            let entry = &listed.entry;
            let what = entry
                .read_action()
                .map(|action| action_text(locale, &action))
                .unwrap_or_else(|_| entry.action.as_str().to_owned());
            let who = listed
                .actor_email
                .clone()
                .unwrap_or_else(|| td_string!(locale, audit.visitor).to_owned());
            let link = |key: &str, id: i64, name: Option<String>| {
                view! { <a class="text-indigo-700 underline" href=format!("{path}?{key}={id}")>{name.unwrap_or_else(|| format!("#{id}"))}</a> }
            };
            let tenant = entry.tenant.map(|t| link("organisation", t.get(), listed.tenant_name.clone()));
            let provider = entry.provider.map(|p| link("provider", p.get(), listed.provider_name.clone()));
            let address = if entry.address.is_empty() {
                td_string!(locale, audit.unknown_address).to_owned()
            } else {
                entry.address.clone()
            };
            view! {
                <tr class="border-t border-slate-100" data-entry=entry.seq data-action=entry.action.as_str()>
                    <td class="px-3 py-2 align-top whitespace-nowrap">{minute(entry.at)}</td>
                    <td class=CELL>{who}<br /><span class="text-xs text-slate-500">{capacity_text(locale, entry.capacity)}</span></td>
                    <td class=CELL>{what}</td>
                    <td class=CELL>{tenant}" "{provider}</td>
                    <td class=CELL><span title=entry.agent.clone()>{address}</span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table class="min-w-full text-left text-sm">
                <caption class="sr-only">{t!(i18n, audit.title)}</caption>
                <thead class="text-slate-500"><tr>
                    <th scope="col" class=CELL>{t!(i18n, audit.when)}</th>
                    <th scope="col" class=CELL>{t!(i18n, audit.who)}</th>
                    <th scope="col" class=CELL>{t!(i18n, audit.what)}</th>
                    <th scope="col" class=CELL>{t!(i18n, audit.concerning)}</th>
                    <th scope="col" class=CELL>{t!(i18n, audit.from_where)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
