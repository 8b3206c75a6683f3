//! The account page: profile, password change, and the user's organisations.

use crate::api::{ChangePassword, CreateOrganisation, get_session};
use crate::components::field::{BUTTON_CLASS, TextField, error_text, navigate_on_success, problem_text};
use crate::error::AppError;
use crate::i18n::*;
use broker::account::Field;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = OnceResource::new(get_session());
    let changed = use_query_map().with_untracked(|q| q.get("changed").is_some());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
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
                    <section class="mt-6 rounded-lg border border-slate-200 bg-white p-6">
                        <h2 class="text-lg font-semibold">{t!(i18n, account.change_password)}</h2>
                        <ChangePasswordForm />
                    </section>
                    <section id="organisations" class="mt-6 rounded-lg border border-slate-200 bg-white p-6">
                        <h2 class="text-lg font-semibold">{t!(i18n, account.organisations)}</h2>
                        <ul class="mt-2 list-disc pl-6">
                            {info.memberships.into_iter().map(|m| view! {
                                <li><a class="text-indigo-700 underline" href=format!("/dashboard?org={}", m.tenant)>{m.tenant_name}</a></li>
                            }).collect_view()}
                        </ul>
                        <h3 class="mt-4 font-medium">{t!(i18n, account.new_organisation)}</h3>
                        <OrganisationForm />
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

#[island]
fn ChangePasswordForm() -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let action = ServerAction::<ChangePassword>::new();
    let error = move || action.value().get().and_then(Result::err);
    let field = move |field: Field| Signal::derive(move || error().and_then(|e| e.field(field)).map(|p| problem_text(locale, p)));
    let general = move || error().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| error_text(locale, &e));
    navigate_on_success(action);
    view! {
        <ActionForm action attr:class="mt-4 max-w-md">
            <p class="mb-4 text-sm text-red-700" role="alert">{general}</p>
            <TextField name="form[current]" id="current-password" label=td_string!(locale, account.current_password) kind="password" autocomplete="current-password" error=field(Field::CurrentPassword) />
            <TextField name="form[new]" id="new-password" label=td_string!(locale, account.new_password) kind="password" autocomplete="new-password"
                hint=td_string!(locale, signup.password_hint) error=field(Field::NewPassword) />
            <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{td_string!(locale, account.change_submit)}</button>
        </ActionForm>
    }
}

#[island]
fn OrganisationForm() -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let action = ServerAction::<CreateOrganisation>::new();
    let error = move || action.value().get().and_then(Result::err);
    let field = Signal::derive(move || error().and_then(|e| e.field(Field::Organisation)).map(|p| problem_text(locale, p)));
    navigate_on_success(action);
    view! {
        <ActionForm action attr:class="mt-2 max-w-md">
            <TextField name="form[name]" id="organisation-name" label=td_string!(locale, account.organisation_name) autocomplete="organization" error=field />
            <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{td_string!(locale, account.create)}</button>
        </ActionForm>
    }
}
