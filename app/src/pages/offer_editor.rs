//! Creating an offer, or changing the terms of one: every field of the catalog format plus the
//! description, the unit and a tag line.

use crate::api::market::{SaveOffer, load_offer_form};
use crate::components::failure::failure;
use crate::components::field::{
    BUTTON_CLASS, ErrorTexts, FormErrors, INPUT_CLASS, TextArea, TextField, navigate_on_success,
};
use crate::i18n::*;
use crate::pages::catalog::{DOMAINS, domain_text};
use broker::account::Field;
use broker::offer_form::OfferForm;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// The editor's translated texts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorTexts {
    external_id: String,
    external_id_hint: String,
    domain: String,
    domains: Vec<(String, String)>,
    name: String,
    tagline: String,
    description: String,
    unit: String,
    unit_hint: String,
    country: String,
    jurisdiction: String,
    attributes: String,
    attributes_hint: String,
    certifications: String,
    certifications_hint: String,
    availability: String,
    currency: String,
    price: String,
    price_hint: String,
    carbon: String,
    carbon_hint: String,
    capacity: String,
    capacity_hint: String,
    versioning_note: String,
    save: String,
}

impl EditorTexts {
    fn new(locale: Locale) -> Self {
        let s = |text: &str| text.to_owned();
        Self {
            external_id: s(td_string!(locale, editor.external_id)),
            external_id_hint: s(td_string!(locale, editor.external_id_hint)),
            domain: s(td_string!(locale, catalog.domain)),
            domains: DOMAINS
                .iter()
                .map(|d| ((*d).to_owned(), domain_text(locale, d)))
                .collect(),
            name: s(td_string!(locale, editor.name)),
            tagline: s(td_string!(locale, editor.tagline)),
            description: s(td_string!(locale, editor.description)),
            unit: s(td_string!(locale, editor.unit)),
            unit_hint: s(td_string!(locale, editor.unit_hint)),
            country: s(td_string!(locale, sell.country)),
            jurisdiction: s(td_string!(locale, sell.jurisdiction)),
            attributes: s(td_string!(locale, editor.attributes)),
            attributes_hint: s(td_string!(locale, editor.attributes_hint)),
            certifications: s(td_string!(locale, editor.certifications)),
            certifications_hint: s(td_string!(locale, editor.certifications_hint)),
            availability: s(td_string!(locale, editor.availability)),
            currency: s(td_string!(locale, editor.currency)),
            price: s(td_string!(locale, editor.price)),
            price_hint: s(td_string!(locale, editor.price_hint)),
            carbon: s(td_string!(locale, editor.carbon)),
            carbon_hint: s(td_string!(locale, editor.carbon_hint)),
            capacity: s(td_string!(locale, editor.capacity)),
            capacity_hint: s(td_string!(locale, editor.capacity_hint)),
            versioning_note: s(td_string!(locale, editor.versioning_note)),
            save: s(td_string!(locale, editor.save)),
        }
    }
}

fn param(name: &str) -> Option<i64> {
    use_params_map().with_untracked(|p| p.get(name).and_then(|raw| raw.parse().ok()))
}

/// `/sell/:id/offers/new`
#[component]
pub fn NewOfferPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let provider = param("id").unwrap_or(0);
    let form = OfferForm {
        currency: "EUR".to_owned(),
        unit: td_string!(locale, editor.default_unit).to_owned(),
        ..OfferForm::default()
    };
    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, editor.new_title)}</h1>
        <p class="mt-1 text-slate-700">{t!(i18n, editor.new_lead)}</p>
        <OfferEditor provider offer=None form texts=EditorTexts::new(locale) errors=ErrorTexts::new(locale) />
    }
}

/// `/sell/:id/offers/:offer`
#[component]
pub fn EditOfferPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let provider = param("id").unwrap_or(0);
    let offer = param("offer").unwrap_or(0);
    let data = OnceResource::new(load_offer_form(offer));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(err) => failure(err, locale),
                    Ok((form, page)) if page.provider.id.get() == provider => view! {
                        <h1 class="text-2xl font-bold">{t!(i18n, editor.edit_title)}" "{form.name.clone()}</h1>
                        <p class="mt-1 text-slate-700">{t!(i18n, editor.edit_lead)}</p>
                        <OfferEditor provider offer=Some(offer) form texts=EditorTexts::new(locale) errors=ErrorTexts::new(locale) />
                    }.into_any(),
                    Ok(_) => failure(crate::error::AppError::NotFound, locale),
                }
            })}
        </Suspense>
    }
}

