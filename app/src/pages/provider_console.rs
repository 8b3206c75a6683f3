//! A provider's own area: where it stands with the operator, its offers with what can be done
//! to each, its team with the invitations its owners sent, and its API tokens (`tokens`); its
//! revenue has a page of its own (`pages::revenue`).

mod figures;
mod tokens;

use crate::api::invitations::RevokeInvitation;
use crate::api::marketplace::{
    AddProviderMember, ImportCatalog, OfferAction, load_provider_console,
};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::field::Input;
use crate::components::file_as_text::FileAsText;
use crate::components::loading::loading;
use crate::components::style::{BUTTON_CLASS, INPUT_CLASS};
use crate::components::submit_form::SubmitForm;
use crate::format::{percent, price};
use crate::i18n::*;
use crate::text::{offer_status_text, provider_role_text, provider_status_text};
use broker::account::Field;
use broker::catalog::{
    OfferListing, OfferStatus, ProviderConsole, ProviderId, ProviderMember, ProviderRole,
    ProviderStatus,
};
use broker::invitation::ProviderInvitation;
use broker::transfer::ImportSummary;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

const SMALL_BUTTON: &str =
    "rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50";

#[component]
pub fn ProviderConsolePage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = crate::pages::id_param();
    let data = loading(load_provider_console(id));
    view! {
        {Suspend::new(async move {
            match data.await {
                Err(err) => failure(err, locale),
                Ok(console) => view! { <Console console /> }.into_any(),
            }
        })}
    }
}

