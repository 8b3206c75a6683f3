//! An organisation's billing: its invoices and credit notes (the month so far first), its spend
//! and carbon over twelve months, and the billing profile its invoices are addressed to, which
//! owners and admins change.

use crate::api::billing::{SaveBillingProfile, load_billing};
use crate::components::chart::{Bar, BarChart};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::field::Input;
use crate::components::loading::loading;
use crate::components::style::BUTTON_CLASS;
use crate::components::submit_form::SubmitForm;
use crate::format::{eur, kg, money};
use crate::i18n::*;
use crate::text::invoice_status;
use broker::account::Field;
use broker::billing::{InvoiceSummary, ProfileForm, SpendMonth};
use broker::money::MARKETPLACE_CURRENCY;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// Where an invoice of the list is read: by number, or by month for a draft.
fn invoice_href(invoice: &InvoiceSummary) -> String {
    match &invoice.number {
        Some(number) => format!("/billing/invoices/{number}"),
        None => format!("/billing/invoices/draft-{}", invoice.month),
    }
}

#[component]
pub fn BillingPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let data = loading(load_billing());
    let saved = use_query_map().with_untracked(|q| q.get("saved").is_some());
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(None) => view! { <p>{t!(i18n, dashboard.no_organisation)}</p> }.into_any(),
                Ok(Some(billing)) => view! {
                    <h1 class="text-2xl font-bold">{t!(i18n, billing.title)}</h1>
                    <p class="mt-1 text-slate-700">{t!(i18n, billing.lead)}</p>
                    {saved.then(|| view! { <p class="mt-4 rounded-md bg-green-50 p-3 text-green-800" role="status">{t!(i18n, billing.saved)}</p> })}
                    <Invoices invoices=billing.invoices />
                    <Spend months=billing.spend />
                    <Profile profile=billing.profile saved=billing.profile_saved can_edit=billing.can_edit />
                }.into_any(),
            }
        })}
    }
}

