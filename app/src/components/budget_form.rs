//! The owner's form for the organisation's monthly budget: an amount in euros, or nothing to
//! lift it.

use crate::api::budget::SetBudget;
use crate::components::error_texts::ErrorTexts;
use crate::components::field::Input;
use crate::components::style::BUTTON_CLASS;
use crate::components::submit_form::SubmitForm;
use crate::i18n::*;
use broker::account::Field;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn BudgetForm(budget_minor: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let value = budget_minor
        .map(|minor| format!("{}.{:02}", minor / 100, minor % 100))
        .unwrap_or_default();
    view! {
        <SubmitForm action=SetBudget::url() class="mt-3" errors=ErrorTexts::with_refusals(locale)>
            <Input field=Field::Amount name="form[budget]" id="budget-amount" value=value label=td_string!(locale, dashboard.budget_amount) hint=td_string!(locale, dashboard.budget_hint) />
            <button type="submit" class=BUTTON_CLASS>{t!(i18n, dashboard.budget_save)}</button>
        </SubmitForm>
    }
}
