//! The composer's home: the organisation's blueprint drafts, the templates to start from, a blank
//! start, and the import of a `comptoir.blueprint/v1` file.

use crate::api::compose::{ComposeHome, ImportBlueprint, StartBlueprint, load_compose_home};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::file_as_text::FileAsText;
use crate::components::loading::loading;
use crate::components::style::{BUTTON_CLASS, INPUT_CLASS};
use crate::components::submit_form::SubmitForm;
use crate::format::date;
use crate::i18n::*;
use crate::text::template_text;
use broker::templates::TEMPLATES;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

const CARD: &str = "rounded-lg border border-slate-200 bg-white p-4 shadow-sm";
const LINK: &str = "text-indigo-700 underline";

#[component]
pub fn ComposePage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let data = loading(load_compose_home());
    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, compose.title)}</h1>
        <p class="mt-1 text-slate-700">{t!(i18n, compose.lead)}</p>
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(home) => view! { <Home home /> }.into_any(),
            }
        })}
    }
}

#[component]
fn Home(home: ComposeHome) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let can_write = home.can_write;
    let drafts = if home.drafts.is_empty() {
        view! { <p class="mt-2 text-slate-700">{t!(i18n, compose.no_drafts)}</p> }.into_any()
    } else {
        view! {
            <div class="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white">
                <table class="min-w-full text-left text-sm">
                    <thead class="text-slate-500">
                        <tr>
                            <th scope="col" class="px-4 py-2">{t!(i18n, compose.col_name)}</th>
                            <th scope="col" class="px-4 py-2">{t!(i18n, compose.col_components)}</th>
                            <th scope="col" class="px-4 py-2">{t!(i18n, compose.col_updated)}</th>
                            <th scope="col" class="px-4 py-2"><span class="sr-only">{t!(i18n, compose.find_plan)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {home.drafts.into_iter().map(|draft| view! {
                            <tr class="border-t border-slate-100">
                                <td class="px-4 py-2"><a class=LINK href=format!("/compose/{}", draft.id)>{draft.name}</a></td>
                                <td class="px-4 py-2">{draft.components}</td>
                                <td class="px-4 py-2">{date(draft.updated_at)}</td>
                                <td class="px-4 py-2"><a class=LINK href=format!("/compose/{}/plan", draft.id)>{t!(i18n, compose.find_plan)}</a></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="mt-6" aria-labelledby="drafts-title">
            <h2 id="drafts-title" class="text-lg font-semibold">{t!(i18n, compose.drafts)}" · "{home.tenant_name}</h2>
            {drafts}
        </section>
        {if can_write {
            view! { <Starts locale /> }.into_any()
        } else {
            view! { <p class="mt-6 rounded-md bg-slate-100 p-3 text-sm text-slate-700">{t!(i18n, compose.read_only)}</p> }.into_any()
        }}
    }
}

/// The ways to start a draft: a template, a blank blueprint, or a file.
#[component]
fn Starts(locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="mt-8" aria-labelledby="templates-title">
            <h2 id="templates-title" class="text-lg font-semibold">{t!(i18n, compose.templates)}</h2>
            <ul class="mt-2 grid gap-4 sm:grid-cols-2">
                {TEMPLATES.iter().map(|template| {
                    let (title, summary) = template_text(locale, template);
                    view! {
                        <li class=CARD>
                            <h3 class="font-semibold">{title}</h3>
                            <p class="mt-1 text-sm text-slate-700">{summary}</p>
                            <SubmitForm action=StartBlueprint::url() class="mt-3" errors=ErrorTexts::new(locale)>
                                <input type="hidden" name="template" value=template.name />
                                <input type="hidden" name="name" value="" />
                                <button type="submit" class=BUTTON_CLASS aria-label=format!("{} {title}", td_string!(locale, compose.start_from_this))>
                                    {t!(i18n, compose.start_from_this)}
                                </button>
                            </SubmitForm>
                        </li>
                    }
                }).collect_view()}
                <li class=CARD>
                    <h3 class="font-semibold">{t!(i18n, compose.empty_title)}</h3>
                    <p class="mt-1 text-sm text-slate-700">{t!(i18n, compose.empty_text)}</p>
                    <SubmitForm action=StartBlueprint::url() class="mt-3" errors=ErrorTexts::new(locale)>
                        <input type="hidden" name="template" value="" />
                        <input type="hidden" name="name" value=td_string!(locale, compose.new_name) />
                        <button type="submit" class=BUTTON_CLASS>{t!(i18n, compose.start_empty)}</button>
                    </SubmitForm>
                </li>
            </ul>
        </section>
        <section class="mt-8" aria-labelledby="import-title">
            <h2 id="import-title" class="text-lg font-semibold">{t!(i18n, compose.import_title)}</h2>
            <p class="mt-1 text-sm text-slate-700">{t!(i18n, compose.import_lead)}</p>
            <SubmitForm action=ImportBlueprint::url() class=CARD errors=ErrorTexts::new(locale)>
                <div class="mb-3">
                    <label for="blueprint-file" class="block text-sm font-medium text-slate-700">{t!(i18n, compose.import_file)}</label>
                    <FileAsText input="blueprint-file".to_owned() target="blueprint-document".to_owned() />
                </div>
                <div class="mb-3">
                    <label for="blueprint-document" class="block text-sm font-medium text-slate-700">{t!(i18n, compose.import_document)}</label>
                    <textarea id="blueprint-document" name="document" rows="6" class=format!("{INPUT_CLASS} font-mono text-xs")></textarea>
                </div>
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, compose.import_submit)}</button>
            </SubmitForm>
        </section>
    }
}
