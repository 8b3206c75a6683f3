//! A contract: the readable document (parties, lines, term and notice), its SHA-256, the
//! signature form or the signature record, the events of its hash chain, and its resources as
//! they are provisioned.

use crate::api::contracts::{SignContract, load_contract};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::field::Checkbox;
use crate::components::loading::loading;
use crate::components::resources::ResourceTable;
use crate::components::style::BUTTON_CLASS;
use crate::components::submit_form::SubmitForm;
use crate::format::{kg, minute, money, percent, term};
use crate::i18n::*;
use crate::text::{contract_status_text, event_text, role_text};
use broker::account::Field;
use broker::contract::{ContractDocument, ContractPage, ContractStatus};
use broker::money::MARKETPLACE_CURRENCY;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn ContractPageView() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = crate::pages::id_param();
    let data = loading(load_contract(id));
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(page) => match ContractDocument::from_canonical(&page.canonical) {
                    Ok(document) => view! { <ContractView page document /> }.into_any(),
                    Err(_) => failure(crate::error::AppError::Internal, locale),
                },
            }
        })}
    }
}

#[component]
fn ContractView(page: ContractPage, document: ContractDocument) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = document.id();
    let lines = document
        .lines()
        .iter()
        .enumerate()
        .map(|(n, line)| {
            let offer = line.offer();
            view! {
                <tr class="border-t border-slate-100">
                    <td class="px-3 py-2">{n + 1}</td>
                    <td class="px-3 py-2 font-medium">{line.component().to_owned()}</td>
                    <td class="px-3 py-2">
                        {offer.name.clone()}
                        <span class="block text-xs text-slate-500">{format!("{} / {} · v{}", offer.provider_slug, offer.external_id, offer.version)}</span>
                    </td>
                    <td class="px-3 py-2 text-right">{format!("{} × {}", line.quantity(), offer.unit)}</td>
                    <td class="px-3 py-2 text-right whitespace-nowrap">{line.unit_price().to_string()}</td>
                    <td class="px-3 py-2 text-right whitespace-nowrap">{line.monthly_total().to_string()}</td>
                    <td class="px-3 py-2 text-right whitespace-nowrap">{percent(offer.availability_bp)}</td>
                    <td class="px-3 py-2 whitespace-nowrap">{format!("{} · {}", offer.country, offer.jurisdiction)}</td>
                </tr>
            }
        })
        .collect_view();
    let providers = document
        .providers()
        .iter()
        .map(|p| view! { <li>{format!("{} ({})", p.legal_name, p.slug)}</li> })
        .collect_view();
    let signing = signing_part(&page, id, locale);
    let events = page
        .events
        .iter()
        .map(|event| {
            view! {
                <li class="border-t border-slate-100 py-2">
                    <span class="font-medium">{format!("#{} ", event.seq)}{event_text(locale, event.kind)}</span>
                    <span class="text-slate-500">{format!(" · {}", minute(event.at))}</span>
                    <code class="block break-all text-xs text-slate-500">{event.hash.clone()}</code>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="text-sm uppercase tracking-wide text-slate-500">{format!("{} {id}", td_string!(locale, contract.title))}</p>
        <h1 class="text-2xl font-bold">{document.service().to_owned()}</h1>
        <div id="contract-status">
        <p class="mt-1">{t!(i18n, contract.status)}": "<strong data-status=page.status.as_str()>{contract_status_text(locale, page.status)}</strong></p>
        {(page.status != ContractStatus::AwaitingSignature).then(|| view! {
            <p class="mt-1 text-slate-700" data-billed=page.billed.invoiced_minor.to_string()>
                {t!(i18n, contract.billed)}": "<strong>{money(page.billed.invoiced_minor, MARKETPLACE_CURRENCY)}</strong>
                " · "{t!(i18n, contract.drafted)}": "{money(page.billed.drafted_minor, MARKETPLACE_CURRENCY)}
                " · "<a class="text-indigo-700 underline" href="/billing">{t!(i18n, contract.invoices)}</a>
            </p>
        })}
        </div>
        <article class="mt-6 rounded-lg border border-slate-200 bg-white p-5">
            <h2 class="text-lg font-semibold">{t!(i18n, contract.parties)}</h2>
            <dl class="mt-2 grid gap-2 sm:grid-cols-3">
                <div><dt class="text-sm text-slate-500">{t!(i18n, contract.tenant)}</dt><dd>{document.tenant().legal_name.clone()}</dd></div>
                <div><dt class="text-sm text-slate-500">{t!(i18n, contract.providers)}</dt><dd><ul>{providers}</ul></dd></div>
                <div><dt class="text-sm text-slate-500">{t!(i18n, contract.broker)}</dt><dd>{document.broker()}</dd></div>
            </dl>
            <h2 class="mt-6 text-lg font-semibold">{t!(i18n, contract.lines)}</h2>
            <div class="overflow-x-auto">
                <table class="mt-2 min-w-full text-left text-sm">
                    <thead class="text-slate-500">
                        <tr>
                            <th scope="col" class="px-3 py-2">"#"</th>
                            <th scope="col" class="px-3 py-2">{t!(i18n, quote.component)}</th>
                            <th scope="col" class="px-3 py-2">{t!(i18n, quote.offer)}</th>
                            <th scope="col" class="px-3 py-2 text-right">{t!(i18n, quote.quantity)}</th>
                            <th scope="col" class="px-3 py-2 text-right">{t!(i18n, quote.unit_price)}</th>
                            <th scope="col" class="px-3 py-2 text-right">{t!(i18n, quote.monthly)}</th>
                            <th scope="col" class="px-3 py-2 text-right">{t!(i18n, quote.sla)}</th>
                            <th scope="col" class="px-3 py-2">{t!(i18n, contract.data_location)}</th>
                        </tr>
                    </thead>
                    <tbody>{lines}</tbody>
                    <tfoot class="border-t border-slate-300 font-semibold">
                        <tr>
                            <td class="px-3 py-2" colspan="5">{t!(i18n, quote.total)}</td>
                            <td class="px-3 py-2 text-right whitespace-nowrap">{document.total_monthly().to_string()}</td>
                            <td class="px-3 py-2 text-right" colspan="2">{kg(document.total_carbon_g_month())}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <h2 class="mt-6 text-lg font-semibold">{t!(i18n, contract.term)}</h2>
            <p class="mt-1 text-slate-700">{term(locale, document.term())}</p>
            <p class="mt-1 text-sm text-slate-500">{format!("{} {} · {} {}", td_string!(locale, contract.issued), minute(document.issued_at()), td_string!(locale, contract.quote), document.quote_id())}</p>
            <p class="mt-4 text-sm">{t!(i18n, contract.sha256)}" "<code class="break-all" data-sha256="">{page.sha256.clone()}</code></p>
        </article>
        <section class="mt-6">{signing}</section>
        {(!page.resources.is_empty()).then(|| view! {
            <section class="mt-6 rounded-lg border border-slate-200 bg-white p-5">
                <h2 class="text-lg font-semibold">{t!(i18n, contract.resources)}</h2>
                <ResourceTable resources=page.resources.clone() role=page.role id="resources" also=vec!["contract-status", "contract-events"] />
            </section>
        })}
        <section id="contract-events" class="mt-6 rounded-lg border border-slate-200 bg-white p-5">
            <h2 class="text-lg font-semibold">{t!(i18n, contract.events)}</h2>
            <p class="text-sm text-slate-500">{t!(i18n, contract.events_hint)}</p>
            <ol class="mt-2 text-sm">{events}</ol>
        </section>
        <details class="mt-6 text-sm">
            <summary class="cursor-pointer text-indigo-700">{t!(i18n, contract.canonical)}</summary>
            <pre class="mt-2 overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-3 text-xs">{page.canonical.clone()}</pre>
        </details>
    }
}

/// The signature form for an owner or admin, the people to ask for a buyer, the record once
/// signed.
fn signing_part(page: &ContractPage, id: broker::contract::ContractId, locale: Locale) -> AnyView {
    let i18n = use_i18n();
    if let Some(signature) = &page.signature {
        return view! {
            <div class="rounded-lg border border-emerald-300 bg-emerald-50 p-5" data-signature="">
                <h2 class="text-lg font-semibold">{t!(i18n, contract.signature)}</h2>
                <dl class="mt-2 grid gap-2 text-sm sm:grid-cols-2">
                    <div><dt class="text-slate-500">{t!(i18n, contract.signed_by)}</dt><dd>{format!("{} ({})", page.signed_by.clone().unwrap_or_default(), role_text(locale, signature.role))}</dd></div>
                    <div><dt class="text-slate-500">{t!(i18n, contract.signed_at)}</dt><dd>{minute(signature.at)}</dd></div>
                    <div><dt class="text-slate-500">{t!(i18n, contract.address)}</dt><dd>{signature.address.to_string()}</dd></div>
                    <div><dt class="text-slate-500">{t!(i18n, contract.browser)}</dt><dd class="break-all">{signature.user_agent.clone()}</dd></div>
                    <div class="sm:col-span-2"><dt class="text-slate-500">{t!(i18n, contract.sha256)}</dt><dd><code class="break-all">{signature.document_sha256.clone()}</code></dd></div>
                </dl>
            </div>
        }
        .into_any();
    }
    if page.status != ContractStatus::AwaitingSignature {
        return ().into_any();
    }
    if page.role.can_sign() {
        let sha256 = page.sha256.clone();
        return view! {
            <div class="rounded-lg border border-indigo-200 bg-indigo-50 p-5">
                <h2 class="text-lg font-semibold">{t!(i18n, contract.sign_title)}</h2>
                <SubmitForm action=SignContract::url() class="mt-2" errors=ErrorTexts::with_refusals(locale)>
                    <input type="hidden" name="form[contract]" value=id.to_string() />
                    <input type="hidden" name="form[sha256]" value=sha256 />
                    <Checkbox field=Field::Agreement name="form[agree]" label=td_string!(locale, contract.agree) />
                    <button type="submit" class=format!("{BUTTON_CLASS} mt-3")>{t!(i18n, contract.sign)}</button>
                </SubmitForm>
            </div>
        }
        .into_any();
    }
    let who = page
        .signers
        .iter()
        .map(|signer| {
            let subject = format!("{} {id}", td_string!(locale, contract.title));
            view! {
                <li>
                    <a class="text-indigo-700 underline" href=format!("mailto:{}?subject={}", signer.email, subject.replace(' ', "%20"))>
                        {format!("{} <{}>", signer.name, signer.email)}
                    </a>
                </li>
            }
        })
        .collect_view();
    let text = if page.role.can_prepare() {
        td_string!(locale, contract.ask_buyer)
    } else {
        td_string!(locale, contract.ask_viewer)
    };
    view! {
        <div class="rounded-lg border border-amber-300 bg-amber-50 p-5" data-ask-signature="">
            <p>{text}</p>
            <ul class="ml-5 mt-2 list-disc">{who}</ul>
        </div>
    }
    .into_any()
}
