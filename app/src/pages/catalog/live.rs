//! The catalog's live search in the browser: the results fetched again as the filters change.

use crate::components::live::browser::fetch_element;
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use std::time::Duration;

/// The filters a search can carry; blank ones are left out of the address.
const KEYS: [&str; 10] = [
    "q",
    "domain",
    "country",
    "jurisdiction",
    "certification",
    "min_availability",
    "min_price",
    "max_price",
    "max_carbon",
    "sort",
];

/// An event handler that waits for typing to pause, then loads the new results. Only the
/// latest request is shown, whatever order the answers come back in.
pub fn refresher() -> impl Fn(leptos::ev::Event) + Copy + 'static {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let latest = StoredValue::new(0_u64);
    move |event: leptos::ev::Event| {
        let Some(form) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("form[role=search]").ok().flatten())
            .and_then(|form| form.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                let Some(url) = search_url(&form) else {
                    return;
                };
                latest.update_value(|n| *n += 1);
                let request = latest.get_value();
                leptos::task::spawn_local(async move {
                    let fresh = fetch_element(&url, "results").await;
                    if let Some(fresh) = fresh
                        && latest.get_value() == request
                    {
                        swap_in(fresh, &url);
                    }
                });
            },
            Duration::from_millis(300),
        )
        .ok();
        pending.set_value(handle);
    }
}

fn search_url(form: &web_sys::HtmlFormElement) -> Option<String> {
    let data = web_sys::FormData::new_with_form(form).ok()?;
    let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    for key in KEYS {
        if params.get(key).is_some_and(|value| value.trim().is_empty()) {
            params.delete(key);
        }
    }
    Some(format!("/catalog?{}", String::from(params.to_string())))
}

fn swap_in(fresh: web_sys::Element, url: &str) -> Option<()> {
    let window = web_sys::window()?;
    let current = window.document()?.get_element_by_id("results")?;
    current.replace_with_with_node_1(&fresh).ok()?;
    window
        .history()
        .ok()?
        .replace_state_with_url(&JsValue::NULL, "", Some(url))
        .ok()
}
