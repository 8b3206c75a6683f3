//! Creating an offer, or changing the terms of one: every field of the catalog format (its
//! meters one a line) plus the description, the unit and a tag line.

use crate::api::marketplace::{SaveOffer, load_offer_form};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::field::Input;
use crate::components::loading::loading;
use crate::components::style::BUTTON_CLASS;
use crate::components::style::FORM_CLASS;
use crate::components::submit_form::SubmitForm;
use crate::i18n::*;
use crate::text::{DOMAINS, domain_text};
use broker::account::Field;
use broker::offer_form::OfferForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

/// The editor's translated texts.
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
    meters: String,
    meters_hint: String,
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
            meters: s(td_string!(locale, editor.meters)),
            meters_hint: s(td_string!(locale, editor.meters_hint)),
            versioning_note: s(td_string!(locale, editor.versioning_note)),
            save: s(td_string!(locale, editor.save)),
        }
    }
}

fn param(name: &str) -> Option<i64> {
    use_params_map().with_untracked(|p| p.get(name).and_then(|raw| raw.parse().ok()))
}

/// `/sell/:id/offers/new`, for the provider's members.
#[component]
pub fn NewOfferPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let provider = param("id").unwrap_or(0);
    let data = loading(load_offer_form(provider, None));
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(_) => {
                    let form = OfferForm {
                        currency: "EUR".to_owned(),
                        unit: td_string!(locale, editor.default_unit).to_owned(),
                        ..OfferForm::default()
                    };
                    view! {
                        <h1 class="text-2xl font-bold">{t!(i18n, editor.new_title)}</h1>
                        <p class="mt-1 text-slate-700">{t!(i18n, editor.new_lead)}</p>
                        <OfferEditor provider offer=None form texts=EditorTexts::new(locale) errors=ErrorTexts::new(locale) />
                    }.into_any()
                }
            }
        })}
    }
}

/// `/sell/:id/offers/:offer`, for the provider's members.
#[component]
pub fn EditOfferPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let provider = param("id").unwrap_or(0);
    let offer = param("offer").unwrap_or(0);
    let data = loading(load_offer_form(provider, Some(offer)));
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(Some(form)) => view! {
                    <h1 class="text-2xl font-bold">{t!(i18n, editor.edit_title)}" "{form.name.clone()}</h1>
                    <p class="mt-1 text-slate-700">{t!(i18n, editor.edit_lead)}</p>
                    <OfferEditor provider offer=Some(offer) form texts=EditorTexts::new(locale) errors=ErrorTexts::new(locale) />
                }.into_any(),
                Ok(None) => failure(crate::error::AppError::NotFound, locale),
            }
        })}
    }
}

/// The offer form: every field of the catalog format plus the description, unit and tag line.
#[component]
fn OfferEditor(
    provider: i64,
    offer: Option<i64>,
    form: OfferForm,
    texts: EditorTexts,
    errors: ErrorTexts,
) -> impl IntoView {
    let editing = offer.is_some();
    let t = texts;
    view! {
        <SubmitForm action=SaveOffer::url() class=FORM_CLASS errors>
            <input type="hidden" name="form[provider]" value=provider />
            {offer.map(|id| view! { <input type="hidden" name="form[offer]" value=id /> })}
            {editing.then(|| view! { <p class="mb-4 rounded-md bg-slate-100 p-3 text-sm text-slate-700">{t.versioning_note.clone()}</p> })}
            <div class="grid gap-x-4 sm:grid-cols-2">
                <Input field=Field::ExternalId name="form[fields][external_id]" label=t.external_id hint=t.external_id_hint value=form.external_id readonly=editing />
                <Input field=Field::Domain name="form[fields][domain]" label=t.domain value=form.domain options=t.domains readonly=editing />
            </div>
            <Input field=Field::OfferName name="form[fields][name]" label=t.name value=form.name />
            <Input field=Field::Tagline name="form[fields][tagline]" label=t.tagline value=form.tagline />
            <Input field=Field::Description name="form[fields][description]" rows=3 label=t.description value=form.description />
            <div class="grid gap-x-4 sm:grid-cols-3">
                <Input field=Field::Unit name="form[fields][unit]" label=t.unit hint=t.unit_hint value=form.unit />
                <Input field=Field::Country name="form[fields][country]" label=t.country value=form.country />
                <Input field=Field::Jurisdiction name="form[fields][jurisdiction]" label=t.jurisdiction value=form.jurisdiction />
            </div>
            <Input field=Field::Attributes name="form[fields][attributes]" label=t.attributes hint=t.attributes_hint value=form.attributes />
            <Input field=Field::Certifications name="form[fields][certifications]" label=t.certifications hint=t.certifications_hint value=form.certifications />
            <div class="grid gap-x-4 sm:grid-cols-3">
                <Input field=Field::Availability name="form[fields][availability]" label=t.availability value=form.availability />
                <Input field=Field::Currency name="form[fields][currency]" label=t.currency value=form.currency />
                <Input field=Field::Price name="form[fields][price]" label=t.price hint=t.price_hint value=form.price />
            </div>
            <div class="grid gap-x-4 sm:grid-cols-2">
                <Input field=Field::Carbon name="form[fields][carbon]" label=t.carbon hint=t.carbon_hint value=form.carbon />
                <Input field=Field::Capacity name="form[fields][capacity]" label=t.capacity hint=t.capacity_hint value=form.capacity />
            </div>
            <Input field=Field::Meters name="form[fields][meters]" rows=3 label=t.meters hint=t.meters_hint value=form.meters />
            <button type="submit" class=BUTTON_CLASS>{t.save}</button>
        </SubmitForm>
    }
}
