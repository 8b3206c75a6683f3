//! The button that makes an organisation the one the user works in: a small form posted to
//! `switch_organisation`, so it works without JavaScript and no link can switch it.

use crate::api::SwitchOrganisation;
use broker::account::TenantId;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn SwitchOrganisationButton(
    tenant: TenantId,
    name: String,
    class: &'static str,
) -> impl IntoView {
    view! {
        <form method="post" action=SwitchOrganisation::url()>
            <input type="hidden" name="form[tenant]" value=tenant.get().to_string() />
            <button type="submit" class=class>{name}</button>
        </form>
    }
}