#[component]
fn Console(console: ProviderConsole) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let provider = console.provider;
    let id = provider.id;
    let approved = provider.status == ProviderStatus::Approved;
    let is_owner = console.role == ProviderRole::Owner;
    let offers = console.offers;
    view! {
        <p class="text-sm uppercase tracking-wide text-slate-500">{t!(i18n, console.kicker)}</p>
        <h1 class="text-2xl font-bold">{provider.legal_name.clone()}</h1>
        <p class="mt-1 text-slate-700" data-testid="provider-status">
            {t!(i18n, console.status)}": "<strong>{provider_status_text(locale, provider.status)}</strong>
            {approved.then(|| view! { " · "<a class="text-indigo-700 underline" href=format!("/providers/{}", provider.slug)>{t!(i18n, console.public_page)}</a> })}
        </p>
        <p class="mt-2 flex gap-4">
            <a class="text-indigo-700 underline" href=format!("/sell/{id}/revenue") data-testid="revenue-link">{t!(i18n, revenue.tab)}</a>
            {is_owner.then(|| view! { <a class="text-indigo-700 underline" href=format!("/sell/{id}/activity")>{t!(i18n, audit.activity_link)}</a> })}
        </p>
        {provider.decision_reason.clone().map(|reason| view! {
            <p class="mt-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">{t!(i18n, console.reason)}": "{reason}</p>
        })}
        {(provider.status == ProviderStatus::Pending).then(|| view! {
            <p class="mt-2 text-slate-700">{t!(i18n, console.pending_note)}</p>
        })}
        <section id="offers" class="mt-8">
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 class="text-lg font-semibold">{t!(i18n, console.offers)}</h2>
                <a href=format!("/sell/{id}/offers/new") class=BUTTON_CLASS>{t!(i18n, console.new_offer)}</a>
            </div>
            {if offers.is_empty() {
                view! { <p class="mt-2 text-slate-700">{t!(i18n, console.no_offers)}</p> }.into_any()
            } else {
                view! {
                    <div class="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white">
                        <table class="min-w-full text-left text-sm">
                            <thead class="text-slate-500">
                                <tr>
                                    <th scope="col" class="px-3 py-2">{t!(i18n, catalog.offer)}</th>
                                    <th scope="col" class="px-3 py-2">{t!(i18n, console.offer_status)}</th>
                                    <th scope="col" class="px-3 py-2 text-right">{t!(i18n, catalog.price)}</th>
                                    <th scope="col" class="px-3 py-2 text-right">{t!(i18n, catalog.availability)}</th>
                                    <th scope="col" class="px-3 py-2 text-right">{t!(i18n, console.capacity)}</th>
                                    <th scope="col" class="px-3 py-2">{t!(i18n, console.actions)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {offers.into_iter().map(|offer| view! { <OfferRow offer approved /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <figures::Figures provider=id.get() />
        <section id="import" class="mt-8 max-w-3xl">
            <h2 class="text-lg font-semibold">{t!(i18n, console.import_title)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, console.import_lead)}</p>
            <ImportForm provider=id.get() />
        </section>
        <Team provider=id members=console.members invitations=console.invitations is_owner />
        <tokens::Tokens provider=id />
    }
}

/// The team: its members and, for owners, the open invitations and the form to invite someone.
#[component]
fn Team(
    provider: ProviderId,
    members: Vec<ProviderMember>,
    invitations: Vec<ProviderInvitation>,
    is_owner: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let invited = use_query_map()
        .with_untracked(|q| q.get("invited").and_then(|id| id.parse::<i64>().ok()))
        .and_then(|id| invitations.iter().find(|i| i.id.get() == id))
        .map(|i| i.email.as_str().to_owned());
    let open = (!invitations.is_empty()).then(|| view! {
        <h3 class="mt-4 font-medium">{t!(i18n, console.invitations)}</h3>
        <ul class="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {invitations.into_iter().map(|invitation| {
                let name = invitation.invited_by;
                view! {
                    <li class="flex flex-wrap items-center justify-between gap-2 px-4 py-2" data-invitation=invitation.id.get().to_string()>
                        <span>{invitation.email.as_str().to_owned()}" · "{provider_role_text(locale, invitation.role)}
                            <span class="block text-xs text-slate-500">{t!(i18n, console.invited_by, name = move || name.clone())}</span>
                        </span>
                        <form method="post" action=RevokeInvitation::url()>
                            <input type="hidden" name="form[provider]" value=provider.get() />
                            <input type="hidden" name="form[invitation]" value=invitation.id.get() />
                            <button type="submit" class=SMALL_BUTTON>{t!(i18n, console.revoke)}</button>
                        </form>
                    </li>
                }
            }).collect_view()}
        </ul>
    });
    view! {
        <section id="members" class="mt-8">
            <h2 class="text-lg font-semibold">{t!(i18n, console.members)}</h2>
            {invited.map(|email| view! {
                <p class="mt-2 rounded-md bg-green-50 p-3 text-green-800" role="status">{t!(i18n, console.invited, email = move || email.clone())}</p>
            })}
            <ul class="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
                {members.into_iter().map(|m| view! {
                    <li class="flex flex-wrap justify-between gap-2 px-4 py-2">
                        <span>{m.name}" "<span class="text-slate-500">{m.email}</span></span>
                        <span class="text-sm text-slate-600">{provider_role_text(locale, m.role)}</span>
                    </li>
                }).collect_view()}
            </ul>
            {open}
            {is_owner.then(|| view! {
                <SubmitForm action=AddProviderMember::url() class="mt-4 max-w-xl rounded-lg border border-slate-200 bg-white p-4" errors=ErrorTexts::new(locale)>
                    <input type="hidden" name="form[provider]" value=provider.get() />
                    <Input field=Field::Member name="form[email]" kind="email" label=td_string!(locale, console.member_email) hint=td_string!(locale, console.invite_note) />
                    <div class="mb-4">
                        <label for="member-role" class="block text-sm font-medium text-slate-700">{t!(i18n, console.member_role)}</label>
                        <select id="member-role" name="form[role]" class=INPUT_CLASS>
                            <option value="member">{t!(i18n, sell.role_member)}</option>
                            <option value="owner">{t!(i18n, roles.owner)}</option>
                        </select>
                    </div>
                    <button type="submit" class=BUTTON_CLASS>{t!(i18n, console.invite)}</button>
                </SubmitForm>
            })}
        </section>
    }
}

#[component]
fn OfferRow(offer: OfferListing, approved: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let provider = offer.provider;
    let offer_id = offer.id;
    let status = offer.status;
    let can_submit = approved
        && matches!(
            status,
            OfferStatus::Draft | OfferStatus::Rejected | OfferStatus::Retired
        );
    let can_retire = matches!(status, OfferStatus::Published | OfferStatus::InReview);
    let action = move |name: &'static str, label: &'static str| {
        view! {
            <form method="post" action=OfferAction::url() class="inline">
                <input type="hidden" name="provider" value=provider.get() />
                <input type="hidden" name="offer" value=offer_id.get() />
                <button type="submit" name="action" value=name class=SMALL_BUTTON>{label}</button>
            </form>
        }
    };
    view! {
        <tr class="border-t border-slate-100 align-top" data-offer=offer.external_id.clone()>
            <td class="px-3 py-2">
                <a class="font-medium text-indigo-700 underline" href=format!("/offers/{}", offer.id)>{offer.terms.name.clone()}</a>
                <span class="block text-xs text-slate-500">{format!("{} · v{}", offer.external_id, offer.version)}</span>
            </td>
            <td class="px-3 py-2">{offer_status_text(locale, status)}</td>
            <td class="px-3 py-2 text-right whitespace-nowrap">{price(&offer)}</td>
            <td class="px-3 py-2 text-right whitespace-nowrap">{percent(offer.terms.availability_bp)}</td>
            <td class="px-3 py-2 text-right">{offer.capacity.map_or_else(|| td_string!(locale, console.unlimited).to_owned(), |c| c.to_string())}</td>
            <td class="flex flex-wrap gap-2 px-3 py-2">
                {status.editable().then(|| view! {
                    <a class=SMALL_BUTTON href=format!("/sell/{provider}/offers/{}", offer.id)>{t!(i18n, console.edit)}</a>
                })}
                {can_submit.then(|| action("submit", td_string!(locale, console.submit)))}
                {can_retire.then(|| action("retire", td_string!(locale, console.retire)))}
            </td>
        </tr>
    }
}

/// What the last import did, as the console's address carries it (`?imported=2,1,0,5`).
fn import_summary() -> Option<ImportSummary> {
    let raw = use_query_map().with_untracked(|q| q.get("imported"))?;
    let counts: Vec<usize> = raw.split(',').filter_map(|n| n.parse().ok()).collect();
    match counts[..] {
        [created, updated, capacity_changed, unchanged] => Some(ImportSummary {
            created,
            updated,
            capacity_changed,
            unchanged,
        }),
        _ => None,
    }
}

/// Loads a `comptoir.catalog/v1` file: choosing a file puts its text in the box (which can also
/// be pasted into); the answer is what was imported, or every problem of the file.
#[component]
fn ImportForm(provider: i64) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let summary = import_summary().map(|summary| {
        view! {
            <div role="status" class="mt-3 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-emerald-900">
                <p class="font-medium">{t!(i18n, console.import_done)}</p>
                <p>{format!(
                    "{}: {} · {}: {} · {}: {} · {}: {}",
                    td_string!(locale, console.import_created), summary.created,
                    td_string!(locale, console.import_updated), summary.updated,
                    td_string!(locale, console.import_capacity), summary.capacity_changed,
                    td_string!(locale, console.import_unchanged), summary.unchanged,
                )}</p>
            </div>
        }
    });
    view! {
        {summary}
        <SubmitForm action=ImportCatalog::url() class="mt-3 rounded-lg border border-slate-200 bg-white p-4" errors=ErrorTexts::with_refusals(locale)>
            <input type="hidden" name="form[provider]" value=provider />
            <div class="mb-3">
                <label for="import-file" class="block text-sm font-medium text-slate-700">{t!(i18n, console.import_file)}</label>
                <FileAsText input="import-file".to_owned() target="import-document".to_owned() />
            </div>
            <div class="mb-3">
                <label for="import-document" class="block text-sm font-medium text-slate-700">{t!(i18n, console.import_document)}</label>
                <textarea id="import-document" name="form[document]" rows="6" class=format!("{INPUT_CLASS} font-mono text-xs")></textarea>
            </div>
            <button type="submit" class=BUTTON_CLASS>{t!(i18n, console.import_submit)}</button>
        </SubmitForm>
    }
}
