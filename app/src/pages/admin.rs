//! The operator area: marketplace figures, for operators only.

use crate::api::admin_overview;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let data = OnceResource::new(admin_overview());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(err) => {
                        #[cfg(feature = "ssr")]
                        if let (AppError::Forbidden, Some(response)) = (&err, use_context::<leptos_axum::ResponseOptions>()) {
                            response.set_status(axum::http::StatusCode::FORBIDDEN);
                        }
                        view! { <p role="alert" class="text-red-700">{crate::components::field::ErrorTexts::new(locale).error(&err).to_owned()}</p> }.into_any()
                    }
                    Ok(counts) => view! {
                        <h1 class="text-2xl font-bold">{t!(i18n, admin.title)}</h1>
                        <p class="mt-1 text-slate-700">{t!(i18n, admin.lead)}</p>
                        <dl class="mt-6 grid gap-4 sm:grid-cols-3">
                            <div class="rounded-lg border border-slate-200 bg-white p-4"><dt class="text-slate-500">{t!(i18n, admin.users)}</dt><dd class="text-2xl font-semibold">{counts.users}</dd></div>
                            <div class="rounded-lg border border-slate-200 bg-white p-4"><dt class="text-slate-500">{t!(i18n, admin.tenants)}</dt><dd class="text-2xl font-semibold">{counts.tenants}</dd></div>
                            <div class="rounded-lg border border-slate-200 bg-white p-4"><dt class="text-slate-500">{t!(i18n, admin.operators)}</dt><dd class="text-2xl font-semibold">{counts.operators}</dd></div>
                        </dl>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
