//! The editor of one blueprint draft: its name and objective, one fieldset per component, the
//! constraints, and what to do with it next (save, export, delete, find the best plan).
//!
//! Adding and removing a component are submit buttons of the same form, so they work without
//! JavaScript and keep what was typed: the server saves the form with the change and comes back.

use crate::api::compose::{BlueprintView, DeleteBlueprint, SaveBlueprint, load_blueprint};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::field::{FieldErrorText, Input};
use crate::components::loading::loading;
use crate::components::style::BUTTON_CLASS;
use crate::components::style::FORM_CLASS;
use crate::components::submit_form::SubmitForm;
use crate::format::minute;
use crate::i18n::*;
use broker::blueprint_form::{ComponentForm, component_field};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

const SECONDARY: &str = "inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 shadow-sm hover:bg-slate-100 disabled:opacity-50";
const DANGER: &str = "inline-flex items-center justify-center rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50 disabled:opacity-50";

#[component]
pub fn BlueprintEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = crate::pages::id_param();
    // Sent back here by a refusal without JavaScript: the form comes back as it was typed.
    let refused = use_query_map().with_untracked(|q| q.get("__err").is_some());
    let data = loading(load_blueprint(id, refused));
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(draft) => view! { <Editor draft /> }.into_any(),
            }
        })}
    }
}

/// `blueprint-web-shop.json` for a draft called "Web shop".
fn file_name(name: &str) -> String {
    let slug: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let slug: Vec<&str> = slug.split('-').filter(|part| !part.is_empty()).collect();
    match slug.join("-") {
        slug if slug.is_empty() => "blueprint.json".to_owned(),
        slug => format!("blueprint-{slug}.json"),
    }
}

