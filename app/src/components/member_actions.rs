//! What an organisation's owner or admin does to a member from the dashboard: give them another
//! role or remove them. An admin is offered neither for an owner, nor the owner's role.

use crate::api::members::ChangeMember;
use crate::components::error_texts::ErrorTexts;
use crate::components::submit_form::SubmitForm;
use crate::i18n::*;
use crate::text::{fill, role_text};
use broker::account::Role;
use broker::account::members::{MemberChange, check_change};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

const SELECT_CLASS: &str = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";
const PLAIN_CLASS: &str = "rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-50";
const REMOVE_CLASS: &str = "rounded-md bg-red-600 px-3 py-1 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-50";

/// The controls `actor` has over the member `member` (named `name`, holding `role`).
#[component]
pub fn MemberActions(actor: Role, member: i64, name: String, role: Role) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if check_change(actor, role, MemberChange::Remove).is_err() {
        return ().into_any();
    }
    let options = Role::ALL
        .into_iter()
        .filter(|to| check_change(actor, role, MemberChange::Role(*to)).is_ok())
        .map(|to| view! { <option value=to.as_str() selected={to == role}>{role_text(locale, to)}</option> })
        .collect_view();
    let select = format!("member-role-{member}");
    let label = fill(td_string!(locale, dashboard.new_role), &[("name", &name)]);
    view! {
        <SubmitForm action=ChangeMember::url() class="flex flex-wrap items-center gap-2" errors=ErrorTexts::with_refusals(locale)>
            <input type="hidden" name="form[member]" value=member />
            <label class="sr-only" for=select.clone()>{label}</label>
            <select id=select name="form[role]" class=SELECT_CLASS>{options}</select>
            <button type="submit" name="change" value="change_role" class=PLAIN_CLASS>{t!(i18n, dashboard.change_role)}</button>
            <button type="submit" name="change" value="remove" class=REMOVE_CLASS>{t!(i18n, dashboard.remove)}</button>
        </SubmitForm>
    }
    .into_any()
}
