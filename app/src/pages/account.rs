//! The account page: profile, the invitations to join a team, password change, and the user's
//! organisations.

use crate::api::{ChangePassword, CreateOrganisation, get_session};
use crate::components::error_texts::ErrorTexts;
use crate::components::field::Input;
use crate::components::invitations::ReceivedInvitations;
use crate::components::loading::loading;
use crate::components::organisation_switch::SwitchOrganisationButton;
use crate::components::style::BUTTON_CLASS;
use crate::components::submit_form::SubmitForm;
use crate::i18n::*;
use broker::account::Field;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let session = loading(get_session());
    let changed = use_query_map().with_untracked(|q| q.get("changed").is_some());
    view! {
        {Suspend::new(async move {
            let Ok(Some(info)) = session.await else { return view! { <Redirect path="/login" /> }.into_any() };
            view! {
                <h1 class="text-2xl font-bold">{t!(i18n, account.title)}</h1>
                {changed.then(|| view! { <p class="mt-4 rounded-md bg-green-50 p-3 text-green-800" role="status">{t!(i18n, account.password_changed)}</p> })}
                <section class="mt-6 rounded-lg border border-slate-200 bg-white p-6">
                    <h2 class="text-lg font-semibold">{t!(i18n, account.profile)}</h2>
                    <dl class="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
                        <dt class="text-slate-500">{t!(i18n, account.name)}</dt><dd>{info.user.name.clone()}</dd>
                        <dt class="text-slate-500">{t!(i18n, account.email)}</dt><dd>{info.user.email.to_string()}</dd>
                    </dl>
                    {info.user.is_operator.then(|| view! { <p class="mt-2 text-sm text-indigo-700">{t!(i18n, account.operator)}</p> })}
                </section>
                <ReceivedInvitations back="account" />
                <section class="mt-6 rounded-lg border border-slate-200 bg-white p-6">
                    <h2 class="text-lg font-semibold">{t!(i18n, account.change_password)}</h2>
                    <SubmitForm action=ChangePassword::url() class="mt-4 max-w-md" errors=ErrorTexts::new(locale)>
                        <Input field=Field::CurrentPassword name="form[current]" id="current-password" kind="password" autocomplete="current-password" label=td_string!(locale, account.current_password) />
                        <Input field=Field::NewPassword name="form[new]" id="new-password" kind="password" autocomplete="new-password" label=td_string!(locale, account.new_password) hint=td_string!(locale, signup.password_hint) />
                        <button type="submit" class=BUTTON_CLASS>{t!(i18n, account.change_submit)}</button>
                    </SubmitForm>
                </section>
                <section id="organisations" class="mt-6 rounded-lg border border-slate-200 bg-white p-6">
                    <h2 class="text-lg font-semibold">{t!(i18n, account.organisations)}</h2>
                    <ul class="mt-2 list-disc pl-6">
                        {info.memberships.into_iter().map(|m| view! {
                            <li><SwitchOrganisationButton tenant=m.tenant name=m.tenant_name class="text-indigo-700 underline" /></li>
                        }).collect_view()}
                    </ul>
                    <h3 class="mt-4 font-medium">{t!(i18n, account.new_organisation)}</h3>
                    <SubmitForm action=CreateOrganisation::url() class="mt-2 max-w-md" errors=ErrorTexts::new(locale)>
                        <Input field=Field::Organisation name="form[name]" id="organisation-name" autocomplete="organization" label=td_string!(locale, account.organisation_name) />
                        <button type="submit" class=BUTTON_CLASS>{t!(i18n, account.create)}</button>
                    </SubmitForm>
                </section>
            }.into_any()
        })}
    }
}
