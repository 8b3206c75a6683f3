//! One invoice or credit note as a person reads and prints it: who invoices whom (with their VAT
//! ids), each line in words, net, VAT with its mention, total, how to pay (by transfer, or by
//! card where the marketplace takes cards) and what was paid.

use crate::api::billing::{PayByCard, load_invoice};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::loading::loading;
use crate::components::submit_form::SubmitForm;
use crate::format::{date, eur};
use crate::i18n::*;
use crate::text::{invoice_status, line_text};
use broker::billing::{Collection, Customer, InvoiceKind, InvoicePage, Operator};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn InvoicePageView() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let number = use_params_map().with_untracked(|p| p.get("number").unwrap_or_default());
    let data = loading(load_invoice(number));
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(page) => view! { <Invoice page /> }.into_any(),
            }
        })}
    }
}

#[component]
fn Party(
    title: String,
    name: String,
    address: String,
    country: String,
    vat_id: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div>
            <h2 class="text-sm uppercase tracking-wide text-slate-500">{title}</h2>
            <p class="font-medium">{name}</p>
            <p class="whitespace-pre-line text-sm">{address}</p>
            <p class="text-sm">{country}</p>
            {vat_id.map(|id| view! { <p class="text-sm">{t!(i18n, billing.vat_id)}" "{id}</p> })}
        </div>
    }
}

/// "Pay by card", with what the payer's return from the checkout page says (`?card=`).
#[component]
fn CardPayment(number: String, under_way: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let returned = use_query_map().with_untracked(|query| query.get("card"));
    let note = match returned.as_deref() {
        Some("returned") if under_way => {
            Some(("processing", td_string!(locale, billing.card_processing)))
        }
        Some("cancelled") => Some(("cancelled", td_string!(locale, billing.card_cancelled))),
        _ if under_way => Some(("under_way", td_string!(locale, billing.card_under_way))),
        _ => None,
    };
    view! {
        {note.map(|(marker, text)| view! { <p class="mt-3 rounded-md bg-amber-50 p-3 text-amber-900" role="status" data-card-note=marker>{text}</p> })}
        <SubmitForm action=PayByCard::url() class="mt-3" errors=ErrorTexts::with_refusals(locale)>
            <input type="hidden" name="number" value=number />
            <button type="submit" class="rounded-md bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800" data-pay-by-card="">{t!(i18n, billing.pay_by_card)}</button>
        </SubmitForm>
    }
}

