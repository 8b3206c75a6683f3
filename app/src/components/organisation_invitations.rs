//! The organisation's invitations on its dashboard, for its owners and admins: invite an
//! address with a role (an admin is not offered the owner's role), and the open invitations,
//! each sent again with a new link or revoked.

use crate::api::members::{ChangeInvitation, InviteToOrganisation, load_invitations};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::field::Input;
use crate::components::loading::loading;
use crate::components::style::{BUTTON_CLASS, INPUT_CLASS};
use crate::components::submit_form::SubmitForm;
use crate::format::date;
use crate::i18n::*;
use crate::text::role_text;
use broker::account::Field;
use broker::account::Role;
use broker::account::members::check_invite;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

const PLAIN_CLASS: &str = "rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-50";

/// The language of the page, which the mail is written in.
fn language(locale: Locale) -> &'static str {
    match locale {
        Locale::fr => "fr",
        _ => "en",
    }
}

#[component]
pub fn OrganisationInvitations(actor: Role) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let data = loading(load_invitations());
    let roles = Role::ALL
        .into_iter()
        .filter(|role| check_invite(actor, *role).is_ok())
        .map(|role| view! { <option value=role.as_str() selected={role == Role::Buyer}>{role_text(locale, role)}</option> })
        .collect_view();
    view! {
        <section id="invitations" class="mt-6 rounded-lg border border-slate-200 bg-white p-4">
            <h2 class="text-lg font-semibold">{t!(i18n, invite.title)}</h2>
            <p class="mt-1 text-sm text-slate-600">{t!(i18n, invite.lead)}</p>
            <SubmitForm action=InviteToOrganisation::url() class="mt-3" errors=ErrorTexts::with_refusals(locale)>
                <input type="hidden" name="form[language]" value=language(locale) />
                <Input field=Field::Member name="form[email]" id="invite-email" kind="email" label=td_string!(locale, invite.email) />
                <label class="block text-sm font-medium text-slate-700" for="invite-role">{t!(i18n, invite.role)}</label>
                <select id="invite-role" name="form[role]" class=INPUT_CLASS>{roles}</select>
                <button type="submit" class=format!("mt-4 {BUTTON_CLASS}")>{t!(i18n, invite.send)}</button>
            </SubmitForm>
            {Suspend::new(async move {
                let open = match data.await {
                    Ok(open) => open,
                    Err(err) => return failure(err, locale),
                };
                if open.is_empty() {
                    return view! { <p class="mt-4 text-sm text-slate-600">{t!(i18n, invite.none)}</p> }.into_any();
                }
                let rows = open.into_iter().map(|invitation| view! {
                    <li class="flex flex-wrap items-center gap-2 border-t border-slate-100 py-2" data-invitation=invitation.email.to_string()>
                        <span class="grow">
                            <strong>{invitation.email.to_string()}</strong>" · "{role_text(locale, invitation.role)}
                            <span class="block text-xs text-slate-600">{crate::text::fill(td_string!(locale, invite.sent_by), &[("name", &invitation.invited_by), ("until", &date(invitation.expires_at))])}</span>
                        </span>
                        <SubmitForm action=ChangeInvitation::url() class="flex gap-2" errors=ErrorTexts::with_refusals(locale)>
                            <input type="hidden" name="form[invitation]" value=invitation.id.get() />
                            <input type="hidden" name="form[language]" value=language(locale) />
                            <button type="submit" name="change" value="resend" class=PLAIN_CLASS>{t!(i18n, invite.resend)}</button>
                            <button type="submit" name="change" value="revoke" class=PLAIN_CLASS>{t!(i18n, invite.revoke)}</button>
                        </SubmitForm>
                    </li>
                }).collect_view();
                view! {
                    <h3 class="mt-4 font-semibold">{t!(i18n, invite.open)}</h3>
                    <ul class="mt-1 text-sm">{rows}</ul>
                }.into_any()
            })}
        </section>
    }
}
