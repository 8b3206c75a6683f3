//! The catalog and composer entries of the navigation, which say plainly that they are not open
//! yet rather than showing an empty shelf.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, soon.catalog_title)}</h1>
        <p class="mt-2 text-slate-700">{t!(i18n, soon.catalog_text)}</p>
    }
}

#[component]
pub fn ComposePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, soon.compose_title)}</h1>
        <p class="mt-2 text-slate-700">{t!(i18n, soon.compose_text)}</p>
    }
}
