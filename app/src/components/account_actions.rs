//! The operator's controls on a user's or an organisation's page: suspend with a reason the
//! person reads, or reinstate; and, for a user, grant or revoke the operator flag.

use crate::api::operator::{AccountKind, ChangeAccount};
use crate::components::error_texts::ErrorTexts;
use crate::components::field::Input;
use crate::components::submit_form::SubmitForm;
use crate::format::date;
use crate::i18n::*;
use crate::text::fill;
use broker::account::Field;
use broker::operator::Suspension;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

const SUSPEND_CLASS: &str = "rounded-md bg-red-600 px-3 py-1 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-50";
const LIFT_CLASS: &str = "rounded-md bg-emerald-600 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-700 disabled:opacity-50";
const PLAIN_CLASS: &str = "rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-50";

/// Since when and why the account is suspended, as the operator reads it.
#[component]
pub fn SuspensionNote(suspension: Option<Suspension>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    suspension.map(|s| {
        let text = fill(td_string!(locale, people.suspended_since), &[("at", &date(s.at)), ("reason", &s.reason)]);
        view! { <p class="mt-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-suspension="">{text}</p> }
    })
}

/// Suspend (with its reason) or reinstate the account.
#[component]
pub fn SuspendForm(kind: AccountKind, id: i64, suspended: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let errors = ErrorTexts::with_refusals(locale);
    let fields = if suspended {
        view! { <button type="submit" name="change" value="reinstate" class=LIFT_CLASS>{t!(i18n, people.reinstate)}</button> }.into_any()
    } else {
        view! {
            <Input field=Field::Reason name="form[reason]" id=format!("suspend-reason-{id}") rows=2 label=td_string!(locale, people.reason).to_owned() />
            <button type="submit" name="change" value="suspend" class=SUSPEND_CLASS>{t!(i18n, people.suspend)}</button>
        }.into_any()
    };
    view! {
        <SubmitForm action=ChangeAccount::url() class="mt-3" errors>
            <Hidden kind id />
            {fields}
        </SubmitForm>
    }
}

/// Grant or revoke a user's operator flag.
#[component]
pub fn OperatorFlagForm(id: i64, is_operator: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (change, label) = if is_operator {
        ("revoke_operator", td_string!(locale, people.revoke))
    } else {
        ("grant_operator", td_string!(locale, people.grant))
    };
    view! {
        <SubmitForm action=ChangeAccount::url() class="mt-3" errors=ErrorTexts::with_refusals(locale)>
            <Hidden kind=AccountKind::User id />
            <button type="submit" name="change" value=change class=PLAIN_CLASS>{label}</button>
        </SubmitForm>
    }
}

#[component]
fn Hidden(kind: AccountKind, id: i64) -> impl IntoView {
    let kind = match kind {
        AccountKind::User => "user",
        AccountKind::Organisation => "organisation",
    };
    view! {
        <input type="hidden" name="form[kind]" value=kind />
        <input type="hidden" name="form[id]" value=id />
    }
}
