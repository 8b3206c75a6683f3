//! The operator's billing section: each month's invoices, GMV, commission and VAT; every invoice
//! with filters; recording a payment received, cancelling an invoice with a credit note, paying
//! the providers; and each provider's commission with its history.

use crate::api::admin_billing::{
    CancelInvoice, RecordPayment, RefundCardPayment, RunPayouts, SetCommission, load_admin_billing,
};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::field::Input;
use crate::components::loading::loading;
use crate::components::style::BUTTON_CLASS;
use crate::components::submit_form::SubmitForm;
use crate::format::{date, eur, percent};
use crate::i18n::*;
use crate::text::invoice_status;
use broker::account::Field;
use broker::billing::{BillingMonth, InvoiceFilter, OperatorBilling, ProviderCommission};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

const CARD: &str = "mt-6 rounded-lg border border-slate-200 bg-white p-6";
const CELL: &str = "px-3 py-2";

#[component]
pub fn AdminBillingPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (filter, done) = use_query_map().with_untracked(|q| {
        let get = |key: &str| q.get(key).unwrap_or_default();
        (
            InvoiceFilter {
                month: get("month"),
                status: get("status"),
                tenant: get("tenant"),
                provider: get("provider"),
            },
            q.get("done"),
        )
    });
    let data = loading(load_admin_billing(filter.clone()));
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(billing) => view! {
                    <p><a class="text-sm text-indigo-700 underline" href="/admin">{t!(i18n, nav.admin)}</a></p>
                    <h1 class="text-2xl font-bold">{t!(i18n, admin_billing.title)}</h1>
                    {done.map(|done| {
                        let text = if done == "refund_pending" { td_string!(locale, admin_billing.refund_pending) } else { td_string!(locale, admin_billing.done) };
                        view! { <p class="mt-4 rounded-md bg-green-50 p-3 text-green-800" role="status" data-done=done>{text}</p> }
                    })}
                    <Months months=billing.months.clone() />
                    <Invoices billing=billing.clone() filter />
                    <Actions takes_cards=billing.takes_cards />
                    <Commissions providers=billing.providers default_bp=billing.default_commission_bp />
                }.into_any(),
            }
        })}
    }
}