#[component]
fn Invoices(invoices: Vec<InvoiceSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if invoices.is_empty() {
        return view! { <p class="mt-6 text-slate-700" data-no-invoice="">{t!(i18n, billing.none)}</p> }.into_any();
    }
    let rows = invoices
        .into_iter()
        .map(|invoice| {
            let href = invoice_href(&invoice);
            let label = match (&invoice.number, invoice.kind.as_str()) {
                (None, _) => td_string!(locale, billing.so_far).to_owned(),
                (Some(number), "credit_note") => format!("{} {number}", td_string!(locale, billing.credit_note)),
                (Some(number), _) => number.clone(),
            };
            let left = match (invoice.status.as_str(), invoice.kind.as_str()) {
                ("finalized", "invoice") => money(invoice.total_minor - invoice.paid_minor, MARKETPLACE_CURRENCY),
                _ => String::new(),
            };
            view! {
                <tr class="border-t border-slate-100" data-invoice=invoice.number.clone().unwrap_or_default()>
                    <td class="px-4 py-2"><a class="text-indigo-700 underline" href=href>{label}</a></td>
                    <td class="px-4 py-2">{invoice.month.clone()}</td>
                    <td class="px-4 py-2" data-status=invoice.status.clone()>{invoice_status(locale, &invoice.status, &invoice.kind)}</td>
                    <td class="px-4 py-2 text-right whitespace-nowrap">{money(invoice.total_minor, MARKETPLACE_CURRENCY)}</td>
                    <td class="px-4 py-2 text-right whitespace-nowrap">{left}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table class="min-w-full text-left text-sm">
                <caption class="px-4 pt-4 text-left text-lg font-semibold">{t!(i18n, billing.invoices)}</caption>
                <thead class="text-slate-500">
                    <tr>
                        <th scope="col" class="px-4 py-2">{t!(i18n, billing.number)}</th>
                        <th scope="col" class="px-4 py-2">{t!(i18n, billing.month)}</th>
                        <th scope="col" class="px-4 py-2">{t!(i18n, billing.status)}</th>
                        <th scope="col" class="px-4 py-2 text-right">{t!(i18n, billing.total)}</th>
                        <th scope="col" class="px-4 py-2 text-right">{t!(i18n, billing.left)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
    .into_any()
}

/// Spend and carbon over the last twelve months, as two charts.
#[component]
fn Spend(months: Vec<SpendMonth>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let bars = |value: fn(&SpendMonth) -> i64| {
        months
            .iter()
            .map(|month| Bar {
                label: month.month.get(2..).unwrap_or_default().to_owned(),
                value: value(month),
            })
            .collect::<Vec<_>>()
    };
    let month = td_string!(locale, billing.month).to_owned();
    let table = td_string!(locale, billing.chart_table).to_owned();
    view! {
        <section id="spend" class="mt-6">
            <h2 class="text-lg font-semibold">{t!(i18n, billing.spend_title)}</h2>
            <p class="mt-1 text-sm text-slate-700">{t!(i18n, billing.spend_lead)}</p>
            <BarChart title=td_string!(locale, billing.spend_chart).to_owned() x_label=month.clone() y_label=td_string!(locale, billing.spend_axis).to_owned() bars=bars(|m| m.total_minor) show=eur testid="spend" table_label=table.clone() />
            <BarChart title=td_string!(locale, billing.carbon_chart).to_owned() x_label=month y_label=td_string!(locale, billing.carbon_axis).to_owned() bars=bars(|m| m.carbon_g) show=kg testid="carbon" table_label=table />
        </section>
    }
}

#[component]
fn Profile(profile: ProfileForm, saved: bool, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let note = (!saved).then(
        || view! { <p class="mt-1 text-sm text-slate-600">{t!(i18n, billing.profile_default)}</p> },
    );
    let body = if can_edit {
        view! {
            <SubmitForm action=SaveBillingProfile::url() class="mt-4 max-w-xl" errors=ErrorTexts::new(locale)>
                <Input field=Field::LegalName name="form[legal_name]" id="billing-legal-name" autocomplete="organization" label=td_string!(locale, billing.legal_name) value=profile.legal_name />
                <Input field=Field::Address name="form[address]" id="billing-address" autocomplete="street-address" rows=3 label=td_string!(locale, billing.address) value=profile.address />
                <Input field=Field::Country name="form[country]" id="billing-country" autocomplete="country" label=td_string!(locale, billing.country) value=profile.country />
                <Input field=Field::VatId name="form[vat_id]" id="billing-vat-id" label=td_string!(locale, billing.vat_id) hint=td_string!(locale, billing.vat_hint) value=profile.vat_id />
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, billing.save)}</button>
            </SubmitForm>
        }
        .into_any()
    } else {
        view! {
            <dl class="mt-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1" data-profile="">
                <dt class="text-slate-500">{t!(i18n, billing.legal_name)}</dt><dd>{profile.legal_name}</dd>
                <dt class="text-slate-500">{t!(i18n, billing.address)}</dt><dd class="whitespace-pre-line">{profile.address}</dd>
                <dt class="text-slate-500">{t!(i18n, billing.country)}</dt><dd>{profile.country}</dd>
                <dt class="text-slate-500">{t!(i18n, billing.vat_id)}</dt><dd>{profile.vat_id}</dd>
            </dl>
            <p class="mt-2 text-sm text-slate-600">{t!(i18n, billing.readonly)}</p>
        }
        .into_any()
    };
    view! {
        <section id="profile" class="mt-6 rounded-lg border border-slate-200 bg-white p-6">
            <h2 class="text-lg font-semibold">{t!(i18n, billing.profile)}</h2>
            <p class="mt-1 text-sm text-slate-700">{t!(i18n, billing.profile_lead)}</p>
            {note}
            {body}
        </section>
    }
}
