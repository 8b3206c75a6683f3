//! The console's API tokens: the token created last, shown once; the provider's tokens with
//! when each was created, last used and revoked; revoking one; and the form to create one.

use crate::api::tokens::{
    CreateProviderToken, FreshToken, RevokeProviderToken, load_provider_tokens,
};
use crate::components::error_texts::ErrorTexts;
use crate::components::failure::failure;
use crate::components::field::Input;
use crate::components::loading::loading;
use crate::components::style::{BUTTON_CLASS, INPUT_CLASS};
use crate::components::submit_form::SubmitForm;
use crate::format::minute;
use crate::i18n::*;
use broker::account::Field;
use broker::catalog::ProviderId;
use broker::reports::ProviderToken;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::SMALL_BUTTON;

#[component]
pub fn Tokens(provider: ProviderId) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let data = loading(load_provider_tokens(provider.get()));
    view! {
        <section id="tokens" class="mt-8 max-w-3xl">
            <h2 class="text-lg font-semibold">{t!(i18n, tokens.title)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, tokens.lead)}</p>
            {Suspend::new(async move {
                match data.await {
                    Err(err) => failure(err, locale),
                    Ok(view) => view! {
                        {view.fresh.map(|fresh| view! { <Fresh fresh /> })}
                        <List provider tokens=view.tokens />
                    }.into_any(),
                }
            })}
            <SubmitForm action=CreateProviderToken::url() class="mt-3 rounded-lg border border-slate-200 bg-white p-4" errors=ErrorTexts::new(locale)>
                <input type="hidden" name="form[provider]" value=provider.get() />
                <Input field=Field::TokenName name="form[name]" label=td_string!(locale, tokens.name) hint=td_string!(locale, tokens.name_hint) />
                <button type="submit" class=BUTTON_CLASS>{t!(i18n, tokens.create)}</button>
            </SubmitForm>
        </section>
    }
}

/// The token just created: the only time it is shown.
#[component]
fn Fresh(fresh: FreshToken) -> impl IntoView {
    let i18n = use_i18n();
    let name = fresh.name;
    view! {
        <div role="status" class="mt-3 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-emerald-900">
            <p class="font-medium">{t!(i18n, tokens.created, name = move || name.clone())}</p>
            <label for="fresh-token" class="mt-2 block text-sm font-medium">{t!(i18n, tokens.token)}</label>
            <input id="fresh-token" readonly="" value=fresh.token data-testid="fresh-token" class=format!("{INPUT_CLASS} font-mono text-xs") />
        </div>
    }
}

#[component]
fn List(provider: ProviderId, tokens: Vec<ProviderToken>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if tokens.is_empty() {
        return view! { <p class="mt-2 text-slate-700">{t!(i18n, tokens.none)}</p> }.into_any();
    }
    let never = td_string!(locale, tokens.never);
    let rows = tokens.into_iter().map(|token| {
        let revoke = token.revoked_at.is_none().then(|| view! {
            <form method="post" action=RevokeProviderToken::url()>
                <input type="hidden" name="form[provider]" value=provider.get() />
                <input type="hidden" name="form[token]" value=token.id.get() />
                <button type="submit" class=SMALL_BUTTON>{t!(i18n, tokens.revoke)}</button>
            </form>
        });
        view! {
            <tr class="border-t border-slate-100" data-token=token.id.get().to_string()>
                <td class="px-3 py-2 font-medium">{token.name}</td>
                <td class="px-3 py-2 whitespace-nowrap">{minute(token.created_at)}</td>
                <td class="px-3 py-2 whitespace-nowrap">{token.last_used_at.map_or_else(|| never.to_owned(), minute)}</td>
                <td class="px-3 py-2 whitespace-nowrap">{token.revoked_at.map_or_else(|| td_string!(locale, tokens.active).to_owned(), minute)}</td>
                <td class="px-3 py-2">{revoke}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <div class="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table class="min-w-full text-left text-sm">
                <thead class="text-slate-500">
                    <tr>
                        <th scope="col" class="px-3 py-2">{t!(i18n, tokens.column_name)}</th>
                        <th scope="col" class="px-3 py-2">{t!(i18n, tokens.created_at)}</th>
                        <th scope="col" class="px-3 py-2">{t!(i18n, tokens.last_used)}</th>
                        <th scope="col" class="px-3 py-2">{t!(i18n, tokens.revoked)}</th>
                        <th scope="col" class="px-3 py-2">{t!(i18n, console.actions)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
