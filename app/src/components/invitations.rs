//! The invitations addressed to the signed-in person, with Accept and Decline buttons: small
//! forms posted to their server functions, so that they work without JavaScript. The Sell and
//! Account pages both show them.

use crate::api::invitations::{AcceptInvitation, DeclineInvitation, my_invitations};
use crate::components::loading::loading;
use crate::components::style::BUTTON_CLASS;
use crate::i18n::*;
use crate::text::provider_role_text;
use broker::invitation::ReceivedInvitation;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

const SECONDARY_BUTTON: &str = "inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 shadow-sm hover:bg-slate-100 disabled:opacity-50";

/// The open invitations to the signed-in user; nothing when there are none, or for a visitor
/// (the page says what it needs of them).
#[component]
pub fn ReceivedInvitations(
    /// The page they are shown on, which declining comes back to: `sell` or `account`.
    back: &'static str,
) -> impl IntoView {
    let data = loading(my_invitations());
    view! {
        {Suspend::new(async move {
            let invitations = data.await.unwrap_or_default();
            (!invitations.is_empty()).then(|| view! { <InvitationList invitations back /> })
        })}
    }
}

#[component]
fn InvitationList(invitations: Vec<ReceivedInvitation>, back: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let answer = move |action: &'static str, id: i64, label: &'static str, class: &'static str| {
        view! {
            <form method="post" action=action>
                <input type="hidden" name="form[invitation]" value=id.to_string() />
                <input type="hidden" name="form[back]" value=back />
                <button type="submit" class=class>{label}</button>
            </form>
        }
    };
    view! {
        <section id="invitations" class="mt-6 rounded-lg border border-indigo-200 bg-indigo-50 p-6">
            <h2 class="text-lg font-semibold">{t!(i18n, invitations.title)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, invitations.lead)}</p>
            <ul class="mt-3 divide-y divide-indigo-100">
                {invitations.into_iter().map(|invitation| {
                    let id = invitation.id.get();
                    let name = invitation.invited_by;
                    view! {
                        <li class="flex flex-wrap items-center justify-between gap-2 py-3" data-invitation=id.to_string()>
                            <span>
                                <strong>{invitation.provider_name}</strong>" · "{provider_role_text(locale, invitation.role)}
                                <span class="block text-sm text-slate-600">{t!(i18n, invitations.invited_by, name = move || name.clone())}</span>
                            </span>
                            <span class="flex gap-2">
                                {answer(AcceptInvitation::url(), id, td_string!(locale, invitations.accept), BUTTON_CLASS)}
                                {answer(DeclineInvitation::url(), id, td_string!(locale, invitations.decline), SECONDARY_BUTTON)}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