#[component]
fn Invoice(page: InvoicePage) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let invoice = &page.invoice;
    let number = invoice.number().map(|n| n.to_string());
    let title = match (invoice.kind(), &number) {
        (_, None) => td_string!(locale, billing.draft_title).to_owned(),
        (InvoiceKind::CreditNote, Some(number)) => {
            format!("{} {number}", td_string!(locale, billing.credit_note))
        }
        (InvoiceKind::Invoice, Some(number)) => {
            format!("{} {number}", td_string!(locale, billing.invoice))
        }
    };
    let period = invoice.period();
    let Operator {
        legal_name,
        address,
        country,
        vat_id,
        ..
    } = page.operator.clone();
    let Customer {
        name,
        address: customer_address,
        country: customer_country,
        vat_id: customer_vat,
    } = page.customer.clone();
    let lines = invoice
        .lines()
        .iter()
        .map(|line| view! {
            <tr class="border-t border-slate-100">
                <td class="px-4 py-2">{line_text(locale, &page, line)}</td>
                <td class="px-4 py-2">{line.provider().as_str().to_owned()}</td>
                <td class="px-4 py-2 text-right whitespace-nowrap">{eur(line.amount_minor())}</td>
            </tr>
        })
        .collect_view();
    let vat = invoice.vat();
    let vat_label = format!(
        "{} {} ({} %)",
        td_string!(locale, billing.vat),
        vat.category.code(),
        crate::format::percent(vat.rate_bp).trim_end_matches(" %")
    );
    let left = page.left_minor();
    let instructions = (page.status == "finalized" && left > 0 && invoice.kind() == InvoiceKind::Invoice).then(|| {
        // Without a bank account configured, the invoice says what is left and not where to pay.
        let transfer = match page.collection.clone() {
            Some(Collection::Transfer { account, reference }) if !account.trim().is_empty() => Some(view! {
                {t!(i18n, billing.pay_by_transfer)}" "<strong>{account}</strong>" "{t!(i18n, billing.with_reference)}" "<strong>{reference}</strong>". "
            }),
            _ => None,
        };
        view! {
            <p class="mt-4 rounded-md bg-indigo-50 p-3 text-indigo-900" data-instructions="">
                {transfer}{t!(i18n, billing.left)}": "<strong data-left="">{eur(left)}</strong>
            </p>
            {page.card.map(|card| view! { <CardPayment number=number.clone().unwrap_or_default() under_way=card.under_way /> })}
        }
    });
    let payments = page.payments.clone();
    let refunds = page.refunds.iter().map(|r| view! {
        <li data-refund="">{format!("{} · {} {}", date(r.settled_at), td_string!(locale, billing.refunded), eur(r.amount_minor))}</li>
    }).collect_view();
    view! {
        <p><a class="text-sm text-indigo-700 underline" href="/billing">{t!(i18n, billing.back)}</a></p>
        <article class="mt-2 rounded-lg border border-slate-200 bg-white p-6" data-invoice-page="">
            <h1 class="text-2xl font-bold">{title}</h1>
            <p class="mt-1 text-sm text-slate-600" data-status=page.status.clone()>{invoice_status(locale, &page.status, if invoice.kind() == InvoiceKind::CreditNote { "credit_note" } else { "invoice" })}</p>
            {number.is_none().then(|| view! { <p class="mt-1 text-sm text-slate-600">{t!(i18n, billing.draft_note)}</p> })}
            {invoice.cancels().map(|cancelled| view! { <p class="mt-1 text-sm">{t!(i18n, billing.cancels)}" "{cancelled.to_string()}</p> })}
            <dl class="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 text-sm">
                <dt class="text-slate-500">{t!(i18n, billing.period)}</dt><dd>{format!("{} – {}", date(period.start()), date(period.end() - 1))}</dd>
                {invoice.finalized_at().map(|at| view! { <dt class="text-slate-500">{t!(i18n, billing.issued)}</dt><dd>{date(at)}</dd> })}
            </dl>
            <div class="mt-4 grid gap-6 sm:grid-cols-2">
                <Party title=td_string!(locale, billing.from).to_owned() name=legal_name address country=country.to_string() vat_id />
                <Party title=td_string!(locale, billing.to).to_owned() name address=customer_address country=customer_country vat_id=customer_vat />
            </div>
            <table class="mt-6 min-w-full text-left text-sm">
                <thead class="text-slate-500">
                    <tr>
                        <th scope="col" class="px-4 py-2">{t!(i18n, billing.line)}</th>
                        <th scope="col" class="px-4 py-2">{t!(i18n, billing.provider)}</th>
                        <th scope="col" class="px-4 py-2 text-right">{t!(i18n, billing.amount)}</th>
                    </tr>
                </thead>
                <tbody>{lines}</tbody>
                <tfoot>
                    <tr class="border-t border-slate-300"><th scope="row" colspan="2" class="px-4 py-2 text-right">{t!(i18n, billing.net)}</th><td class="px-4 py-2 text-right whitespace-nowrap" data-net="">{eur(invoice.net_minor())}</td></tr>
                    <tr><th scope="row" colspan="2" class="px-4 py-2 text-right">{vat_label}</th><td class="px-4 py-2 text-right whitespace-nowrap" data-vat="">{eur(vat.amount_minor)}</td></tr>
                    <tr class="font-semibold"><th scope="row" colspan="2" class="px-4 py-2 text-right">{t!(i18n, billing.total)}</th><td class="px-4 py-2 text-right whitespace-nowrap" data-total="">{eur(invoice.total_minor())}</td></tr>
                </tfoot>
            </table>
            {vat.mention.clone().map(|mention| view! { <p class="mt-2 text-sm" data-mention="">{mention}</p> })}
            {instructions}
            <h2 class="mt-6 text-lg font-semibold">{t!(i18n, billing.payments)}</h2>
            {if payments.is_empty() {
                view! { <p class="text-sm text-slate-600">{t!(i18n, billing.no_payment)}</p> }.into_any()
            } else {
                view! {
                    <ul class="list-disc pl-6 text-sm">
                        {payments.into_iter().map(|p| view! { <li>{format!("{} · {} · {}", p.received_on, eur(p.amount_minor), p.reference)}</li> }).collect_view()}
                        {refunds}
                    </ul>
                }.into_any()
            }}
        </article>
    }
}
