//! The organisation's activity, for its owners and admins: the audit log's entries done for or
//! on the organisation the reader works in.

use crate::api::audit::LogScope;
use crate::components::audit_log::AuditLog;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p><a class="text-sm text-indigo-700 underline" href="/dashboard">{t!(i18n, nav.dashboard)}</a></p>
        <h1 class="text-2xl font-bold">{t!(i18n, audit.tenant_title)}</h1>
        <p class="mt-1 text-slate-700">{t!(i18n, audit.scoped_lead)}</p>
        <AuditLog of=LogScope::Organisation path="/dashboard/activity" />
    }
}