#[component]
fn Months(months: Vec<BillingMonth>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = months.into_iter().map(|m| view! {
        <tr class="border-t border-slate-100" data-month=m.month.clone()>
            <td class=CELL>{m.month.clone()}</td>
            <td class=CELL>{m.invoices}</td>
            <td class="px-3 py-2 text-right whitespace-nowrap">{eur(m.gmv_minor)}</td>
            <td class="px-3 py-2 text-right whitespace-nowrap">{eur(m.commission_minor)}</td>
            <td class="px-3 py-2 text-right whitespace-nowrap">{eur(m.vat_minor)}</td>
        </tr>
    }).collect_view();
    view! {
        <section class=CARD>
            <table class="min-w-full text-left text-sm">
                <caption class="text-left text-lg font-semibold">{t!(i18n, admin_billing.months)}</caption>
                <thead class="text-slate-500"><tr>
                    <th scope="col" class=CELL>{t!(i18n, billing.month)}</th>
                    <th scope="col" class=CELL>{t!(i18n, billing.invoices)}</th>
                    <th scope="col" class="px-3 py-2 text-right">{t!(i18n, admin_billing.gmv)}</th>
                    <th scope="col" class="px-3 py-2 text-right">{t!(i18n, admin_billing.commission)}</th>
                    <th scope="col" class="px-3 py-2 text-right">{t!(i18n, admin_billing.vat)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

#[component]
fn Invoices(billing: OperatorBilling, filter: InvoiceFilter) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let providers = billing
        .providers
        .iter()
        .map(|p| {
            let id = p.provider.get().to_string();
            let selected = filter.provider.trim() == id;
            view! { <option value=id selected=selected>{p.name.clone()}</option> }
        })
        .collect_view();
    let rows = billing.invoices.into_iter().map(|i| {
        let number = i.summary.number.clone().unwrap_or_default();
        let label = match i.summary.kind.as_str() {
            "credit_note" => format!("{} {number}", td_string!(locale, billing.credit_note)),
            _ => number.clone(),
        };
        view! {
            <tr class="border-t border-slate-100" data-invoice=number data-kind=i.summary.kind.clone()>
                <td class=CELL>{label}</td>
                <td class=CELL>{i.summary.month.clone()}</td>
                <td class=CELL>{i.tenant_name.clone()}</td>
                <td class=CELL data-status=i.summary.status.clone()>{invoice_status(locale, &i.summary.status, &i.summary.kind)}</td>
                <td class="px-3 py-2 text-right whitespace-nowrap">{eur(i.summary.total_minor)}</td>
                <td class="px-3 py-2 text-right whitespace-nowrap">{eur(i.summary.paid_minor)}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <section class=CARD>
            <h2 class="text-lg font-semibold">{t!(i18n, billing.invoices)}</h2>
            <form method="get" action="/admin/billing" class="mt-2 flex flex-wrap items-end gap-3 text-sm">
                <label>{t!(i18n, billing.month)}" "<input class="rounded border border-slate-300 px-2 py-1" name="month" placeholder="2026-11" value=filter.month /></label>
                <label>{t!(i18n, billing.status)}" "<input class="rounded border border-slate-300 px-2 py-1" name="status" placeholder="finalized" value=filter.status /></label>
                <label>{t!(i18n, admin_billing.tenant)}" "<input class="rounded border border-slate-300 px-2 py-1" name="tenant" value=filter.tenant /></label>
                <label>{t!(i18n, billing.provider)}" "<select class="rounded border border-slate-300 px-2 py-1" name="provider">
                    <option value="">{t!(i18n, admin_billing.any_provider)}</option>
                    {providers}
                </select></label>
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, admin_billing.filter)}</button>
            </form>
            <table class="mt-4 min-w-full text-left text-sm">
                <thead class="text-slate-500"><tr>
                    <th scope="col" class=CELL>{t!(i18n, billing.number)}</th>
                    <th scope="col" class=CELL>{t!(i18n, billing.month)}</th>
                    <th scope="col" class=CELL>{t!(i18n, admin_billing.tenant)}</th>
                    <th scope="col" class=CELL>{t!(i18n, billing.status)}</th>
                    <th scope="col" class="px-3 py-2 text-right">{t!(i18n, billing.total)}</th>
                    <th scope="col" class="px-3 py-2 text-right">{t!(i18n, admin_billing.paid)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

#[component]
fn Actions(takes_cards: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let s = |text: &str| text.to_owned();
    view! {
        <div class="grid gap-6 lg:grid-cols-3">
            <section class=CARD>
                <h2 class="text-lg font-semibold">{t!(i18n, admin_billing.record_payment)}</h2>
                <SubmitForm action=RecordPayment::url() class="mt-2" errors=ErrorTexts::new(locale)>
                    <Input field=Field::Invoice name="form[invoice]" id="payment-invoice" label=s(td_string!(locale, billing.number)) />
                    <Input field=Field::Amount name="form[amount]" id="payment-amount" label=s(td_string!(locale, billing.amount)) hint=s(td_string!(locale, admin_billing.amount_hint)) />
                    <Input field=Field::ReceivedOn name="form[received_on]" id="payment-date" label=s(td_string!(locale, admin_billing.received_on)) />
                    <Input field=Field::Reference name="form[reference]" id="payment-reference" label=s(td_string!(locale, admin_billing.reference)) />
                    <button type="submit" class=BUTTON_CLASS>{t!(i18n, admin_billing.record)}</button>
                </SubmitForm>
            </section>
            <section class=CARD>
                <h2 class="text-lg font-semibold">{t!(i18n, admin_billing.credit_note)}</h2>
                <SubmitForm action=CancelInvoice::url() class="mt-2" errors=ErrorTexts::new(locale)>
                    <Input field=Field::Invoice name="form[invoice]" id="cancel-invoice" label=s(td_string!(locale, billing.number)) />
                    <Input field=Field::Reason name="form[reason]" id="cancel-reason" rows=2 label=s(td_string!(locale, admin_billing.reason)) />
                    <button type="submit" class=BUTTON_CLASS>{t!(i18n, admin_billing.cancel)}</button>
                </SubmitForm>
            </section>
            {takes_cards.then(|| view! {
                <section class=CARD>
                    <h2 class="text-lg font-semibold">{t!(i18n, admin_billing.refund)}</h2>
                    <p class="text-sm text-slate-700">{t!(i18n, admin_billing.refund_lead)}</p>
                    <SubmitForm action=RefundCardPayment::url() class="mt-2" errors=ErrorTexts::with_refusals(locale)>
                        <Input field=Field::Invoice name="form[invoice]" id="refund-invoice" label=s(td_string!(locale, billing.number)) />
                        <Input field=Field::Amount name="form[amount]" id="refund-amount" label=s(td_string!(locale, billing.amount)) hint=s(td_string!(locale, admin_billing.amount_hint)) />
                        <Input field=Field::Reason name="form[reason]" id="refund-reason" rows=2 label=s(td_string!(locale, admin_billing.reason)) />
                        <button type="submit" class=BUTTON_CLASS>{t!(i18n, admin_billing.refund_button)}</button>
                    </SubmitForm>
                </section>
            })}
            <section class=CARD>
                <h2 class="text-lg font-semibold">{t!(i18n, admin_billing.payouts)}</h2>
                <p class="text-sm text-slate-700">{t!(i18n, admin_billing.payouts_lead)}</p>
                <SubmitForm action=RunPayouts::url() class="mt-2" errors=ErrorTexts::new(locale)>
                    <Input field=Field::Reference name="form[reference]" id="payout-reference" label=s(td_string!(locale, admin_billing.reference)) />
                    <button type="submit" class=BUTTON_CLASS>{t!(i18n, admin_billing.pay_out)}</button>
                </SubmitForm>
            </section>
        </div>
    }
}

#[component]
fn Commissions(providers: Vec<ProviderCommission>, default_bp: u32) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let rows = providers.into_iter().map(|p| {
        let history = p.history.iter().map(|(from, bp)| format!("{} {} {}", percent(*bp), td_string!(locale, admin_billing.from), date(*from))).collect::<Vec<_>>().join(" · ");
        let history = if history.is_empty() { format!("{} ({})", percent(default_bp), td_string!(locale, admin_billing.default)) } else { history };
        let form_id = format!("commission-{}", p.provider.get());
        view! {
            <tr class="border-t border-slate-100 align-top" data-provider=p.slug.clone()>
                <td class=CELL>{p.name.clone()}" "<span class="text-slate-500">{p.slug.clone()}</span></td>
                <td class=CELL>{history}</td>
                <td class=CELL>
                    <SubmitForm action=SetCommission::url() class="flex flex-wrap items-end gap-2" errors=ErrorTexts::new(locale)>
                        <input type="hidden" name="form[provider]" value=p.provider.get().to_string() />
                        <Input field=Field::Rate name="form[rate]" id=format!("{form_id}-rate") label=td_string!(locale, admin_billing.rate).to_owned() />
                        <Input field=Field::Month name="form[month]" id=format!("{form_id}-month") label=td_string!(locale, admin_billing.from_month).to_owned() />
                        <button type="submit" class=BUTTON_CLASS>{t!(i18n, admin_billing.set)}</button>
                    </SubmitForm>
                </td>
            </tr>
        }
    }).collect_view();
    view! {
        <section id="commissions" class=CARD>
            <table class="min-w-full text-left text-sm">
                <caption class="text-left text-lg font-semibold">{t!(i18n, admin_billing.commissions)}</caption>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
