//! The page of an invitation's link: which organisation invites, with which role, and for
//! which address; the person signed in with it joins, anyone else logs in or signs up first
//! and comes back here.

use crate::api::members::{JoinOrganisation, load_offer};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::loading::loading;
use crate::components::style::{BUTTON_CLASS, FORM_CLASS};
use crate::components::submit_form::SubmitForm;
use crate::format::form_encode;
use crate::i18n::*;
use crate::text::{fill, role_text};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[component]
pub fn JoinPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let token = use_query_map().with_untracked(|q| q.get("token").unwrap_or_default());
    let data = loading(load_offer(token.clone()));
    let here = format!("/join?token={token}");
    view! {
        <div class="mx-auto max-w-lg">
            <h1 class="text-2xl font-bold">{t!(i18n, join.title)}</h1>
            {Suspend::new(async move {
                let view = match data.await {
                    Err(err) => return failure(err, locale),
                    Ok(None) => return view! {
                        <p class="mt-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-invitation-invalid="">{t!(i18n, join.invalid)}</p>
                    }.into_any(),
                    Ok(Some(view)) => view,
                };
                let offer = view.offer;
                let lead = fill(td_string!(locale, join.lead), &[
                    ("name", &offer.invited_by),
                    ("organisation", &offer.organisation),
                    ("role", role_text(locale, offer.role)),
                    ("email", offer.email.as_str()),
                ]);
                let next = form_encode(&here);
                let action = match view.signed_in_as {
                    Some(email) if email == offer.email.as_str() => view! {
                        <SubmitForm action=JoinOrganisation::url() class=FORM_CLASS errors=ErrorTexts::with_refusals(locale)>
                            <input type="hidden" name="form[token]" value=token.clone() />
                            <button type="submit" class=BUTTON_CLASS>{fill(td_string!(locale, join.accept), &[("organisation", &offer.organisation)])}</button>
                        </SubmitForm>
                    }.into_any(),
                    Some(email) => view! {
                        <p class="mt-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-invitation-other="">
                            {fill(td_string!(locale, join.other), &[("email", offer.email.as_str()), ("signed_in", &email)])}
                        </p>
                    }.into_any(),
                    None => view! {
                        <p class="mt-4 text-slate-700">{t!(i18n, join.sign_in_first)}</p>
                        <p class="mt-3 flex gap-3">
                            <a class=BUTTON_CLASS href=format!("/signup?next={next}")>{t!(i18n, nav.sign_up)}</a>
                            <a class="inline-flex items-center px-4 py-2 text-indigo-700 underline" href=format!("/login?next={next}")>{t!(i18n, nav.log_in)}</a>
                        </p>
                    }.into_any(),
                };
                view! {
                    <p class="mt-3 text-slate-800" data-invitation-offer="">{lead}</p>
                    {action}
                }.into_any()
            })}
        </div>
    }
}
