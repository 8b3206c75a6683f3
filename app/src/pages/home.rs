//! The home page: what Comptoir is.

use crate::api::get_session;
use crate::components::loading::loading;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let session = loading(get_session());
    view! {
        <section class="py-8">
            <p class="text-sm font-semibold uppercase tracking-wide text-indigo-700">{t!(i18n, tagline)}</p>
            <h1 class="mt-2 max-w-3xl text-3xl font-bold sm:text-4xl">{t!(i18n, home.title)}</h1>
            <p class="mt-4 max-w-3xl text-lg text-slate-700">{t!(i18n, home.lead)}</p>
            <ul class="mt-6 grid gap-4 sm:grid-cols-3">
                <li class="rounded-lg border border-slate-200 bg-white p-4">{t!(i18n, home.point_choose)}</li>
                <li class="rounded-lg border border-slate-200 bg-white p-4">{t!(i18n, home.point_trust)}</li>
                <li class="rounded-lg border border-slate-200 bg-white p-4">{t!(i18n, home.point_open)}</li>
            </ul>
            {Suspend::new(async move {
                let signed_in = matches!(session.await, Ok(Some(_)));
                view! {
                    <a href=if signed_in { "/dashboard" } else { "/signup" }
                       class="mt-8 inline-block rounded-md bg-indigo-600 px-5 py-3 font-medium text-white hover:bg-indigo-700">
                        {if signed_in { t!(i18n, home.cta_dashboard).into_any() } else { t!(i18n, home.cta).into_any() }}
                    </a>
                }
            })}
        </section>
    }
}
