//! A provider's activity, for its owners: the audit log's entries done for or on the provider.

use crate::api::audit::LogScope;
use crate::components::audit_log::AuditLog;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ProviderActivityPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::id_param();
    view! {
        <p><a class="text-sm text-indigo-700 underline" href=format!("/sell/{id}")>{t!(i18n, console.kicker)}</a></p>
        <h1 class="text-2xl font-bold">{t!(i18n, audit.provider_title)}</h1>
        <p class="mt-1 text-slate-700">{t!(i18n, audit.scoped_lead)}</p>
        <AuditLog of=LogScope::Provider(id) path=format!("/sell/{id}/activity") />
    }
}