/// The document as a `data:` address, so that the export link downloads it without a request.
fn data_url(document: &str) -> String {
    let mut url = String::from("data:application/json;charset=utf-8,");
    for byte in document.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

#[component]
fn Editor(draft: BlueprintView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let saved = use_query_map().with_untracked(|q| q.get("saved").is_some());
    let id = draft.id;
    let form = draft.form;
    let can_write = draft.can_write;
    let s = |text: &'static str| text.to_owned();
    let objectives = vec![
        (
            "cost".to_owned(),
            s(td_string!(locale, compose.objective_cost)),
        ),
        (
            "carbon".to_owned(),
            s(td_string!(locale, compose.objective_carbon)),
        ),
    ];
    let count = form.components.len();
    let download = file_name(&form.name);
    let export = data_url(&draft.document);
    let components = form
        .components
        .iter()
        .cloned()
        .enumerate()
        .map(|(index, component)| view! { <ComponentFields index component can_write /> })
        .collect_view();
    view! {
        <p class="text-sm"><a class="text-indigo-700 underline" href="/compose">{t!(i18n, compose.back)}</a></p>
        <div class="mt-2 flex flex-wrap items-center justify-between gap-4">
            <div>
                <h1 class="text-2xl font-bold">{form.name.clone()}</h1>
                <p class="text-sm text-slate-500">{t!(i18n, compose.updated)}" "{minute(draft.updated_at)}</p>
            </div>
            <div>
                <crate::components::live::Pending message=td_string!(locale, plan.running).to_owned()>
                    <a href=format!("/compose/{id}/plan") class="inline-flex items-center justify-center rounded-md bg-emerald-600 px-5 py-3 text-lg font-semibold text-white shadow hover:bg-emerald-700">
                        {t!(i18n, compose.find_plan)}
                    </a>
                </crate::components::live::Pending>
            </div>
        </div>
        {saved.then(|| view! { <p role="status" class="mt-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-emerald-900">{t!(i18n, compose.saved)}</p> })}
        {(!can_write).then(|| view! { <p class="mt-4 rounded-md bg-slate-100 p-3 text-sm text-slate-700">{t!(i18n, compose.read_only)}</p> })}
        <SubmitForm action=SaveBlueprint::url() class=FORM_CLASS errors=ErrorTexts::new(locale)>
            // Pressing Enter in a field presses the first submit button: this one saves.
            <button type="submit" name="op" value="save" class="sr-only" tabindex="-1" aria-hidden="true">{t!(i18n, compose.save)}</button>
            <input type="hidden" name="form[id]" value=id />
            <div class="grid gap-x-4 sm:grid-cols-2">
                <Input field="name" name="form[fields][name]" label=td_string!(locale, compose.name) value=form.name.clone() readonly=!can_write />
                <Input field="objective" name="form[fields][objective]" label=td_string!(locale, compose.objective) value=form.objective.clone() options=objectives readonly=!can_write />
            </div>
            <fieldset id="components" class="mt-2">
                <legend class="text-lg font-semibold">{t!(i18n, compose.components)}</legend>
                <FieldErrorText field="components" id="components-error" />
                {(count == 0).then(|| view! { <p class="mt-2 text-slate-700">{t!(i18n, compose.no_components)}</p> })}
                {components}
                {can_write.then(|| view! {
                    <button type="submit" name="op" value="add" class=format!("mt-3 {SECONDARY}")>{t!(i18n, compose.add_component)}</button>
                })}
            </fieldset>
            <fieldset class="mt-6 rounded-md border border-slate-200 p-4">
                <legend class="px-1 text-lg font-semibold">{t!(i18n, compose.constraints)}</legend>
                <div class="grid gap-x-4 sm:grid-cols-2">
                    <Input field="jurisdictions" name="form[fields][jurisdictions]" label=td_string!(locale, compose.jurisdictions) hint=td_string!(locale, compose.jurisdictions_hint) value=form.jurisdictions.clone() readonly=!can_write />
                    <Input field="countries" name="form[fields][countries]" label=td_string!(locale, compose.countries) hint=td_string!(locale, compose.countries_hint) value=form.countries.clone() readonly=!can_write />
                    <Input field="min_availability" name="form[fields][min_availability]" label=td_string!(locale, compose.min_availability) hint=td_string!(locale, compose.min_availability_hint) value=form.min_availability.clone() readonly=!can_write />
                    <Input field="max_providers" name="form[fields][max_providers]" label=td_string!(locale, compose.max_providers) hint=td_string!(locale, compose.max_providers_hint) value=form.max_providers.clone() readonly=!can_write />
                    <Input field="max_monthly" name="form[fields][max_monthly]" label=td_string!(locale, compose.max_monthly) hint=td_string!(locale, compose.max_monthly_hint) value=form.max_monthly.clone() readonly=!can_write />
                    <Input field="max_carbon" name="form[fields][max_carbon]" label=td_string!(locale, compose.max_carbon) hint=td_string!(locale, compose.max_carbon_hint) value=form.max_carbon.clone() readonly=!can_write />
                </div>
                <Input field="same_provider" name="form[fields][same_provider]" rows=2 label=td_string!(locale, compose.same_provider) hint=td_string!(locale, compose.groups_hint) value=form.same_provider.clone() />
                <Input field="distinct_providers" name="form[fields][distinct_providers]" rows=2 label=td_string!(locale, compose.distinct_providers) hint=td_string!(locale, compose.groups_hint) value=form.distinct_providers.clone() />
            </fieldset>
            {can_write.then(|| view! {
                <button type="submit" name="op" value="save" class=format!("mt-4 {BUTTON_CLASS}")>{t!(i18n, compose.save)}</button>
            })}
        </SubmitForm>
        <div class="mt-6 flex flex-wrap items-start gap-4">
            <a class=SECONDARY href=export download=download>{t!(i18n, compose.export)}</a>
            {can_write.then(|| view! {
                <SubmitForm action=DeleteBlueprint::url() class="" errors=ErrorTexts::new(locale)>
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class=DANGER>{t!(i18n, compose.delete)}</button>
                </SubmitForm>
            })}
        </div>
    }
}

/// The fields of component `index`, with its remove button.
#[component]
fn ComponentFields(index: usize, component: ComponentForm, can_write: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let name = |field: &str| format!("form[fields][components][{index}][{field}]");
    let key = |field: &str| component_field(index, field);
    let legend = format!("{} {}", td_string!(locale, compose.component), index + 1);
    let remove_label = format!(
        "{} {}",
        td_string!(locale, compose.remove_component),
        component.name
    );
    view! {
        <fieldset id=format!("component-{index}") class="mt-4 rounded-md border border-slate-200 p-4">
            <legend class="px-1 font-semibold">{legend}</legend>
            <div class="grid gap-x-4 sm:grid-cols-3">
                <Input field=key("name") name=name("name") label=td_string!(locale, compose.component_name) hint=td_string!(locale, compose.component_name_hint) value=component.name readonly=!can_write />
                <Input field=key("domain") name=name("domain") label=td_string!(locale, compose.domain) hint=td_string!(locale, compose.domain_hint) value=component.domain readonly=!can_write />
                <Input field=key("quantity") name=name("quantity") label=td_string!(locale, compose.quantity) value=component.quantity readonly=!can_write />
            </div>
            <Input field=key("min") name=name("min") label=td_string!(locale, compose.min) hint=td_string!(locale, compose.min_hint) value=component.min readonly=!can_write />
            <div class="grid gap-x-4 sm:grid-cols-2">
                <Input field=key("certifications") name=name("certifications") label=td_string!(locale, compose.certifications) hint=td_string!(locale, compose.certifications_hint) value=component.certifications readonly=!can_write />
                <Input field=key("countries") name=name("countries") label=td_string!(locale, compose.component_countries) hint=td_string!(locale, compose.component_countries_hint) value=component.countries readonly=!can_write />
            </div>
            {can_write.then(|| view! {
                <button type="submit" name="op" value=format!("remove:{index}") class=DANGER aria-label=remove_label>
                    {t!(i18n, compose.remove)}
                </button>
            })}
        </fieldset>
    }
}
