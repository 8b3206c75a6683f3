//! The marketplace's audit log, for the operator: every entry, filtered by actor, organisation,
//! provider, action and days.

use crate::api::audit::LogScope;
use crate::components::audit_log::AuditLog;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn OperatorAuditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p><a class="text-sm text-indigo-700 underline" href="/admin">{t!(i18n, nav.admin)}</a></p>
        <h1 class="text-2xl font-bold">{t!(i18n, audit.title)}</h1>
        <p class="mt-1 text-slate-700">{t!(i18n, audit.lead)}</p>
        <AuditLog of=LogScope::Marketplace path="/admin/audit" />
    }
}