/// The form, hydrated so that what was typed stays in place when the server refuses it.
#[island]
fn OfferEditor(
    provider: i64,
    offer: Option<i64>,
    form: OfferForm,
    texts: EditorTexts,
    errors: ErrorTexts,
) -> impl IntoView {
    let action = ServerAction::<SaveOffer>::new();
    let errors = FormErrors::of(action, errors);
    navigate_on_success(action);
    let editing = offer.is_some();
    let t = texts;
    view! {
        <ActionForm action attr:class="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" attr:novalidate="">
            <p class="mb-4 text-sm text-red-700 empty:mb-0" role="alert">{errors.general()}</p>
            <input type="hidden" name="form[provider]" value=provider />
            {offer.map(|id| view! { <input type="hidden" name="form[offer]" value=id /> })}
            {editing.then(|| view! { <p class="mb-4 rounded-md bg-slate-100 p-3 text-sm text-slate-700">{t.versioning_note.clone()}</p> })}
            <div class="grid gap-x-4 sm:grid-cols-2">
                <TextField name="form[fields][external_id]" id="offer-external-id" label=t.external_id hint=t.external_id_hint
                    value=form.external_id readonly=editing error=errors.field(Field::ExternalId) />
                <div class="mb-4">
                    <label for="offer-domain" class="block text-sm font-medium text-slate-700">{t.domain}</label>
                    <select id="offer-domain" name="form[fields][domain]" class=INPUT_CLASS disabled=editing>
                        {t.domains.into_iter().map(|(value, label)| {
                            let selected = value == form.domain;
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                    {editing.then(|| view! { <input type="hidden" name="form[fields][domain]" value=form.domain.clone() /> })}
                    <p class="mt-1 text-sm text-red-700" role="alert">{move || errors.field(Field::Domain).get()}</p>
                </div>
            </div>
            <TextField name="form[fields][name]" id="offer-name" label=t.name value=form.name error=errors.field(Field::OfferName) />
            <TextField name="form[fields][tagline]" id="offer-tagline" label=t.tagline value=form.tagline error=errors.field(Field::Tagline) />
            <TextArea name="form[fields][description]" id="offer-description" label=t.description value=form.description error=errors.field(Field::Description) />
            <div class="grid gap-x-4 sm:grid-cols-3">
                <TextField name="form[fields][unit]" id="offer-unit" label=t.unit hint=t.unit_hint value=form.unit error=errors.field(Field::Unit) />
                <TextField name="form[fields][country]" id="offer-country" label=t.country value=form.country error=errors.field(Field::Country) />
                <TextField name="form[fields][jurisdiction]" id="offer-jurisdiction" label=t.jurisdiction value=form.jurisdiction error=errors.field(Field::Jurisdiction) />
            </div>
            <TextField name="form[fields][attributes]" id="offer-attributes" label=t.attributes hint=t.attributes_hint value=form.attributes error=errors.field(Field::Attributes) />
            <TextField name="form[fields][certifications]" id="offer-certifications" label=t.certifications hint=t.certifications_hint value=form.certifications error=errors.field(Field::Certifications) />
            <div class="grid gap-x-4 sm:grid-cols-3">
                <TextField name="form[fields][availability]" id="offer-availability" label=t.availability value=form.availability error=errors.field(Field::Availability) />
                <TextField name="form[fields][currency]" id="offer-currency" label=t.currency value=form.currency error=errors.field(Field::Currency) />
                <TextField name="form[fields][price]" id="offer-price" label=t.price hint=t.price_hint value=form.price error=errors.field(Field::Price) />
            </div>
            <div class="grid gap-x-4 sm:grid-cols-2">
                <TextField name="form[fields][carbon]" id="offer-carbon" label=t.carbon hint=t.carbon_hint value=form.carbon error=errors.field(Field::Carbon) />
                <TextField name="form[fields][capacity]" id="offer-capacity" label=t.capacity hint=t.capacity_hint value=form.capacity error=errors.field(Field::Capacity) />
            </div>
            <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t.save}</button>
        </ActionForm>
    }
}
