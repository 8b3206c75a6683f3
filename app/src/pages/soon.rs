//! The composer entry of the navigation, which says plainly that it is not open yet rather than
//! showing an empty page.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ComposePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, soon.compose_title)}</h1>
        <p class="mt-2 text-slate-700">{t!(i18n, soon.compose_text)}</p>
    }
}
